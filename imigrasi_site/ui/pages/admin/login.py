"""/admin/masuk : sign in."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.workspace import field
from imigrasi_site.ui.state.auth import AuthState


def login_page() -> rx.Component:
    return rx.el.main(
        rx.heading("Masuk ke ruang kerja / Sign in", as_="h1", size="6"),
        rx.cond(AuthState.error != "", rx.callout(AuthState.error, color_scheme="red", role="alert",
                                                  id="login-error")),
        rx.form(
            rx.vstack(
                field("Nama pengguna / User name",
                      rx.input(id="username", name="username", auto_complete="username", required=True,
                               max_length=64), "username"),
                field("Kata sandi / Password",
                      rx.input(id="password", name="password", type="password", auto_complete="current-password",
                               required=True, max_length=256), "password"),
                rx.button("Masuk / Sign in", type="submit", id="sign-in"),
                align="stretch",
            ),
            on_submit=AuthState.sign_in,
            reset_on_submit=False,
        ),
        class_name="site-main login",
        id="main",
    )

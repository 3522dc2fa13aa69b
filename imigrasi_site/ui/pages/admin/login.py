"""/admin/masuk : sign in. The form posts to http/session_routes.py, which sets the HttpOnly cookie."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.links import SIGN_IN_PAGE
from imigrasi_site.ui.components.plain_form import plain_form
from imigrasi_site.ui.components.workspace import field
from imigrasi_site.ui.state.auth import AuthState


def login_page() -> rx.Component:
    return rx.el.main(
        rx.heading("Masuk ke ruang kerja / Sign in", as_="h1", size="6"),
        rx.cond(AuthState.error != "", rx.callout(AuthState.error, color_scheme="red", role="alert",
                                                  id="login-error")),
        plain_form(
            rx.vstack(
                rx.el.input(type="hidden", name="next", value=AuthState.sign_in_next),
                field("Nama pengguna / User name",
                      # Keyed by the name typed before a refusal, so the field shows it once it arrives.
                      rx.input(id="username", name="username", auto_complete="username", required=True,
                               max_length=64, default_value=AuthState.typed_username, key=AuthState.typed_username),
                      "username"),
                field("Kata sandi / Password",
                      rx.input(id="password", name="password", type="password", auto_complete="current-password",
                               required=True, max_length=256), "password"),
                rx.button("Masuk / Sign in", type="submit", id="sign-in"),
                align="stretch",
            ),
            method="post",
            action=SIGN_IN_PAGE,
        ),
        class_name="site-main login",
        id="main",
    )

"""The frame of the editor workspace: navigation, the signed-in editor, messages."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.links import SIGN_OUT_PATH
from imigrasi_site.ui.components.plain_form import plain_form
from imigrasi_site.ui.state.auth import AuthState

NAV = (
    ("Pengumuman / Notices", "/admin"),
    ("Insiden / Incidents", "/admin/insiden"),
    ("Status layanan / Availability", "/admin/status"),
    ("Pemeliharaan / Maintenance", "/admin/pemeliharaan"),
    ("Hari khusus / Special days", "/admin/hari-khusus"),
    ("Sematkan / Embed", "/admin/embed"),
    ("Webhook", "/admin/webhook"),
    ("Audit", "/admin/audit"),
    ("Akun / Accounts", "/admin/akun"),
)


def messages(state=AuthState) -> rx.Component:
    return rx.fragment(
        rx.cond(state.error != "", rx.callout(state.error, icon="triangle_alert", color_scheme="red", role="alert",
                                              id="workspace-error")),
        rx.cond(state.notice != "", rx.callout(state.notice, icon="check", color_scheme="green", role="status",
                                               id="workspace-notice")),
    )


def workspace(title: str, *children: rx.Component, state=AuthState) -> rx.Component:
    return rx.fragment(
        rx.el.header(
            rx.hstack(
                rx.text("Ruang kerja editor", weight="bold", class_name="site-name"),
                rx.el.nav(*(rx.link(label, href=path, class_name="nav-link") for label, path in NAV),
                          aria_label="Workspace", class_name="nav"),
                rx.hstack(
                    rx.text(AuthState.account_name, " (", AuthState.account_role, ")", size="2", id="signed-in-as"),
                    plain_form(rx.button("Keluar / Sign out", type="submit", variant="outline", size="1"),
                               method="post", action=SIGN_OUT_PATH),
                    align="center",
                ),
                justify="between",
                wrap="wrap",
                class_name="header-bar",
            ),
            class_name="site-header",
        ),
        rx.el.main(
            rx.heading(title, as_="h1", size="6"),
            messages(state),
            rx.cond(AuthState.signed_in, rx.fragment(*children), rx.text("…")),
            id="main",
            class_name="site-main workspace",
        ),
    )


def field(label: str, control: rx.Component, field_id: str) -> rx.Component:
    return rx.box(rx.el.label(label, html_for=field_id, class_name="field-label"), control)

"""The frame of the editor workspace: navigation, the signed-in editor, the language switch, messages.

One language at a time: every word comes from the catalogue in the person's own language.
"""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.links import SIGN_OUT_PATH
from imigrasi_site.ui.components.plain_form import plain_form
from imigrasi_site.ui.components.site_header import site_header
from imigrasi_site.ui.components.words import as_words, word, word_of
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import WorkspaceLanguageState

NAV = (
    ("ws_nav_board", "/admin/papan"),
    ("ws_nav_declare", "/admin/nyatakan"),
    ("ws_nav_notices", "/admin"),
    ("ws_nav_incidents", "/admin/insiden"),
    ("ws_nav_status", "/admin/status"),
    ("ws_nav_maintenance", "/admin/pemeliharaan"),
    ("ws_nav_special_days", "/admin/hari-khusus"),
    ("ws_nav_signals", "/admin/sinyal"),
    ("ws_nav_templates", "/admin/templat"),
    ("ws_nav_embed", "/admin/embed"),
    ("ws_nav_webhooks", "/admin/webhook"),
    ("ws_nav_audit", "/admin/audit"),
    ("ws_nav_accounts", "/admin/akun"),
)
ROLES = ("editor", "publisher", "admin")


def messages() -> rx.Component:
    """The page's message (every editor state shares AuthState's), in the workspace's language."""
    lang = WorkspaceLanguageState
    return rx.fragment(
        rx.cond(lang.error_text != "", rx.callout(lang.error_text, icon="triangle_alert", color_scheme="red",
                                                  role="alert", id="workspace-error")),
        rx.cond(lang.notice_text != "", rx.callout(lang.notice_text, icon="check", color_scheme="green",
                                                   role="status", id="workspace-notice")),
    )


def _language_switch() -> rx.Component:
    other = rx.cond(WorkspaceLanguageState.lang == "en", "id", "en")
    return rx.button(word("ws_language_switch"), on_click=WorkspaceLanguageState.set_language(other),
                     variant="ghost", size="1", id="language-switch",
                     lang=rx.cond(WorkspaceLanguageState.lang == "en", "id", "en"))


def workspace(title: str | rx.Var, *children: rx.Component) -> rx.Component:
    """`title` is a catalogue key (or words already in the workspace's language)."""
    heading = as_words(title)
    return rx.fragment(
        site_header(
            word("skip_to_content"),
            rx.text(word("ws_site_name"), weight="bold", class_name="site-name"),
            rx.el.nav(*(rx.link(word(key), href=path, class_name="nav-link") for key, path in NAV),
                      aria_label=word("ws_nav_label"), class_name="nav"),
            rx.hstack(
                # AuthState.account_role: on its class a state field is a Var (mypy sees the field's type).
                rx.text(AuthState.account_name, " (",
                        word_of("ws_role_", AuthState.account_role, ROLES),  # type: ignore[arg-type]
                        ")", size="2", id="signed-in-as"),
                _language_switch(),
                plain_form(rx.button(word("ws_sign_out"), type="submit", variant="outline", size="1"),
                           method="post", action=SIGN_OUT_PATH),
                align="center",
                wrap="wrap",
            ),
            bar_class="workspace-bar",
        ),
        rx.el.main(
            rx.heading(heading, as_="h1", size="6"),
            messages(),
            rx.cond(AuthState.signed_in, rx.fragment(*children), rx.text("…")),
            id="main",
            class_name="site-main workspace",
            lang=WorkspaceLanguageState.lang,
        ),
    )


def field(label: str | rx.Var, control: rx.Component, field_id: str) -> rx.Component:
    """A labelled control; a `label` that is a catalogue key is shown in the workspace's language."""
    return rx.box(rx.el.label(as_words(label), html_for=field_id, class_name="field-label"), control)

"""The frame of every public page: header with navigation and language switch, main, footer."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.i18n import STRINGS
from imigrasi_site.ui.state.public import PublicState


def tr(key: str) -> rx.Var:
    """An interface string in the visitor's language (both are compiled into the page)."""
    text_id, text_en = STRINGS[key]
    return rx.cond(PublicState.is_en, text_en, text_id)


def href(path: str) -> rx.Var:
    """A link that keeps the visitor's language in the URL."""
    return path + rx.cond(PublicState.is_en, "?lang=en", "")


def _nav_link(key: str, path: str) -> rx.Component:
    return rx.link(tr(key), href=href(path), class_name="nav-link")


def header() -> rx.Component:
    return rx.el.header(
        rx.el.a(tr("skip_to_content"), href="#main", class_name="skip-link"),
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.image(src="/logo.svg", alt="", width="32px", height="32px"),
                    rx.text(tr("site_name"), class_name="site-name"),
                    align="center",
                    spacing="2",
                ),
                href=href("/"),
                underline="none",
            ),
            rx.el.nav(
                _nav_link("nav_offices", "/kantor"),
                _nav_link("nav_notices", "/pengumuman"),
                rx.button(
                    tr("switch_language"),
                    on_click=PublicState.switch_language,
                    variant="outline",
                    size="2",
                    aria_label=tr("switch_language_label"),
                    id="language-switch",
                ),
                aria_label="Menu",
                class_name="nav",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            class_name="header-bar",
        ),
        class_name="site-header",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.text(PublicState.data_as_of, class_name="as-of", id="data-as-of"),
        rx.text(tr("footer_note"), size="2"),
        class_name="site-footer",
    )


def page(*children: rx.Component) -> rx.Component:
    return rx.fragment(
        header(),
        rx.cond(
            PublicState.data_stale,
            # role="status": screen readers announce it when it appears.
            rx.el.div(tr("data_stale"), " ", rx.el.strong(PublicState.data_as_of), role="status",
                      id="stale-banner", class_name="notice-box stale-banner"),
        ),
        rx.el.main(*children, id="main", class_name="site-main"),
        footer(),
    )


def not_found(message_key: str, back_path: str, back_key: str) -> rx.Component:
    return rx.box(
        rx.heading(tr("not_found_title"), as_="h1", size="7"),
        rx.text(tr(message_key), size="4"),
        rx.hstack(
            rx.link(tr(back_key), href=href(back_path)),
            rx.link(tr("back_home"), href=href("/")),
            spacing="4",
        ),
        id="not-found",
        class_name="not-found",
    )

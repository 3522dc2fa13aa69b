"""The frame of every public page's live edition: the same header, main and footer markup as the
server's templates (render/templates), so nothing moves when it replaces the server's copy."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core import paths
from imigrasi_site.core.i18n import t
from imigrasi_site.ui.components.site_header import site_header
from imigrasi_site.ui.state.public import PublicState


def tr(key: str) -> rx.Var:
    """An interface string in the visitor's language (both are compiled into the page)."""
    return rx.cond(PublicState.is_en, t(key, "en"), t(key, "id"))


def href(path: str) -> rx.Var:
    """A link that keeps the visitor's language in the URL."""
    return path + rx.cond(PublicState.is_en, "?lang=en", "")


def header() -> rx.Component:
    # Plain links: the next page arrives server-rendered, complete, in one request.
    return site_header(
        tr("skip_to_content"),
        rx.el.a(
            rx.el.img(src="/logo.svg", alt="", width="32", height="32"),
            rx.el.span(tr("site_name"), class_name="site-name"),
            href=href(paths.HOME),
            class_name="brand",
        ),
        rx.el.nav(
            rx.el.a(tr("nav_offices"), href=href(paths.OFFICES), class_name="nav-link"),
            rx.el.a(tr("nav_notices"), href=href(paths.NOTICES), class_name="nav-link"),
            rx.el.a(tr("switch_language"), href=PublicState.switch_href,
                    on_click=[rx.prevent_default, PublicState.switch_language],
                    aria_label=tr("switch_language_label"), class_name="lang-switch", id="language-switch"),
            aria_label="Menu",
            class_name="nav",
        ),
    )


def page(*content: rx.Component) -> rx.Component:
    """A public page's live edition: hidden until its state has loaded (the server's copy shows
    until then), then the same parts the server sent, plus the page's live controls."""
    return rx.el.div(
        header(),
        rx.el.main(*content, id="main", class_name="site-main"),
        rx.html(PublicState.footer_html, class_name="footer-wrap"),
        class_name=rx.cond(PublicState.live, "rx-page live", "rx-page"),
    )


def answer() -> rx.Component:
    """The page's content as the server rendered it."""
    return rx.html(PublicState.main_html, class_name="answer")


def national_map() -> rx.Component:
    """The national map and its table, as the server rendered them (home, checker, incident)."""
    return rx.html(PublicState.map_html, class_name="map-wrap")

"""/ : the national summary, ongoing disruptions, latest notices and an office search box."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import href, page, tr
from imigrasi_site.ui.components.notices import incident_card, notice_card
from imigrasi_site.ui.components.status import status_badge
from imigrasi_site.ui.state.public import HomeState


def _search_box() -> rx.Component:
    return rx.el.form(
        rx.el.label(tr("search_label"), html_for="home-search", class_name="field-label"),
        rx.hstack(
            rx.input(id="home-search", name="q", placeholder=tr("search_placeholder"), max_length=200, size="3",
                     width="100%"),
            rx.cond(HomeState.is_en, rx.el.input(type="hidden", name="lang", value="en")),
            rx.button(tr("search_button"), type="submit", size="3"),
            width="100%",
        ),
        action="/kantor",
        method="get",
        role="search",
        class_name="search-form",
    )


def _summary() -> rx.Component:
    return rx.el.section(
        rx.heading(tr("national_summary"), as_="h2", size="5"),
        rx.el.ul(
            rx.foreach(
                HomeState.summary,
                lambda row: rx.el.li(
                    rx.hstack(
                        rx.text(row.service_name, weight="bold"),
                        status_badge(row.availability, row.label, row.icon),
                        justify="between",
                        wrap="wrap",
                    ),
                    rx.text(row.sentence, size="2"),
                    rx.cond(
                        row.availability != "normal",
                        rx.link(tr("summary_where"),
                                href=href("/kantor") + rx.cond(HomeState.is_en, "&", "?") + "layanan="
                                + row.service_code + "&status=disrupted", size="2"),
                    ),
                    class_name="summary-row",
                ),
            ),
            class_name="plain-list",
        ),
        aria_labelledby="summary",
    )


def home_page() -> rx.Component:
    return page(
        rx.heading(tr("site_name"), as_="h1", size="8"),
        rx.text(tr("site_tagline"), size="4"),
        _search_box(),
        rx.el.section(
            rx.heading(tr("open_incidents"), as_="h2", size="5"),
            rx.cond(
                HomeState.incidents.length() > 0,
                rx.foreach(HomeState.incidents, incident_card),
                rx.text(tr("no_open_incidents")),
            ),
        ),
        _summary(),
        rx.el.section(
            rx.heading(tr("latest_notices"), as_="h2", size="5"),
            rx.foreach(HomeState.notices, notice_card),
            rx.link(tr("all_notices"), href=href("/pengumuman")),
        ),
    )

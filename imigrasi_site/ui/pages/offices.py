"""/kantor : the availability checker."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import href, page, tr
from imigrasi_site.ui.components.status import status_badge
from imigrasi_site.ui.state.public import OfficeListState


def _select(label_key: str, select_id: str, value, on_change, options) -> rx.Component:
    return rx.box(
        rx.el.label(tr(label_key), html_for=select_id, class_name="field-label"),
        rx.el.select(*options, id=select_id, value=value, on_change=on_change, class_name="native-select"),
    )


def _filters() -> rx.Component:
    return rx.box(
        rx.el.label(tr("search_label"), html_for="office-search", class_name="field-label"),
        rx.input(
            id="office-search",
            value=OfficeListState.query,
            on_change=OfficeListState.set_query.debounce(250),
            placeholder=tr("search_placeholder"),
            max_length=200,
            size="3",
            type="search",
            auto_complete="off",
        ),
        rx.grid(
            _select(
                "filter_service", "filter-service", OfficeListState.service, OfficeListState.set_service,
                [rx.el.option(tr("filter_any_service"), value=""),
                 rx.foreach(OfficeListState.service_options, lambda o: rx.el.option(o[1], value=o[0]))],
            ),
            _select(
                "filter_availability", "filter-availability", OfficeListState.availability,
                OfficeListState.set_availability,
                [rx.el.option(tr("filter_any_availability"), value=""),
                 rx.el.option(tr("availability_disrupted"), value="disrupted"),
                 rx.el.option(tr("availability_normal"), value="normal"),
                 rx.el.option(tr("availability_limited"), value="limited"),
                 rx.el.option(tr("availability_unavailable"), value="unavailable")],
            ),
            _select(
                "sort_label", "sort", OfficeListState.sort, OfficeListState.set_sort,
                [rx.el.option(tr("sort_name"), value="name"), rx.el.option(tr("sort_distance"), value="distance")],
            ),
            rx.cond(
                OfficeListState.sort == "distance",
                rx.box(
                    rx.el.label(tr("city_label"), html_for="city", class_name="field-label"),
                    rx.input(id="city", value=OfficeListState.city, on_change=OfficeListState.set_city.debounce(300),
                             max_length=100, placeholder="Pontianak"),
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            spacing="3",
            class_name="filters",
        ),
        class_name="checker-controls",
    )


def _office_row(row) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.box(
                rx.heading(rx.link(row.name, href=href("/kantor/" + row.code)), as_="h2", size="4"),
                rx.text(row.type_label, " · ", row.place, size="2", class_name="meta"),
            ),
            rx.cond(row.distance != "", rx.text(row.distance, size="2", class_name="meta")),
            justify="between",
            width="100%",
        ),
        rx.el.ul(
            rx.foreach(
                row.cells,
                lambda cell: rx.el.li(
                    rx.text(cell.service_name, size="2"),
                    status_badge(cell.availability, cell.label, cell.icon),
                    class_name="cell-line",
                ),
            ),
            class_name="plain-list cells",
        ),
        class_name="card office-row",
    )


def offices_page() -> rx.Component:
    return page(
        rx.heading(tr("nav_offices"), as_="h1", size="7"),
        _filters(),
        rx.el.p(OfficeListState.status_line, role="status", aria_live="polite", id="results-status",
                class_name="results-status"),
        rx.el.ul(rx.foreach(OfficeListState.rows, _office_row), class_name="plain-list", id="office-results"),
    )

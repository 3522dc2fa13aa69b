"""/kantor : the availability checker. The form is live (results change as the visitor types);
the heading and the result list are the server's own HTML, swapped in as the filters change."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core import paths
from imigrasi_site.ui.components.layout import national_map, page, tr
from imigrasi_site.ui.state.public import OfficeListState

_AVAILABILITIES = ("disrupted", "normal", "limited", "unavailable")


def _field(label_key: str, field_id: str, control: rx.Component) -> rx.Component:
    return rx.el.div(rx.el.label(tr(label_key), html_for=field_id, class_name="field-label"), control)


def _typed(field_id: str, name: str, value, on_change, max_length: int, **props) -> rx.Component:
    return rx.debounce_input(
        rx.el.input(id=field_id, name=name, value=value, on_change=on_change, max_length=max_length, **props),
        debounce_timeout=250,
    )


def _form() -> rx.Component:
    # The same markup as render/templates/offices.html, so nothing moves when this form replaces it;
    # it still submits as a plain GET form.
    return rx.el.form(
        rx.el.label(tr("search_label"), html_for="office-search", class_name="field-label"),
        _typed("office-search", "q", OfficeListState.query, OfficeListState.set_query, 200, type="search",
               auto_complete="off", placeholder=tr("search_placeholder")),
        rx.el.div(
            _field("filter_service", "filter-service", rx.el.select(
                rx.el.option(tr("filter_any_service"), value=""),
                rx.foreach(OfficeListState.service_options, lambda o: rx.el.option(o[1], value=o[0])),
                id="filter-service", name="layanan", value=OfficeListState.service,
                on_change=OfficeListState.set_service, class_name="native-select")),
            _field("filter_availability", "filter-availability", rx.el.select(
                rx.el.option(tr("filter_any_availability"), value=""),
                *[rx.el.option(tr(f"availability_{a}"), value=a) for a in _AVAILABILITIES],
                id="filter-availability", name="status", value=OfficeListState.availability,
                on_change=OfficeListState.set_availability, class_name="native-select")),
            _field("sort_label", "sort", rx.el.select(
                rx.el.option(tr("sort_name"), value=""),
                rx.el.option(tr("sort_distance"), value="jarak"),
                id="sort", name="urut", value=OfficeListState.sort, on_change=OfficeListState.set_sort,
                class_name="native-select")),
            _field("city_label", "city", _typed("city", "kota", OfficeListState.city, OfficeListState.set_city,
                                                100, placeholder="Pontianak")),
            class_name="filters",
        ),
        rx.el.label(
            rx.el.input(type="checkbox", id="open-now", name="buka", value="1", checked=OfficeListState.open_only,
                        on_change=OfficeListState.set_open_only),
            " ", tr("filter_open_now"), class_name="check",
        ),
        rx.cond(OfficeListState.is_en, rx.el.input(type="hidden", name="lang", value="en")),
        rx.el.button(tr("filter_apply"), type="submit", class_name="apply"),
        action=paths.OFFICES,
        method="get",
        role="search",
        id="checker-form",
        class_name="checker-controls",
    )


def offices_page() -> rx.Component:
    return page(
        rx.el.div(
            rx.html(OfficeListState.heading_html, class_name="part"),
            _form(),
            rx.html(OfficeListState.results_html, class_name="part"),
            class_name="answer",
        ),
        national_map(),
    )

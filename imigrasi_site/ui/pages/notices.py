"""/pengumuman : notices, newest first, with paging and a filter by incident."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import page, tr
from imigrasi_site.ui.components.notices import notice_card
from imigrasi_site.ui.components.subscribe import notices_subscribe_form
from imigrasi_site.ui.state.public import NoticeListState


def _pager() -> rx.Component:
    base = "/pengumuman?lang=" + NoticeListState.lang + rx.cond(
        NoticeListState.incident_filter != "", "&insiden=" + NoticeListState.incident_filter, ""
    ) + "&halaman="
    return rx.el.nav(
        rx.cond(NoticeListState.page > 1,
                rx.link(tr("previous_page"), href=base + (NoticeListState.page - 1).to_string(), rel="prev")),
        rx.text(NoticeListState.page_label, size="2"),
        rx.cond(NoticeListState.page < NoticeListState.pages,
                rx.link(tr("next_page"), href=base + (NoticeListState.page + 1).to_string(), rel="next")),
        aria_label=tr("page_of"),
        class_name="pager",
    )


def notices_page() -> rx.Component:
    return page(
        rx.heading(tr("nav_notices"), as_="h1", size="7"),
        rx.box(
            rx.el.label(tr("filter_incident"), html_for="filter-incident", class_name="field-label"),
            rx.el.select(
                rx.el.option(tr("filter_any_incident"), value=""),
                rx.foreach(NoticeListState.incident_options, lambda o: rx.el.option(o[1], value=o[0])),
                id="filter-incident",
                value=NoticeListState.incident_filter,
                on_change=NoticeListState.filter_by_incident,
                class_name="native-select",
            ),
        ),
        rx.foreach(NoticeListState.notices, notice_card),
        _pager(),
        notices_subscribe_form(),
    )

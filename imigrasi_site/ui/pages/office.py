"""/kantor/[code] : one office, its services today, and what to do."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import not_found, page, tr
from imigrasi_site.ui.components.notices import incident_card, notice_card
from imigrasi_site.ui.components.status import status_badge
from imigrasi_site.ui.components.subscribe import office_subscribe_form
from imigrasi_site.ui.state.public import OfficeState


def _service(cell) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.heading(cell.service_name, as_="h3", size="4"),
            status_badge(cell.availability, cell.label, cell.icon),
            justify="between",
            wrap="wrap",
        ),
        rx.text(cell.since, size="2", class_name="meta since"),
        rx.cond(cell.advice != "", rx.text(cell.advice)),
        rx.cond(cell.planned != "", rx.text(cell.planned, size="2", class_name="planned-line")),
        rx.cond(
            cell.what_to_do != "",
            rx.el.p(rx.el.strong(tr("what_to_do"), ": "), cell.what_to_do, class_name="what-to-do"),
        ),
        class_name="card service-card",
        data_service=cell.service_code,
    )


def _planned(row) -> rx.Component:
    return rx.el.article(
        rx.heading(row.title, as_="h3", size="4"),
        rx.text(rx.el.strong(row.status_label), " · ", row.period),
        rx.text(row.effect, ": ", row.services, size="2"),
        rx.cond(row.advice != "", rx.text(row.advice, size="2")),
        class_name="card",
    )


def _history(row) -> rx.Component:
    # The strip is a picture for sighted readers; the same facts are written out below it.
    return rx.box(
        rx.heading(row.service_name, as_="h3", size="3"),
        rx.el.div(
            rx.foreach(row.strip, lambda worst: rx.el.span(class_name="day day-" + worst)),
            class_name="history-strip",
            aria_hidden="true",
            title=tr("history_strip_label"),
        ),
        rx.text(row.share, size="2"),
        rx.el.ul(rx.foreach(row.periods, lambda period: rx.el.li(period)), class_name="history-periods"),
        class_name="history-row",
        data_service=row.service_code,
    )


def _office() -> rx.Component:
    office = OfficeState.office
    return rx.fragment(
        rx.heading(office.name, as_="h1", size="7"),
        rx.text(office.type_label, class_name="meta"),
        rx.el.dl(
            rx.el.dt(tr("office_address")),
            rx.el.dd(office.address, " (", office.city, ")"),
            rx.el.dt(tr("office_province")),
            rx.el.dd(office.province),
            rx.el.dt(tr("office_timezone")),
            rx.el.dd(office.zone, " (", office.timezone, ")", id="office-zone"),
            class_name="facts",
        ),
        rx.el.section(
            rx.heading(tr("office_services_today"), as_="h2", size="5"),
            rx.el.ul(rx.foreach(office.cells, _service), class_name="plain-list", id="office-services"),
        ),
        office_subscribe_form(),
        rx.cond(
            OfficeState.planned.length() > 0,
            rx.el.section(
                rx.heading(tr("planned_heading"), as_="h2", size="5"),
                rx.foreach(OfficeState.planned, _planned),
                id="office-planned",
            ),
        ),
        rx.el.section(
            rx.heading(tr("history_heading"), as_="h2", size="5"),
            rx.foreach(OfficeState.history, _history),
            id="office-history",
        ),
        rx.cond(
            OfficeState.incidents.length() > 0,
            rx.el.section(
                rx.heading(tr("office_related_incidents"), as_="h2", size="5"),
                rx.foreach(OfficeState.incidents, incident_card),
            ),
        ),
        rx.cond(
            OfficeState.notices.length() > 0,
            rx.el.section(
                rx.heading(tr("office_related_notices"), as_="h2", size="5"),
                rx.foreach(OfficeState.notices, notice_card),
            ),
        ),
    )


def office_page() -> rx.Component:
    return page(rx.cond(OfficeState.found, _office(), not_found("not_found_office", "/kantor", "back_offices")))

"""/kantor/[code] : one office, its services today, and what to do."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import not_found, page, tr
from imigrasi_site.ui.components.notices import incident_card, notice_card
from imigrasi_site.ui.components.status import status_badge
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
        rx.cond(
            cell.what_to_do != "",
            rx.el.p(rx.el.strong(tr("what_to_do"), ": "), cell.what_to_do, class_name="what-to-do"),
        ),
        class_name="card service-card",
        data_service=cell.service_code,
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

"""/insiden/[id] : one incident, its timeline, and the services it affects."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import href, not_found, page, tr
from imigrasi_site.ui.components.status import status_badge
from imigrasi_site.ui.state.public import IncidentState


def _incident() -> rx.Component:
    card = IncidentState.card
    return rx.fragment(
        rx.heading(card.title, as_="h1", size="7"),
        rx.hstack(
            rx.el.span(card.status_label, class_name="incident-status incident-" + card.status, id="incident-status"),
            rx.text(card.started, size="2", class_name="meta"),
            rx.cond(IncidentState.resolved != "", rx.text(IncidentState.resolved, size="2", class_name="meta")),
            wrap="wrap",
        ),
        rx.box(rx.markdown(IncidentState.summary, use_raw=False)),
        rx.el.section(
            rx.heading(tr("incident_timeline"), as_="h2", size="5"),
            rx.el.ol(
                rx.foreach(
                    IncidentState.timeline,
                    lambda entry: rx.el.li(
                        rx.heading(entry.status_label, " · ", entry.posted, as_="h3", size="3"),
                        rx.markdown(entry.body, use_raw=False),
                        class_name="timeline-entry",
                    ),
                ),
                class_name="timeline",
                id="incident-timeline",
            ),
        ),
        rx.el.section(
            rx.heading(tr("incident_affected"), as_="h2", size="5"),
            rx.box(
                rx.el.table(
                    rx.el.thead(rx.el.tr(rx.el.th(tr("office"), scope="col"), rx.el.th(tr("service"), scope="col"),
                                         rx.el.th(tr("status"), scope="col"))),
                    rx.el.tbody(
                        rx.foreach(
                            IncidentState.affected,
                            lambda row: rx.el.tr(
                                rx.el.td(rx.link(row.office_name, href=href("/kantor/" + row.office_code))),
                                rx.el.td(row.service_name),
                                rx.el.td(status_badge(row.availability, row.label, row.icon)),
                            ),
                        )
                    ),
                    class_name="affected-table",
                ),
                class_name="table-scroll",
            ),
        ),
    )


def incident_page() -> rx.Component:
    return page(rx.cond(IncidentState.found, _incident(), not_found("not_found_incident", "/pengumuman", "back_notices")))

"""/admin/insiden and /admin/insiden/[id] : open incidents, post updates, restore what they changed."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.incidents import IncidentWorkspaceState as S

STATUSES = (("investigating", "Sedang diselidiki / Investigating"), ("identified", "Penyebab diketahui / Identified"),
            ("monitoring", "Dipantau / Monitoring"), ("resolved", "Selesai / Resolved"))


def _form_input(name: str, label: str, area: bool = False) -> rx.Component:
    control = (rx.text_area if area else rx.input)(
        id=name, value=S.form.get(name, ""), on_change=lambda v: S.set_form(name, v), debounce_timeout=250,
        **({"rows": "4"} if area else {}))
    return field(label, control, name)


def incidents_page() -> rx.Component:
    return workspace(
        "Insiden / Incidents",
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Judul / Title", scope="col"), rx.el.th("Status", scope="col"),
                                 rx.el.th("Mulai / Started", scope="col"),
                                 rx.el.th("Layanan yang ditahan / Cells held", scope="col"))),
            rx.el.tbody(rx.foreach(S.rows, lambda row: rx.el.tr(
                rx.el.td(rx.link(row.title, href="/admin/insiden/" + row.id.to_string())),
                rx.el.td(row.status), rx.el.td(row.started), rx.el.td(row.cells)))),
            class_name="affected-table",
        ),
        rx.box(
            rx.heading("Buka insiden baru / Open a new incident", as_="h2", size="4"),
            rx.grid(
                _form_input("title_id", "Judul (Indonesia)"), _form_input("title_en", "Title (English)"),
                _form_input("summary_id", "Ringkasan", area=True), _form_input("summary_en", "Summary", area=True),
                _form_input("first_update_id", "Pembaruan pertama", area=True),
                _form_input("first_update_en", "First update", area=True),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button("Buka insiden / Open incident", on_click=S.open_incident, id="open-incident"),
            class_name="card",
        ),
        state=S,
    )


def incident_page() -> rx.Component:
    return workspace(
        "Insiden / Incident",
        rx.heading(S.title, as_="h2", size="5"),
        rx.text("Status: ", rx.el.strong(S.status, id="incident-status")),
        rx.box(
            rx.heading("Kirim pembaruan / Post an update", as_="h2", size="4"),
            field("Status baru / New status", rx.el.select(
                *(rx.el.option(label, value=value) for value, label in STATUSES),
                id="update_status", value=S.update_status, on_change=lambda v: S.set_update("update_status", v),
                class_name="native-select"), "update_status"),
            field("Isi (Indonesia)", rx.text_area(id="update_id", value=S.update_id, rows="4", debounce_timeout=250,
                                                  on_change=lambda v: S.set_update("update_id", v)), "update_id"),
            field("Text (English)", rx.text_area(id="update_en", value=S.update_en, rows="4", debounce_timeout=250,
                                                 on_change=lambda v: S.set_update("update_en", v)), "update_en"),
            rx.button("Terbitkan pembaruan / Post update", on_click=S.post_update, id="post-update"),
            class_name="card",
        ),
        rx.cond(
            S.held_cells > 0,
            rx.box(
                rx.text(S.held_cells, " layanan kantor masih ditandai oleh insiden ini. / office services are still "
                        "marked by this incident.", id="held-cells"),
                rx.cond(S.status == "resolved",
                        rx.text("Insiden sudah selesai: pulihkan status sebelum insiden? / The incident is resolved: "
                                "restore the statuses from before it?", weight="bold")),
                rx.button("Pulihkan status sebelum insiden / Restore pre-incident status", on_click=S.restore,
                          id="restore", color_scheme="green"),
                class_name="card",
            ),
        ),
        rx.heading("Kronologi / Timeline", as_="h2", size="4"),
        rx.el.ol(rx.foreach(S.updates, lambda u: rx.el.li(rx.text(u.status, " · ", u.posted, weight="bold"),
                                                          rx.text(u.body))), id="timeline"),
        state=S,
    )

"""/admin/pemeliharaan : plan maintenance; it switches on and off by itself."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import cell_selector_fields, choice
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.maintenance import MaintenanceEditorState as S

PREFIX = "m-"


def _input(name: str, label: str, **props) -> rx.Component:
    return field(label, rx.input(id=PREFIX + name, value=getattr(S, name), debounce_timeout=250,
                                 on_change=lambda v: S.set_field(name, v), **props), PREFIX + name)


def maintenance_page() -> rx.Component:
    return workspace(
        "Pemeliharaan terjadwal / Planned maintenance",
        rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(h, scope="col") for h in
                                   ("Judul / Title", "Status", "Waktu (WIB) / When (WIB)", "Layanan / Cells", "")))),
            rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                rx.el.td(r.title), rx.el.td(r.status), rx.el.td(r.period), rx.el.td(r.cells),
                rx.el.td(rx.button("Batalkan / Cancel", size="1", variant="outline", on_click=S.cancel(r.id)))))),
            class_name="affected-table",
            id="maintenance-list",
        ),
        rx.box(
            rx.heading("Jadwalkan / Schedule", as_="h2", size="4"),
            rx.grid(
                *cell_selector_fields(S, PREFIX),
                _input("title_id", "Judul (Indonesia)"),
                _input("title_en", "Title (English)"),
                choice(S, "availability", "Selama pemeliharaan / During the work", [
                    rx.el.option("Tidak tersedia / Unavailable", value="unavailable"),
                    rx.el.option("Terbatas / Limited", value="limited")], PREFIX),
                choice(S, "zone", "Zona waktu isian / Time zone of the times entered", [
                    rx.el.option("WIB", value="WIB"), rx.el.option("WITA", value="WITA"),
                    rx.el.option("WIT", value="WIT")], PREFIX),
                field("Mulai / Starts", rx.input(id="m-starts", type="datetime-local", value=S.starts,
                                                 on_change=lambda v: S.set_field("starts", v)), "m-starts"),
                field("Selesai / Ends", rx.input(id="m-ends", type="datetime-local", value=S.ends,
                                                 on_change=lambda v: S.set_field("ends", v)), "m-ends"),
                _input("advice_id", "Saran (Indonesia)"),
                _input("advice_en", "Advice (English)"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button("Jadwalkan / Schedule", on_click=S.schedule, id="schedule-maintenance"),
            class_name="card",
        ),
        state=S,
    )

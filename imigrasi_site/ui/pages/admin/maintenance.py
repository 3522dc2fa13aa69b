"""/admin/pemeliharaan : plan maintenance; it switches on and off by itself."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import availability_options, cell_selector_fields, choice
from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.maintenance import MaintenanceEditorState as S

PREFIX = "m-"


def _input(name: str, label: str, **props) -> rx.Component:
    return field(label, rx.input(id=PREFIX + name, value=S.form[name], debounce_timeout=250,
                                 on_change=lambda v: S.set_field(name, v), **props), PREFIX + name)


def maintenance_page() -> rx.Component:
    return workspace(
        "ws_maintenance_title",
        rx.box(rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(word(key), scope="col") for key in
                                   ("ws_col_title", "ws_col_status", "ws_col_when_wib", "ws_col_cells")),
                                 rx.el.th("", scope="col"))),
            rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                rx.el.td(r.title), rx.el.td(word_of("ws_maintenance_status_", r.status, ("scheduled", "active"))),
                rx.el.td(r.period), rx.el.td(r.cells),
                rx.el.td(rx.button(word("ws_cancel"), size="1", variant="outline", on_click=S.cancel(r.id)))))),
            class_name="affected-table",
            id="maintenance-list",
        ), class_name="table-scroll"),
        rx.box(
            rx.heading(word("ws_schedule_heading"), as_="h2", size="4"),
            rx.grid(
                *cell_selector_fields(S, PREFIX),
                _input("title_ind", "ws_inc_title_ind"),
                _input("title_en", "ws_inc_title_en"),
                choice(S, "availability", "ws_during_work", availability_options(("unavailable", "limited")), PREFIX),
                choice(S, "zone", "ws_entry_zone", [rx.el.option(z, value=z) for z in ("WIB", "WITA", "WIT")], PREFIX),
                field("ws_starts", rx.input(id="m-starts", type="datetime-local", value=S.form["starts"],
                                            on_change=lambda v: S.set_field("starts", v)), "m-starts"),
                field("ws_ends", rx.input(id="m-ends", type="datetime-local", value=S.form["ends"],
                                          on_change=lambda v: S.set_field("ends", v)), "m-ends"),
                _input("advice_ind", "decl_advice_ind"),
                _input("advice_en", "decl_advice_en"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button(word("ws_schedule"), on_click=S.schedule, id="schedule-maintenance"),
            class_name="card",
        ),
    )

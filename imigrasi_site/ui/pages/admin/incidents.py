"""/admin/insiden and /admin/insiden/[id] : open incidents, post updates, resolve them, restore what they changed."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.incidents import IncidentWorkspaceState as S

STATUSES = ("investigating", "identified", "monitoring", "resolved")


def _status(value) -> rx.Component:
    return word_of("incident_status_", value, STATUSES)


def _form_input(name: str, area: bool = False) -> rx.Component:
    control = (rx.text_area if area else rx.input)(
        id=name, value=S.form[name], on_change=lambda v: S.set_form(name, v), debounce_timeout=250,
        **({"rows": "4"} if area else {}))
    return field(f"ws_inc_{name}", control, name)


def incidents_page() -> rx.Component:
    return workspace(
        "ws_incidents_title",
        rx.box(rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(word(key), scope="col") for key in
                                   ("ws_col_title", "ws_col_status", "ws_col_started", "ws_col_cells_held")))),
            rx.el.tbody(rx.foreach(S.rows, lambda row: rx.el.tr(
                rx.el.td(rx.link(row.title, href="/admin/insiden/" + row.id.to_string())),
                rx.el.td(_status(row.status)), rx.el.td(row.started), rx.el.td(row.cells)))),
            class_name="affected-table",
        ), class_name="table-scroll"),
        rx.box(
            rx.heading(word("ws_open_incident_heading"), as_="h2", size="4"),
            rx.grid(
                _form_input("title_ind"), _form_input("title_en"),
                _form_input("summary_ind", area=True), _form_input("summary_en", area=True),
                _form_input("first_update_ind", area=True), _form_input("first_update_en", area=True),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button(word("ws_open_incident"), on_click=S.open_incident, id="open-incident"),
            class_name="card",
        ),
    )


def incident_page() -> rx.Component:
    return workspace(
        "ws_incident_title",
        rx.heading(S.title, as_="h2", size="5"),
        rx.text(word("ws_col_status"), ": ", rx.el.strong(_status(S.status), id="incident-status",
                                                          data_status=S.status)),
        rx.cond(
            S.status != "resolved",
            rx.box(
                rx.text(word("ws_resolve_intro"), size="2"),
                rx.button(word("decl_resolve"), on_click=S.resolve, id="resolve", color_scheme="green"),
                class_name="card",
            ),
        ),
        # S.resolution_notice: on its class a state field is a Var (mypy sees the field's type).
        rx.cond(S.resolution_notice > 0,
                rx.link(word("ws_resolution_notice"),
                        href="/admin/pengumuman/" + S.resolution_notice.to_string(),  # type: ignore[attr-defined]
                        id="resolution-notice")),
        rx.box(
            rx.heading(word("ws_post_update_heading"), as_="h2", size="4"),
            field("ws_new_status", rx.el.select(
                *(rx.el.option(word(f"incident_status_{value}"), value=value) for value in STATUSES),
                id="update_status", value=S.update_status, on_change=lambda v: S.set_update("update_status", v),
                class_name="native-select"), "update_status"),
            field("ws_text_ind", rx.text_area(id="update_ind", value=S.update_ind, rows="4", debounce_timeout=250,
                                             on_change=lambda v: S.set_update("update_ind", v)), "update_ind"),
            field("ws_text_en", rx.text_area(id="update_en", value=S.update_en, rows="4", debounce_timeout=250,
                                             on_change=lambda v: S.set_update("update_en", v)), "update_en"),
            rx.button(word("ws_post_update"), on_click=S.post_update, id="post-update"),
            class_name="card",
        ),
        rx.cond(
            S.held_cells > 0,
            rx.box(
                rx.text(S.held_cells, " ", word("ws_held_cells"), id="held-cells"),
                rx.cond(S.status == "resolved", rx.text(word("ws_resolved_restore_q"), weight="bold")),
                rx.button(word("ws_restore"), on_click=S.restore, id="restore", variant="outline"),
                class_name="card",
            ),
        ),
        rx.heading(word("ws_timeline"), as_="h2", size="4"),
        rx.el.ol(rx.foreach(S.updates, lambda u: rx.el.li(rx.text(_status(u.status), " · ", u.posted, weight="bold"),
                                                          rx.text(u.body))), id="timeline"),
    )

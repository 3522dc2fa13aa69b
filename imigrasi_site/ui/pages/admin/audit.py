"""/admin/audit : who changed what, when, before and after."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.audit import AuditState as S


def audit_page() -> rx.Component:
    return workspace(
        "Audit",
        rx.form(
            rx.hstack(
                field("Tindakan diawali / Action starts with", rx.input(id="action", name="action",
                                                                        placeholder="notice."), "action"),
                field("Jenis / Entity", rx.el.select(
                    *(rx.el.option(label, value=v) for v, label in (
                        ("", "Semua / All"), ("notice", "notice"), ("incident", "incident"),
                        ("office_service", "office_service"), ("editor", "editor"))),
                    id="entity_type", name="entity_type", class_name="native-select"), "entity_type"),
                field("Pengguna / User", rx.input(id="actor", name="actor"), "actor"),
                rx.button("Saring / Filter", type="submit"),
                align="end", wrap="wrap",
            ),
            on_submit=S.filter,
            reset_on_submit=False,
        ),
        rx.box(
            rx.el.table(
                rx.el.thead(rx.el.tr(*(rx.el.th(h, scope="col") for h in
                                       ("Waktu / When", "Pengguna / Who", "Tindakan / Action", "Objek / What",
                                        "Sebelum / Before", "Sesudah / After")))),
                rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                    rx.el.td(r.at), rx.el.td(r.actor), rx.el.td(r.action), rx.el.td(r.entity),
                    rx.el.td(r.before, class_name="audit-json"), rx.el.td(r.after, class_name="audit-json")))),
                class_name="affected-table",
                id="audit-table",
            ),
            class_name="table-scroll",
        ),
        state=S,
    )

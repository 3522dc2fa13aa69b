"""/admin/audit : who changed what, when, before and after."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.words import word
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.audit import AuditState as S


def audit_page() -> rx.Component:
    return workspace(
        "ws_nav_audit",
        rx.form(
            rx.hstack(
                field("au_action_prefix", rx.input(id="action", name="action",
                                                                        placeholder="notice."), "action"),
                field("au_entity", rx.el.select(
                    rx.el.option(word("au_all"), value=""),
                    *(rx.el.option(v, value=v) for v in ("notice", "incident", "office_service", "editor",
                                                         "situation_template")),
                    id="entity_type", name="entity_type", class_name="native-select"), "entity_type"),
                field("au_user", rx.input(id="actor", name="actor"), "actor"),
                rx.button(word("au_filter"), type="submit"),
                align="end", wrap="wrap",
            ),
            on_submit=S.filter,
            reset_on_submit=False,
        ),
        rx.box(
            rx.el.table(
                rx.el.thead(rx.el.tr(*(rx.el.th(word(h), scope="col") for h in
                                       ("au_when", "au_who", "au_action", "au_what", "au_before", "au_after")))),
                rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                    rx.el.td(r.at), rx.el.td(r.actor), rx.el.td(r.action), rx.el.td(r.entity),
                    rx.el.td(r.before, class_name="audit-json"), rx.el.td(r.after, class_name="audit-json")))),
                class_name="affected-table",
                id="audit-table",
            ),
            class_name="table-scroll",
        ),
    )

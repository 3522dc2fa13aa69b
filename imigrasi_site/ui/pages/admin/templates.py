"""/admin/templat : the situation templates; admins change their wording."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import AVAILABILITIES, availability_options
from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.templates import TemplatesState as S

TEXTS = (("name_ind", "tpl_name_ind", False), ("name_en", "tpl_name_en", False), ("title_ind", "tpl_title_ind", False),
         ("title_en", "tpl_title_en", False), ("advice_ind", "decl_advice_ind", True),
         ("advice_en", "decl_advice_en", True), ("body_ind", "tpl_body_ind", True), ("body_en", "tpl_body_en", True),
         ("service_code", "tpl_service_code", False), ("office_types", "tpl_office_types", False))


def _input(name: str, label: str, area: bool) -> rx.Component:
    control = (rx.text_area if area else rx.input)(
        id=f"t-{name}", value=S.form[name], debounce_timeout=250, on_change=lambda v: S.set_form(name, v),
        **({"rows": "3"} if area else {}))
    return field(label, control, f"t-{name}")


def templates_page() -> rx.Component:
    return workspace(
        "tpl_page_title",
        rx.text(word("tpl_intro"), size="2"),
        rx.box(rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(word("tpl_name_ind"), scope="col"), rx.el.th(word("tpl_kind"), scope="col"),
                                 rx.el.th(word("decl_new_status"), scope="col"), rx.el.th("", scope="col"))),
            rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                rx.el.td(r.name), rx.el.td(word_of("tpl_kind_", r.kind, ("declare", "resolve"))),
                rx.el.td(word_of("availability_", r.availability, AVAILABILITIES)),
                rx.el.td(rx.cond(S.account_role == "admin", rx.button(
                    word("tpl_edit"), size="1", variant="outline", on_click=S.edit(r.code))))))),
            class_name="affected-table", id="template-list"), class_name="table-scroll"),
        rx.cond(S.editing != "", rx.box(
            rx.heading(S.editing, as_="h2", size="4"),
            rx.grid(
                *(_input(name, label, area) for name, label, area in TEXTS),
                field("decl_new_status", rx.el.select(*availability_options(), id="t-availability",
                                                      value=S.form["availability"],
                                                      on_change=lambda v: S.set_form("availability", v),
                                                      class_name="native-select"), "t-availability"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button(word("tpl_save"), on_click=S.save, id="t-save"),
            class_name="card",
        )),
    )

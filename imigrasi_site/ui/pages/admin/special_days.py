"""/admin/hari-khusus : closures and extra openings for one office, a scope or all of Indonesia."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import office_type_options
from imigrasi_site.ui.components.words import word
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.special_days import SpecialDaysState as S


def _input(name: str, key: str, **props) -> rx.Component:
    return field(word(key), rx.input(id=f"sd-{name}", value=S.form[name], debounce_timeout=250,
                                     on_change=lambda v: S.set_field(name, v), **props), f"sd-{name}")


def _select(name: str, key: str, options) -> rx.Component:
    return field(word(key), rx.el.select(*options, id=f"sd-{name}", value=S.form[name],
                                         on_change=lambda v: S.set_field(name, v), class_name="native-select"),
                 f"sd-{name}")


def _row(r) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.day), rx.el.td(r.kind), rx.el.td(r.scope), rx.el.td(r.hours), rx.el.td(r.reason),
        rx.el.td(rx.button(word("special_day_delete"), size="1", variant="outline", on_click=S.delete(r.id))),
    )


def special_days_page() -> rx.Component:
    return workspace(
        word("special_days_heading"),
        rx.text(word("special_days_intro"), size="2"),
        rx.box(
            rx.el.table(
                rx.el.thead(rx.el.tr(*(rx.el.th(word(k), scope="col") for k in (
                    "special_day_date", "special_day_kind", "special_day_scope", "special_day_opens",
                    "special_day_reason_ind")), rx.el.th("", scope="col"))),
                rx.el.tbody(rx.foreach(S.rows, _row)),
                class_name="affected-table",
                id="special-day-list",
            ),
            class_name="table-scroll",
        ),
        # S.rows: on its class a state field is a Var (mypy sees the field's type).
        rx.cond(S.rows.length() == 0, rx.text(word("special_day_none"), size="2")),  # type: ignore[attr-defined]
        rx.box(
            rx.grid(
                field(word("special_day_date"), rx.input(id="sd-day", type="date", value=S.form["day"],
                                                         on_change=lambda v: S.set_field("day", v)), "sd-day"),
                _select("kind", "special_day_kind", [rx.el.option(word("special_day_closure"), value="closure"),
                                                     rx.el.option(word("special_day_opening"), value="opening")]),
                _input("office_code", "special_day_office"),
                _select("province", "special_day_province", [
                    rx.el.option(word("special_day_everywhere"), value=""),
                    rx.foreach(S.provinces, lambda o: rx.el.option(o[1], value=o[0]))]),
                _select("office_type", "special_day_type", office_type_options()),
                rx.cond(S.form["kind"] == "opening", _input("opens", "special_day_opens", type="time")),
                rx.cond(S.form["kind"] == "opening", _input("closes", "special_day_closes", type="time")),
                _input("reason_ind", "special_day_reason_ind"),
                _input("reason_en", "special_day_reason_en"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button(word("special_day_save"), on_click=S.save, id="save-special-day"),
            class_name="card",
        ),
    )

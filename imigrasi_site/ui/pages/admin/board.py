"""/admin/papan : the status board, every office x service with who changed it, when and why."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import AVAILABILITIES, named, office_type_options
from imigrasi_site.ui.components.words import word
from imigrasi_site.ui.components.workspace import workspace
from imigrasi_site.ui.state.board import BoardState as S


def _filter(name: str, label: str, options) -> rx.Component:
    return rx.box(
        rx.el.label(word(label), html_for=f"b-{name}", class_name="field-label"),
        rx.el.select(*options, id=f"b-{name}", value=S.filters[name], on_change=lambda v: S.set_filter(name, v),
                     class_name="native-select"),
    )


def _cell(cell) -> rx.Component:
    return rx.el.td(
        rx.cond(
            cell.availability != "",
            rx.link(
                rx.el.span(cell.label, class_name="status status-" + cell.availability),
                rx.el.span(cell.who, " · ", cell.when, class_name="cell-who"),
                rx.cond(cell.why != "", rx.el.span(cell.why, class_name="cell-why")),
                href=cell.edit, class_name="board-cell", data_availability=cell.availability,
            ),
            rx.el.span("—", class_name="cell-none"),
        ),
    )


def board_page() -> rx.Component:
    return workspace(
        "board_title",
        rx.hstack(
            rx.link(rx.button(word("board_declare"), color_scheme="red"), href="/admin/nyatakan", id="b-declare"),
            rx.text(S.counts_line, weight="bold", id="b-counts"),
            wrap="wrap", align="center", spacing="3",
        ),
        # S.ongoing: on its class a state field is a Var (mypy sees the field's type).
        rx.cond(S.ongoing.length() > 0, rx.box(  # type: ignore[attr-defined]
            rx.heading(word("board_open_incidents"), as_="h2", size="4"),
            rx.el.ul(rx.foreach(S.ongoing, lambda r: rx.el.li(
                rx.link(r.title, href="/admin/insiden/" + r.id.to_string()), " · ", r.started))),
            class_name="card", id="b-ongoing")),
        rx.grid(
            _filter("province", "board_filter_province",
                    [rx.el.option(word("board_any"), value=""), named(S.provinces)]),
            _filter("office_type", "board_filter_type", office_type_options("board_any")),
            _filter("service", "board_filter_service", [rx.el.option(word("board_any"), value=""), named(S.services)]),
            _filter("availability", "board_filter_availability",
                    [rx.el.option(word("board_any"), value=""),
                     *(rx.el.option(word(f"availability_{a}"), value=a) for a in AVAILABILITIES)]),
            columns=rx.breakpoints(initial="2", md="4"), spacing="2",
        ),
        rx.text(S.shown_line, size="2", id="b-shown"),
        rx.box(
            rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th(word("office"), scope="col"),
                                     rx.foreach(S.columns, lambda c: rx.el.th(c[1], scope="col")))),
                rx.el.tbody(rx.foreach(S.rows, lambda row: rx.el.tr(
                    rx.el.th(rx.el.span(row.name, class_name="board-office"),
                             rx.el.span(row.place, class_name="cell-who"), scope="row"),
                    rx.foreach(row.cells, _cell), data_office=row.code))),
                class_name="board", id="board",
            ),
            class_name="table-scroll board-scroll",
        ),
    )

"""/admin/nyatakan : declare an outage in one form; every cell that will change is listed before saving."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import AVAILABILITIES, OFFICE_TYPES, availability_options, named
from imigrasi_site.ui.components.office_picker import office_picker
from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.declare import DeclareState as S

SCOPES = ("nationwide", "provinces", "office_types", "offices")


def _text(name: str, label: str, area: bool = False) -> rx.Component:
    control = (rx.text_area if area else rx.input)(
        id=f"d-{name}", value=getattr(S, name), debounce_timeout=250, on_change=lambda v: S.set_field(name, v),
        **({"rows": "4"} if area else {}))
    return field(label, control, f"d-{name}")


def _select(line_id, label: str, value, on_change, options) -> rx.Component:
    return rx.box(rx.el.label(word(label), html_for=line_id, class_name="field-label"),
                  rx.el.select(*options, id=line_id, value=value, on_change=on_change, class_name="native-select"))


def _tick(i, code, label, ticked) -> rx.Component:
    return rx.el.label(rx.el.input(type="checkbox", checked=ticked, on_change=lambda _v: S.toggle_code(i, code),
                                   data_code=code), " ", label, class_name="tick")


def _line(line, i) -> rx.Component:
    n = i.to_string()
    return rx.box(
        rx.grid(
            _select("d-service-" + n, "decl_service", line.service, lambda v: S.set_line(i, "service", v),
                    [rx.el.option(word("decl_choose_service"), value=""), named(S.services)]),
            _select("d-scope-" + n, "decl_scope", line.scope, lambda v: S.set_line(i, "scope", v),
                    [rx.el.option(word(f"decl_scope_{s}"), value=s) for s in SCOPES]),
            _select("d-template-" + n, "decl_template", line.template, lambda v: S.apply_template(i, v),
                    [rx.el.option(word("decl_no_template"), value=""), named(S.template_choices)]),
            _select("d-availability-" + n, "decl_new_status", line.availability,
                    lambda v: S.set_line(i, "availability", v), availability_options()),
            columns=rx.breakpoints(initial="1", md="4"), spacing="2",
        ),
        rx.match(
            line.scope,
            ("provinces", rx.box(rx.text(word("decl_scope_choose_provinces"), size="2", weight="bold"),
                                 rx.box(rx.foreach(S.provinces, lambda p: _tick(i, p[0], p[1], line.codes.contains(p[0]))),
                                        class_name="ticks"))),
            ("office_types", rx.box(rx.text(word("decl_scope_choose_types"), size="2", weight="bold"),
                                    rx.box(*(_tick(i, code, word(f"office_type_{code}"), line.codes.contains(code))
                                             for code in OFFICE_TYPES), class_name="ticks"))),
            ("offices", rx.cond(S.picker_line == i, office_picker(S, "d-"),
                                rx.box(rx.text(line.offices.length(), " · ",
                                               rx.foreach(line.offices, lambda o: rx.el.span(o[1], " "))),
                                       rx.button(word("picker_label"), size="1", variant="soft",
                                                 on_click=S.choose_offices_for(i))))),
            rx.fragment(),
        ),
        rx.grid(
            rx.box(rx.el.label(word("decl_advice_ind"), html_for="d-advice_ind-" + n, class_name="field-label"),
                   rx.text_area(id="d-advice_ind-" + n, value=line.advice_ind, rows="2", debounce_timeout=250,
                                on_change=lambda v: S.set_line(i, "advice_ind", v))),
            rx.box(rx.el.label(word("decl_advice_en"), html_for="d-advice_en-" + n, class_name="field-label"),
                   rx.text_area(id="d-advice_en-" + n, value=line.advice_en, rows="2", debounce_timeout=250,
                                on_change=lambda v: S.set_line(i, "advice_en", v))),
            columns=rx.breakpoints(initial="1", md="2"), spacing="2",
        ),
        rx.button(word("decl_remove_line"), size="1", variant="outline", color_scheme="red",
                  on_click=S.remove_line(i), id="d-remove-" + n),
        class_name="card declare-line",
        id="d-line-" + n,
    )


def declare_page() -> rx.Component:
    return workspace(
        "decl_page_title",
        rx.text(word("decl_intro"), size="2"),
        rx.grid(_text("title_ind", "decl_title_ind"), _text("title_en", "decl_title_en"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3"),
        rx.foreach(S.lines, _line),
        rx.hstack(
            rx.el.select(rx.el.option(word("decl_add_from_template"), value=""), named(S.template_choices),
                         value="", on_change=S.add_from_template, id="d-add-template", class_name="native-select",
                         aria_label=word("decl_add_from_template")),
            rx.button(word("decl_add_line"), on_click=S.add_line, variant="soft", id="d-add-line"),
            wrap="wrap", spacing="2", align="center",
        ),
        rx.box(
            rx.heading(word("decl_notice"), as_="h2", size="4"),
            rx.button(word("decl_compose"), on_click=S.compose, variant="soft", size="1", id="d-compose"),
            rx.grid(_text("lede_ind", "decl_lede_ind", area=True), _text("lede_en", "decl_lede_en", area=True),
                    _text("body_ind", "decl_body_ind", area=True), _text("body_en", "decl_body_en", area=True),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3"),
            class_name="card",
        ),
        rx.hstack(
            rx.button(word("decl_preview"), on_click=S.preview, id="d-preview", variant="soft"),
            rx.button(word("decl_confirm"), on_click=S.confirm, id="d-confirm", disabled=S.preview_count < 0,
                      color_scheme="red"),
            wrap="wrap",
        ),
        rx.cond(
            S.preview_count >= 0,
            rx.box(
                rx.text(S.preview_line, weight="bold", id="d-preview-count"),
                rx.box(rx.el.table(
                    rx.el.thead(rx.el.tr(rx.el.th(word("office"), scope="col"), rx.el.th(word("service"), scope="col"),
                                         rx.el.th(word("status"), scope="col"))),
                    rx.el.tbody(rx.foreach(S.preview_rows, lambda r: rx.el.tr(
                        rx.el.td(r.office), rx.el.td(r.service),
                        rx.el.td(rx.el.span(word_of("availability_", r.now, AVAILABILITIES), class_name="status-" + r.now),
                                 " → ",
                                 rx.el.span(word_of("availability_", r.new, AVAILABILITIES),
                                            class_name="status-" + r.new))))),
                    class_name="affected-table", id="d-preview-list"), class_name="table-scroll"),
                class_name="card",
            ),
        ),
        rx.cond(
            S.declared_incident > 0,
            rx.hstack(
                # S.declared_incident, S.declared_notice: on its class a state field is a Var (mypy sees the field's type).
                rx.link(word("ws_nav_incidents"),
                        href="/admin/insiden/" + S.declared_incident.to_string(),  # type: ignore[attr-defined]
                        id="d-incident-link"),
                rx.link(word("ws_nav_notices"),
                        href="/admin/pengumuman/" + S.declared_notice.to_string(),  # type: ignore[attr-defined]
                        id="d-notice-link"),
            ),
        ),
    )

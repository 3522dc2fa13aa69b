"""/admin/status : change availability for one office or many, with a preview first."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import AVAILABILITIES, availability_options, cell_selector_fields, choice, named
from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.availability import AvailabilityEditorState as S


def status_page() -> rx.Component:
    return workspace(
        "ws_status_title",
        rx.text(word("ws_status_intro")),
        rx.grid(
            *cell_selector_fields(S),
            choice(S, "availability", "ws_new_status", availability_options()),
            choice(S, "incident_id", "ws_incident", [rx.el.option("—", value=""), named(S.incidents)]),
            field("decl_advice_ind", rx.text_area(id="advice_ind", value=S.form["advice_ind"], rows="3", debounce_timeout=300,
                                                 on_change=lambda v: S.set_field("advice_ind", v)), "advice_ind"),
            field("decl_advice_en", rx.text_area(id="advice_en", value=S.form["advice_en"], rows="3", debounce_timeout=300,
                                                 on_change=lambda v: S.set_field("advice_en", v)), "advice_en"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="3",
        ),
        rx.hstack(
            rx.button(word("ws_preview"), on_click=S.preview, id="preview", variant="soft"),
            rx.button(word("ws_apply"), on_click=S.apply, id="apply", disabled=S.preview_count < 0),
        ),
        rx.cond(
            S.preview_count >= 0,
            rx.box(
                rx.text(S.preview_count, " ", word("ws_will_change"), weight="bold", id="preview-count"),
                rx.el.ul(rx.foreach(S.preview_rows, lambda r: rx.el.li(
                    r.office, " · ", r.service, " (", word_of("availability_", r.now, AVAILABILITIES), ")"))),
                class_name="card",
            ),
        ),
    )

"""The searchable office picker: type a name, a city or a code, click the office; chosen ones as chips."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.words import word


def office_picker(state, prefix: str = "") -> rx.Component:
    """For a state using OfficePickerMixin; `prefix` keeps element ids unique per page."""
    search_id = f"{prefix}office-search"
    return rx.box(
        rx.el.label(word("picker_label"), html_for=search_id, class_name="field-label"),
        rx.input(id=search_id, value=state.picker_query, placeholder=word("picker_placeholder"), type="search",
                 debounce_timeout=250, on_change=state.search_offices, auto_complete="off"),
        rx.cond(
            state.picker_query != "",
            rx.cond(
                state.picker_results.length() > 0,
                rx.el.ul(rx.foreach(state.picker_results, lambda o: rx.el.li(rx.el.button(
                    o[1], rx.el.span(" · ", o[2], class_name="picker-city"), type="button",
                    class_name="picker-result", on_click=state.pick_office(o[0]), data_code=o[0]))),
                    class_name="picker-results", id=f"{prefix}office-results"),
                rx.text(word("picker_no_match"), size="2", class_name="picker-empty"),
            ),
        ),
        rx.box(
            rx.text(word("picker_chosen"), size="2", weight="bold"),
            rx.cond(
                state.picked.length() > 0,
                rx.el.ul(rx.foreach(state.picked, lambda o: rx.el.li(
                    o[1], rx.el.button("×", type="button", class_name="chip-remove",
                                       aria_label=o[1], on_click=state.unpick_office(o[0])),
                    class_name="chip", data_code=o[0])), class_name="chips", id=f"{prefix}office-picked"),
                rx.text(word("picker_none"), size="2"),
            ),
        ),
        class_name="office-picker",
    )

"""The selector fields of the availability and maintenance forms: service, province, office type, offices."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from imigrasi_site.core.models import Availability
from imigrasi_site.ui.components.office_picker import office_picker
from imigrasi_site.ui.components.words import word
from imigrasi_site.ui.components.workspace import field

OFFICE_TYPES = ("kanim", "ulp", "ukk", "tpi_airport", "tpi_seaport", "tpi_land")
AVAILABILITIES = tuple(a.value for a in Availability)


def office_type_options(any_key: str = "ws_sel_any_type") -> list[rx.Component]:
    return [rx.el.option(word(any_key), value=""),
            *(rx.el.option(word(f"office_type_{code}"), value=code) for code in OFFICE_TYPES)]


def availability_options(codes: Sequence[str] = AVAILABILITIES) -> list[rx.Component]:
    return [rx.el.option(word(f"availability_{code}"), value=code) for code in codes]


def choice(state, name: str, label: str, options: Sequence, prefix: str = "") -> rx.Component:
    """A native drop-down bound to `state.form[name]` through the form's set_field handler."""
    return field(label, rx.el.select(*options, id=prefix + name, value=state.form[name],
                                     on_change=lambda v: state.set_field(name, v), class_name="native-select"),
                 prefix + name)


def named(options_var) -> rx.Component:
    return rx.foreach(options_var, lambda o: rx.el.option(o[1], value=o[0]))


def cell_selector_fields(state, prefix: str = "") -> list[rx.Component]:
    """The fields of a state using CellSelectorMixin; `prefix` keeps element ids unique per page."""
    return [
        choice(state, "service", "ws_sel_service",
               [rx.el.option(word("ws_sel_all_services"), value=""), named(state.services)], prefix),
        choice(state, "province", "ws_sel_province",
               [rx.el.option(word("ws_sel_all_provinces"), value=""), named(state.provinces)], prefix),
        choice(state, "office_type", "ws_sel_office_type", office_type_options(), prefix),
        office_picker(state, prefix),
    ]

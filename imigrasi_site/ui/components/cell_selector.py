"""The selector fields of the availability and maintenance forms: service, province, office type, codes."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from imigrasi_site.ui.components.workspace import field

OFFICE_TYPES = (("", "Semua jenis / Any type"), ("kanim", "Kantor Imigrasi"), ("ulp", "Unit Layanan Paspor"),
                ("ukk", "Unit Kerja Keimigrasian"), ("tpi_airport", "TPI bandara"), ("tpi_seaport", "TPI pelabuhan"),
                ("tpi_land", "PLBN"))


def choice(state, name: str, label: str, options: Sequence, prefix: str = "") -> rx.Component:
    """A native drop-down bound to `state.<name>` through the form's set_field handler."""
    return field(label, rx.el.select(*options, id=prefix + name, value=getattr(state, name),
                                     on_change=lambda v: state.set_field(name, v), class_name="native-select"),
                 prefix + name)


def _named(options_var) -> rx.Component:
    return rx.foreach(options_var, lambda o: rx.el.option(o[1], value=o[0]))


def cell_selector_fields(state, prefix: str = "") -> list[rx.Component]:
    """The four fields of a state using CellSelectorMixin; `prefix` keeps element ids unique per page."""
    return [
        choice(state, "service", "Layanan / Service",
               [rx.el.option("Semua layanan / All services", value=""), _named(state.services)], prefix),
        choice(state, "province", "Provinsi / Province",
               [rx.el.option("Semua provinsi / All provinces", value=""), _named(state.provinces)], prefix),
        choice(state, "office_type", "Jenis kantor / Office type",
               [rx.el.option(label, value=v) for v, label in OFFICE_TYPES], prefix),
        field("Kode kantor, dipisah koma / Office codes, comma-separated",
              rx.input(id=prefix + "office_codes", value=state.office_codes, debounce_timeout=300,
                       on_change=lambda v: state.set_field("office_codes", v)), prefix + "office_codes"),
    ]

"""/ : the national summary, ongoing disruptions, latest notices and an office search box."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import answer, national_map, page


def home_page() -> rx.Component:
    return page(answer(), national_map())

"""/insiden/[id] : one incident, its timeline, and the services it affects."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import answer, national_map, page


def incident_page() -> rx.Component:
    return page(answer(), national_map())

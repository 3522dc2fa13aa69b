"""/kantor/[code] : one office, its services today, and what to do; subscribing to it."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import answer, page
from imigrasi_site.ui.components.subscribe import office_subscribe_form
from imigrasi_site.ui.state.public import OfficeState


def office_page() -> rx.Component:
    return page(answer(), rx.cond(OfficeState.office_code != "", office_subscribe_form()))

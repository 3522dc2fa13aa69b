"""/pengumuman : notices, newest first, with paging, a filter by incident, and subscribing."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import answer, page
from imigrasi_site.ui.components.subscribe import notices_subscribe_form


def notices_page() -> rx.Component:
    return page(answer(), notices_subscribe_form())

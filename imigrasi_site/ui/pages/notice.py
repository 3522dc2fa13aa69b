"""/pengumuman/[slug] : one notice, its whole body."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import answer, page


def notice_page() -> rx.Component:
    return page(answer())

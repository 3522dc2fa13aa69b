"""Any unknown address."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import answer, page


def not_found_page() -> rx.Component:
    return page(answer())

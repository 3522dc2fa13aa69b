"""Any unknown address."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import not_found, page


def not_found_page() -> rx.Component:
    return page(not_found("not_found_page", "/kantor", "back_offices"))

"""The header frame both editions share: a skip link past the navigation, then the bar.

The public one must match render/templates/header.html, so that nothing moves when the live
edition replaces the server's copy; the workspace's adds its own class for its wider bar.
"""

from __future__ import annotations

import reflex as rx


def site_header(skip_label: str | rx.Var, *bar: rx.Component, bar_class: str = "") -> rx.Component:
    return rx.el.header(
        rx.el.a(skip_label, href="#main", class_name="skip-link"),
        rx.el.div(*bar, class_name=f"header-bar {bar_class}".strip()),
        class_name="site-header",
    )

"""Availability shown by a word and an icon, never by colour alone."""

from __future__ import annotations

import reflex as rx


def status_badge(availability: rx.Var, label: rx.Var, icon: rx.Var) -> rx.Component:
    return rx.el.span(
        rx.el.span(icon, aria_hidden="true", class_name="status-icon"),
        rx.el.span(label),
        class_name="status status-" + availability,
    )

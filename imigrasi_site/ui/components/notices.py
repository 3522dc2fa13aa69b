"""A notice as the editor's preview shows it."""

from __future__ import annotations

import reflex as rx


def notice_article(title, meta_line, lede, body) -> rx.Component:
    return rx.fragment(
        rx.heading(title, as_="h1", size="7", class_name="notice-title"),
        rx.cond(meta_line != "", rx.text(meta_line, size="2", class_name="meta")),
        rx.text(lede, size="4", class_name="lede"),
        # Bodies are stored cleaned; use_raw=False keeps any HTML in them as plain text.
        rx.box(rx.markdown(body, use_raw=False), class_name="notice-body"),
    )

"""Cards for notices and incidents, shared by the home, office and notices pages."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import href, tr


def notice_card(card) -> rx.Component:
    return rx.el.article(
        rx.heading(rx.link(card.title, href=href("/pengumuman/" + card.slug)), as_="h3", size="4"),
        rx.text(card.published, size="2", class_name="meta"),
        rx.text(card.lede),
        rx.cond(card.english_missing, rx.text(tr("english_missing"), size="2", class_name="meta")),
        class_name="card notice-card",
    )


def incident_card(card) -> rx.Component:
    return rx.el.article(
        rx.heading(rx.link(card.title, href=href("/insiden/" + card.id.to_string())), as_="h3", size="4"),
        rx.hstack(
            rx.el.span(card.status_label, class_name="incident-status incident-" + card.status),
            rx.text(card.started, size="2", class_name="meta"),
            wrap="wrap",
        ),
        rx.text(card.latest),
        class_name="card incident-card",
    )


def notice_article(title, meta_line, lede, body) -> rx.Component:
    """A notice as the public reads it; the editor's preview uses the same component."""
    return rx.fragment(
        rx.heading(title, as_="h1", size="7", class_name="notice-title"),
        rx.cond(meta_line != "", rx.text(meta_line, size="2", class_name="meta")),
        rx.text(lede, size="4", class_name="lede"),
        # Bodies are stored cleaned; use_raw=False keeps any HTML in them as plain text.
        rx.box(rx.markdown(body, use_raw=False), class_name="notice-body"),
    )

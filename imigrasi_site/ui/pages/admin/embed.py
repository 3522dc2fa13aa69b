"""/admin/embed : build the <iframe> code for a press page, with a live preview of the embed."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.embed_options import EMBED_SIZES
from imigrasi_site.ui.components.words import as_words, word
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.embed import NATIONAL
from imigrasi_site.ui.state.embed import EmbedSnippetState as S


def _select(name: str, label: str, options, value=None) -> rx.Component:
    return field(label, rx.el.select(*options, id=name, value=getattr(S, name) if value is None else value,
                                     on_change=lambda v: S.set_option(name, v), class_name="native-select"), name)


def _options(pairs) -> list[rx.Component]:
    return [rx.el.option(as_words(label), value=value) for value, label in pairs]


def embed_page() -> rx.Component:
    return workspace(
        "em_title",
        rx.text(word("em_intro")),
        rx.grid(
            _select("office_code", "em_office", [
                rx.el.option(word("national_summary"), value=NATIONAL),
                rx.foreach(S.offices, lambda office: rx.el.option(office.name, value=office.code)),
            ]),
            _select("size", "em_size", [rx.el.option(word(f"em_size_{key}"), f" ({size.width} px)", value=key)
                                        for key, size in EMBED_SIZES.items()]),
            _select("lang", "em_language", _options((("id", "Bahasa Indonesia"), ("en", "English")))),
            _select("theme", "em_theme", _options((("light", "em_theme_light"), ("dark", "em_theme_dark")))),
            _select("compact", "em_variant", _options((("0", "em_full"), ("1", "em_compact"))),
                    value=rx.cond(S.compact, "1", "0")),
            columns=rx.breakpoints(initial="1", md="3"), spacing="3",
        ),
        field("em_code",
              rx.text_area(value=S.snippet, read_only=True, rows="4", id="snippet", class_name="snippet"), "snippet"),
        rx.hstack(rx.button(word("em_copy"), on_click=rx.set_clipboard(S.snippet), id="copy-snippet",
                            variant="soft")),
        rx.heading(word("ne_preview"), as_="h2", size="4"),
        rx.el.iframe(src=S.frame_src, title=S.frame_title, width=S.frame_width, height=S.frame_height,
                     id="embed-preview", class_name="embed-preview"),
    )

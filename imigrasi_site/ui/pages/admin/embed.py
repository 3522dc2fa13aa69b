"""/admin/embed : build the <iframe> code for a press page, with a live preview of the embed."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.embed_options import EMBED_SIZES
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.embed import NATIONAL
from imigrasi_site.ui.state.embed import EmbedSnippetState as S

SIZE_LABELS = {"small": "Kecil / Small", "medium": "Sedang / Medium", "large": "Besar / Large"}


def _select(name: str, label: str, options, value=None) -> rx.Component:
    return field(label, rx.el.select(*options, id=name, value=getattr(S, name) if value is None else value,
                                     on_change=lambda v: S.set_option(name, v), class_name="native-select"), name)


def _options(pairs) -> list[rx.Component]:
    return [rx.el.option(label, value=value) for value, label in pairs]


def embed_page() -> rx.Component:
    return workspace(
        "Sematkan status / Embed the status",
        rx.text("Pilih kantor, ukuran dan bahasa, lalu salin kode ini ke halaman berita Anda. Sematan memperbarui "
                "dirinya tiap menit dan tidak memerlukan JavaScript. / Choose the office, size and language, then "
                "copy this code into your news page. The embed refreshes itself every minute and needs no "
                "JavaScript."),
        rx.grid(
            _select("office_code", "Kantor / Office", [
                rx.el.option("Ringkasan nasional / National summary", value=NATIONAL),
                rx.foreach(S.offices, lambda office: rx.el.option(office.name, value=office.code)),
            ]),
            _select("size", "Ukuran / Size", _options(
                (key, f"{SIZE_LABELS[key]} ({size.width} px)") for key, size in EMBED_SIZES.items())),
            _select("lang", "Bahasa / Language", _options((("id", "Bahasa Indonesia"), ("en", "English")))),
            _select("theme", "Tema / Theme", _options((("light", "Terang / Light"), ("dark", "Gelap / Dark")))),
            _select("compact", "Varian / Variant", _options((("0", "Lengkap / Full"), ("1", "Ringkas / Compact"))),
                    value=rx.cond(S.compact, "1", "0")),
            columns=rx.breakpoints(initial="1", md="3"), spacing="3",
        ),
        field("Kode untuk disalin / Code to copy",
              rx.text_area(value=S.snippet, read_only=True, rows="4", id="snippet", class_name="snippet"), "snippet"),
        rx.hstack(rx.button("Salin kode / Copy code", on_click=rx.set_clipboard(S.snippet), id="copy-snippet",
                            variant="soft")),
        rx.heading("Pratinjau / Preview", as_="h2", size="4"),
        rx.el.iframe(src=S.frame_src, title=S.frame_title, width=S.frame_width, height=S.frame_height,
                     id="embed-preview", class_name="embed-preview"),
        state=S,
    )

"""What an embed can be asked for, and the snippet an editor pastes into a press page.

Shared by the embed routes (which read the options from a query) and the workspace's
snippet builder (which writes them into an address), so both agree on every value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from imigrasi_site.core import links
from imigrasi_site.core.i18n import language

THEMES = ("light", "dark")


@dataclass(frozen=True, slots=True)
class EmbedSize:
    width: int
    height: int
    compact_height: int


# Frame sizes offered to editors in the snippet builder (pixels).
EMBED_SIZES = {
    "small": EmbedSize(300, 560, 380),
    "medium": EmbedSize(400, 600, 340),
    "large": EmbedSize(560, 640, 320),
}


@dataclass(frozen=True, slots=True)
class EmbedOptions:
    lang: str = "id"
    theme: str = "light"
    compact: bool = False


def parse_embed_options(params: Mapping[str, Sequence[str]]) -> EmbedOptions:
    """Unknown parameters and values fall back to the defaults rather than breaking a press page."""
    def first(name: str) -> str:
        values = params.get(name) or [""]
        return values[0]

    theme = first("theme")
    return EmbedOptions(
        lang=language(first("lang")),
        theme=theme if theme in THEMES else "light",
        compact=first("compact").lower() in ("1", "true", "yes"),
    )


def embed_url(base: str, office_code: str | None, options: EmbedOptions) -> str:
    """The embed's address with only the options that differ from the defaults."""
    url = links.office_embed(base, office_code) if office_code else links.status_embed(base)
    query = {}
    if options.lang != "id":
        query["lang"] = options.lang
    if options.theme != "light":
        query["theme"] = options.theme
    if options.compact:
        query["compact"] = "1"
    return f"{url}?{urlencode(query)}" if query else url


def iframe_snippet(url: str, title: str, size: EmbedSize, compact: bool) -> str:
    height = size.compact_height if compact else size.height
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="{size.width}" height="{height}" '
        f'style="border:0;max-width:100%" loading="lazy"></iframe>'
    )

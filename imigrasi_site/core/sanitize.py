"""Cleaning editor text on save, and rendering Markdown for server-made HTML.

Editor text is untrusted. Markdown sources are stored with every HTML tag and
every link to a non-web scheme removed; pages render them with raw HTML off, and
the server-side renderer (feeds, embeds, meta) escapes HTML and cleans its output
again with an allow-list.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
from markdown_it import MarkdownIt

# Control characters other than tab and newline have no place in a notice.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SAFE_SCHEMES = {"http", "https", "mailto"}
# A Markdown link or image target: ](target) with optional title.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)>?")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _strip_tags_to_fixed_point(text: str) -> str:
    # Entity-encoded tags would reappear after unescaping, so repeat until nothing changes.
    for _ in range(5):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    return text


def _is_safe_target(target: str) -> bool:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    compact = re.sub(r"[\s\x00-\x1f]", "", html.unescape(target))
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def _drop_unsafe_link_targets(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return match.group(0) if _is_safe_target(match.group(1)) else "]("

    return _LINK_TARGET.sub(replace, text)


def clean_plain(text: object) -> str:
    """A single-line field (title, lede): no tags, no control characters, normalized spaces."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _strip_tags_to_fixed_point(text)
    return " ".join(text.split())


def clean_markdown(text: object) -> str:
    """A Markdown body as it may be stored."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _strip_tags_to_fixed_point(text)
    return _drop_unsafe_link_targets(text).strip()


def render_markdown_html(text: str) -> str:
    """HTML for server-rendered places (feeds, embeds); safe even for uncleaned input."""
    rendered = _markdown.render(text)
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=_SAFE_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )

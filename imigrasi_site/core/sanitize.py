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
# Inline link or image targets: ](<dest>) or ](dest ...
_INLINE_TARGET = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")
# Link reference definitions: [label]: dest (the destination may follow on the next line).
_REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)[^\n]*$")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_ESCAPED_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


class _PermissiveMarkdown(MarkdownIt):
    """A reader that accepts every link, to see each target as a browser would get it."""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url


_permissive = _PermissiveMarkdown("commonmark", {"html": False, "linkify": False}).enable("table")


def _strip_tags_to_fixed_point(text: str) -> str:
    # Entity-encoded tags would reappear after unescaping, so repeat until nothing changes;
    # unescaping only shortens, so this ends. If it somehow does not, keep the entities.
    for _ in range(100):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            return text
        text = cleaned
    return nh3.clean(text, tags=set())


def _is_safe_target(target: str) -> bool:
    """Whether a link target, as CommonMark and a browser read it, uses a web scheme or none."""
    target = target.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    target = _ESCAPED_PUNCTUATION.sub(r"\1", html.unescape(target))
    # Browsers ignore whitespace and control characters inside and before a scheme ("java\tscript:").
    compact = re.sub(r"[\s\x00-\x1f]", "", target)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def _drop_unsafe_link_targets(text: str) -> str:
    text = _INLINE_TARGET.sub(lambda m: m.group(0) if _is_safe_target(m.group(1)) else "](", text)
    text = _REFERENCE.sub(lambda m: m.group(0) if _is_safe_target(m.group(1)) else "", text)
    # Last line of defence: if a trick still yields an unsafe link, no link survives in this text.
    if not all(_is_safe_target(url) for url in _link_targets(text)):
        text = text.replace("[", "\\[")
    return text


def _link_targets(text: str) -> list[str]:
    targets = []
    for block in _permissive.parse(text):
        for token in block.children or ():
            if token.type in ("link_open", "image"):
                targets.append(str(token.attrGet("href") or token.attrGet("src") or ""))
    return targets


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
    # Keep web autolinks (<https://...>), which tag stripping would otherwise eat, as plain links.
    text = _AUTOLINK.sub(lambda m: f"[{m.group(1)}]({m.group(1)})", text)
    text = _strip_tags_to_fixed_point(text)
    # Notices carry no images (they would load from anywhere): an image becomes a link to it.
    text = text.replace("![", "[")
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

"""Absolute links to the site's pages and public routes, in a reader's language."""

from __future__ import annotations

from urllib.parse import quote


def with_lang(url: str, lang: str) -> str:
    """Indonesian is the default; an English link says so, so it opens in English when shared."""
    return f"{url}{'&' if '?' in url else '?'}lang=en" if lang == "en" else url


def office_page(base: str, code: str, lang: str = "id") -> str:
    return with_lang(f"{base}/kantor/{quote(code, safe='')}", lang)


def notice_page(base: str, slug: str, lang: str = "id") -> str:
    return with_lang(f"{base}/pengumuman/{quote(slug, safe='')}", lang)


def incident_page(base: str, incident_id: int, lang: str = "id") -> str:
    return with_lang(f"{base}/insiden/{incident_id}", lang)


def home_page(base: str, lang: str = "id") -> str:
    return with_lang(f"{base}/", lang)


def notices_page(base: str, lang: str = "id") -> str:
    return with_lang(f"{base}/pengumuman", lang)


def office_embed(base: str, code: str) -> str:
    return f"{base}/embed/kantor/{quote(code, safe='')}"


def status_embed(base: str) -> str:
    return f"{base}/embed/status"


def office_feed(base: str, code: str, lang: str = "id") -> str:
    return with_lang(f"{base}/feeds/kantor/{quote(code, safe='')}.atom", lang)


def office_badge(base: str, code: str) -> str:
    return f"{base}/badge/kantor/{quote(code, safe='')}.svg"

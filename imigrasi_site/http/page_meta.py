"""Per-page title, description and link-preview tags in the HTML the server sends.

Reflex prerenders pages with default state, and dynamic routes (/pengumuman/[slug])
get one shared shell. Crawlers and chat apps read only that HTML, so the public pages
(`public_pages.py`) write each notice's, office's and incident's own title and
description (Open Graph and Twitter tags), schema.org JSON-LD for offices and
notices, and the page language into it, from the public read model.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, unquote

from starlette.types import Scope

from imigrasi_site.core import links
from imigrasi_site.core.i18n import LANGUAGES, pick, t
from imigrasi_site.core.presenters import service_name
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.http.structured_data import (
    government_organization_json_ld,
    json_ld_script,
    notice_graph,
    office_json_ld,
)

_ROUTES = {
    "pengumuman": "notice",
    "kantor": "office",
    "insiden": "incident",
}
_DYNAMIC = re.compile(r"^/(pengumuman|kantor|insiden)/([^/]+)/?$")
_TITLE = re.compile(rb"<title>.*?</title>", re.S)
_META = re.compile(rb'<meta[^>]+(?:property|name)="(?:og:[a-z_:]+|twitter:[a-z_:]+|description)"[^>]*/?>')
_HTML_TAG = re.compile(rb"<html([^>]*)>")
_LANG_ATTR = re.compile(rb'\slang="[^"]*"')
MAX_DESCRIPTION = 200


@dataclass(frozen=True)
class PageMeta:
    title: str  # the thing's own title, as link previews show it
    description: str
    og_type: str = "website"
    site_name: str = ""
    structured_data: dict[str, Any] | None = None  # schema.org JSON-LD

    @property
    def document_title(self) -> str:
        return f"{self.title} | {self.site_name}" if self.site_name else self.title


def _short(text: str) -> str:
    text = " ".join(text.replace("#", "").replace("*", "").split())
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


def page_meta(snapshot: PublicSnapshot, path: str, lang: str) -> PageMeta | None:
    """Title and description of a dynamic page; None when its slug, code or id is unknown.

    Raises LookupError for paths that are not dynamic pages.
    """
    match = _DYNAMIC.match(path)
    if match is None:
        raise LookupError(path)
    kind, key = _ROUTES[match.group(1)], unquote(match.group(2))
    site = t("site_name", lang)
    base = get_settings().public_url
    if kind == "notice":
        notice = snapshot.notice(key)
        if notice is None:
            return None
        english = lang == "en" and notice.has_english
        title = notice.title_en if english else notice.title_ind
        lede = (notice.lede_en if english else notice.lede_ind) or (notice.body_en if english else notice.body_ind)
        article = notice_graph(snapshot, notice, lang, links.notice_page(base, notice.slug, lang), site,
                               links.home_page(base), lambda code: links.office_page(base, code))
        return PageMeta(title, _short(lede), "article", site, article)
    if kind == "office":
        office = snapshot.office(key)
        if office is None:
            return None
        disrupted = [c for c in office.cells if c.availability != "normal"]
        if disrupted:
            parts = []
            for cell in disrupted:
                name = service_name(snapshot, cell.service_code, lang)
                parts.append(f"{name}: {t('availability_' + cell.availability, lang)}")
            description = "; ".join(parts)
        else:
            description = t("office_all_normal", lang)
        return PageMeta(office.name, _short(f"{office.city}, {office.province_name}. {description}"), site_name=site,
                        structured_data=office_json_ld(office, links.office_page(base, office.code), snapshot))
    incident = snapshot.incident(key)
    if incident is None:
        return None
    title = pick(lang, incident.title_ind, incident.title_en)[0]
    summary = pick(lang, incident.summary_ind, incident.summary_en)[0]
    status = t(f"incident_status_{incident.status}", lang)
    return PageMeta(title, _short(f"{status}. {summary}"), "article", site)


def request_cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies by name; none for a malformed header (the client's problem, not a 500)."""
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                return {}
            return {key: morsel.value for key, morsel in cookie.items()}
    return {}


def request_language(scope: Scope) -> str:
    """`?lang=`, else the remembered `lang` cookie, else Indonesian."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    wanted = (query.get("lang") or [""])[0]
    if wanted in LANGUAGES:
        return wanted
    remembered = request_cookies(scope).get("lang", "")
    return remembered if remembered in LANGUAGES else "id"


def meta_tags(meta: PageMeta, url: str) -> bytes:
    title = html.escape(meta.title, quote=True)
    document_title = html.escape(meta.document_title, quote=True)
    site = html.escape(meta.site_name, quote=True)
    description = html.escape(meta.description, quote=True)
    url = html.escape(url, quote=True)
    return (
        f"<title>{document_title}</title>"
        f'<meta name="description" content="{description}"/>'
        f'<meta property="og:title" content="{title}"/>'
        f'<meta property="og:description" content="{description}"/>'
        f'<meta property="og:type" content="{meta.og_type}"/>'
        f'<meta property="og:url" content="{url}"/>'
        f'<meta property="og:site_name" content="{site}"/>'
        f'<meta name="twitter:card" content="summary"/>'
        f'<meta name="twitter:title" content="{title}"/>'
        f'<meta name="twitter:description" content="{description}"/>'
        + (json_ld_script(meta.structured_data) if meta.structured_data else "")
    ).encode()


def site_json_ld(lang: str) -> bytes:
    """The home page names the organization behind the site."""
    base = get_settings().public_url
    return json_ld_script(government_organization_json_ld(t("site_name", lang), links.home_page(base))).encode()


def rewrite_document(document: bytes, lang: str, meta: PageMeta | None, url: str, extra_head: bytes = b"") -> bytes:
    def set_lang(match: re.Match[bytes]) -> bytes:
        attrs = _LANG_ATTR.sub(b"", match.group(1))
        return b"<html" + attrs + b' lang="' + lang.encode() + b'">'

    document = _HTML_TAG.sub(set_lang, document, count=1)
    if meta is not None:
        document = _META.sub(b"", document)
        tags = meta_tags(meta, url)
        if _TITLE.search(document):
            document = _TITLE.sub(lambda _m: tags, document, count=1)
        else:
            document = document.replace(b"</head>", tags + b"</head>", 1)
    if extra_head:
        document = document.replace(b"</head>", extra_head + b"</head>", 1)
    return document

"""/sitemap.xml and /robots.txt, rendered from the read model.

The sitemap lists every public page in both languages: Indonesian at the page's own address,
English at the same address with `?lang=en`. Each entry names both as `hreflang`
alternates (and Indonesian as `x-default`), so the pairs are reciprocal, as search engines
require. `lastmod` is when the page's content last changed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from imigrasi_site.core import links
from imigrasi_site.core.i18n import LANGUAGES
from imigrasi_site.core.offices import office_incident_ids, office_notices
from imigrasi_site.core.public_shapes import iso_utc
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import OfficeView
from imigrasi_site.http.rendered import FEED_CACHE, TEXT, Rendered

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML = "application/xml; charset=utf-8"
# Where editors work: never for crawlers (the pages also need a sign-in).
DISALLOWED = ("/admin",)


@dataclass(frozen=True, slots=True)
class SitePage:
    """One public page: its address without the language, and when its content last changed."""

    path: str
    lastmod: datetime


def _latest(moments: Iterable[datetime], fallback: datetime) -> datetime:
    return max(moments, default=fallback)


def _office_lastmod(snapshot: PublicSnapshot, office: OfficeView) -> datetime:
    notices = office_notices(office, snapshot.notices, office_incident_ids(office, snapshot.incidents))
    moments = [c.since for c in office.cells] + [n.updated_at for n in notices]
    moments += [w.starts_at for w in snapshot.maintenance_for(office.code) if w.starts_at <= snapshot.built_at]
    return _latest(moments, snapshot.built_at)


def public_pages(snapshot: PublicSnapshot) -> list[SitePage]:
    """Home, the office list, every office, the notice list, every notice and every incident."""
    offices = [SitePage(links.office_page("", o.code), _office_lastmod(snapshot, o)) for o in snapshot.offices]
    notices = [SitePage(links.notice_page("", n.slug), n.updated_at) for n in snapshot.notices]
    incidents = [SitePage(links.incident_page("", i.id), i.updated_at) for i in snapshot.incidents]
    newest_office = _latest((p.lastmod for p in offices), snapshot.built_at)
    newest_notice = _latest((p.lastmod for p in notices), snapshot.built_at)
    newest = _latest((newest_office, newest_notice, *(p.lastmod for p in incidents)), snapshot.built_at)
    return [
        SitePage(links.home_page(""), newest),
        SitePage(links.offices_page(""), newest_office),
        *offices,
        SitePage(links.notices_page(""), newest_notice),
        *notices,
        *incidents,
    ]


def sitemap_xml(snapshot: PublicSnapshot, base: str) -> bytes:
    # Unqualified names under literal xmlns attributes: ElementTree's default_namespace
    # cannot go with the prefixed xhtml links.
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for page in public_pages(snapshot):
        addresses = {lang: links.with_lang(base + page.path, lang) for lang in LANGUAGES}
        for lang in LANGUAGES:
            url = ET.SubElement(root, "url")
            ET.SubElement(url, "loc").text = addresses[lang]
            ET.SubElement(url, "lastmod").text = iso_utc(page.lastmod)
            for other, href in (*addresses.items(), ("x-default", addresses["id"])):
                ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": other, "href": href})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def sitemap_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    return Rendered.build(sitemap_xml(snapshot, base), XML, cache_control=FEED_CACHE)


def robots_response(base: str) -> Rendered:
    # Disallow first: crawlers that take the first matching rule (the original standard) and
    # those that take the longest (RFC 9309) then read the same thing.
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /", "",
             f"Sitemap: {base}/sitemap.xml", ""]
    return Rendered.build("\n".join(lines).encode(), TEXT, cache_control=FEED_CACHE)

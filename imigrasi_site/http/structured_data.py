"""schema.org JSON-LD for office and notice pages and the site, for search engines and link previews."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from imigrasi_site.core.offices import COMMON_SERVICE_HOURS
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import NoticeView, OfficeView
from imigrasi_site.http.api import iso_utc

SCHEMA_CONTEXT = "https://schema.org"
# Inside <script>, "</script>" or "<!--" in editor text would end or change the element;
# JSON allows these characters escaped, which HTML then leaves alone.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def office_json_ld(office: OfficeView, url: str) -> dict[str, Any]:
    hours = COMMON_SERVICE_HOURS
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "GovernmentOffice",
        "@id": url,
        "name": office.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": office.address,
            "addressLocality": office.city,
            "addressRegion": office.province_name,
            "addressCountry": "ID",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": office.latitude, "longitude": office.longitude},
        "openingHoursSpecification": [{
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{SCHEMA_CONTEXT}/{day}" for day in hours.days],
            "opens": hours.opens.strftime("%H:%M"),
            "closes": hours.closes.strftime("%H:%M"),
        }],
    }


def government_organization_json_ld(site_name: str, site_url: str) -> dict[str, Any]:
    """The site's publisher: the immigration service, serving all of Indonesia."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "GovernmentOrganization",
        "@id": f"{site_url}#organisasi",
        "name": site_name,
        "url": site_url,
        "logo": f"{site_url.rstrip('/')}/logo.svg",
        "areaServed": {"@type": "Country", "name": "Indonesia"},
    }


def _in_graph(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "@context"}


def notice_json_ld(notice: NoticeView, lang: str, url: str, site_name: str, site_url: str) -> dict[str, Any]:
    english = lang == "en" and notice.has_english
    organization = _in_graph(government_organization_json_ld(site_name, site_url))
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "mainEntityOfPage": url,
        "url": url,
        "headline": notice.title_en if english else notice.title_id,
        "description": (notice.lede_en if english else notice.lede_id) or None,
        "inLanguage": "en" if english else "id",
        "datePublished": iso_utc(notice.published_at),
        "dateModified": iso_utc(notice.updated_at),
        "author": organization,
        "publisher": organization,
    }


def _announcement_offices(snapshot: PublicSnapshot, notice: NoticeView) -> list[OfficeView]:
    """The offices the notice names, else those its incident affects (as the CAP alert's area)."""
    codes = list(notice.office_codes)
    incident = snapshot.incident(notice.incident_id) if notice.incident_id is not None else None
    if not codes and incident is not None:
        codes = list(dict.fromkeys(a.office_code for a in incident.affected))
    return [office for office in (snapshot.office(code) for code in codes) if office is not None]


def special_announcement_json_ld(snapshot: PublicSnapshot, notice: NoticeView, lang: str, url: str,
                                 site_name: str, site_url: str, office_url: Callable[[str], str]) -> dict[str, Any]:
    """A notice as a SpecialAnnouncement: where it applies, when posted, and until when (its incident's end)."""
    english = lang == "en" and notice.has_english
    incident = snapshot.incident(notice.incident_id) if notice.incident_id is not None else None
    offices = _announcement_offices(snapshot, notice)
    locations = [
        {"@type": "GovernmentOffice", "@id": office_url(o.code), "name": o.name, "url": office_url(o.code),
         "address": {"@type": "PostalAddress", "addressLocality": o.city, "addressRegion": o.province_name,
                     "addressCountry": "ID"}}
        for o in offices
    ]
    provinces = list(dict.fromkeys(o.province_name for o in offices))
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "SpecialAnnouncement",
        "@id": f"{url}#pengumuman-khusus",
        "url": url,
        "name": notice.title_en if english else notice.title_id,
        "text": (notice.lede_en if english else notice.lede_id) or (notice.body_en if english else notice.body_id),
        "inLanguage": "en" if english else "id",
        "datePosted": iso_utc(notice.published_at),
        "expires": iso_utc(incident.resolved_at) if incident is not None and incident.resolved_at else None,
        "announcementLocation": locations or None,
        "spatialCoverage": [{"@type": "AdministrativeArea", "name": name} for name in provinces]
        or {"@type": "Country", "name": "Indonesia"},
        "publisher": {"@id": government_organization_json_ld(site_name, site_url)["@id"]},
    }


def notice_graph(snapshot: PublicSnapshot, notice: NoticeView, lang: str, url: str, site_name: str, site_url: str,
                 office_url: Callable[[str], str]) -> dict[str, Any]:
    """NewsArticle and SpecialAnnouncement side by side, in one JSON-LD block."""
    return {"@context": SCHEMA_CONTEXT, "@graph": [
        _in_graph(notice_json_ld(notice, lang, url, site_name, site_url)),
        _in_graph(special_announcement_json_ld(snapshot, notice, lang, url, site_name, site_url, office_url)),
    ]}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def json_ld_script(data: dict[str, Any]) -> str:
    payload = _without_nulls(data)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'

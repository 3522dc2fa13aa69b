"""schema.org JSON-LD for office and notice pages, for search engines and link previews."""

from __future__ import annotations

import json
from typing import Any

from imigrasi_site.core.offices import COMMON_SERVICE_HOURS
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


def notice_json_ld(notice: NoticeView, lang: str, url: str, site_name: str, site_url: str) -> dict[str, Any]:
    english = lang == "en" and notice.has_english
    organization = {"@type": "GovernmentOrganization", "name": site_name, "url": site_url}
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


def json_ld_script(data: dict[str, Any]) -> str:
    payload = {key: value for key, value in data.items() if value is not None}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'

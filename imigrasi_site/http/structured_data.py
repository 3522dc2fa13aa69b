"""schema.org JSON-LD for office and notice pages and the site, for search engines and link previews."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from imigrasi_site.core import hours
from imigrasi_site.core.channels import LINK_KINDS
from imigrasi_site.core.public_shapes import iso_utc
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import NoticeView, OfficeView

SCHEMA_CONTEXT = "https://schema.org"
# Inside <script>, "</script>" or "<!--" in editor text would end or change the element;
# JSON allows these characters escaped, which HTML then leaves alone.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# How far ahead holidays, joint leave and special days are announced as special opening hours.
SPECIAL_HOURS_AHEAD = timedelta(days=90)


def _clock(minutes: int, closing: bool = False) -> str:
    # schema.org writes a day open round the clock as 00:00-23:59; 24:00 is not a time of day.
    return "23:59" if closing and minutes == hours.DAY_MINUTES else hours.clock_text(minutes, "en")


def opening_hours_json_ld(office: OfficeView) -> list[dict[str, Any]]:
    """The usual week, one specification per set of days sharing an interval.

    Only hours a public source confirms: search engines show these to travellers as fact, and
    they cannot carry "not confirmed" (the API and the pages do).
    """
    week = hours.weekly_hours(office)
    if not week.confirmed:
        return []
    by_interval: dict[hours.Interval, list[str]] = {}
    for index, intervals in enumerate(week.days):
        for interval in intervals:
            by_interval.setdefault(interval, []).append(hours.SCHEMA_DAYS[index])
    return [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"{SCHEMA_CONTEXT}/{day}" for day in days],
         "opens": _clock(interval.opens), "closes": _clock(interval.closes, closing=True)}
        for interval, days in sorted(by_interval.items(), key=lambda item: (item[0].opens, item[0].closes))
    ]


def special_opening_hours_json_ld(office: OfficeView, snapshot: PublicSnapshot) -> list[dict[str, Any]]:
    """Days in the coming weeks whose hours differ from the usual week: holidays, joint leave, special days.

    A closed day is written as opening and closing at 00:00, as schema.org's examples do.
    """
    week = hours.weekly_hours(office)
    today = hours.local_day(office, snapshot.built_at)
    specs = []
    for day in hours.days_hours(office, today, today + SPECIAL_HOURS_AHEAD, snapshot.special_days_for(office)):
        usual = week.days[day.day.weekday()] if week.known else None
        if not day.notes or day.status == hours.DayStatus.UNKNOWN.value or day.intervals == usual:
            continue
        if day.status == hours.DayStatus.OPEN.value and day.confidence == hours.Confidence.UNCONFIRMED.value:
            continue  # open as usual, on hours nobody confirmed: nothing to announce
        name = "; ".join(note.name_ind for note in day.notes)
        iso = day.day.isoformat()
        intervals = day.intervals or (hours.Interval(0, 0),)
        specs += [{"@type": "OpeningHoursSpecification", "name": name, "validFrom": iso, "validThrough": iso,
                   "opens": _clock(i.opens), "closes": _clock(i.closes, closing=True)} for i in intervals]
    return specs


def office_json_ld(office: OfficeView, url: str, snapshot: PublicSnapshot) -> dict[str, Any]:
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
        # The office's own numbers and accounts; None leaves the key out where none is public.
        "telephone": next((c.value for c in office.channels if c.kind == "phone"), None),
        "sameAs": [c.value for c in office.channels if c.kind in LINK_KINDS] or None,
        # None leaves the key out (json_ld_script): no hours are claimed where none are confirmed.
        "openingHoursSpecification": opening_hours_json_ld(office) or None,
        "specialOpeningHoursSpecification": special_opening_hours_json_ld(office, snapshot) or None,
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
        "headline": notice.title_en if english else notice.title_ind,
        "description": (notice.lede_en if english else notice.lede_ind) or None,
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
        "name": notice.title_en if english else notice.title_ind,
        "text": (notice.lede_en if english else notice.lede_ind) or (notice.body_en if english else notice.body_ind),
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

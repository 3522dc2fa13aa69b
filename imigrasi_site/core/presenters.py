"""What a page shows, in one language: plain rows of display-ready strings.

Pages, embeds and feeds turn read-model views into these rows, so wording,
time zones and fallbacks are decided once and tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, format_datetime, pick, t, zone_abbreviation
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import CellView, IncidentView, NoticeView, OfficeView, ServiceSummary

AVAILABILITY_ICONS = {"normal": "✓", "limited": "!", "unavailable": "✕"}


@dataclass
class CellRow:
    service_code: str = ""
    service_name: str = ""
    availability: str = ""
    label: str = ""
    icon: str = ""
    since: str = ""
    advice: str = ""
    what_to_do: str = ""


@dataclass
class OfficeRow:
    code: str = ""
    name: str = ""
    type_label: str = ""
    place: str = ""
    distance: str = ""
    cells: list[CellRow] = field(default_factory=list)


@dataclass
class OfficeDetail:
    code: str = ""
    name: str = ""
    type_label: str = ""
    address: str = ""
    city: str = ""
    province: str = ""
    timezone: str = ""
    zone: str = ""
    cells: list[CellRow] = field(default_factory=list)


@dataclass
class SummaryRow:
    service_code: str = ""
    service_name: str = ""
    availability: str = ""
    label: str = ""
    icon: str = ""
    sentence: str = ""


@dataclass
class IncidentCard:
    id: int = 0
    title: str = ""
    status: str = ""
    status_label: str = ""
    started: str = ""
    latest: str = ""


@dataclass
class TimelineEntry:
    status_label: str = ""
    posted: str = ""
    body: str = ""


@dataclass
class AffectedRow:
    office_code: str = ""
    office_name: str = ""
    service_name: str = ""
    availability: str = ""
    label: str = ""
    icon: str = ""


@dataclass
class NoticeCard:
    slug: str = ""
    title: str = ""
    lede: str = ""
    published: str = ""
    english_missing: bool = False


@dataclass
class NoticeDetail:
    slug: str = ""
    title: str = ""
    lede: str = ""
    body: str = ""
    published: str = ""
    updated: str = ""
    english_missing: bool = False
    incident_id: int = 0
    incident_title: str = ""
    offices: list[OfficeLink] = field(default_factory=list)


@dataclass
class OfficeLink:
    code: str = ""
    name: str = ""


def availability_label(availability: str, lang: str) -> str:
    return t(f"availability_{availability}", lang)


def _service_name(snapshot: PublicSnapshot, code: str, lang: str) -> str:
    service = snapshot.service(code)
    if service is None:
        return code
    return pick(lang, service.name_id, service.name_en)[0]


def cell_row(snapshot: PublicSnapshot, cell: CellView, tz_name: str, lang: str) -> CellRow:
    advice = pick(lang, cell.advice_id, cell.advice_en)[0]
    what_to_do = ""
    if cell.availability != "normal":
        what_to_do = advice or t(f"what_to_do_default_{cell.availability}", lang)
    return CellRow(
        service_code=cell.service_code,
        service_name=_service_name(snapshot, cell.service_code, lang),
        availability=cell.availability,
        label=availability_label(cell.availability, lang),
        icon=AVAILABILITY_ICONS[cell.availability],
        since=t("since", lang, when=format_datetime(cell.since, tz_name, lang)),
        advice=advice if cell.availability == "normal" else "",
        what_to_do=what_to_do,
    )


def office_row(snapshot: PublicSnapshot, office: OfficeView, lang: str, distance_km: float | None = None) -> OfficeRow:
    return OfficeRow(
        code=office.code,
        name=office.name,
        type_label=t(f"office_type_{office.type}", lang),
        place=f"{office.city}, {office.province_name}",
        distance=t("distance_km", lang, km=f"{distance_km:,.0f}") if distance_km is not None else "",
        cells=[cell_row(snapshot, cell, office.timezone, lang) for cell in office.cells],
    )


def office_detail(snapshot: PublicSnapshot, office: OfficeView, lang: str) -> OfficeDetail:
    return OfficeDetail(
        code=office.code,
        name=office.name,
        type_label=t(f"office_type_{office.type}", lang),
        address=office.address,
        city=office.city,
        province=office.province_name,
        timezone=office.timezone,
        zone=zone_abbreviation(office.timezone),
        cells=[cell_row(snapshot, cell, office.timezone, lang) for cell in office.cells],
    )


def summary_row(snapshot: PublicSnapshot, summary: ServiceSummary, lang: str) -> SummaryRow:
    if summary.disrupted_since is None:
        sentence = t("summary_all_normal", lang, n=summary.offered_at)
    else:
        counts = ", ".join(
            f"{count} {availability_label(name, lang).lower()}"
            for name, count in (("unavailable", summary.unavailable), ("limited", summary.limited),
                                ("normal", summary.normal))
            if count
        )
        sentence = t(
            "summary_disrupted",
            lang,
            counts=counts,
            n=summary.offered_at,
            since=format_datetime(summary.disrupted_since, NATIONAL_TIMEZONE, lang),
        )
    return SummaryRow(
        service_code=summary.service_code,
        service_name=_service_name(snapshot, summary.service_code, lang),
        availability=summary.national,
        label=availability_label(summary.national, lang),
        icon=AVAILABILITY_ICONS[summary.national],
        sentence=sentence,
    )


def incident_card(incident: IncidentView, lang: str) -> IncidentCard:
    latest = incident.updates[0] if incident.updates else None
    return IncidentCard(
        id=incident.id,
        title=pick(lang, incident.title_id, incident.title_en)[0],
        status=incident.status,
        status_label=t(f"incident_status_{incident.status}", lang),
        started=t("incident_started", lang, when=format_datetime(incident.started_at, NATIONAL_TIMEZONE, lang)),
        latest=pick(lang, latest.body_id, latest.body_en)[0] if latest else "",
    )


def timeline(incident: IncidentView, lang: str) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            status_label=t(f"incident_status_{u.status}", lang),
            posted=format_datetime(u.posted_at, NATIONAL_TIMEZONE, lang),
            body=pick(lang, u.body_id, u.body_en)[0],
        )
        for u in incident.updates
    ]


def affected_rows(snapshot: PublicSnapshot, incident: IncidentView, lang: str) -> list[AffectedRow]:
    rows = []
    for cell in incident.affected:
        office = snapshot.office(cell.office_code)
        rows.append(
            AffectedRow(
                office_code=cell.office_code,
                office_name=office.name if office else cell.office_code,
                service_name=_service_name(snapshot, cell.service_code, lang),
                availability=cell.availability,
                label=availability_label(cell.availability, lang),
                icon=AVAILABILITY_ICONS[cell.availability],
            )
        )
    return rows


def notice_card(notice: NoticeView, lang: str) -> NoticeCard:
    title, missing = pick(lang, notice.title_id, notice.title_en)
    return NoticeCard(
        slug=notice.slug,
        title=title,
        lede=pick(lang, notice.lede_id, notice.lede_en)[0] if not missing else notice.lede_id,
        published=format_datetime(notice.published_at, NATIONAL_TIMEZONE, lang),
        english_missing=missing,
    )


def notice_detail(snapshot: PublicSnapshot, notice: NoticeView, lang: str) -> NoticeDetail:
    english = lang == "en" and notice.has_english
    incident = snapshot.incident(notice.incident_id) if notice.incident_id else None
    return NoticeDetail(
        slug=notice.slug,
        title=notice.title_en if english else notice.title_id,
        lede=(notice.lede_en if english else notice.lede_id),
        body=notice.body_en if english else notice.body_id,
        published=t("published", lang, when=format_datetime(notice.published_at, NATIONAL_TIMEZONE, lang)),
        updated=t("updated", lang, when=format_datetime(notice.updated_at, NATIONAL_TIMEZONE, lang)),
        english_missing=lang == "en" and not english,
        incident_id=incident.id if incident else 0,
        incident_title=pick(lang, incident.title_id, incident.title_en)[0] if incident else "",
        offices=[
            OfficeLink(code, snapshot.office(code).name) for code in notice.office_codes if snapshot.office(code)
        ],
    )

"""What a page shows, in one language: plain rows of display-ready strings.

Pages, embeds and feeds turn read-model views into these rows, so wording,
time zones and fallbacks are decided once and tested without a browser.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from imigrasi_site.core.history import DEFAULT_DAYS, service_history
from imigrasi_site.core.hours import recent_closed_days
from imigrasi_site.core.i18n import (
    NATIONAL_TIMEZONE,
    format_date,
    format_datetime,
    format_number,
    format_time,
    name_in,
    pick,
    t,
    zone_abbreviation,
)
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import (
    CellView,
    IncidentView,
    NoticeView,
    OfficeView,
    ServiceSummary,
)

AVAILABILITY_ICONS = {"normal": "✓", "limited": "!", "unavailable": "✕"}


@dataclass
class ServiceMark:
    """A service's availability as pages show it: the service, the availability, its word and its icon."""

    service_code: str
    service_name: str
    availability: str
    label: str
    icon: str


@dataclass
class CellRow(ServiceMark):
    since: str
    advice: str
    what_to_do: str
    planned: str = ""  # filled in by office_detail, where the office has maintenance coming


@dataclass
class PlannedRow:
    title: str
    period: str
    status_label: str
    effect: str
    services: str
    advice: str


@dataclass
class HistoryRow:
    service_code: str
    service_name: str
    strip: list[str]  # one availability per day, oldest first
    share: str
    periods: list[str]  # the disrupted stretches, as text


@dataclass
class OfficeRow:
    code: str
    name: str
    type_label: str
    place: str
    distance: str
    cells: list[CellRow]


@dataclass
class OfficeDetail:
    code: str
    name: str
    type_label: str
    address: str
    address_source: str  # where the address was read, shown beside it so a reader can judge it
    city: str
    province: str
    timezone: str
    zone: str
    cells: list[CellRow]


@dataclass
class SummaryRow(ServiceMark):
    sentence: str


@dataclass
class IncidentCard:
    id: int
    title: str
    status: str
    status_label: str
    started: str
    latest: str


@dataclass
class TimelineEntry:
    status_label: str
    posted: str
    body: str


@dataclass
class AffectedRow(ServiceMark):
    office_code: str
    office_name: str


@dataclass
class NoticeCard:
    slug: str
    title: str
    lede: str
    published: str
    english_missing: bool


@dataclass
class NoticeDetail:
    slug: str
    title: str
    lede: str
    body: str
    published: str
    updated: str
    english_missing: bool
    incident_id: int
    incident_title: str
    offices: list[OfficeLink]


@dataclass
class OfficeLink:
    code: str
    name: str


def availability_label(availability: str, lang: str) -> str:
    return t(f"availability_{availability}", lang)


def service_name(snapshot: PublicSnapshot, code: str, lang: str) -> str:
    service = snapshot.service(code)
    return code if service is None else name_in(service, lang)


def service_mark(snapshot: PublicSnapshot, service_code: str, availability: str, lang: str) -> dict[str, str]:
    """The fields of a ServiceMark, for the row that is one."""
    return {"service_code": service_code, "service_name": service_name(snapshot, service_code, lang),
            "availability": availability, "label": availability_label(availability, lang),
            "icon": AVAILABILITY_ICONS[availability]}


def cell_row(snapshot: PublicSnapshot, cell: CellView, tz_name: str, lang: str) -> CellRow:
    advice = pick(lang, cell.advice_ind, cell.advice_en)[0]
    what_to_do = ""
    if cell.availability != "normal":
        what_to_do = advice or t(f"what_to_do_default_{cell.availability}", lang)
    return CellRow(
        **service_mark(snapshot, cell.service_code, cell.availability, lang),
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
        distance=t("distance_km", lang, km=format_number(distance_km, lang)) if distance_km is not None else "",
        cells=[cell_row(snapshot, cell, office.timezone, lang) for cell in office.cells],
    )


def office_detail(snapshot: PublicSnapshot, office: OfficeView, lang: str) -> OfficeDetail:
    cells = [cell_row(snapshot, cell, office.timezone, lang) for cell in office.cells]
    for window in snapshot.maintenance_for(office.code):
        touched = {c.service_code for c in window.cells if c.office_code == office.code}
        line = t("planned_line", lang, period=format_period(window.starts_at, window.ends_at, office.timezone, lang),
                 effect=availability_label(window.availability, lang).lower())
        for row in cells:
            if row.service_code in touched and not row.planned:
                row.planned = line
    return OfficeDetail(
        code=office.code,
        name=office.name,
        type_label=t(f"office_type_{office.type}", lang),
        address=office.address,
        address_source=office.address_source,
        city=office.city,
        province=office.province_name,
        timezone=office.timezone,
        zone=zone_abbreviation(office.timezone),
        cells=cells,
    )


def format_period(start: datetime, end: datetime, tz_name: str, lang: str) -> str:
    """'25 Juni 2024 22.00-23.59 WIB', or both ends in full when it spans days."""
    if format_date(start, tz_name, lang) == format_date(end, tz_name, lang):
        start_time = format_time(start, tz_name, lang).rsplit(" ", 1)[0]
        return f"{format_date(start, tz_name, lang)} {start_time}-{format_time(end, tz_name, lang)}"
    return f"{format_datetime(start, tz_name, lang)} - {format_datetime(end, tz_name, lang)}"


def planned_rows(snapshot: PublicSnapshot, office: OfficeView, lang: str) -> list[PlannedRow]:
    rows = []
    for window in snapshot.maintenance_for(office.code):
        services = [c.service_code for c in window.cells if c.office_code == office.code]
        rows.append(PlannedRow(
            title=pick(lang, window.title_ind, window.title_en)[0],
            period=format_period(window.starts_at, window.ends_at, office.timezone, lang),
            status_label=t(f"maintenance_{window.status}", lang),
            effect=availability_label(window.availability, lang),
            services=", ".join(service_name(snapshot, code, lang) for code in services),
            advice=pick(lang, window.advice_ind, window.advice_en)[0],
        ))
    return rows


def _stretches(days: list[tuple[date, str]], closed: Collection[date] = ()) -> list[tuple[date, date, str]]:
    """Runs of days with the same label; a run goes on across days the office was closed."""
    stretches: list[tuple[date, date, str]] = []
    for day, worst in days:
        last = stretches[-1][1] if stretches else None
        bridged = last is not None and all(last + timedelta(days=n) in closed for n in range(1, (day - last).days))
        if stretches and stretches[-1][2] == worst and bridged:
            stretches[-1] = (stretches[-1][0], day, worst)
        else:
            stretches.append((day, day, worst))
    return stretches


def _day(day: date, lang: str) -> str:
    return format_date(datetime(day.year, day.month, day.day, 12), "UTC", lang)


def history_rows(snapshot: PublicSnapshot, office: OfficeView, lang: str, *, days: int = DEFAULT_DAYS,
                 now: datetime | None = None) -> list[HistoryRow]:
    """The last `days` days of each service, in the office's calendar, as of the snapshot."""
    now = now or snapshot.built_at
    rows = []
    # Days the office was closed (holidays, joint leave, editors' closures) are not disruptions.
    closed = recent_closed_days(office, now, days, snapshot.special_days_for(office))
    for cell in office.cells:
        history = service_history(cell, office.timezone, days=days, now=now, closed_days=closed)
        disrupted = [(d.day, d.worst) for d in history.disrupted_days]
        periods = []
        for first, last, worst in _stretches(disrupted, closed):
            when = _day(first, lang) if first == last else f"{_day(first, lang)} - {_day(last, lang)}"
            periods.append(f"{when}: {availability_label(worst, lang).lower()}")
        share = f"{format_number(history.normal_share * 100, lang, decimals=1)}%"
        rows.append(HistoryRow(
            service_code=cell.service_code,
            service_name=service_name(snapshot, cell.service_code, lang),
            strip=[d.worst for d in history.days],
            share=t("history_share", lang, share=share, days=days),
            periods=periods or [t("history_all_normal", lang, days=days)],
        ))
    return rows


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
    return SummaryRow(**service_mark(snapshot, summary.service_code, summary.national, lang), sentence=sentence)


def incident_card(incident: IncidentView, lang: str) -> IncidentCard:
    latest = incident.updates[0] if incident.updates else None
    return IncidentCard(
        id=incident.id,
        title=pick(lang, incident.title_ind, incident.title_en)[0],
        status=incident.status,
        status_label=t(f"incident_status_{incident.status}", lang),
        started=t("incident_started", lang, when=format_datetime(incident.started_at, NATIONAL_TIMEZONE, lang)),
        latest=pick(lang, latest.body_ind, latest.body_en)[0] if latest else "",
    )


def timeline(incident: IncidentView, lang: str) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            status_label=t(f"incident_status_{u.status}", lang),
            posted=format_datetime(u.posted_at, NATIONAL_TIMEZONE, lang),
            body=pick(lang, u.body_ind, u.body_en)[0],
        )
        for u in incident.updates
    ]


def affected_rows(snapshot: PublicSnapshot, incident: IncidentView, lang: str) -> list[AffectedRow]:
    rows = []
    for cell in incident.affected:
        office = snapshot.office_ever(cell.office_code)  # a unit closed since is still named
        rows.append(
            AffectedRow(
                **service_mark(snapshot, cell.service_code, cell.availability, lang),
                office_code=cell.office_code,
                office_name=office.name if office else cell.office_code,
            )
        )
    return rows


def notice_card(notice: NoticeView, lang: str) -> NoticeCard:
    title, missing = pick(lang, notice.title_ind, notice.title_en)
    return NoticeCard(
        slug=notice.slug,
        title=title,
        lede=pick(lang, notice.lede_ind, notice.lede_en)[0] if not missing else notice.lede_ind,
        published=format_datetime(notice.published_at, NATIONAL_TIMEZONE, lang),
        english_missing=missing,
    )


def notice_detail(snapshot: PublicSnapshot, notice: NoticeView, lang: str) -> NoticeDetail:
    english = lang == "en" and notice.has_english
    incident = snapshot.incident(notice.incident_id) if notice.incident_id else None
    return NoticeDetail(
        slug=notice.slug,
        title=notice.title_en if english else notice.title_ind,
        lede=(notice.lede_en if english else notice.lede_ind),
        body=notice.body_en if english else notice.body_ind,
        published=t("published", lang, when=format_datetime(notice.published_at, NATIONAL_TIMEZONE, lang)),
        updated=t("updated", lang, when=format_datetime(notice.updated_at, NATIONAL_TIMEZONE, lang)),
        english_missing=lang == "en" and not english,
        incident_id=incident.id if incident else 0,
        incident_title=pick(lang, incident.title_ind, incident.title_en)[0] if incident else "",
        offices=[
            OfficeLink(code, office.name) for code in notice.office_codes if (office := snapshot.office(code))
        ],
    )

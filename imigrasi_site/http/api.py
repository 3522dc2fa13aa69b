"""The read-only JSON API under /api/v1/: payloads built from the public read model.

Each function here turns the snapshot (and checked parameters) into a finished response;
routes.py caches it per snapshot. Parameters are checked before anything is built: an
unknown parameter, a repeated one or a bad value is a 400 that names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from imigrasi_site.core import hours
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import LANGUAGES, NATIONAL_TIMEZONE, format_datetime, t, zone_abbreviation
from imigrasi_site.core.models import OfficeType, utcnow
from imigrasi_site.core.offices import AVAILABILITY_FILTERS, filter_offices, search_offices
from imigrasi_site.core.presenters import summary_row
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.text import MAX_QUERY_LENGTH
from imigrasi_site.core.history import MAX_DAYS, service_history
from imigrasi_site.core.views import CellView, IncidentView, MaintenanceView, NoticeView, OfficeView
from imigrasi_site.core import links
from imigrasi_site.http.openapi import (
    API_PREFIX,
    DEFAULT_PER_PAGE,
    HOURS_FIRST_DAY,
    HOURS_LAST_DAY,
    MAX_HOURS_DAYS,
    MAX_PER_PAGE,
    openapi_document,
)
from imigrasi_site.http.rendered import JSON, Rendered, error_json, json_body

OFFICE_PARAMETERS = ("province", "type", "service", "availability", "q", "page", "per_page")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_OFFICE_TYPES = tuple(t.value for t in OfficeType)


@dataclass(frozen=True, slots=True)
class OfficeQuery:
    province: str | None = None
    type: str | None = None
    service: str | None = None
    availability: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    # open_now and next_change change with the clock while the snapshot stays: the minute is part
    # of the memo key, so a body is rendered once a minute per query, not once per request, and
    # never says "open" more than a minute after closing (next_change tells clients the exact time).
    at: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)


def single_values(params: Mapping[str, Sequence[str]], allowed: tuple[str, ...]) -> dict[str, str]:
    """Each parameter once, and only those the endpoint takes."""
    for name, values in params.items():
        if name not in allowed:
            takes = f"This endpoint takes: {', '.join(allowed)}." if allowed else "This endpoint takes none."
            raise InvalidInput(f"Unknown parameter {name!r}. {takes}", field=name)
        if len(values) > 1:
            raise InvalidInput(f"Parameter {name!r} is given {len(values)} times; give it once.", field=name)
    return {name: values[0] for name, values in params.items()}


def no_parameters(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> tuple[()]:
    single_values(params, ())
    return ()


def _whole_number(value: str, name: str, maximum: int) -> int:
    if not _WHOLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= maximum:
        limit = f"from 1 to {maximum}" if maximum < 10**9 else "from 1"
        raise InvalidInput(f"{name} must be a whole number {limit}, not {value!r}.", field=name)
    return int(value)


def _one_of(value: str, name: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"Unknown {what} {value!r}. Use one of: {', '.join(allowed)}.", field=name)
    return value


def parse_office_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> OfficeQuery:
    values = single_values(params, OFFICE_PARAMETERS)
    query: dict[str, Any] = {}
    if "province" in values:
        query["province"] = _one_of(values["province"], "province", [p.code for p in snapshot.provinces],
                                    "province code")
    if "type" in values:
        query["type"] = _one_of(values["type"], "type", _OFFICE_TYPES, "office type")
    if "service" in values:
        query["service"] = _one_of(values["service"], "service", [s.code for s in snapshot.services], "service")
    if "availability" in values:
        query["availability"] = _one_of(values["availability"], "availability", AVAILABILITY_FILTERS,
                                        "availability")
    if "q" in values:
        if len(values["q"]) > MAX_QUERY_LENGTH:
            raise InvalidInput(f"q may be at most {MAX_QUERY_LENGTH} characters long.", field="q")
        query["q"] = values["q"]
    if "page" in values:
        query["page"] = _whole_number(values["page"], "page", 10**9)
    if "per_page" in values:
        query["per_page"] = _whole_number(values["per_page"], "per_page", MAX_PER_PAGE)
    return OfficeQuery(**query, at=current_minute())


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _optional_iso(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment is not None else None


def bilingual(text_id: str, text_en: str) -> dict[str, str | None]:
    return {"id": text_id, "en": text_en or None}


def data_as_of(snapshot: PublicSnapshot) -> dict[str, Any]:
    return {
        "at": iso_utc(snapshot.built_at),
        "text": {lang: t("data_as_of", lang, when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, lang))
                 for lang in LANGUAGES},
    }


def _cell(cell: CellView) -> dict[str, Any]:
    return {
        "code": cell.service_code,
        "availability": cell.availability,
        "advice": bilingual(cell.advice_id, cell.advice_en) if cell.advice_id or cell.advice_en else None,
        "since": iso_utc(cell.since),
        "incident_id": cell.incident_id,
    }


def maintenance_payload(window: MaintenanceView) -> dict[str, Any]:
    return {
        "id": window.id,
        "title": bilingual(window.title_id, window.title_en),
        "availability": window.availability,
        "advice": bilingual(window.advice_id, window.advice_en) if window.advice_id or window.advice_en else None,
        "starts_at": iso_utc(window.starts_at),
        "ends_at": iso_utc(window.ends_at),
        "status": window.status,
        "services": [{"office_code": c.office_code, "service_code": c.service_code} for c in window.cells],
    }


def _intervals(intervals: Sequence[hours.Interval]) -> list[dict[str, str]]:
    return [{"opens": i.opens_clock, "closes": i.closes_clock} for i in intervals]


def opening_hours_payload(office: OfficeView) -> dict[str, Any]:
    """The usual week, with where the facts come from and how sure they are."""
    week = hours.weekly_hours(office)
    rule = hours.closure_rules()[office.type]
    return {
        "known": week.known,
        "confidence": week.confidence,
        "source": week.source or None,
        "note": week.note or None,
        "timezone": office.timezone,
        "timezone_abbreviation": zone_abbreviation(office.timezone),
        "week": [
            {"day": hours.SCHEMA_DAYS[i], "hours": _intervals(week.days[i]) if week.known else None,
             "passport_hours": _intervals(week.passport[i]) if week.passport is not None else None}
            for i in range(7)
        ],
        "closes_on_public_holidays": rule.public_holiday_closed,
        "closes_on_joint_leave_days": rule.joint_leave_closed,
    }


def local_iso(moment: datetime, tz_name: str) -> str:
    """An instant in the office's zone, with its offset: 2027-08-18T08:00:00+08:00."""
    return moment.astimezone(ZoneInfo(tz_name)).replace(microsecond=0).isoformat()


def office_payload(office: OfficeView, base: str, snapshot: PublicSnapshot, at: datetime) -> dict[str, Any]:
    specials = snapshot.special_days_for(office)
    change = hours.next_change(office, at, specials)
    return {
        "code": office.code,
        "name": office.name,
        "type": office.type,
        "office_class": office.office_class,
        "province": {"code": office.province_code, "name": office.province_name},
        "city": office.city,
        "address": office.address,
        "address_source": office.address_source,
        "opened_on": office.opened_on.isoformat() if office.opened_on else None,
        "closed_on": office.closed_on.isoformat() if office.closed_on else None,
        "channels": [{"kind": c.kind, "value": c.value} for c in office.channels],
        "latitude": office.latitude,
        "longitude": office.longitude,
        "timezone": office.timezone,
        "services": [_cell(cell) for cell in office.cells],
        "planned_maintenance": [maintenance_payload(w) for w in snapshot.maintenance_for(office.code)],
        "opening_hours": opening_hours_payload(office),
        "open_now": hours.open_now(office, at, specials),
        "next_change": local_iso(change, office.timezone) if change is not None else None,
        "links": {
            "page": links.office_page(base, office.code),
            "embed": links.office_embed(base, office.code),
            "feed": links.office_feed(base, office.code),
            "badge": links.office_badge(base, office.code),
        },
    }


def _incident(incident: IncidentView, base: str) -> dict[str, Any]:
    return {
        "id": incident.id,
        "title": bilingual(incident.title_id, incident.title_en),
        "summary": bilingual(incident.summary_id, incident.summary_en),
        "status": incident.status,
        "started_at": iso_utc(incident.started_at),
        "resolved_at": _optional_iso(incident.resolved_at),
        "updated_at": iso_utc(incident.updated_at),
        "url": links.incident_page(base, incident.id),
        "updates": [
            {"status": u.status, "body": bilingual(u.body_id, u.body_en), "posted_at": iso_utc(u.posted_at)}
            for u in incident.updates
        ],
        "affected": [
            {"office_code": a.office_code, "service_code": a.service_code, "availability": a.availability}
            for a in incident.affected
        ],
    }


def _notice(notice: NoticeView, base: str) -> dict[str, Any]:
    # A notice counts as English only with both title and body; half a translation is not offered.
    english = notice.has_english
    return {
        "slug": notice.slug,
        "title": bilingual(notice.title_id, notice.title_en if english else ""),
        "lede": bilingual(notice.lede_id, notice.lede_en if english else ""),
        "body": bilingual(notice.body_id, notice.body_en if english else ""),
        "published_at": iso_utc(notice.published_at),
        "updated_at": iso_utc(notice.updated_at),
        "incident_id": notice.incident_id,
        "office_codes": list(notice.office_codes),
        "url": links.notice_page(base, notice.slug),
    }


def _response(snapshot: PublicSnapshot, data: Any, **extra: Any) -> Rendered:
    return Rendered.build(json_body({"data": data, **extra, "data_as_of": data_as_of(snapshot)}), JSON)


def current_minute() -> datetime:
    """The clock of `open_now`: bodies with it are kept for one minute (see parse_office_query)."""
    return utcnow().replace(second=0, microsecond=0)


def offices_response(snapshot: PublicSnapshot, query: OfficeQuery, base: str) -> Rendered:
    offices = search_offices(snapshot.offices, query.q) if query.q is not None else snapshot.offices
    offices = filter_offices(offices, service_code=query.service, availability=query.availability,
                             office_type=query.type, province_code=query.province)
    start = (query.page - 1) * query.per_page
    paging = {
        "page": query.page,
        "per_page": query.per_page,
        "total": len(offices),
        "pages": max(1, -(-len(offices) // query.per_page)),
    }
    return _response(snapshot, [office_payload(o, base, snapshot, query.at)
                                for o in offices[start:start + query.per_page]], paging=paging)


def parse_office_at(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> datetime:
    """One office takes no parameters; its key is the minute, as for the list."""
    single_values(params, ())
    return current_minute()


def _no_office(code: str, base: str) -> Rendered:
    return error_json(404, "not_found",
                      f"No office has the code {code!r}. The codes are listed at {base}{API_PREFIX}/offices.")


def office_response(snapshot: PublicSnapshot, code: str, at: datetime, base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return _no_office(code, base)
    return _response(snapshot, office_payload(office, base, snapshot, at))


def services_response(snapshot: PublicSnapshot) -> Rendered:
    return _response(snapshot, [
        {"code": s.code, "name": bilingual(s.name_id, s.name_en),
         "description": bilingual(s.description_id, s.description_en)}
        for s in snapshot.services
    ])


def status_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    services = []
    for summary in snapshot.summary:
        service = snapshot.service(summary.service_code)
        services.append({
            "code": summary.service_code,
            "name": bilingual(service.name_id, service.name_en) if service else bilingual(summary.service_code, ""),
            "availability": summary.national,
            "summary": {lang: summary_row(snapshot, summary, lang).sentence for lang in LANGUAGES},
            "office_counts": {"normal": summary.normal, "limited": summary.limited,
                              "unavailable": summary.unavailable},
            "disrupted_since": _optional_iso(summary.disrupted_since),
        })
    open_incidents = [
        {"id": i.id, "title": bilingual(i.title_id, i.title_en), "status": i.status,
         "url": links.incident_page(base, i.id)}
        for i in snapshot.open_incidents
    ]
    return _response(snapshot, {"services": services, "open_incidents": open_incidents})


def incidents_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    return _response(snapshot, [_incident(i, base) for i in snapshot.incidents])


def notices_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    return _response(snapshot, [_notice(n, base) for n in snapshot.notices])


def openapi_response(base: str) -> Rendered:
    return Rendered.build(json_body(openapi_document(base)), JSON)


def parse_history_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> int:
    values = single_values(params, ("days",))
    return _whole_number(values["days"], "days", MAX_DAYS) if "days" in values else 90


def history_response(snapshot: PublicSnapshot, code: str, days: int, base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return error_json(404, "not_found",
                          f"No office has the code {code!r}. The codes are listed at {base}{API_PREFIX}/offices.")
    services = []
    closed = hours.recent_closed_days(office, snapshot.built_at, days, snapshot.special_days_for(office))
    for cell in office.cells:
        history = service_history(cell, office.timezone, days=days, now=snapshot.built_at, closed_days=closed)
        services.append({
            "code": cell.service_code,
            "normal_share": history.normal_share,
            "days": [{"date": d.day.isoformat(), "availability": d.worst, "closed": d.closed} for d in history.days],
        })
    return _response(snapshot, {"office_code": office.code, "timezone": office.timezone, "days": days,
                                "services": services})


def maintenance_response(snapshot: PublicSnapshot) -> Rendered:
    return _response(snapshot, [maintenance_payload(w) for w in snapshot.maintenance])


def _date_parameter(values: Mapping[str, str], name: str) -> date:
    if name not in values:
        raise InvalidInput(f"{name} is required: a date YYYY-MM-DD in the office's calendar.", field=name)
    raw = values[name]
    try:
        day = date.fromisoformat(raw) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw) else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidInput(f"{name} must be a date YYYY-MM-DD, not {raw!r}.", field=name)
    if not HOURS_FIRST_DAY <= day <= HOURS_LAST_DAY:
        raise InvalidInput(f"{name} must be from {HOURS_FIRST_DAY.isoformat()} to {HOURS_LAST_DAY.isoformat()}, "
                           f"not {raw!r}.", field=name)
    return day


def parse_hours_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> tuple[date, date]:
    values = single_values(params, ("from", "to"))
    first, last = _date_parameter(values, "from"), _date_parameter(values, "to")
    if first > last:
        raise InvalidInput(f"from ({first.isoformat()}) is after to ({last.isoformat()}).", field="from")
    if (last - first).days + 1 > MAX_HOURS_DAYS:
        raise InvalidInput(f"The range from {first.isoformat()} to {last.isoformat()} has {(last - first).days + 1} "
                           f"days; ask for at most {MAX_HOURS_DAYS} at a time.", field="to")
    return first, last


def _day_payload(day: hours.DayHours) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "weekday": hours.SCHEMA_DAYS[day.day.weekday()],
        "status": day.status,
        "hours": _intervals(day.intervals),
        "passport_hours": _intervals(day.passport) if day.passport is not None else None,
        "holidays": [{"kind": n.kind, "name": bilingual(n.name_id, n.name_en)}
                     for n in day.notes if n.kind in ("holiday", "joint_leave")],
        "special_days": [{"kind": n.kind, "reason": bilingual(n.name_id, n.name_en)}
                         for n in day.notes if n.kind in ("closure", "opening")],
        "confidence": day.confidence,
        "calendar_complete": day.calendar_complete,
    }


def hours_response(snapshot: PublicSnapshot, code: str, days: tuple[date, date], base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return _no_office(code, base)
    first, last = days
    return _response(snapshot, {
        "office_code": office.code,
        "timezone": office.timezone,
        "timezone_abbreviation": zone_abbreviation(office.timezone),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days": [_day_payload(d) for d in hours.days_hours(office, first, last, snapshot.special_days_for(office))],
    })

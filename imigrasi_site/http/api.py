"""The read-only JSON API under /api/v1/: payloads built from the public read model.

Each function here turns the snapshot (and checked parameters) into a finished response;
routes.py caches it per snapshot. The payloads are the models of core/public_shapes.py and
the parameters are declared once below: the parsers and the OpenAPI document (openapi.py)
both read them. Parameters are checked before anything is built: an unknown parameter, a
repeated one or a bad value is a 400 that names it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from imigrasi_site.core import hours, links
from imigrasi_site.core import public_shapes as shape
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.history import DEFAULT_DAYS, MAX_DAYS, service_history
from imigrasi_site.core.i18n import LANGUAGES, NATIONAL_TIMEZONE, format_datetime, t, zone_abbreviation
from imigrasi_site.core.models import OfficeType, utcnow
from imigrasi_site.core.offices import AVAILABILITY_FILTERS, filter_offices, search_offices
from imigrasi_site.core.presenters import summary_row
from imigrasi_site.core.public_shapes import DEFAULT_PER_PAGE, MAX_HOURS_DAYS, MAX_PER_PAGE, Bilingual
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.text import MAX_QUERY_LENGTH
from imigrasi_site.core.views import CellView, IncidentView, MaintenanceView, NoticeView, OfficeView
from imigrasi_site.http.rendered import JSON, Rendered, error_json

API_VERSION = "1.0.0"
API_PREFIX = "/api/v1"
# The dates /offices/{code}/hours answers for: the years editors may enter special days for.
HOURS_FIRST_DAY = date(hours.SPECIAL_DAY_YEARS[0], 1, 1)
HOURS_LAST_DAY = date(hours.SPECIAL_DAY_YEARS[-1], 12, 31)
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of the API: its name, what it accepts and its default, for the parser and the document."""

    name: str
    description: str
    location: Literal["query", "path"] = "query"
    required: bool = False
    # Its key among the document's parameters, where two endpoints give one name different meanings.
    component: str = ""

    @property
    def key(self) -> str:
        return self.component or self.name

    @property
    def default(self) -> Any:
        return None

    def schema(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        return {"type": "string"}

    def parse(self, raw: str, snapshot: PublicSnapshot) -> Any:
        return raw

    def openapi(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        return {"name": self.name, "in": self.location, "description": self.description,
                **({"required": True} if self.required else {}), "schema": self.schema(snapshot)}


@dataclass(frozen=True, slots=True)
class WholeNumber(Parameter):
    start: int = 1
    maximum: int = 10**9 - 1

    @property
    def default(self) -> int:
        return self.start

    def schema(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": self.maximum, "default": self.start}

    def parse(self, raw: str, snapshot: PublicSnapshot) -> int:
        if not _WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= self.maximum:
            raise InvalidInput(f"{self.name} must be a whole number from 1 to {self.maximum}, not {raw!r}.",
                               field=self.name)
        return int(raw)


@dataclass(frozen=True, slots=True)
class Choice(Parameter):
    """One code of a list (some lists come from the data); empty means "no filter", as a form sends it."""

    what: str = ""
    choices: Callable[[PublicSnapshot], Sequence[str]] = field(default=lambda _snapshot: ())

    def schema(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        return {"type": "string", "enum": ["", *self.choices(snapshot)]}

    def parse(self, raw: str, snapshot: PublicSnapshot) -> str | None:
        allowed = self.choices(snapshot)
        if raw == "":
            return None
        if raw not in allowed:
            raise InvalidInput(f"Unknown {self.what} {raw!r}. Use one of: {', '.join(allowed)}.", field=self.name)
        return raw


@dataclass(frozen=True, slots=True)
class Text(Parameter):
    max_length: int = MAX_QUERY_LENGTH

    def schema(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length}

    def parse(self, raw: str, snapshot: PublicSnapshot) -> str | None:
        if len(raw) > self.max_length:
            raise InvalidInput(f"{self.name} may be at most {self.max_length} characters long.", field=self.name)
        return raw or None


@dataclass(frozen=True, slots=True)
class Day(Parameter):
    """A date in whole years: the document can then give the bounds as a pattern, which every tool reads."""

    years: range = hours.SPECIAL_DAY_YEARS

    def schema(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        # Real calendar days only, so that a generator reading the document makes valid dates.
        years = "|".join(str(year) for year in self.years)
        leap = "|".join(str(year) for year in self.years if calendar.isleap(year))
        days = ("(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31")
        pattern = f"^(({years})-({days})|({leap})-02-29)$" if leap else f"^({years})-({days})$"
        return {"type": "string", "format": "date", "pattern": pattern}

    def parse(self, raw: str, snapshot: PublicSnapshot) -> date:
        try:
            day = date.fromisoformat(raw) if _ISO_DAY.fullmatch(raw) else None
        except ValueError:
            day = None
        if day is None:
            raise InvalidInput(f"{self.name} must be a date YYYY-MM-DD, not {raw!r}.", field=self.name)
        if day.year not in self.years:
            raise InvalidInput(f"{self.name} must be from {self.years[0]}-01-01 to {self.years[-1]}-12-31, "
                               f"not {raw!r}.", field=self.name)
        return day


@dataclass(frozen=True, slots=True)
class Code(Parameter):
    """A path segment naming a thing; an unknown one is a 404, not a 400."""

    max_length: int = 64  # Office.code's column

    def schema(self, snapshot: PublicSnapshot) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


CODE = Code("code", "Office code, e.g. `kanim-putussibau`.", location="path", required=True)
PROVINCE = Choice("province", "Province code, e.g. `61` (Kalimantan Barat); empty: every province.",
                  what="province code", choices=lambda snapshot: [p.code for p in snapshot.provinces])
TYPE = Choice("type", "Office type; empty: every type.", what="office type",
              choices=lambda _snapshot: [t.value for t in OfficeType])
SERVICE = Choice("service", "Only offices offering this service (a code from `/services`); with `availability`, only "
                 "those where this service is in it. Empty: every service.", what="service",
                 choices=lambda snapshot: [s.code for s in snapshot.services])
AVAILABILITY = Choice("availability", "Only offices with a service in this availability; `disrupted` means limited "
                      "or unavailable. Empty: any.", what="availability", choices=lambda _snapshot: AVAILABILITY_FILTERS)
Q = Text("q", "Words of the office's name, city, province or code; empty: no search.")
PAGE = WholeNumber("page", "Page number, from 1.")
PER_PAGE = WholeNumber("per_page", f"Offices per page, at most {MAX_PER_PAGE}.", start=DEFAULT_PER_PAGE,
                       maximum=MAX_PER_PAGE)
DAYS = WholeNumber("days", f"How many days back, at most {MAX_DAYS}.", start=DEFAULT_DAYS, maximum=MAX_DAYS)
FROM = Day("from", f"First day, YYYY-MM-DD, in the office's calendar ({HOURS_FIRST_DAY} to {HOURS_LAST_DAY}).",
           required=True)
# Two days, as people and calendars write a range; that `to` is not before `from` and the range holds
# at most MAX_HOURS_DAYS days is checked by the API (OpenAPI cannot state a rule between parameters).
TO = Day("to", f"Last day, YYYY-MM-DD, not before `from`, at most {MAX_HOURS_DAYS} days after it.", required=True)



class Parameters(tuple[Parameter, ...]):
    """An endpoint's parameters in the document's order, with what the parser needs made once:
    it runs on every request, even those answered from the memo."""

    def __init__(self, _items: tuple[Parameter, ...]) -> None:
        query = [p for p in self if p.location == "query"]
        self.by_name = {p.name: p for p in query}
        self.names = tuple(self.by_name)
        self.defaults = {p.name: p.default for p in query if not p.required}
        self.required = tuple(p for p in query if p.required)


OFFICE_PARAMETERS = Parameters((PROVINCE, TYPE, SERVICE, AVAILABILITY, Q, PAGE, PER_PAGE))
HISTORY_PARAMETERS = Parameters((CODE, DAYS))
HOURS_PARAMETERS = Parameters((CODE, FROM, TO))


@dataclass(frozen=True, slots=True)
class Operation:
    """What the OpenAPI document says of one API route; openapi.py writes the document from these."""

    operation_id: str
    summary: str
    response: type[BaseModel]
    parameters: tuple[Parameter, ...] = ()
    not_found: bool = False


@dataclass(frozen=True, slots=True)
class OfficeQuery:
    province: str | None
    type: str | None
    service: str | None
    availability: str | None
    q: str | None
    page: int
    per_page: int
    # open_now and next_change change with the clock while the snapshot stays: the minute is part
    # of the memo key, so a body is rendered once a minute per query, not once per request, and
    # never says "open" more than a minute after closing (next_change tells clients the exact time).
    at: datetime


def single_values(params: Mapping[str, Sequence[str]], allowed: tuple[str, ...]) -> dict[str, str]:
    """Each parameter once, and only those the endpoint takes."""
    for name, values in params.items():
        if name not in allowed:
            takes = f"This endpoint takes: {', '.join(allowed)}." if allowed else "This endpoint takes none."
            raise InvalidInput(f"Unknown parameter {name!r}. {takes}", field=name)
        if len(values) > 1:
            raise InvalidInput(f"Parameter {name!r} is given {len(values)} times; give it once.", field=name)
    return {name: values[0] for name, values in params.items()}


def parse_parameters(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]],
                     declared: Parameters) -> dict[str, Any]:
    """The query's values by name, each checked by its declaration; defaults for those not given."""
    values = single_values(params, declared.names)
    parsed = dict(declared.defaults)
    for name, raw in values.items():
        parsed[name] = declared.by_name[name].parse(raw, snapshot)
    for parameter in declared.required:
        if parameter.name not in values:
            raise InvalidInput(f"{parameter.name} is required. {parameter.description}", field=parameter.name)
    return parsed


def no_parameters(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> tuple[()]:
    single_values(params, ())
    return ()


def parse_office_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> OfficeQuery:
    return OfficeQuery(**parse_parameters(snapshot, params, OFFICE_PARAMETERS), at=current_minute())


def data_as_of(snapshot: PublicSnapshot) -> shape.DataAsOf:
    texts = {lang: t("data_as_of", lang, when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, lang))
             for lang in LANGUAGES}
    return shape.DataAsOf(at=snapshot.built_at, text=shape.AsOfText(**texts))


def _cell(cell: CellView) -> shape.OfficeService:
    return shape.OfficeService(code=cell.service_code, availability=cell.availability,
                               advice=Bilingual.optional(cell.advice_ind, cell.advice_en), since=cell.since,
                               incident_id=cell.incident_id)


def maintenance_payload(window: MaintenanceView) -> shape.Maintenance:
    return shape.Maintenance(
        id=window.id, title=Bilingual.of(window.title_ind, window.title_en), availability=window.availability,
        advice=Bilingual.optional(window.advice_ind, window.advice_en), starts_at=window.starts_at,
        ends_at=window.ends_at, status=window.status,
        services=[shape.MaintenanceService(office_code=c.office_code, service_code=c.service_code)
                  for c in window.cells])


def _intervals(intervals: Sequence[hours.Interval]) -> list[shape.Interval]:
    return [shape.Interval(opens=i.opens_clock, closes=i.closes_clock) for i in intervals]


# The usual week depends on the office's code, type and zone alone (the hours data is read once per
# process), so each office's is made once, not in every body that lists the office.
_OPENING_HOURS: dict[tuple[str, str, str], shape.OpeningHours] = {}


def opening_hours_payload(office: OfficeView) -> shape.OpeningHours:
    """The usual week, with where the facts come from and how sure they are."""
    key = (office.code, office.type, office.timezone)
    payload = _OPENING_HOURS.get(key)
    if payload is None:
        payload = _OPENING_HOURS[key] = _opening_hours(office)
    return payload


def _opening_hours(office: OfficeView) -> shape.OpeningHours:
    week = hours.weekly_hours(office)
    rule = hours.closure_rules()[office.type]
    return shape.OpeningHours(
        known=week.known, confidence=week.confidence, source=week.source or None, note=week.note or None,
        timezone=office.timezone, timezone_abbreviation=zone_abbreviation(office.timezone),
        week=[shape.WeekDay(day=hours.SCHEMA_DAYS[i], hours=_intervals(week.days[i]) if week.known else None,
                            passport_hours=_intervals(week.passport[i]) if week.passport is not None else None)
              for i in range(7)],
        closes_on_public_holidays=rule.public_holiday_closed, closes_on_joint_leave_days=rule.joint_leave_closed)


def local_iso(moment: datetime, tz_name: str) -> str:
    """An instant in the office's zone, with its offset: 2027-08-18T08:00:00+08:00."""
    return moment.astimezone(ZoneInfo(tz_name)).replace(microsecond=0).isoformat()


def office_payload(office: OfficeView, base: str, snapshot: PublicSnapshot, at: datetime) -> shape.Office:
    specials = snapshot.special_days_for(office)
    change = hours.next_change(office, at, specials)
    return shape.Office(
        code=office.code, name=office.name, type=office.type, office_class=office.office_class,
        province=shape.Province(code=office.province_code, name=office.province_name), city=office.city,
        address=office.address, address_source=office.address_source, opened_on=office.opened_on,
        closed_on=office.closed_on, channels=[shape.Channel(kind=c.kind, value=c.value) for c in office.channels],
        latitude=office.latitude, longitude=office.longitude, timezone=office.timezone,
        services=[_cell(cell) for cell in office.cells],
        planned_maintenance=[maintenance_payload(w) for w in snapshot.maintenance_for(office.code)],
        opening_hours=opening_hours_payload(office), open_now=hours.open_now(office, at, specials),
        next_change=local_iso(change, office.timezone) if change is not None else None,
        links=shape.OfficeLinks(page=links.office_page(base, office.code), embed=links.office_embed(base, office.code),
                                feed=links.office_feed(base, office.code), badge=links.office_badge(base, office.code)),
    )


def _incident(incident: IncidentView, base: str) -> shape.Incident:
    return shape.Incident(
        id=incident.id, title=Bilingual.of(incident.title_ind, incident.title_en),
        summary=Bilingual.of(incident.summary_ind, incident.summary_en), status=incident.status,
        started_at=incident.started_at, resolved_at=incident.resolved_at, updated_at=incident.updated_at,
        url=links.incident_page(base, incident.id),
        updates=[shape.IncidentUpdate(status=u.status, body=Bilingual.of(u.body_ind, u.body_en), posted_at=u.posted_at)
                 for u in incident.updates],
        affected=[shape.AffectedService(office_code=a.office_code, service_code=a.service_code,
                                        availability=a.availability) for a in incident.affected],
    )


def _notice(notice: NoticeView, base: str) -> shape.Notice:
    # A notice counts as English only with both title and body; half a translation is not offered.
    english = notice.has_english
    return shape.Notice(
        slug=notice.slug, title=Bilingual.of(notice.title_ind, notice.title_en if english else ""),
        lede=Bilingual.of(notice.lede_ind, notice.lede_en if english else ""),
        body=Bilingual.of(notice.body_ind, notice.body_en if english else ""), published_at=notice.published_at,
        updated_at=notice.updated_at, incident_id=notice.incident_id, office_codes=list(notice.office_codes),
        url=links.notice_page(base, notice.slug),
    )


def _render(payload: BaseModel) -> Rendered:
    return Rendered.build(payload.model_dump_json().encode(), JSON)


def current_minute() -> datetime:
    """The clock of `open_now`: bodies with it are kept for one minute (see parse_office_query)."""
    return utcnow().replace(second=0, microsecond=0)


def offices_response(snapshot: PublicSnapshot, query: OfficeQuery, base: str) -> Rendered:
    offices = search_offices(snapshot.offices, query.q) if query.q is not None else snapshot.offices
    offices = filter_offices(offices, service_code=query.service, availability=query.availability,
                             office_type=query.type, province_code=query.province)
    start = (query.page - 1) * query.per_page
    paging = shape.Paging(page=query.page, per_page=query.per_page, total=len(offices),
                          pages=max(1, -(-len(offices) // query.per_page)))
    return _render(shape.OfficeList(
        data=[office_payload(o, base, snapshot, query.at) for o in offices[start:start + query.per_page]],
        paging=paging, data_as_of=data_as_of(snapshot)))


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
    return _render(shape.OfficeResponse(data=office_payload(office, base, snapshot, at),
                                        data_as_of=data_as_of(snapshot)))


def services_response(snapshot: PublicSnapshot) -> Rendered:
    return _render(shape.ServiceList(data=[
        shape.Service(code=s.code, name=Bilingual.of(s.name_ind, s.name_en),
                      description=Bilingual.of(s.description_ind, s.description_en))
        for s in snapshot.services
    ], data_as_of=data_as_of(snapshot)))


def status_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    services = []
    for summary in snapshot.summary:
        service = snapshot.service(summary.service_code)
        texts = {lang: summary_row(snapshot, summary, lang).sentence for lang in LANGUAGES}
        services.append(shape.ServiceStatus(
            code=summary.service_code,
            name=Bilingual.of(service.name_ind, service.name_en) if service else Bilingual.of(summary.service_code, ""),
            availability=summary.national, summary=Bilingual.of(texts["id"], texts["en"]),
            office_counts=shape.OfficeCounts(normal=summary.normal, limited=summary.limited,
                                             unavailable=summary.unavailable),
            disrupted_since=summary.disrupted_since,
        ))
    open_incidents = [
        shape.IncidentReference(id=i.id, title=Bilingual.of(i.title_ind, i.title_en), status=i.status,
                                url=links.incident_page(base, i.id))
        for i in snapshot.open_incidents
    ]
    return _render(shape.StatusResponse(data=shape.NationalStatus(services=services, open_incidents=open_incidents),
                                        data_as_of=data_as_of(snapshot)))


def incidents_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    return _render(shape.IncidentList(data=[_incident(i, base) for i in snapshot.incidents],
                                      data_as_of=data_as_of(snapshot)))


def notices_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    return _render(shape.NoticeList(data=[_notice(n, base) for n in snapshot.notices],
                                    data_as_of=data_as_of(snapshot)))


def parse_history_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> int:
    return parse_parameters(snapshot, params, HISTORY_PARAMETERS)["days"]


def history_response(snapshot: PublicSnapshot, code: str, days: int, base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return _no_office(code, base)
    services = []
    closed = hours.recent_closed_days(office, snapshot.built_at, days, snapshot.special_days_for(office))
    for cell in office.cells:
        history = service_history(cell, office.timezone, days=days, now=snapshot.built_at, closed_days=closed)
        services.append(shape.ServiceHistory(
            code=cell.service_code, normal_share=history.normal_share,
            days=[shape.HistoryDay(date=d.day, availability=d.worst, closed=d.closed) for d in history.days]))
    return _render(shape.HistoryResponse(
        data=shape.OfficeHistory(office_code=office.code, timezone=office.timezone, days=days, services=services),
        data_as_of=data_as_of(snapshot)))


def maintenance_response(snapshot: PublicSnapshot) -> Rendered:
    return _render(shape.MaintenanceList(data=[maintenance_payload(w) for w in snapshot.maintenance],
                                         data_as_of=data_as_of(snapshot)))


def parse_hours_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> tuple[date, date]:
    """The first and last day asked for."""
    values = parse_parameters(snapshot, params, HOURS_PARAMETERS)
    first: date = values["from"]
    last: date = values["to"]
    if first > last:
        raise InvalidInput(f"from ({first}) is after to ({last}).", field="from")
    if (last - first).days + 1 > MAX_HOURS_DAYS:
        raise InvalidInput(f"At most {MAX_HOURS_DAYS} days per request: from {first} to {last} is "
                           f"{(last - first).days + 1}.", field="to")
    return first, last


def _day_payload(day: hours.DayHours) -> shape.DayHours:
    return shape.DayHours(
        date=day.day, weekday=hours.SCHEMA_DAYS[day.day.weekday()], status=day.status,
        hours=_intervals(day.intervals),
        passport_hours=_intervals(day.passport) if day.passport is not None else None,
        holidays=[shape.Holiday(kind=n.kind, name=Bilingual.of(n.name_ind, n.name_en))
                  for n in day.notes if n.kind in ("holiday", "joint_leave")],
        special_days=[shape.SpecialDayNote(kind=n.kind, reason=Bilingual.of(n.name_ind, n.name_en))
                      for n in day.notes if n.kind in ("closure", "opening")],
        confidence=day.confidence, calendar_complete=day.calendar_complete,
    )


def hours_response(snapshot: PublicSnapshot, code: str, days: tuple[date, date], base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return _no_office(code, base)
    first, last = days
    return _render(shape.HoursResponse(data=shape.OfficeHours(
        office_code=office.code, timezone=office.timezone, timezone_abbreviation=zone_abbreviation(office.timezone),
        from_=first, to=last,
        days=[_day_payload(d) for d in hours.days_hours(office, first, last, snapshot.special_days_for(office))],
    ), data_as_of=data_as_of(snapshot)))

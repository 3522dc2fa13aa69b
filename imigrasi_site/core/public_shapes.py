"""The shapes of the public JSON API (/api/v1/), declared once as pydantic models.

The API builds its payloads as these models, the OpenAPI document's schemas are generated
from them (http/openapi.py), and the tests validate every response against that document:
a field added here appears in all three. Models forbid unknown fields and every field is
required in the output, so a payload and its description cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints, WithJsonSchema

from imigrasi_site.core.history import MAX_DAYS as MAX_HISTORY_DAYS
from imigrasi_site.core.hours import Confidence, DayStatus
from imigrasi_site.core.models import Availability, IncidentStatus, OfficeType

SCHEMA_DAYS_LITERAL = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ErrorCode = Literal["bad_parameter", "not_found", "method_not_allowed", "unavailable", "internal_error",
                    # the heartbeat endpoint's own
                    "bad_body", "unauthorized", "payload_too_large", "rate_limited"]
ERROR_CODES: tuple[str, ...] = get_args(ErrorCode)
# Bounds of the API's answers, which its parameters (http/api.py) share.
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
MAX_HOURS_DAYS = 366  # days per request of /offices/{code}/hours


def iso_utc(moment: dt.datetime) -> str:
    """A moment in UTC to the second: 2024-06-21T02:00:00Z."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


UtcTime = Annotated[
    dt.datetime,
    PlainSerializer(iso_utc, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
                    "description": "A moment in UTC, ISO 8601, to the second.",
                    "examples": ["2024-06-21T02:00:00Z"]}),
]
LocalTime = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"), Field(
    json_schema_extra={"format": "date-time", "examples": ["2027-08-18T08:00:00+08:00"]},
    description="An instant in the office's zone with its offset (+07:00 WIB, +08:00 WITA, +09:00 WIT).")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"),
                  Field(description="Local time of the office, HH:MM; 24:00 is the end of the day.")]
Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]
ZoneAbbreviation = Literal["WIB", "WITA", "WIT"]
Count = Annotated[int, Field(ge=0)]


class Shape(BaseModel):
    """A payload: no field beyond those declared, and every field always written out."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True,
                              validate_by_name=True, serialize_by_alias=True)


class Bilingual(Shape):
    """A text in Indonesian (`id`, always there) and English (`en`, null when not written)."""

    id: str
    en: str | None

    @classmethod
    def of(cls, text_ind: str, text_en: str) -> Bilingual:
        return cls(id=text_ind, en=text_en or None)

    @classmethod
    def optional(cls, text_ind: str, text_en: str) -> Bilingual | None:
        """None when neither language has a text (advice that was never written)."""
        return cls.of(text_ind, text_en) if text_ind or text_en else None


class AsOfText(Shape):
    """The line in both languages, in WIB."""

    id: str
    en: str


class DataAsOf(Shape):
    """When the data was last confirmed against the source, as a moment and as a line to show readers."""

    at: UtcTime
    text: AsOfText


class Province(Shape):
    """A province (BPS code)."""

    code: str
    name: str


class OfficeService(Shape):
    """One service at one office, as it runs now."""

    code: str
    availability: Availability
    advice: Bilingual | None
    since: UtcTime
    incident_id: int | None


class OfficeLinks(Shape):
    """Where to find the office elsewhere on the site."""

    page: Url
    embed: Url
    feed: Url
    badge: Url


class Interval(Shape):
    """Open from `opens` to `closes`, local time."""

    opens: Clock
    closes: Clock


class WeekDay(Shape):
    """One weekday; `hours` empty means closed, null means not known."""

    day: SCHEMA_DAYS_LITERAL
    hours: list[Interval] | None
    passport_hours: list[Interval] | None = Field(
        description="The window for passport applications, where one is known.")


class OpeningHours(Shape):
    """The office's usual week (Monday first) in its own zone, where the facts come from and how sure they are."""

    known: bool = Field(description="False: no hours could be confirmed and none are assumed.")
    confidence: Confidence
    source: str | None
    note: str | None
    timezone: str
    timezone_abbreviation: ZoneAbbreviation
    week: list[WeekDay] = Field(min_length=7, max_length=7)
    closes_on_public_holidays: bool
    closes_on_joint_leave_days: bool


class AffectedService(Shape):
    """A service at an office that the incident changed, with its availability now."""

    office_code: str
    service_code: str
    availability: Availability


class MaintenanceService(Shape):
    """An office service the work affects."""

    office_code: str
    service_code: str


class Maintenance(Shape):
    """Planned work: the listed office services become `availability` from `starts_at` to `ends_at`."""

    id: int
    title: Bilingual
    availability: Availability
    advice: Bilingual | None
    starts_at: UtcTime
    ends_at: UtcTime
    status: Literal["scheduled", "active"]
    services: list[MaintenanceService]


ChannelKind = Literal["phone", "whatsapp", "email", "website", "instagram", "x", "facebook", "youtube", "tiktok"]


class Channel(Shape):
    """One official way to reach an office (core/channels.py)."""

    kind: ChannelKind
    value: str = Field(description="A number as written, an address, or an https URL.")


class Office(Shape):
    """An office that serves the public, with the services it offers and their availability."""

    code: str
    name: str
    type: OfficeType
    office_class: str | None
    province: Province
    city: str
    address: str
    address_source: str = Field(description="Where the address was read (empty where not yet found).")
    opened_on: dt.date | None = Field(description="The first day the unit served the public, where known.")
    closed_on: dt.date | None = Field(description="The first day it no longer did (merged, upgraded or closed).")
    channels: list[Channel]
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    timezone: str = Field(description="IANA time zone, e.g. Asia/Makassar (WITA).")
    services: list[OfficeService]
    planned_maintenance: list[Maintenance]
    opening_hours: OpeningHours
    open_now: bool | None = Field(
        description="Whether the office is open at the minute of the response; null when its hours are not known. "
                    "Holidays, joint leave and special days count.")
    next_change: LocalTime | None = Field(
        description="When the office next opens or closes, in its zone; null when no change is known "
                    "(round the clock, or hours not known).")
    links: OfficeLinks


class Paging(Shape):
    """Where this page sits in the whole result."""

    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=MAX_PER_PAGE)
    total: Count
    pages: int = Field(ge=1)


class Holiday(Shape):
    """A public holiday or a joint-leave day on this date."""

    kind: Literal["holiday", "joint_leave"]
    name: Bilingual


class SpecialDayNote(Shape):
    """A closure or an extra opening the editors entered."""

    kind: Literal["closure", "opening"]
    reason: Bilingual


class DayHours(Shape):
    """One day in the office's calendar: its hours after holidays, joint leave (cuti bersama) and special days."""

    date: dt.date
    weekday: SCHEMA_DAYS_LITERAL
    status: DayStatus
    hours: list[Interval]
    passport_hours: list[Interval] | None
    holidays: list[Holiday]
    special_days: list[SpecialDayNote]
    confidence: Confidence
    calendar_complete: bool = Field(description="False when the year's joint-leave days are not public yet "
                                                "(or the year is past the holiday data).")


class OfficeHours(Shape):
    """An office's hours day by day."""

    office_code: str
    timezone: str
    timezone_abbreviation: ZoneAbbreviation
    from_: dt.date = Field(alias="from")
    to: dt.date
    days: list[DayHours] = Field(min_length=1, max_length=MAX_HOURS_DAYS)


class Service(Shape):
    """A service some offices offer."""

    code: str
    name: Bilingual
    description: Bilingual


class OfficeCounts(Shape):
    """How many offices offering the service are in each availability."""

    normal: Count
    limited: Count
    unavailable: Count


class ServiceStatus(Shape):
    """A service nationally: unavailable only where it is unavailable at every office offering it, limited when it
    is disrupted anywhere."""

    code: str
    name: Bilingual
    availability: Availability
    summary: Bilingual
    office_counts: OfficeCounts
    disrupted_since: UtcTime | None


class IncidentReference(Shape):
    """An incident, in short."""

    id: int
    title: Bilingual
    status: IncidentStatus
    url: Url


class NationalStatus(Shape):
    """The national summary: each service, and the incidents still open."""

    services: list[ServiceStatus]
    open_incidents: list[IncidentReference]


class IncidentUpdate(Shape):
    """One entry of an incident's timeline."""

    status: IncidentStatus
    body: Bilingual
    posted_at: UtcTime


class Incident(Shape):
    """A disruption, with its timeline (newest first) and the office services it changed."""

    id: int
    title: Bilingual
    summary: Bilingual
    status: IncidentStatus
    started_at: UtcTime
    resolved_at: UtcTime | None
    updated_at: UtcTime
    url: Url
    updates: list[IncidentUpdate]
    affected: list[AffectedService]


class Notice(Shape):
    """A published notice. `body` is Markdown; `en` texts are null when the notice has no English version."""

    slug: str
    title: Bilingual
    lede: Bilingual
    body: Bilingual
    published_at: UtcTime
    updated_at: UtcTime
    incident_id: int | None
    office_codes: list[str]
    url: Url


class HistoryDay(Shape):
    """One calendar day in the office's time zone."""

    date: dt.date
    availability: Availability
    closed: bool = Field(description="The office was closed all day (a holiday, joint leave, a special day): not a "
                                     "disruption, and left out of `normal_share`.")


class ServiceHistory(Shape):
    """One service's past at the office: each local day labelled by its worst availability, oldest first, and the
    share of the time it was normal."""

    code: str
    normal_share: float = Field(ge=0, le=1)
    days: list[HistoryDay]


class OfficeHistory(Shape):
    """An office's last days per service, in the office's own calendar."""

    office_code: str
    timezone: str
    days: int = Field(ge=1, le=MAX_HISTORY_DAYS)
    services: list[ServiceHistory]


# The answers: each endpoint's `data`, with when it was confirmed.
class OfficeList(Shape):
    """A page of offices."""

    data: list[Office]
    paging: Paging
    data_as_of: DataAsOf


class OfficeResponse(Shape):
    """One office."""

    data: Office
    data_as_of: DataAsOf


class HistoryResponse(Shape):
    """An office's history."""

    data: OfficeHistory
    data_as_of: DataAsOf


class HoursResponse(Shape):
    """An office's hours day by day."""

    data: OfficeHours
    data_as_of: DataAsOf


class ServiceList(Shape):
    """Every service, in display order."""

    data: list[Service]
    data_as_of: DataAsOf


class StatusResponse(Shape):
    """The national summary."""

    data: NationalStatus
    data_as_of: DataAsOf


class IncidentList(Shape):
    """Every incident, open ones first, then newest first."""

    data: list[Incident]
    data_as_of: DataAsOf


class NoticeList(Shape):
    """Every published notice, newest first."""

    data: list[Notice]
    data_as_of: DataAsOf


class MaintenanceList(Shape):
    """Planned maintenance not over yet, soonest first."""

    data: list[Maintenance]
    data_as_of: DataAsOf


class ErrorDetail(BaseModel):
    """The error."""

    # `parameter` is left out, not null, when no parameter is at fault: no required-defaults here.
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: ErrorCode
    message: str
    parameter: Annotated[str | None, WithJsonSchema({"type": "string",
                                                     "description": "The query parameter at fault."})] = Field(
        default=None, exclude_if=lambda value: value is None)


class Error(Shape):
    """What went wrong, in words for the developer."""

    error: ErrorDetail


class HeartbeatReport(BaseModel):
    """What an office's counter system reports; every field is optional, and an empty body means "alive,
    nothing to report". At most 2048 bytes (core/heartbeats.py parses it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    services: dict[str, Literal["ok", "degraded"]] = Field(
        default_factory=dict, max_length=50,
        description="Per service code (from `/services`), whether the office's systems can reach it.")
    note: str = Field(default="", max_length=280, description="One line for the editors.")


RESPONSES: tuple[type[BaseModel], ...] = (HeartbeatReport, OfficeList, OfficeResponse, HistoryResponse, HoursResponse, ServiceList,
                                          StatusResponse, IncidentList, NoticeList, MaintenanceList, Error)

"""Immutable views of what the public may see: the pieces of the public read model.

They hold plain values only (no ORM objects, no editor data), so a snapshot can
be shared between threads, serialized, and handed to any public page or route.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from imigrasi_site.core.models import Availability, in_service
from imigrasi_site.core.text import fold

View = TypeVar("View", bound=Hashable)  # the views are frozen dataclasses


@cache
def _field_names(view: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(view) if f.init)


def from_row(view: type[View], row: object, **given: Any) -> View:
    """The view of a table row: each field the row has of the same name, copied, unless given.

    A field added to a table and its view is then copied without a third edit; the fields a view
    derives (names of related rows, nested views) are given.
    """
    copied = {name: getattr(row, name) for name in _field_names(view) if name not in given and hasattr(row, name)}
    return view(**copied, **given)


@dataclass(frozen=True, slots=True)
class ProvinceView:
    code: str
    name: str
    timezone: str


@dataclass(frozen=True, slots=True)
class ServiceView:
    code: str
    name_ind: str
    name_en: str
    description_ind: str
    description_en: str
    sort_order: int


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """One past change of a cell's availability, for its history."""

    at: datetime
    old: str | None
    new: str


@dataclass(frozen=True, slots=True)
class CellView:
    """One service at one office, as it runs now, and how it changed before."""

    service_code: str
    availability: str
    advice_ind: str
    advice_en: str
    since: datetime
    incident_id: int | None
    history: tuple[ChangePoint, ...] = ()  # oldest first
    # Marked `limited` by an automatic signal (core/signals.py), not yet by a person.
    detected_automatically: bool = False

    @property
    def severity(self) -> int:
        return Availability(self.availability).severity


@dataclass(frozen=True, slots=True)
class ChannelView:
    """One official way to reach an office: a phone number, its website, a social account."""

    kind: str  # channels.CHANNEL_KINDS
    value: str  # a number as written, or an https URL
    source: str  # where it was read


@dataclass(frozen=True, slots=True)
class OfficeView:
    code: str
    type: str
    office_class: str | None
    name: str
    province_code: str
    province_name: str
    city: str
    address: str
    latitude: float
    longitude: float
    timezone: str
    cells: tuple[CellView, ...]
    opened_on: date | None = None  # None: before the site's records begin
    closed_on: date | None = None  # the first day it no longer existed (merged, upgraded, lost its status)
    address_source: str = ""
    channels: tuple[ChannelView, ...] = ()
    # Name, city, province and code folded once at build time, for search as you type.
    search_text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.search_text:
            text = fold(" ".join((self.name, self.city, self.province_name, self.code.replace("-", " "))))
            object.__setattr__(self, "search_text", f" {text} ")

    def in_service_on(self, day: date) -> bool:
        return in_service(self.opened_on, self.closed_on, day)

    def cell(self, service_code: str) -> CellView | None:
        for cell in self.cells:
            if cell.service_code == service_code:
                return cell
        return None

    @property
    def service_codes(self) -> tuple[str, ...]:
        return tuple(cell.service_code for cell in self.cells)


@dataclass(frozen=True, slots=True)
class IncidentUpdateView:
    status: str
    body_ind: str
    body_en: str
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class AffectedCell:
    office_code: str
    service_code: str
    availability: str


@dataclass(frozen=True, slots=True)
class IncidentView:
    id: int
    title_ind: str
    title_en: str
    summary_ind: str
    summary_en: str
    status: str
    started_at: datetime
    resolved_at: datetime | None
    updated_at: datetime
    updates: tuple[IncidentUpdateView, ...]  # newest first
    affected: tuple[AffectedCell, ...]

    @property
    def is_open(self) -> bool:
        return self.status != "resolved"


@dataclass(frozen=True, slots=True)
class MaintenanceView:
    """Planned work, announced from the moment it is scheduled until it is over."""

    id: int
    title_ind: str
    title_en: str
    availability: str
    advice_ind: str
    advice_en: str
    starts_at: datetime
    ends_at: datetime
    status: str  # scheduled or active
    cells: tuple[AffectedCell, ...]


@dataclass(frozen=True, slots=True)
class NoticeView:
    slug: str
    title_ind: str
    lede_ind: str
    body_ind: str
    title_en: str
    lede_en: str
    body_en: str
    published_at: datetime
    updated_at: datetime
    incident_id: int | None
    office_codes: tuple[str, ...]

    @property
    def has_english(self) -> bool:
        return bool(self.title_en and self.body_en)


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """How many offices offering a service are in each availability, nationally."""

    service_code: str
    normal: int
    limited: int
    unavailable: int
    # The earliest moment one of the disrupted offices became so; None when all are normal.
    disrupted_since: datetime | None

    @property
    def offered_at(self) -> int:
        return self.normal + self.limited + self.unavailable

    @property
    def national(self) -> str:
        """Unavailable only where it is unavailable everywhere; limited when disrupted anywhere."""
        if self.offered_at and self.unavailable == self.offered_at:
            return Availability.UNAVAILABLE.value
        if self.unavailable or self.limited:
            return Availability.LIMITED.value
        return Availability.NORMAL.value


@dataclass(frozen=True, slots=True)
class SpecialDayView:
    """A day an editor marked for one office, a province, an office type (or both), or everywhere.

    A closure closes the whole day; an extra opening opens from `opens` to `closes` (local
    "HH:MM", "24:00" allowed) and replaces the day's usual hours.
    """

    id: int
    day: str  # ISO date, in the office's own calendar
    kind: str  # "closure" or "opening"
    office_code: str | None
    province_code: str | None
    office_type: str | None
    opens: str | None
    closes: str | None
    reason_ind: str
    reason_en: str

    def applies_to(self, office: OfficeView) -> bool:
        if self.office_code is not None:
            return self.office_code == office.code
        return (self.province_code in (None, office.province_code)) and (self.office_type in (None, office.type))

    @property
    def rank(self) -> int:
        """How specific the scope is: one office beats province and type, which beat either, which beat all."""
        if self.office_code is not None:
            return 3
        return (self.province_code is not None) + (self.office_type is not None)

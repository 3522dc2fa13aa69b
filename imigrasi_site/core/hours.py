"""Opening hours: weekly patterns, public holidays, joint-leave days and editors' special days.

Everything is computed in the office's own calendar and zone (WIB, WITA, WIT). The facts
come from data files in imigrasi_site/data/ (each row names its source and confidence):
- opening_hours.csv: weekly hours by office type, overridden per office; a row with no
  hours means nobody could confirm them, and the functions say "unknown" rather than guess;
- holiday_closures.csv: which office types close on public holidays and joint-leave days;
- joint_leave_days.csv / joint_leave_decrees.csv: cuti bersama by year, with the decree
  (SKB 3 Menteri) of each year; a year whose decree is not public is marked so;
public holidays come from the `holidays` package (Indonesia), for HOLIDAY_YEARS.

Special days (closures, extra openings) are entered by editors (core/special_days.py) and
reach these functions through the public read model (PublicSnapshot.special_days_for).
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache, partial
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

import holidays as holidays_package

from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import Phrase, day_name, format_date, language, t, zone_abbreviation
from imigrasi_site.core.models import OfficeType, SpecialDayKind
from imigrasi_site.core.seed import DATA_DIR
from imigrasi_site.core.views import OfficeView, SpecialDayView

if TYPE_CHECKING:
    from imigrasi_site.core.snapshot import PublicSnapshot

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Years the holiday calendar covers (public holidays from the package, joint leave from the data).
HOLIDAY_YEARS = range(2024, 2028)
# Years an editor may enter a special day for.
SPECIAL_DAY_YEARS = range(2024, 2031)
DAY_MINUTES = 24 * 60
# How far ahead next_change looks before saying "no change known".
NEXT_CHANGE_HORIZON_DAYS = 400


class Confidence(str, enum.Enum):
    OFFICIAL = "official"  # the directorate's or the office's own publication
    REPORTED = "reported"  # reported by the press or another public body, named in the source
    UNCONFIRMED = "unconfirmed"  # no public source confirms it
    EDITOR = "editor"  # a special day entered by the site's editors


class DayStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class Interval(NamedTuple):
    """Opening time to closing time of one day, in minutes after local midnight (24:00 is 1440)."""

    opens: int
    closes: int

    def text(self, lang: str) -> str:
        return f"{clock_text(self.opens, lang)}–{clock_text(self.closes, lang)}"

    @property
    def opens_clock(self) -> str:
        return clock_text(self.opens, "en")

    @property
    def closes_clock(self) -> str:
        return clock_text(self.closes, "en")


def clock_text(minutes: int, lang: str) -> str:
    """'08.00' in Indonesian, '08:00' in English."""
    sep = "." if language(lang) == "id" else ":"
    return f"{minutes // 60:02d}{sep}{minutes % 60:02d}"


def parse_clock(value: object, field: str) -> int:
    """'HH:MM' (00:00 to 24:00) to minutes after midnight; anything else is refused."""
    text = value.strip() if isinstance(value, str) else ""
    parts = text.replace(".", ":").split(":")
    if len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts):
        hours, minutes = int(parts[0]), int(parts[1])
        if (hours < 24 and minutes < 60) or (hours == 24 and minutes == 0):
            return hours * 60 + minutes
    raise InvalidInput(Phrase("hours_time_format", {"text": repr(text)}), field=field)


def checked_intervals(intervals: Sequence[Interval], field: str) -> tuple[Interval, ...]:
    """Sorted intervals, refusing one that ends before it starts and two that overlap."""
    ordered = sorted(intervals, key=lambda i: i.opens)
    for interval in ordered:
        if interval.closes <= interval.opens:
            raise InvalidInput(Phrase("hours_close_after_open", {
                "closes": partial(clock_text, interval.closes), "opens": partial(clock_text, interval.opens)}),
                field=field)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.opens < before.closes:
            raise InvalidInput(Phrase("hours_overlap", {"before": before.text, "after": after.text}), field=field)
    return tuple(ordered)


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """One office's usual week. `days` is Monday first; an empty day is closed."""

    known: bool  # False: no hours could be confirmed, and none are assumed
    days: tuple[tuple[Interval, ...], ...]
    confidence: str
    source: str
    note: str
    # The window for passport applications where a source names one; None when not known.
    passport: tuple[tuple[Interval, ...], ...] | None = None

    @property
    def confirmed(self) -> bool:
        return self.known and self.confidence != Confidence.UNCONFIRMED.value


@dataclass(frozen=True, slots=True)
class ClosureRule:
    """Whether an office type closes on public holidays and on joint-leave days."""

    public_holiday_closed: bool
    joint_leave_closed: bool
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class DayNote:
    kind: str  # "holiday", "joint_leave", "closure" or "opening"
    name_ind: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if language(lang) == "en" and self.name_en else self.name_ind


@dataclass(frozen=True, slots=True)
class DayHours:
    day: date
    status: str  # DayStatus
    intervals: tuple[Interval, ...]
    passport: tuple[Interval, ...] | None  # None: no separate window known
    notes: tuple[DayNote, ...]  # holidays, joint leave and special days that fall on this day
    confidence: str
    # False when the holiday calendar of that year is incomplete (no public joint-leave decree).
    calendar_complete: bool

    @property
    def is_closed(self) -> bool:
        return self.status == DayStatus.CLOSED.value


# ---- the data files ---------------------------------------------------------------------------

def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _days_of(text: str, where: str) -> tuple[int, ...]:
    if text == "daily":
        return tuple(range(7))
    try:
        return tuple(WEEKDAYS.index(part) for part in text.split(";"))
    except ValueError:
        raise ValueError(f"{where}: unknown day in {text!r}; use {';'.join(WEEKDAYS)} or daily") from None


def _confidence(value: str, where: str) -> str:
    if value not in (c.value for c in Confidence if c is not Confidence.EDITOR):
        raise ValueError(f"{where}: unknown confidence {value!r}")
    return value


@lru_cache(maxsize=1)
def hours_table() -> dict[tuple[str, str, str], WeeklyHours]:
    """(scope, key, window) -> the week it describes; checked when first read."""
    grouped: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for number, row in enumerate(_read("opening_hours.csv"), start=2):
        if row["scope"] not in ("type", "office") or row["window"] not in ("public", "passport"):
            raise ValueError(f"opening_hours.csv line {number}: scope is type or office, window public or passport")
        if row["scope"] == "type" and row["key"] not in {t.value for t in OfficeType}:
            raise ValueError(f"opening_hours.csv line {number}: unknown office type {row['key']!r}")
        grouped.setdefault((row["scope"], row["key"], row["window"]), []).append({**row, "line": str(number)})
    table = {}
    for key, rows in grouped.items():
        where = f"opening_hours.csv {key[0]} {key[1]} {key[2]}"
        confidence = _confidence(rows[0]["confidence"], where)
        if len({r["confidence"] for r in rows}) > 1:
            raise ValueError(f"{where}: the rows of one week must share their confidence")
        if all(not r["days"] and not r["opens"] and not r["closes"] for r in rows):
            if confidence != Confidence.UNCONFIRMED.value:
                raise ValueError(f"{where}: a week without hours can only be unconfirmed")
            table[key] = WeeklyHours(False, ((),) * 7, confidence, rows[0]["source"], rows[0]["note"])
            continue
        per_day: list[list[Interval]] = [[] for _ in range(7)]
        for row in rows:
            interval = Interval(parse_clock(row["opens"], "opens"), parse_clock(row["closes"], "closes"))
            for day in _days_of(row["days"], f"{where} line {row['line']}"):
                per_day[day].append(interval)
        try:
            days = tuple(checked_intervals(d, "hours") for d in per_day)
        except InvalidInput as error:
            raise ValueError(f"{where}: {error.message}") from error
        sources = "; ".join(dict.fromkeys(r["source"] for r in rows if r["source"]))
        notes = " ".join(dict.fromkeys(r["note"] for r in rows if r["note"]))
        table[key] = WeeklyHours(True, days, confidence, sources, notes)
    missing = {t.value for t in OfficeType} - {k[1] for k in table if k[0] == "type" and k[2] == "public"}
    if missing:
        raise ValueError(f"opening_hours.csv: no default week for {', '.join(sorted(missing))}")
    return table


@lru_cache(maxsize=1)
def closure_rules() -> dict[str, ClosureRule]:
    rules = {}
    for row in _read("holiday_closures.csv"):
        where = f"holiday_closures.csv {row['office_type']}"
        if row["public_holiday"] not in ("open", "closed") or row["joint_leave"] not in ("open", "closed"):
            raise ValueError(f"{where}: public_holiday and joint_leave are open or closed")
        rules[row["office_type"]] = ClosureRule(row["public_holiday"] == "closed", row["joint_leave"] == "closed",
                                                _confidence(row["confidence"], where), row["source"])
    if set(rules) != {t.value for t in OfficeType}:
        raise ValueError("holiday_closures.csv must name every office type once")
    return rules


@dataclass(frozen=True, slots=True)
class JointLeaveDecree:
    year: int
    published: bool
    title: str
    source: str


@lru_cache(maxsize=1)
def joint_leave_decrees() -> dict[int, JointLeaveDecree]:
    return {int(r["year"]): JointLeaveDecree(int(r["year"]), r["status"] == "published", r["title"], r["source"])
            for r in _read("joint_leave_decrees.csv")}


@lru_cache(maxsize=1)
def joint_leave_days() -> dict[date, DayNote]:
    decrees = {f"SKB-{year}": d for year, d in joint_leave_decrees().items() if d.published}
    days = {}
    for row in _read("joint_leave_days.csv"):
        day = date.fromisoformat(row["date"])
        if row["decree"] not in decrees or decrees[row["decree"]].year != day.year:
            raise ValueError(f"joint_leave_days.csv {row['date']}: decree {row['decree']!r} is not that year's")
        days[day] = DayNote("joint_leave", row["name_ind"], row["name_en"])
    return days


@lru_cache(maxsize=1)
def public_holidays() -> dict[date, DayNote]:
    """Indonesia's public holidays in HOLIDAY_YEARS, named in both languages (holidays package)."""
    names_ind = holidays_package.country_holidays("ID", years=HOLIDAY_YEARS, language="id")
    names_en = holidays_package.country_holidays("ID", years=HOLIDAY_YEARS, language="en_US")
    return {day: DayNote("holiday", names_ind[day], names_en.get(day, "")) for day in sorted(names_ind)}


def calendar_complete(year: int) -> bool:
    """True when both the public holidays and the joint-leave days of `year` are known."""
    decree = joint_leave_decrees().get(year)
    return year in HOLIDAY_YEARS and decree is not None and decree.published


def calendar_notes(day: date) -> tuple[DayNote, ...]:
    """The public holiday and joint-leave day on a date, nationally (for "today is a holiday")."""
    return tuple(note for note in (public_holidays().get(day), joint_leave_days().get(day)) if note is not None)


def weekly_hours(office: OfficeView) -> WeeklyHours:
    table = hours_table()
    public = table.get(("office", office.code, "public")) or table[("type", office.type, "public")]
    passport = table.get(("office", office.code, "passport")) or table.get(("type", office.type, "passport"))
    if passport is not None and passport.known:
        return WeeklyHours(public.known, public.days, public.confidence, public.source, public.note, passport.days)
    return public


# ---- special days ------------------------------------------------------------------------------

def _special_interval(special: SpecialDayView) -> Interval:
    return Interval(parse_clock(special.opens, "opens"), parse_clock(special.closes, "closes"))


# ---- the calculation ---------------------------------------------------------------------------

def day_hours(office: OfficeView, day: date, special_days: Sequence[SpecialDayView] = ()) -> DayHours:
    """The hours of one local day: weekly hours, then holidays and joint leave, then special days."""
    weekly = weekly_hours(office)
    rule = closure_rules()[office.type]
    notes = list(calendar_notes(day))
    closed_by_calendar = any(rule.public_holiday_closed if note.kind == "holiday" else rule.joint_leave_closed
                             for note in notes)
    complete = calendar_complete(day.year)
    iso = day.isoformat()
    matching = [s for s in special_days if s.day == iso and s.applies_to(office)]
    if matching:
        top = max(s.rank for s in matching)
        chosen = sorted((s for s in matching if s.rank == top), key=lambda s: s.id)
        notes += [DayNote(s.kind, s.reason_ind, s.reason_en) for s in chosen]
        if any(s.kind == SpecialDayKind.CLOSURE.value for s in chosen):
            return DayHours(day, DayStatus.CLOSED.value, (), (), tuple(notes), Confidence.EDITOR.value, complete)
        intervals = tuple(sorted((_special_interval(s) for s in chosen), key=lambda i: i.opens))
        return DayHours(day, DayStatus.OPEN.value, intervals, None, tuple(notes), Confidence.EDITOR.value, complete)
    if closed_by_calendar:
        return DayHours(day, DayStatus.CLOSED.value, (), (), tuple(notes), rule.confidence, complete)
    if not weekly.known:
        return DayHours(day, DayStatus.UNKNOWN.value, (), None, tuple(notes), weekly.confidence, complete)
    intervals = weekly.days[day.weekday()]
    passport = weekly.passport[day.weekday()] if weekly.passport is not None else None
    status = DayStatus.OPEN if intervals else DayStatus.CLOSED
    return DayHours(day, status.value, intervals, passport, tuple(notes), weekly.confidence, complete)


def days_hours(office: OfficeView, first: date, last: date,
               special_days: Sequence[SpecialDayView] = ()) -> list[DayHours]:
    return [day_hours(office, first + timedelta(days=n), special_days) for n in range((last - first).days + 1)]


def local_day(office: OfficeView, at: datetime) -> date:
    return at.astimezone(ZoneInfo(office.timezone)).date()


def _spans(office: OfficeView, at: datetime, special_days: Sequence[SpecialDayView]
           ) -> Iterator[tuple[datetime, datetime] | None]:
    """Open spans from the local day of `at` on, merged across midnight; None at a day of unknown hours."""
    zone = ZoneInfo(office.timezone)
    first = at.astimezone(zone).date()
    pending: tuple[datetime, datetime] | None = None
    for offset in range(NEXT_CHANGE_HORIZON_DAYS):
        day = first + timedelta(days=offset)
        hours = day_hours(office, day, special_days)
        if hours.status == DayStatus.UNKNOWN.value:
            if pending is not None:
                yield pending
            yield None
            return
        midnight = datetime.combine(day, time(0), zone)  # Indonesia keeps no daylight saving time
        for interval in hours.intervals:
            start, end = midnight + timedelta(minutes=interval.opens), midnight + timedelta(minutes=interval.closes)
            if pending is not None and pending[1] == start:
                pending = (pending[0], end)
                continue
            if pending is not None:
                yield pending
            pending = (start, end)
    if pending is not None:
        yield pending


def _never_closes(office: OfficeView) -> bool:
    week, rule = weekly_hours(office), closure_rules()[office.type]
    return (week.known and all(day == (Interval(0, DAY_MINUTES),) for day in week.days)
            and not rule.public_holiday_closed and not rule.joint_leave_closed)


def open_now(office: OfficeView, at: datetime, special_days: Sequence[SpecialDayView] = ()) -> bool | None:
    """Whether the office is open at the instant `at`; None when its hours are not known."""
    hours = day_hours(office, local_day(office, at), special_days)
    if hours.status == DayStatus.UNKNOWN.value:
        return None
    local = at.astimezone(ZoneInfo(office.timezone))
    minute = local.hour * 60 + local.minute + local.second / 60
    return any(i.opens <= minute < i.closes for i in hours.intervals)


def next_change(office: OfficeView, at: datetime, special_days: Sequence[SpecialDayView] = ()) -> datetime | None:
    """The next instant the office opens or closes, in its own zone; None when none is known
    (hours unknown, or open or closed beyond the horizon, as at a round-the-clock checkpoint)."""
    now_open = open_now(office, at, special_days)
    if now_open is None:
        return None
    if now_open and _never_closes(office) and not any(s.day >= local_day(office, at).isoformat()
                                                      for s in special_days):
        return None  # round the clock, holidays included, and nothing entered ahead: no need to walk a year
    horizon_end = datetime.combine(local_day(office, at) + timedelta(days=NEXT_CHANGE_HORIZON_DAYS), time(0),
                                   ZoneInfo(office.timezone))
    for span in _spans(office, at, special_days):
        if span is None:
            return None
        start, end = span
        if now_open and start <= at < end:
            return None if end >= horizon_end else end
        if not now_open and start > at:
            return start
    return None


def closed_days(office: OfficeView, first: date, last: date,
                special_days: Sequence[SpecialDayView] = ()) -> frozenset[date]:
    """The local days from `first` to `last` on which the office was closed all day (for the history)."""
    return frozenset(d.day for d in days_hours(office, first, last, special_days) if d.is_closed)


def recent_closed_days(office: OfficeView, now: datetime, days: int,
                       special_days: Sequence[SpecialDayView] = ()) -> frozenset[date]:
    """The closed days among the last `days` local days up to `now` (history.service_history's window).

    Days before the office opened count as closed too: they are no disruption of an office that did
    not exist yet, and no part of its normal share.
    """
    today = local_day(office, now)
    first = today - timedelta(days=days - 1)
    before_opening = frozenset(first + timedelta(days=n) for n in range(days)
                               if office.opened_on is not None and first + timedelta(days=n) < office.opened_on)
    return closed_days(office, first, today, special_days) | before_opening


# ---- wording for pages -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DayRow:
    day: date
    label: str  # "Senin, 17 Agustus 2027"
    hours: str  # "08.00–16.00 WITA", "Tutup" or "Jam belum dikonfirmasi"
    status: str  # DayStatus
    notes: str  # holidays and special days named, "; " between them
    is_today: bool


@dataclass(frozen=True, slots=True)
class WeekRow:
    weekday: str  # "Senin"
    hours: str
    passport: str | None  # the passport-application window where known


@dataclass(frozen=True, slots=True)
class HoursSummary:
    status: str  # DayStatus, now
    line: str  # "Buka · tutup pukul 16.00 WITA", "Tutup · buka Senin 08.00 WITA"
    next_change: datetime | None
    confirmed: bool
    unconfirmed_text: str | None  # "Jam layanan belum dikonfirmasi" when not confirmed
    today_notes: str  # the holiday or special day of today, named; "" when none
    days: tuple[DayRow, ...]  # today and the six days after it
    week: tuple[WeekRow, ...]  # Monday first
    source: str


def weekday_name(day: date | int, lang: str) -> str:
    return day_name(day if isinstance(day, int) else day.weekday(), lang)


def _intervals_text(intervals: Sequence[Interval], zone: str, lang: str) -> str:
    if len(intervals) == 1 and intervals[0] == Interval(0, DAY_MINUTES):
        return t("hours_all_day", lang)
    return ", ".join(i.text(lang) for i in intervals) + f" {zone}"


def _day_text(hours: DayHours, zone: str, lang: str) -> str:
    if hours.status == DayStatus.UNKNOWN.value:
        return t("hours_unknown_short", lang)
    if hours.status == DayStatus.CLOSED.value:
        return t("hours_closed", lang)
    return _intervals_text(hours.intervals, zone, lang)


def _status_line(office: OfficeView, at: datetime, status: str, change: datetime | None, lang: str) -> str:
    zone = ZoneInfo(office.timezone)
    if status == DayStatus.UNKNOWN.value:
        return t("hours_unconfirmed", lang)
    if change is None:
        return t("hours_open_always" if status == DayStatus.OPEN.value else "hours_closed", lang)
    local = change.astimezone(zone)
    when = f"{clock_text(local.hour * 60 + local.minute, lang)} {zone_abbreviation(office.timezone)}"
    same_day = local.date() == at.astimezone(zone).date()
    if status == DayStatus.OPEN.value:
        key = "hours_open_until" if same_day else "hours_open_until_day"
    else:
        key = "hours_closed_until" if same_day else "hours_closed_until_day"
    return t(key, lang, time=when, day=weekday_name(local.date(), lang))


def hours_summary(office: OfficeView, at: datetime, lang: str,
                  special_days: Sequence[SpecialDayView] = ()) -> HoursSummary:
    """What an office page shows about hours, in one language, in the office's zone."""
    zone_name = zone_abbreviation(office.timezone)
    weekly = weekly_hours(office)
    is_open = open_now(office, at, special_days)
    status = DayStatus.UNKNOWN.value if is_open is None else (DayStatus.OPEN if is_open else DayStatus.CLOSED).value
    change = next_change(office, at, special_days)
    today = local_day(office, at)
    upcoming = days_hours(office, today, today + timedelta(days=6), special_days)
    days = tuple(
        DayRow(d.day,
               f"{weekday_name(d.day, lang)}, {format_date(datetime.combine(d.day, time(12), ZoneInfo('UTC')), 'UTC', lang)}",
               _day_text(d, zone_name, lang), d.status, "; ".join(n.name(lang) for n in d.notes), d.day == today)
        for d in upcoming
    )
    week = tuple(
        WeekRow(weekday_name(i, lang),
                (_intervals_text(weekly.days[i], zone_name, lang) if weekly.days[i] else t("hours_closed", lang))
                if weekly.known else t("hours_unknown_short", lang),
                _intervals_text(weekly.passport[i], zone_name, lang) if weekly.passport and weekly.passport[i]
                else None)
        for i in range(7)
    )
    return HoursSummary(
        status=status, line=_status_line(office, at, status, change, lang), next_change=change,
        confirmed=weekly.confirmed, unconfirmed_text=None if weekly.confirmed else t("hours_unconfirmed", lang),
        today_notes=days[0].notes, days=days, week=week, source=weekly.source,
    )


def office_hours_summary(snapshot: PublicSnapshot, office: OfficeView, at: datetime, lang: str) -> HoursSummary:
    """hours_summary with the special days the read model holds for the office."""
    return hours_summary(office, at, lang, snapshot.special_days_for(office))

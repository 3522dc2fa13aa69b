"""How a service at an office has fared: one label per local day, and the share of time it was normal.

Days are the office's own calendar days (a change at 23.30 WIB is on the next day in
WITA), and a day is labelled by the worst availability it had at any moment.

A day the office was closed all day (a holiday, joint leave, an editor's closure: see
hours.closed_days) is marked closed: it is not a disruption, whatever the systems did, and
its hours count neither for nor against the normal share.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from imigrasi_site.core.models import Availability
from imigrasi_site.core.views import CellView

MAX_DAYS = 366
# How far back a history reaches unless asked otherwise (the office page, the API's `days`).
DEFAULT_DAYS = 90


@dataclass(frozen=True, slots=True)
class DayStatus:
    day: date
    worst: str
    closed: bool = False  # the office was closed all day


@dataclass(frozen=True, slots=True)
class ServiceHistory:
    service_code: str
    days: tuple[DayStatus, ...]  # oldest first, ending today
    normal_share: float  # 0..1, of the time since the window began, closed days left out

    @property
    def disrupted_days(self) -> tuple[DayStatus, ...]:
        return tuple(d for d in self.days if d.worst != Availability.NORMAL.value and not d.closed)

    @property
    def closed_days(self) -> tuple[DayStatus, ...]:
        return tuple(d for d in self.days if d.closed)


def _state_at(cell: CellView, moment: datetime) -> str:
    """The availability the cell had at `moment`."""
    state = None
    for point in cell.history:
        if point.at > moment:
            if state is None:
                state = point.old or Availability.NORMAL.value
            break
        state = point.new
    if state is None:  # no change before `moment` and none after it either
        state = cell.availability if not cell.history else cell.history[-1].new
    return state


def service_history(cell: CellView, tz_name: str, *, days: int, now: datetime,
                    closed_days: Collection[date] = frozenset()) -> ServiceHistory:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    zone = ZoneInfo(tz_name)
    today = now.astimezone(zone).date()
    first_day = today - timedelta(days=days - 1)
    window_start = datetime.combine(first_day, time(0), zone)
    labels = []
    normal_seconds = 0.0
    closed_seconds = 0.0
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        start = datetime.combine(day, time(0), zone)
        end = min(datetime.combine(day + timedelta(days=1), time(0), zone), now)
        worst, normal = _day_of(cell, start, end)
        closed = day in closed_days
        if closed:
            closed_seconds += max(0.0, (end - start).total_seconds())
        else:
            normal_seconds += normal
        labels.append(DayStatus(day, worst, closed))
    total = (now - window_start).total_seconds() - closed_seconds
    return ServiceHistory(cell.service_code, tuple(labels), round(normal_seconds / total, 4) if total > 0 else 1.0)


def _day_of(cell: CellView, start: datetime, end: datetime) -> tuple[str, float]:
    """The worst availability from `start` to `end`, and the seconds of it that were normal."""
    state = _state_at(cell, start)
    worst = Availability(state)
    cursor, seconds = start, 0.0
    for point in cell.history:
        if start < point.at < end:
            if state == Availability.NORMAL.value:
                seconds += (point.at - cursor).total_seconds()
            state, cursor = point.new, point.at
            worst = max(worst, Availability(state), key=lambda a: a.severity)
    if state == Availability.NORMAL.value and end > cursor:
        seconds += (end - cursor).total_seconds()
    return worst.value, seconds

"""iCalendar (RFC 5545) of an office's planned maintenance and closures: /kalender/kantor/<code>.ics.

Calendar apps subscribe to it and show the planned work in the reader's own time zone;
times are written in UTC so no zone definitions are needed. Closures (public holidays,
joint leave and editors' special days on which the office would otherwise open) are
all-day events on the office's own calendar days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from imigrasi_site.core import hours, links
from imigrasi_site.core.i18n import pick, t, zone_abbreviation
from imigrasi_site.core.presenters import planned_rows
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import OfficeView
from imigrasi_site.http.rendered import FEED_CACHE, Rendered, error_text

CALENDAR = "text/calendar; charset=utf-8"
# How far ahead closures are listed.
CLOSURES_AHEAD = timedelta(days=366)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def office_calendar(snapshot: PublicSnapshot, code: str, lang: str, base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return error_text(404, f"No office has the code {code!r}.")
    host = base.split("://", 1)[-1].split("/", 1)[0]
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Status Layanan Imigrasi//Kalender//ID", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(office.name + ' - ' + t('planned_heading', lang))}",
    ]
    for row, window in zip(planned_rows(snapshot, office, lang), snapshot.maintenance_for(office.code), strict=False):
        advice = pick(lang, window.advice_ind, window.advice_en)[0]
        description = f"{row.effect}: {row.services}." + (f" {advice}" if advice else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:maintenance-{window.id}-{office.code}@{host}",
            f"DTSTAMP:{_utc(snapshot.built_at)}",
            f"DTSTART:{_utc(window.starts_at)}",
            f"DTEND:{_utc(window.ends_at)}",
            f"SUMMARY:{_escape(row.title)}",
            f"DESCRIPTION:{_escape(description)}",
            f"LOCATION:{_escape(office.name + ', ' + office.city)}",
            f"URL:{links.office_page(base, office.code, lang)}",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines += _closure_events(snapshot, office, lang, base, host)
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return Rendered.build(body.encode(), CALENDAR, cache_control=FEED_CACHE)


def _closure_events(snapshot: PublicSnapshot, office: OfficeView, lang: str, base: str, host: str) -> list[str]:
    week = hours.weekly_hours(office)
    today = hours.local_day(office, snapshot.built_at)
    lines: list[str] = []
    for day in hours.days_hours(office, today, today + CLOSURES_AHEAD, snapshot.special_days_for(office)):
        # A day the office closes anyway (a Sunday holiday) is no news; nor is a day of unknown hours.
        usually_open = not week.known or bool(week.days[day.day.weekday()])
        if not (day.is_closed and day.notes and usually_open):
            continue
        reason = "; ".join(note.name(lang) for note in day.notes)
        lines += [
            "BEGIN:VEVENT",
            f"UID:closed-{day.day.isoformat()}-{office.code}@{host}",
            f"DTSTAMP:{_utc(snapshot.built_at)}",
            f"DTSTART;VALUE=DATE:{day.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(t('calendar_closed', lang, reason=reason))}",
            f"DESCRIPTION:{_escape(t('calendar_closed_description', lang, zone=zone_abbreviation(office.timezone)))}",
            f"LOCATION:{_escape(office.name + ', ' + office.city)}",
            f"URL:{links.office_page(base, office.code, lang)}",
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    return lines

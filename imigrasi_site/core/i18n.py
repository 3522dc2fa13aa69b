"""Languages, time zones and the way dates are written.

Indonesian is the default. Times are always written with their zone
("20 Juni 2024 08.15 WIB"), in the office's zone or in WIB on national pages.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
NATIONAL_TIMEZONE = "Asia/Jakarta"

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def language(value: object) -> str:
    """A supported language code; anything else falls back to Indonesian."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def zone_abbreviation(tz_name: str) -> str:
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)


def format_time(moment: datetime, tz_name: str = NATIONAL_TIMEZONE, lang: str = DEFAULT_LANGUAGE) -> str:
    """'14.30 WITA' (Indonesian uses a dot between hours and minutes, English a colon)."""
    local = moment.astimezone(ZoneInfo(tz_name))
    sep = "." if language(lang) == "id" else ":"
    return f"{local.hour:02d}{sep}{local.minute:02d} {zone_abbreviation(tz_name)}"


def format_date(moment: datetime, tz_name: str = NATIONAL_TIMEZONE, lang: str = DEFAULT_LANGUAGE) -> str:
    local = moment.astimezone(ZoneInfo(tz_name))
    return f"{local.day} {_MONTHS[language(lang)][local.month - 1]} {local.year}"


def format_datetime(moment: datetime, tz_name: str = NATIONAL_TIMEZONE, lang: str = DEFAULT_LANGUAGE) -> str:
    """'20 Juni 2024 08.15 WIB' / '20 June 2024 08:15 WIB'."""
    return f"{format_date(moment, tz_name, lang)} {format_time(moment, tz_name, lang)}"


def pick(lang: str, text_id: str, text_en: str) -> tuple[str, bool]:
    """The text in the wanted language, and whether it is a fallback to Indonesian."""
    if language(lang) == "en" and text_en:
        return text_en, False
    return text_id, language(lang) == "en"

"""The official channels of each office (phone, website, social accounts), from data/office_channels.csv.

They are reference data like the weekly hours: read from the file, checked once, and carried
in the public read model (OfficeView.channels). Every row names where it was read.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from imigrasi_site.core.seed import DATA_DIR
from imigrasi_site.core.views import ChannelView

CHANNELS_FILE = "office_channels.csv"
PHONE_KINDS = ("phone", "whatsapp")
# Accounts and pages: a link a person (or a search engine, as schema.org sameAs) can open.
LINK_KINDS = ("website", "instagram", "x", "facebook", "youtube", "tiktok")
CHANNEL_KINDS = PHONE_KINDS + ("email",) + LINK_KINDS
_PHONE = re.compile(r"\+?[0-9(][0-9 ()-]{5,24}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}")
_URL = re.compile(r"https://[^\s\"'<>]+")


def _problem(kind: str, value: str, source: str) -> str | None:
    if kind not in CHANNEL_KINDS:
        return f"unknown kind {kind!r} (one of {', '.join(CHANNEL_KINDS)})"
    if not source:
        return "no source"
    if kind in PHONE_KINDS and not _PHONE.fullmatch(value):
        return f"{value!r} is not a phone number"
    if kind == "email" and not _EMAIL.fullmatch(value):
        return f"{value!r} is not an email address"
    if kind in LINK_KINDS and not _URL.fullmatch(value):
        return f"{value!r} is not an https URL"
    return None


@lru_cache(maxsize=1)
def office_channels() -> Mapping[str, tuple[ChannelView, ...]]:
    """Office code -> its channels, in the file's order. A bad row fails loudly, naming its line."""
    by_office: dict[str, list[ChannelView]] = defaultdict(list)
    with open(DATA_DIR / CHANNELS_FILE, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            code, kind, value, source = (row[k].strip() for k in ("office_code", "kind", "value", "source"))
            problem = _problem(kind, value, source)
            if problem:
                raise ValueError(f"{CHANNELS_FILE} line {number} ({code}): {problem}")
            by_office[code].append(ChannelView(kind, value, source))
    return MappingProxyType({code: tuple(rows) for code, rows in by_office.items()})

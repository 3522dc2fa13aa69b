"""The public pages as HTML, rendered in Python from the read model.

A page is addressed by a `PageKey` (which page, its argument, its normalized query and the
language). `render_parts` turns it into the parts every edition shares: the main content,
the footer and the page's status and title. The full edition sends them inside the Reflex
document (`full_body`), the light edition inside a small document of its own
(`light_document`), and the Reflex pages show the very same `main` and `footer` strings once
they take over, so the facts cannot differ between editions.

Every value is escaped by Jinja2's autoescaping; Markdown from editors is rendered with raw
HTML off and cleaned again (`sanitize.render_markdown_html`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from imigrasi_site.core import hours, paths, presenters
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, format_datetime, language, t
from imigrasi_site.core.models import utcnow
from imigrasi_site.core.offices import (
    AVAILABILITY_FILTERS,
    filter_offices,
    locate_place,
    nearest_offices,
    office_incident_ids,
    office_notices,
    search_offices,
)
from imigrasi_site.core.sanitize import render_markdown_html
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import PublicSnapshot, SnapshotMemo, is_stale
from imigrasi_site.render import map as national_map

OFFICE_PAGE_SIZE = 30
NOTICE_PAGE_SIZE = 10
HOME_NOTICES = 5
OFFICE_NOTICES = 5
MAX_QUERY = 200
MAX_CITY = 100
# Kinds of page, and the first path segment that names each dynamic one.
DYNAMIC_KINDS = {paths.OFFICE_PREFIX.strip("/"): "office", paths.NOTICE_PREFIX.strip("/"): "notice",
                 paths.INCIDENT_PREFIX.strip("/"): "incident"}
STATIC_KINDS = {paths.HOME: "home", paths.OFFICES: "offices", paths.NOTICES: "notices", paths.NOT_FOUND: "not_found"}

_TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(
    loader=FileSystemLoader(_TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["paths"] = paths
_env.filters["markdown"] = lambda text: Markup(render_markdown_html(text or ""))

LIGHT_STYLE = (_TEMPLATES / "light.css").read_text(encoding="utf-8").strip()
_LIGHT_STYLE_HASH = base64.b64encode(hashlib.sha256(LIGHT_STYLE.encode()).digest()).decode()
# The light edition runs no script and loads nothing but itself: its stylesheet is inline.
LIGHT_CONTENT_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_LIGHT_STYLE_HASH}'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True, slots=True)
class PageKey:
    """One public page in one language; hashable, so it keys the per-snapshot memo."""

    kind: str  # home | offices | office | notices | notice | incident | not_found
    arg: str = ""  # the office code, notice slug or incident id
    query: tuple[tuple[str, str], ...] = ()  # the page's own parameters, normalized
    lang: str = "id"

    def param(self, name: str) -> str:
        return dict(self.query).get(name, "")

    @property
    def path(self) -> str:
        """The page's address without its query."""
        if self.kind == "office":
            return paths.office(self.arg)
        if self.kind == "notice":
            return paths.notice(self.arg)
        if self.kind == "incident":
            return f"{paths.INCIDENT_PREFIX}{self.arg}"
        return {"home": paths.HOME, "offices": paths.OFFICES, "notices": paths.NOTICES}.get(self.kind, paths.HOME)

    def url(self, lang: str | None = None) -> str:
        """This page's address, with its parameters, in `lang` (default: its own)."""
        return paths.with_query(self.path, self.lang if lang is None else lang, **dict(self.query))

    @property
    def shows_hours(self) -> bool:
        """Whether the page says what is open now, so that its rendering holds for a minute only."""
        return self.kind in ("home", "offices", "office")

    @property
    def is_search(self) -> bool:
        """A free-text search: too many possible values to keep every rendering."""
        return bool(self.param("q") or self.param("kota"))


@dataclass(frozen=True, slots=True)
class PageParts:
    status: int
    title: str
    main: str
    map: str  # the national map and its table, where the page has one ("" otherwise)
    as_of: str  # "Data per 20 Juni 2024 08.15 WIB": when the read model was last confirmed
    stale: bool


def page_kind(path: str) -> tuple[str, str] | None:
    """(kind, argument) for a public page's path, or None for anything else."""
    path = path.rstrip("/") or "/"
    if path in STATIC_KINDS:
        return STATIC_KINDS[path], ""
    first, _, rest = path[1:].partition("/")
    if first in DYNAMIC_KINDS and rest and "/" not in rest:
        return DYNAMIC_KINDS[first], rest
    return None


def _first(params: Mapping[str, Sequence[str]], name: str, limit: int = MAX_QUERY) -> str:
    values = params.get(name) or [""]
    return " ".join(str(values[0]).split())[:limit]


def _page_number(value: str) -> str:
    return value if value.isdigit() and 1 < int(value) < 10_000 else ""


def page_key(snapshot: PublicSnapshot, kind: str, arg: str, params: Mapping[str, Sequence[str]],
             lang: str) -> PageKey:
    """The page's key with only the parameters it understands, cleaned. Unknown filter values are
    dropped rather than refused, so a hand-edited link still shows a page."""
    query: list[tuple[str, str]] = []
    if kind == "offices":
        service = _first(params, "layanan")
        availability = _first(params, "status")
        query = [
            ("q", _first(params, "q")),
            ("layanan", service if snapshot.service(service) else ""),
            ("status", availability if availability in AVAILABILITY_FILTERS else ""),
            ("urut", "jarak" if _first(params, "urut") == "jarak" else ""),
            ("kota", _first(params, "kota", MAX_CITY)),
            ("buka", "1" if _first(params, "buka") == "1" else ""),
            ("halaman", _page_number(_first(params, "halaman"))),
        ]
    if kind in ("home", "offices"):
        service = _first(params, "peta")
        query.append(("peta", service if snapshot.service(service) else ""))
    elif kind == "notices":
        incident = snapshot.incident(_first(params, "insiden"))
        query = [("insiden", str(incident.id) if incident else ""),
                 ("halaman", _page_number(_first(params, "halaman")))]
    return PageKey(kind, arg, tuple((k, v) for k, v in query if v), language(lang))


# ---- one function per page: the template's context, or None when the thing is unknown ----

def _home(snapshot: PublicSnapshot, key: PageKey, now: datetime) -> dict:
    lang = key.lang
    today = now.astimezone(ZoneInfo(NATIONAL_TIMEZONE)).date()
    holidays = [note.name(lang) for note in hours.calendar_notes(today) if note.kind == "holiday"]
    return {
        "title": t("site_name", lang),
        "holiday": t("today_holiday", lang, names=", ".join(holidays)) if holidays else "",
        "summary": [presenters.summary_row(snapshot, s, lang) for s in snapshot.summary],
        "incidents": [presenters.incident_card(i, lang) for i in snapshot.open_incidents],
        "notices": [presenters.notice_card(n, lang) for n in snapshot.notices[:HOME_NOTICES]],
    }


def service_choices(snapshot: PublicSnapshot, lang: str) -> list[tuple[str, str]]:
    """(code, name in `lang`) of every service, for the checker's and the map's selectors."""
    return [(s.code, presenters.service_name(snapshot, s.code, lang)) for s in snapshot.services]


def office_results(snapshot: PublicSnapshot, key: PageKey, now: datetime) -> dict:
    """The checker's answer for the filters in `key`: rows of one page, counts and paging links."""
    lang = key.lang
    service = key.param("layanan") or None
    availability = key.param("status") or None
    offices = filter_offices(search_offices(snapshot.offices, key.param("q")), service_code=service,
                             availability=availability)
    open_now = {o.code: hours.open_now(o, now, snapshot.special_days_for(o)) for o in offices}
    if key.param("buka"):
        offices = [o for o in offices if open_now[o.code]]
    distances: dict[str, float] = {}
    note = ""
    if key.param("urut") == "jarak":
        place = locate_place(snapshot.offices, key.param("kota"))
        if place is None:
            note = t("city_unknown", lang) if key.param("kota") else ""
        else:
            ranked = nearest_offices(offices, place.latitude, place.longitude, limit=len(offices))
            offices = [office for office, _distance in ranked]
            distances = dict((office.code, d) for office, d in ranked)
    total = len(offices)
    pages = max(1, -(-total // OFFICE_PAGE_SIZE))
    page = min(int(key.param("halaman") or 1), pages)
    start = (page - 1) * OFFICE_PAGE_SIZE
    shown = offices[start:start + OFFICE_PAGE_SIZE]
    rows = [presenters.office_row(snapshot, office, lang, distances.get(office.code)) for office in shown]
    # Open or closed now, by the office's own hours; nothing where its hours are not known.
    words = {True: t("row_open", lang), False: t("row_closed", lang)}
    open_words = ["" if open_now[o.code] is None else words[bool(open_now[o.code])] for o in shown]
    count = t("results_count", lang, n=total) if total else t("no_results", lang)
    return {"rows": list(zip(rows, open_words, strict=False)), "status_line": f"{count} {note}".strip(),
            "pager": _pager(key, page, pages)}


def _pager(key: PageKey, page: int, pages: int) -> dict | None:
    if pages <= 1:
        return None
    query = {k: v for k, v in key.query if k != "halaman"}
    base = paths.OFFICES if key.kind == "offices" else paths.NOTICES

    def link(number: int) -> str:
        return paths.with_query(base, key.lang, **query, halaman=number if number > 1 else "")

    return {
        "label": t("page_of", key.lang, page=page, pages=pages),
        "previous": link(page - 1) if page > 1 else "",
        "next": link(page + 1) if page < pages else "",
    }


def _offices(snapshot: PublicSnapshot, key: PageKey, now: datetime) -> dict:
    lang = key.lang
    return {
        "title": t("nav_offices", lang),
        "services": service_choices(snapshot, lang),
        "availabilities": [(a, t(f"availability_{a}", lang)) for a in ("disrupted", "normal", "limited",
                                                                          "unavailable")],
        **office_results(snapshot, key, now),
    }


def _channel_href(kind: str, value: str) -> str:
    digits = "".join(c for c in value if c.isdigit() or c == "+")
    if kind == "phone":
        return f"tel:{digits}"
    if kind == "whatsapp":
        return f"https://wa.me/{digits.lstrip('+')}"
    if kind == "email":
        return f"mailto:{value}"
    return value


def _office(snapshot: PublicSnapshot, key: PageKey, now: datetime) -> dict | None:
    office = snapshot.office(key.arg)
    if office is None:
        return None
    lang = key.lang
    incident_ids = office_incident_ids(office, snapshot.incidents)
    detail = presenters.office_detail(snapshot, office, lang)
    return {
        "title": office.name,
        "office": detail,
        "hours": hours.office_hours_summary(snapshot, office, now, lang),
        "channels": [(t(f"channel_{c.kind}", lang), c.value, _channel_href(c.kind, c.value)) for c in office.channels],
        "planned": presenters.planned_rows(snapshot, office, lang),
        "history": presenters.history_rows(snapshot, office, lang),
        "incidents": [presenters.incident_card(i, lang) for i in snapshot.incidents if i.id in incident_ids],
        "notices": [presenters.notice_card(n, lang)
                    for n in office_notices(office, snapshot.notices, incident_ids)[:OFFICE_NOTICES]],
    }


def _notices(snapshot: PublicSnapshot, key: PageKey, _now: datetime) -> dict:
    lang = key.lang
    incident = snapshot.incident(key.param("insiden") or None)
    notices = [n for n in snapshot.notices if incident is None or n.incident_id == incident.id]
    pages = max(1, -(-len(notices) // NOTICE_PAGE_SIZE))
    page = min(int(key.param("halaman") or 1), pages)
    start = (page - 1) * NOTICE_PAGE_SIZE
    return {
        "title": t("nav_notices", lang),
        "notices": [presenters.notice_card(n, lang) for n in notices[start:start + NOTICE_PAGE_SIZE]],
        "incident_filter": str(incident.id) if incident else "",
        "incident_options": [(str(i.id), presenters.incident_card(i, lang).title) for i in snapshot.incidents],
        "pager": _pager(key, page, pages),
    }


def _notice(snapshot: PublicSnapshot, key: PageKey, _now: datetime) -> dict | None:
    notice = snapshot.notice(key.arg)
    if notice is None:
        return None
    detail = presenters.notice_detail(snapshot, notice, key.lang)
    return {"title": detail.title, "notice": detail}


def _incident(snapshot: PublicSnapshot, key: PageKey, _now: datetime) -> dict | None:
    incident = snapshot.incident(key.arg)
    if incident is None:
        return None
    lang = key.lang
    card = presenters.incident_card(incident, lang)
    return {
        "title": card.title,
        "card": card,
        "summary": incident.summary_en if lang == "en" and incident.summary_en else incident.summary_ind,
        "resolved": t("incident_resolved_at", lang,
                      when=format_datetime(incident.resolved_at, NATIONAL_TIMEZONE, lang))
        if incident.resolved_at else "",
        "timeline": presenters.timeline(incident, lang),
        "affected": presenters.affected_rows(snapshot, incident, lang),
    }


_PAGES = {
    "home": _home, "offices": _offices, "office": _office, "notices": _notices,
    "notice": _notice, "incident": _incident,
}
# What a missing office, notice or incident says, and where it sends the reader back to.
_NOT_FOUND = {
    "office": ("not_found_office", paths.OFFICES, "back_offices"),
    "notice": ("not_found_notice", paths.NOTICES, "back_notices"),
    "incident": ("not_found_incident", paths.NOTICES, "back_notices"),
    "not_found": ("not_found_page", paths.OFFICES, "back_offices"),
}


def _words(lang: str):
    return lambda key, **values: t(key, lang, **values)


def render_template(name: str, lang: str, **context: object) -> str:
    """One of the templates (the embeds use this), with the catalogue in `lang` as `t`."""
    return _env.get_template(name).render(t=_words(lang), lang=lang, **context)


def render_parts(snapshot: PublicSnapshot, key: PageKey, now: datetime | None = None) -> PageParts:
    lang = key.lang
    make = _PAGES.get(key.kind)
    context = make(snapshot, key, now or utcnow()) if make else None
    common = {
        "t": _words(lang), "lang": lang, "key": key,
        "stale": is_stale(snapshot),
        "as_of": t("data_as_of", lang, when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, lang)),
    }
    if context is None:
        message, back_path, back_key = _NOT_FOUND.get(key.kind, _NOT_FOUND["not_found"])
        context = {"title": t("not_found_title", lang), "message": message, "back_path": back_path,
                   "back_key": back_key}
        template, status = "not_found.html", 404
    else:
        template, status = f"{key.kind}.html", 200
    main = _env.get_template(template).render(**common, **context)
    drawn = map_fragment(snapshot, key) if status == 200 else ""
    return PageParts(status, context["title"], main, drawn, common["as_of"], common["stale"])


def map_fragment(snapshot: PublicSnapshot, key: PageKey) -> str:
    """The national map for the home page and the checker (the service in ?peta=, or the checker's
    service filter), and the offices an incident touches on its page."""
    lang, base = key.lang, get_settings().public_url
    if key.kind in ("home", "offices"):
        service = national_map.parse_map_service(snapshot, key.param("peta") or key.param("layanan"))
        codes = None
    elif key.kind == "incident":
        incident = snapshot.incident(key.arg)
        service, codes = None, {cell.office_code for cell in incident.affected} if incident else set()
    else:
        return ""
    services = service_choices(snapshot, lang)
    return _env.get_template("map.html").render(
        t=_words(lang), lang=lang, key=key, selector=codes is None, services=services, service=service or "",
        svg=Markup(national_map.render_map_svg(snapshot, service, lang, base, office_codes=codes)),
        rows=national_map.map_rows(snapshot, service, lang, base, office_codes=codes))


_parts_memo: SnapshotMemo[PageParts] = SnapshotMemo(
    4096, size=lambda parts: len(parts.main), max_bytes=16 * 1024 * 1024)


def clock(key: PageKey, now: datetime | None = None) -> datetime | None:
    """The minute a rendering of this page holds for, when it says what is open now; else None."""
    return (now or utcnow()).replace(second=0, microsecond=0) if key.shows_hours else None


def cached_parts(snapshot: PublicSnapshot, key: PageKey) -> PageParts:
    """`render_parts`, made once per snapshot, key (and minute, for opening hours); free-text
    searches are made each time."""
    minute = clock(key)
    if key.is_search:
        return render_parts(snapshot, key, minute)
    # Staleness comes with time, not with a new snapshot (in an outage there is none): it is part of the key.
    return _parts_memo.get(snapshot, (key, minute, is_stale(snapshot)), lambda: render_parts(snapshot, key, minute))


def results_fragment(snapshot: PublicSnapshot, key: PageKey) -> str:
    """The checker's result list alone, as the live page swaps it in while a visitor types."""
    return _env.get_template("office_results.html").render(t=_words(key.lang), lang=key.lang,
                                                           **office_results(snapshot, key, utcnow()))


def heading_fragment(snapshot: PublicSnapshot, key: PageKey) -> str:
    """What stands above the checker's form: the stale banner and the page heading."""
    return _env.get_template("offices_heading.html").render(
        t=_words(key.lang), stale=is_stale(snapshot),
        as_of=t("data_as_of", key.lang, when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, key.lang)))


def header(key: PageKey, *, light: bool) -> str:
    return _env.get_template("header.html").render(t=_words(key.lang), lang=key.lang, key=key, light=light)


def footer(key: PageKey, parts: PageParts, *, light: bool) -> str:
    return _env.get_template("footer.html").render(t=_words(key.lang), key=key, as_of=parts.as_of, light=light)


def full_body(key: PageKey, parts: PageParts) -> str:
    """What the full edition's document carries in its body before the Reflex app takes over."""
    return _env.get_template("full_body.html").render(
        header=Markup(header(key, light=False)), main=Markup(parts.main), map=Markup(parts.map),
        footer=Markup(footer(key, parts, light=False)), key=key, t=_words(key.lang))


def light_document(key: PageKey, parts: PageParts, *, surge: bool, head: str = "") -> str:
    """The light edition: the same parts in a small document with no script at all."""
    return _env.get_template("light.html").render(
        header=Markup(header(key, light=True)), main=Markup(parts.main),
        # The home page's light edition stays within one round trip: its map is one link away.
        map=Markup(parts.map if key.kind != "home" else ""),
        footer=Markup(footer(key, parts, light=True)), key=key, lang=key.lang, t=_words(key.lang),
        surge=surge, title=parts.title, style=Markup(LIGHT_STYLE), head=Markup(head),
    )

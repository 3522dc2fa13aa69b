"""States of the public pages: thin wrappers that ask the read model and the presenters.

A visitor's state holds the language, the page's inputs and the rows the page
shows, nothing else: no ORM rows, no editor data. Every handler validates its
arguments, because any client can call any handler with anything.
"""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core import presenters
from imigrasi_site.core.i18n import LANGUAGES, NATIONAL_TIMEZONE, format_datetime, language, t
from imigrasi_site.core.offices import (
    AVAILABILITY_FILTERS,
    filter_offices,
    locate_place,
    nearest_offices,
    office_incident_ids,
    office_notices,
    search_offices,
)
from imigrasi_site.core.snapshot import PublicSnapshot, SnapshotMemo, current_snapshot, is_stale
from imigrasi_site.ui.state import inputs

ONE_YEAR = 365 * 24 * 3600
OFFICE_PAGE_SIZE = 30
NOTICE_PAGE_SIZE = 10
MAX_INPUT = 200


def _text(value: object) -> str:
    return inputs.text(value, MAX_INPUT)


class PublicState(rx.State):
    """The visitor's language: a remembered choice, overridden by a shared ?lang= link."""

    lang_cookie: str = rx.Cookie("id", name="lang", max_age=ONE_YEAR, same_site="lax")
    data_as_of: str = ""
    data_stale: bool = False

    @rx.var
    def lang(self) -> str:
        return language(self.lang_cookie)

    @rx.var
    def is_en(self) -> bool:
        return self.lang == "en"

    async def _begin(self) -> tuple[str, PublicSnapshot]:
        """Every public page's first step: the language to use and the read model to show."""
        wanted = self.router.url.query_parameters.get("lang")
        if wanted in LANGUAGES:
            self.lang_cookie = wanted
        snapshot = await current_snapshot()
        self.data_as_of = t("data_as_of", self.lang,
                            when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, self.lang))
        self.data_stale = is_stale(snapshot)
        return self.lang, snapshot

    @rx.event
    async def load_common(self):
        """on_load of pages that show nothing but the frame."""
        await self._begin()

    @rx.event
    def switch_language(self):
        """Flip the language, remember it, and reload the page in it (so its URL is shareable)."""
        self.lang_cookie = "id" if self.lang == "en" else "en"
        path = self.router.url.path or "/"
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            path = "/"  # never a protocol-relative address that would leave the site
        return rx.redirect(f"{path}?lang={self.lang_cookie}")


class HomeState(PublicState):
    summary: list[presenters.SummaryRow] = []
    incidents: list[presenters.IncidentCard] = []
    notices: list[presenters.NoticeCard] = []

    @rx.event
    async def load(self):
        lang, snapshot = await self._begin()
        self.summary = [presenters.summary_row(snapshot, s, lang) for s in snapshot.summary]
        self.incidents = [presenters.incident_card(i, lang) for i in snapshot.open_incidents]
        self.notices = [presenters.notice_card(n, lang) for n in snapshot.notices[:5]]


class OfficeListState(PublicState):
    """The availability checker: search as you type, filters, sort by name or distance."""

    query: str = ""
    service: str = ""
    availability: str = ""
    sort: str = "name"
    city: str = ""
    rows: list[presenters.OfficeRow] = []
    total: int = 0
    status_line: str = ""
    service_options: list[list[str]] = []

    @rx.event
    async def load(self):
        lang, snapshot = await self._begin()
        params = self.router.url.query_parameters
        self.query = _text(params.get("q", ""))
        self.service = _text(params.get("layanan", ""))
        self.availability = _text(params.get("status", ""))
        self.city = _text(params.get("kota", ""))
        self.sort = "distance" if params.get("urut") == "jarak" else "name"
        self.service_options = [[s.code, s.name_en if lang == "en" else s.name_id] for s in snapshot.services]
        self._refresh(snapshot)

    @rx.event
    async def set_query(self, value: str):
        self.query = _text(value)
        self._refresh(await current_snapshot())

    @rx.event
    async def set_service(self, value: str):
        self.service = _text(value)
        self._refresh(await current_snapshot())

    @rx.event
    async def set_availability(self, value: str):
        self.availability = _text(value)
        self._refresh(await current_snapshot())

    @rx.event
    async def set_sort(self, value: str):
        self.sort = "distance" if value == "distance" else "name"
        self._refresh(await current_snapshot())

    @rx.event
    async def set_city(self, value: str):
        self.city = _text(value)
        self._refresh(await current_snapshot())

    def _refresh(self, snapshot: PublicSnapshot) -> None:
        lang = self.lang
        # Unknown filter values are ignored rather than failing: a hand-edited link still shows offices.
        service = self.service if snapshot.service(self.service) else None
        availability = self.availability if self.availability in AVAILABILITY_FILTERS else None
        offices = filter_offices(search_offices(snapshot.offices, self.query), service_code=service,
                                 availability=availability)
        distances: dict[str, float] = {}
        note = ""
        if self.sort == "distance":
            place = locate_place(snapshot.offices, self.city)
            if place is None:
                note = t("city_unknown", lang) if self.city.strip() else ""
            else:
                ranked = nearest_offices(offices, place.latitude, place.longitude, limit=len(offices))
                offices = [office for office, _d in ranked]
                distances = {office.code: d for office, d in ranked}
        self.total = len(offices)
        self.rows = [
            presenters.office_row(snapshot, office, lang, distances.get(office.code))
            for office in offices[:OFFICE_PAGE_SIZE]
        ]
        count = t("results_count", lang, n=self.total) if self.total else t("no_results", lang)
        self.status_line = f"{count} {note}".strip()


_office_pages: SnapshotMemo[tuple] = SnapshotMemo()


def _office_page(snapshot: PublicSnapshot, office, lang: str) -> tuple:
    """An office page's rows, made once per snapshot and language: a surge of visitors to one
    office costs one rendering, not one per visitor.
    The rows are shared between visitors' states, so no handler may change them in place."""

    def make() -> tuple:
        incident_ids = office_incident_ids(office, snapshot.incidents)
        return (
            presenters.office_detail(snapshot, office, lang),
            presenters.planned_rows(snapshot, office, lang),
            presenters.history_rows(snapshot, office, lang),
            [presenters.incident_card(i, lang) for i in snapshot.incidents if i.id in incident_ids],
            [presenters.notice_card(n, lang) for n in office_notices(office, snapshot.notices, incident_ids)[:5]],
        )

    return _office_pages.get(snapshot, (office.code, lang), make)


class OfficeState(PublicState):
    found: bool = True
    office: presenters.OfficeDetail = presenters.OfficeDetail()
    incidents: list[presenters.IncidentCard] = []
    notices: list[presenters.NoticeCard] = []
    planned: list[presenters.PlannedRow] = []
    history: list[presenters.HistoryRow] = []

    @rx.event
    async def load(self):
        lang, snapshot = await self._begin()
        office = snapshot.office(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.found = office is not None
        if office is None:
            self.office = presenters.OfficeDetail()
            self.incidents, self.notices, self.planned, self.history = [], [], [], []
            return
        self.office, self.planned, self.history, self.incidents, self.notices = _office_page(snapshot, office, lang)


class NoticeListState(PublicState):
    notices: list[presenters.NoticeCard] = []
    page: int = 1
    pages: int = 1
    incident_filter: str = ""
    incident_options: list[list[str]] = []

    @rx.event
    async def load(self):
        lang, snapshot = await self._begin()
        params = self.router.url.query_parameters
        incident = snapshot.incident(params.get("insiden"))
        self.incident_filter = str(incident.id) if incident else ""
        notices = [n for n in snapshot.notices if incident is None or n.incident_id == incident.id]
        self.pages = max(1, -(-len(notices) // NOTICE_PAGE_SIZE))
        try:
            page = int(params.get("halaman", "1"))
        except ValueError:
            page = 1
        self.page = min(max(page, 1), self.pages)
        start = (self.page - 1) * NOTICE_PAGE_SIZE
        self.notices = [presenters.notice_card(n, lang) for n in notices[start:start + NOTICE_PAGE_SIZE]]
        self.incident_options = [
            [str(i.id), presenters.incident_card(i, lang).title] for i in snapshot.incidents
        ]

    @rx.var
    def page_label(self) -> str:
        return t("page_of", self.lang, page=self.page, pages=self.pages)

    @rx.event
    async def filter_by_incident(self, value: str):
        target = f"/pengumuman?lang={self.lang}"
        if (await current_snapshot()).incident(value):
            target += f"&insiden={int(value)}"
        return rx.redirect(target)


class NoticeState(PublicState):
    found: bool = True
    notice: presenters.NoticeDetail = presenters.NoticeDetail()

    @rx.event
    async def load(self):
        lang, snapshot = await self._begin()
        notice = snapshot.notice(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.found = notice is not None
        self.notice = presenters.notice_detail(snapshot, notice, lang) if notice else presenters.NoticeDetail()


class IncidentState(PublicState):
    found: bool = True
    card: presenters.IncidentCard = presenters.IncidentCard()
    summary: str = ""
    resolved: str = ""
    timeline: list[presenters.TimelineEntry] = []
    affected: list[presenters.AffectedRow] = []

    @rx.event
    async def load(self):
        lang, snapshot = await self._begin()
        incident = snapshot.incident(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.found = incident is not None
        if incident is None:
            self.card, self.summary, self.resolved, self.timeline, self.affected = (
                presenters.IncidentCard(), "", "", [], [])
            return
        self.card = presenters.incident_card(incident, lang)
        self.summary = incident.summary_en if lang == "en" and incident.summary_en else incident.summary_id
        self.resolved = (
            t("incident_resolved_at", lang, when=format_datetime(incident.resolved_at, NATIONAL_TIMEZONE, lang))
            if incident.resolved_at else ""
        )
        self.timeline = presenters.timeline(incident, lang)
        self.affected = presenters.affected_rows(snapshot, incident, lang)

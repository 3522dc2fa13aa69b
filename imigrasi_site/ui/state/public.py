"""States of the public pages: the live edition of what the server already sent.

The server's first response carries each page's content (`render.pages`). Once a page's
state has loaded, the Reflex page shows the very same HTML strings, made once per snapshot,
and takes over what needs a live connection: the language switch without a reload, search as
you type, subscribing. A visitor's state holds the language, the page's inputs and those
strings, nothing else. Every handler validates its arguments, because any client can call
any handler with anything.
"""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core import paths, presenters
from imigrasi_site.core.i18n import LANGUAGES, language
from imigrasi_site.core.snapshot import PublicSnapshot, current_snapshot
from imigrasi_site.render import pages
from imigrasi_site.ui.state import inputs

ONE_YEAR = 365 * 24 * 3600


def _text(value: object, limit: int = pages.MAX_QUERY) -> str:
    return inputs.text(value, limit)


class PublicState(rx.State):
    """The visitor's language (a remembered choice, overridden by a shared ?lang= link) and the
    page's server-made parts."""

    lang_cookie: str = rx.Cookie("id", name="lang", max_age=ONE_YEAR, same_site="lax")
    # Set once the page shows its live edition; the server's copy is then removed (public.js).
    live: bool = False
    main_html: str = ""
    map_html: str = ""
    footer_html: str = ""

    @rx.var
    def lang(self) -> str:
        return language(self.lang_cookie)

    @rx.var
    def is_en(self) -> bool:
        return self.lang == "en"

    @rx.var
    def switch_href(self) -> str:
        """The same page in the other language: the link works before and without the live page."""
        return paths.with_query(self.router.url.path or "/", "id" if self.lang == "en" else "en")

    def _params(self) -> dict[str, list[str]]:
        return {name: [str(value)] for name, value in self.router.url.query_parameters.items()}

    async def _show(self, kind: str, arg: str = "") -> tuple[pages.PageKey, PublicSnapshot]:
        """Every public page's load: the language to use, and the parts the server sent for it."""
        wanted = self.router.url.query_parameters.get("lang")
        if wanted in LANGUAGES:
            self.lang_cookie = wanted
        snapshot = await current_snapshot()
        key = pages.page_key(snapshot, kind, _text(arg), self._params(), self.lang)
        parts = pages.cached_parts(snapshot, key)
        self.main_html = parts.main
        self.map_html = parts.map
        self.footer_html = pages.footer(key, parts, light=False)
        self.live = True
        return key, snapshot

    def _route_arg(self, name: str) -> str:
        return _text(self.router.page.params.get(name, ""))

    @rx.event
    async def load_not_found(self):
        await self._show("not_found")

    @rx.event
    def switch_language(self):
        """Flip the language, remember it, and show the page in it (its URL stays shareable)."""
        self.lang_cookie = "id" if self.lang == "en" else "en"
        path = self.router.url.path or "/"
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            path = "/"  # never a protocol-relative address that would leave the site
        return rx.redirect(paths.with_query(path, self.lang_cookie))


class HomeState(PublicState):
    @rx.event
    async def load(self):
        await self._show("home")


class OfficeListState(PublicState):
    """The availability checker: the form's values, and the result list the server renders."""

    query: str = ""
    service: str = ""
    availability: str = ""
    sort: str = ""
    city: str = ""
    open_only: bool = False
    heading_html: str = ""
    results_html: str = ""
    service_options: list[list[str]] = []

    @rx.event
    async def load(self):
        key, snapshot = await self._show("offices")
        self.query, self.service, self.availability = key.param("q"), key.param("layanan"), key.param("status")
        self.sort, self.city, self.open_only = key.param("urut"), key.param("kota"), key.param("buka") == "1"
        self.service_options = [list(choice) for choice in pages.service_choices(snapshot, key.lang)]
        self.heading_html = pages.heading_fragment(snapshot, key)
        self.results_html = pages.results_fragment(snapshot, key)

    @rx.event
    async def set_query(self, value: str):
        self.query = _text(value)
        await self._refresh()

    @rx.event
    async def set_service(self, value: str):
        self.service = _text(value)
        await self._refresh(redraw_map=True)

    @rx.event
    async def set_availability(self, value: str):
        self.availability = _text(value)
        await self._refresh()

    @rx.event
    async def set_sort(self, value: str):
        self.sort = "jarak" if value == "jarak" else ""
        await self._refresh()

    @rx.event
    async def set_city(self, value: str):
        self.city = _text(value, pages.MAX_CITY)
        await self._refresh()

    @rx.event
    async def set_open_only(self, checked: bool):
        self.open_only = checked is True
        await self._refresh()

    async def _refresh(self, *, redraw_map: bool = False) -> None:
        snapshot = await current_snapshot()
        params = {"q": [self.query], "layanan": [self.service], "status": [self.availability],
                  "urut": [self.sort], "kota": [self.city], "buka": ["1" if self.open_only else ""]}
        key = pages.page_key(snapshot, "offices", "", params, self.lang)
        self.results_html = pages.results_fragment(snapshot, key)
        if redraw_map:  # the map follows the service filter
            self.map_html = pages.map_fragment(snapshot, key)


class OfficeState(PublicState):
    office_code: str = ""
    # [code, name] of the office's services, for the subscribe form.
    service_options: list[list[str]] = []

    @rx.event
    async def load(self):
        key, snapshot = await self._show("office", self._route_arg("code"))
        office = snapshot.office(key.arg)
        self.office_code = office.code if office else ""
        self.service_options = [] if office is None else [
            [cell.service_code, presenters.service_name(snapshot, cell.service_code, key.lang)] for cell in office.cells
        ]


class NoticeListState(PublicState):
    @rx.event
    async def load(self):
        await self._show("notices")


class NoticeState(PublicState):
    @rx.event
    async def load(self):
        await self._show("notice", self._route_arg("slug"))


class IncidentState(PublicState):
    @rx.event
    async def load(self):
        await self._show("incident", self._route_arg("id"))

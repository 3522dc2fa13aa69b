"""The public routes beside the Reflex pages: JSON API, embeds, feeds and badges.

`PublicRoutes` is an ASGI wrapper for `api_transformer`: requests under its prefixes are
answered here, everything else goes on to the Reflex app. It sits outside PublicPages
and inside the security headers (headers.outermost), which add frame-ancestors and the rest.

A request costs a route match, a parameter check and a dict lookup: bodies are rendered
once per snapshot (rendered.SnapshotMemo) and the read model is never queried per request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from imigrasi_site.core import public_shapes as shape
from imigrasi_site.core.embed_options import EmbedOptions, parse_embed_options
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import language
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import (
    PublicSnapshot,
    SnapshotStore,
    SnapshotUnavailable,
    current_snapshot,
    public_store,
)
from imigrasi_site.http import api, badges, calendar, cap, embed, feeds, sitemap, statuspage
from imigrasi_site.http.api import API_PREFIX, Operation
from imigrasi_site.http.openapi import openapi_document
from imigrasi_site.http.rendered import (
    CORS_HEADERS,
    JSON,
    NO_STORE,
    TEXT,
    Rendered,
    SnapshotMemo,
    error_json,
    error_text,
    json_body,
    send_rendered,
)

log = logging.getLogger(__name__)

PREFIXES = ("/api/", "/embed/", "/feeds/", "/badge/", "/kalender/", "/cap/", "/sitemap.xml", "/robots.txt")
Params = Mapping[str, Sequence[str]]


def _lang(snapshot: PublicSnapshot, params: Params) -> str:
    return language((params.get("lang") or [""])[0])


def _ignore_parameters(snapshot: PublicSnapshot, params: Params) -> tuple[()]:
    return ()


def _embed_options(snapshot: PublicSnapshot, params: Params) -> EmbedOptions:
    return parse_embed_options(params)


@dataclass(frozen=True, slots=True)
class Route:
    name: str
    pattern: re.Pattern[str]
    # Checks the query against the snapshot and returns its normalized, hashable form (the cache key).
    parse: Callable[[PublicSnapshot, Params], Hashable]
    # (snapshot, path arguments, parsed query, public base URL) -> the finished response
    render: Callable[[PublicSnapshot, tuple[str, ...], Any, str], Rendered]
    is_api: bool = False
    # Whether a rendering for these parsed parameters is worth keeping: free-text searches are
    # not, since every visitor can ask for a new one.
    keep: Callable[[Any], bool] = lambda _options: True
    # For /api/v1 routes: the path as the OpenAPI document writes it, and what it says of the route.
    template: str = ""
    operation: Operation | None = None


_PATH_PARAMETER = re.compile(r"\{[a-z_]+\}")


def _api_route(name: str, template: str, operation: Operation | None,
               render: Callable[[PublicSnapshot, tuple[str, ...], Any, str], Rendered],
               parse: Callable[[PublicSnapshot, Params], Hashable] = api.no_parameters,
               keep: Callable[[Any], bool] = lambda _options: True) -> Route:
    """A route of /api/v1 from its path template: each {name} is one path segment."""
    pattern = "([^/]+)".join(re.escape(part) for part in _PATH_PARAMETER.split(template))
    return Route(name, re.compile(re.escape(API_PREFIX) + pattern + "/?"), parse, render, is_api=True, keep=keep,
                 template=template, operation=operation)


def _statuspage_render(name: str) -> Callable[[PublicSnapshot, tuple[str, ...], Any, str], Rendered]:
    """A Statuspage-compatible document as a route renders it: its parsed query is the language."""
    return lambda s, _a, lang, base: statuspage.response(name, s, lang, base)


ROUTES = (
    _api_route("api.offices", "/offices",
               Operation("listOffices", "Offices with their services' availability, filtered and paged.",
                         shape.OfficeList, api.OFFICE_PARAMETERS),
               lambda s, _a, query, base: api.offices_response(s, query, base),
               api.parse_office_query, keep=lambda query: not query.q),
    _api_route("api.office", "/offices/{code}",
               Operation("getOffice", "One office with its services' availability.", shape.OfficeResponse,
                         (api.CODE,), not_found=True),
               lambda s, args, at, base: api.office_response(s, args[0], at, base), api.parse_office_at),
    _api_route("api.hours", "/offices/{code}/hours",
               Operation("getOfficeHours", "An office's opening hours day by day, with public holidays, joint-leave "
                         "days and special days named.", shape.HoursResponse, api.HOURS_PARAMETERS, not_found=True),
               lambda s, args, days, base: api.hours_response(s, args[0], days, base), api.parse_hours_query),
    _api_route("api.history", "/offices/{code}/history",
               Operation("getOfficeHistory", "An office's availability per service and day.", shape.HistoryResponse,
                         api.HISTORY_PARAMETERS, not_found=True),
               lambda s, args, days, base: api.history_response(s, args[0], days, base), api.parse_history_query),
    _api_route("api.maintenance", "/maintenance",
               Operation("listMaintenance", "Planned maintenance that is not over yet.", shape.MaintenanceList),
               lambda s, _a, _q, _base: api.maintenance_response(s)),
    _api_route("api.services", "/services",
               Operation("listServices", "The services offices offer.", shape.ServiceList),
               lambda s, _a, _q, _base: api.services_response(s)),
    _api_route("api.status", "/status",
               Operation("getNationalStatus", "The national summary per service, and open incidents.",
                         shape.StatusResponse),
               lambda s, _a, _q, base: api.status_response(s, base)),
    _api_route("api.incidents", "/incidents",
               Operation("listIncidents", "Incidents with their timeline of updates.", shape.IncidentList),
               lambda s, _a, _q, base: api.incidents_response(s, base)),
    _api_route("api.notices", "/notices",
               Operation("listNotices", "Published notices, in Indonesian and English.", shape.NoticeList),
               lambda s, _a, _q, base: api.notices_response(s, base)),
    _api_route("api.openapi", "/openapi.json", None, lambda s, _a, _q, base: _openapi_response(s, base)),
    *(Route(f"statuspage.{name}", re.compile(re.escape(f"{statuspage.STATUSPAGE_PREFIX}/{name}.json")),
            statuspage.parse_query, _statuspage_render(name), is_api=True)
      for name in statuspage.ENDPOINTS),
    Route("embed.status", re.compile(r"/embed/status/?"), _embed_options,
          lambda s, _a, options, base: embed.status_embed(s, options, base)),
    Route("embed.office", re.compile(r"/embed/kantor/([^/]+)/?"), _embed_options,
          lambda s, args, options, base: embed.office_embed(s, args[0], options, base)),
    Route("embed.map", re.compile(r"/embed/peta/?"), embed.parse_map_embed,
          lambda s, _a, parsed, base: embed.map_embed(s, parsed[0], parsed[1], base)),
    Route("feeds.rss", re.compile(r"/feeds/pengumuman\.rss"), _lang,
          lambda s, _a, lang, base: feeds.notices_rss(s, lang, base)),
    Route("feeds.atom", re.compile(r"/feeds/pengumuman\.atom"), _lang,
          lambda s, _a, lang, base: feeds.notices_atom(s, lang, base)),
    Route("feeds.office", re.compile(r"/feeds/kantor/([^/]+)\.atom"), _lang,
          lambda s, args, lang, base: feeds.office_atom(s, args[0], lang, base)),
    Route("sitemap", re.compile(r"/sitemap\.xml"), _ignore_parameters,
          lambda s, _a, _q, base: sitemap.sitemap_response(s, base)),
    Route("robots", re.compile(r"/robots\.txt"), _ignore_parameters,
          lambda _s, _a, _q, base: sitemap.robots_response(base)),
    Route("cap.alert", re.compile(r"/cap/([A-Za-z0-9._-]+)\.xml"), _ignore_parameters,
          lambda s, args, _q, base: cap.alert_response(s, args[0], base)),
    Route("feeds.cap", re.compile(r"/feeds/cap\.atom"), _ignore_parameters,
          lambda s, _a, _q, base: cap.alerts_atom(s, base)),
    Route("calendar.office", re.compile(r"/kalender/kantor/([^/]+)\.ics"), _lang,
          lambda s, args, lang, base: calendar.office_calendar(s, args[0], lang, base)),
    Route("badge.office", re.compile(r"/badge/kantor/([^/]+)\.svg"), _lang,
          lambda s, args, lang, _base: badges.office_badge(s, args[0], lang)),
    Route("badge.service", re.compile(r"/badge/([^/]+)\.svg"), _lang,
          lambda s, args, lang, _base: badges.service_badge(s, args[0], lang)),
)

# The operations of the OpenAPI document, in the order of ROUTES.
API_OPERATIONS = tuple((route.template, route.operation) for route in ROUTES if route.operation is not None)


def api_document(snapshot: PublicSnapshot, base: str) -> dict[str, Any]:
    """The OpenAPI document of /api/v1 as the app publishes it."""
    return openapi_document(snapshot, base, API_OPERATIONS)


def _openapi_response(snapshot: PublicSnapshot, base: str) -> Rendered:
    return Rendered.build(json_body(api_document(snapshot, base)), JSON)


# Browsers ask before a cross-origin request with headers of its own (If-None-Match, say).
# headers.PublicCors sends this for the preflights of every public route, before Reflex's CORS
# layer (site origins only) would refuse them; a plain OPTIONS gets it here.
PREFLIGHT = Rendered(204, b"", (
    *CORS_HEADERS,
    (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
    (b"access-control-allow-headers", b"Accept, Accept-Language, If-None-Match, Cache-Control"),
    (b"access-control-max-age", b"86400"),
))


def _method_not_allowed(route: Route, method: str) -> Rendered:
    allowed = "GET, HEAD, OPTIONS"
    message = f"{method} is not allowed here; this address answers {allowed}."
    headers = ((b"allow", allowed.encode()),)
    if route.is_api:
        return error_json(405, "method_not_allowed", message, extra_headers=headers)
    return Rendered.build(message.encode(), TEXT, status=405, cache_control=NO_STORE, extra_headers=headers)


class PublicRoutes:
    def __init__(self, app: ASGIApp, store: SnapshotStore | None = None) -> None:
        self.app = app
        self._store = store
        self._memo = SnapshotMemo()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIXES):
            await self.app(scope, receive, send)
            return
        await send_rendered(await self._respond(scope), scope, send)

    async def _snapshot(self) -> PublicSnapshot:
        if self._store is None:
            self._store = public_store()
        return await current_snapshot(self._store)

    async def _respond(self, scope: Scope) -> Rendered:
        path = scope["path"]
        for route in ROUTES:
            match = route.pattern.fullmatch(path)
            if match is not None:
                break
        else:
            if path.startswith("/api/"):
                return error_json(404, "not_found", f"There is no endpoint at {path}. The endpoints are described "
                                                    f"at {get_settings().public_url}{API_PREFIX}/openapi.json.")
            return error_text(404, f"Nothing is published at {path}.")
        method = scope["method"]
        if method == "OPTIONS":
            return PREFLIGHT
        if method not in ("GET", "HEAD"):
            return _method_not_allowed(route, method)
        try:
            snapshot = await self._snapshot()
            query_string = scope.get("query_string", b"")
            params = parse_qs(query_string.decode("latin-1"), keep_blank_values=True) if query_string else {}
            options = route.parse(snapshot, params)
            args = match.groups()
            base = get_settings().public_url
            if not route.keep(options):
                return route.render(snapshot, args, options, base)
            return self._memo.get(snapshot, (route.name, args, options),
                                  lambda: route.render(snapshot, args, options, base))
        except InvalidInput as error:
            if route.is_api:
                return error_json(400, "bad_parameter", error.message, error.field)
            return error_text(400, error.message)
        except SnapshotUnavailable:
            log.error("no read model to answer %s", path, exc_info=True)
            message = "The status data cannot be read right now. Try again in a minute."
            if route.is_api:
                return error_json(503, "unavailable", message)
            return error_text(503, message)
        except Exception:
            log.exception("public route %s failed", path)
            message = "Something went wrong on our side; it has been logged."
            if route.is_api:
                return error_json(500, "internal_error", message)
            return error_text(500, message)

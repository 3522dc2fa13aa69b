"""The public pages' first response: the answer in the HTML, made once per snapshot.

Every public page (`/`, `/kantor`, `/kantor/<code>`, `/pengumuman`, `/pengumuman/<slug>`,
`/insiden/<id>` and any unknown address) is answered here, before Reflex's static files:

- the **full edition** is Reflex's prerendered document with the page's own title, meta tags
  and JSON-LD, and the server-rendered page (`render.pages.full_body`) as the first thing in
  its body. React's hydration skips that element; once the Reflex page has its state it shows
  the same content and `/public.js` removes the server's copy, so reading never waits for
  JavaScript and nothing moves when it takes over;
- the **light edition** (`?versi=ringan`, remembered in a cookie) is the same parts in a small
  document with an inline stylesheet and no script at all;
- **surge mode**: `IMIGRASI_PUBLIC_EDITION=light`, or more connected visitors on this worker
  than `IMIGRASI_SURGE_VISITORS`, serves the light edition to every public page request.

Each page's bytes (per language, edition and surge flag, with ETag, gzip and brotli) are made
once per snapshot and served from memory; free-text searches are made per request and not kept.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from imigrasi_site.core import paths
from imigrasi_site.core.i18n import LANGUAGES, t
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import (
    PublicSnapshot,
    SnapshotStore,
    SnapshotUnavailable,
    current_snapshot,
    is_stale,
    public_store,
)
from imigrasi_site.http.headers import document_policy
from imigrasi_site.http.page_meta import (
    PageMeta,
    meta_tags,
    page_meta,
    request_cookies,
    request_language,
    rewrite_document,
    site_json_ld,
)
from imigrasi_site.http.rendered import HTML, NO_STORE, PAGE_CACHE, Rendered, SnapshotMemo, send_rendered
from imigrasi_site.render import pages

log = logging.getLogger(__name__)

EDITION_COOKIE = "versi"
LIGHT, FULL = "ringan", "lengkap"
ONE_YEAR = 365 * 24 * 3600
# The service worker asks for light copies with this header; its requests must not change the
# visitor's remembered edition.
OFFLINE_COPY_HEADER = b"x-offline-copy"
PUBLIC_SCRIPT = "/public.js"
# Paths that are never public pages, whatever Reflex answers there.
_NOT_PAGES = ("/admin", "/_", "/ping", "/api/", "/embed/", "/feeds/", "/badge/", "/kalender/", "/langganan")
_VARY = b"Accept-Encoding, Cookie"
_SHELL_PATHS = {"home": paths.HOME, "offices": paths.OFFICES, "notices": paths.NOTICES, "not_found": paths.NOT_FOUND}
_FULL_HEAD = (f'<style>{pages.LIGHT_STYLE}</style><script src="{PUBLIC_SCRIPT}" defer></script>').encode()


def _no_visitors() -> int:
    return 0


_visitor_count: Callable[[], int] = _no_visitors


def count_visitors_with(counter: Callable[[], int]) -> None:
    """How this worker counts its connected visitors (the Reflex app's websocket sessions)."""
    global _visitor_count
    _visitor_count = counter


def surge_active() -> bool:
    settings = get_settings()
    if settings.public_edition == "light":
        return True
    return settings.public_edition == "auto" and _visitor_count() > settings.surge_visitors


def _header(scope: Scope, wanted: bytes) -> bytes:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value
    return b""


def _set_cookie(name: str, value: str, secure: bool) -> tuple[bytes, bytes]:
    flags = f"{name}={value}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax" + ("; Secure" if secure else "")
    return b"set-cookie", flags.encode()


def _identity(scope: Scope) -> Scope:
    """The request without Accept-Encoding or Granian's pathsend: the workspace's documents then
    arrive as plain HTML bodies, whose inline scripts the security headers allow by hash (headers.py)."""
    extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
    headers = [(k, v) for k, v in scope.get("headers", []) if k != b"accept-encoding"]
    return {**scope, "headers": headers, "extensions": extensions}


def _meta(snapshot: PublicSnapshot, key: pages.PageKey, parts: pages.PageParts) -> PageMeta | None:
    """The page's title and link-preview tags; none for a page that is not there."""
    site = t("site_name", key.lang)
    if parts.status != 200:
        return None
    if key.kind in ("office", "notice", "incident"):
        found = page_meta(snapshot, key.path, key.lang)
        if found is not None:
            return found
    title = parts.title if key.kind != "home" else t("site_tagline", key.lang)
    return PageMeta(title, t("site_tagline", key.lang), site_name=site)


def _link_tags(base: str, key: pages.PageKey) -> bytes:
    """The canonical address (the full edition, in the page's language) and its language alternates."""
    tags = [f'<link rel="canonical" href="{html.escape(base + key.url())}"/>']
    for lang in LANGUAGES:
        tags.append(f'<link rel="alternate" hreflang="{lang}" href="{html.escape(base + key.url(lang))}"/>')
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(base + key.url("id"))}"/>')
    return "".join(tags).encode()


def _inject(document: bytes, body: str) -> bytes:
    """The stylesheet and script into the head; the server's page into the body after React's own
    elements (before its scripts), so that the live page, when it grows in their place, moves nothing."""
    document = document.replace(b"</head>", _FULL_HEAD + b"</head>", 1)
    body_start = document.find(b"<body")
    at = document.find(b"<script", body_start) if body_start >= 0 else -1
    if at < 0:
        at = document.rfind(b"</body>")
    if at < 0:
        return document
    return document[:at] + body.encode() + document[at:]


class PublicPages:
    def __init__(self, app: ASGIApp, store: SnapshotStore | None = None) -> None:
        self.app = app
        self._store = store
        self._memo = SnapshotMemo()
        self._shells: dict[str, bytes] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        found = pages.page_kind(path)
        if found is None:
            if "." in path.rsplit("/", 1)[-1]:
                await self.app(scope, receive, send)  # a file: Reflex serves it, compressed
            elif path.startswith(_NOT_PAGES):
                await self.app(_identity(scope), receive, send)
            else:
                await self._unknown_address(_identity(scope), receive, send)
            return
        await send_rendered(await self._respond(scope, *found), scope, send)

    async def _respond(self, scope: Scope, kind: str, arg: str) -> Rendered:
        query = scope.get("query_string", b"").decode("latin-1")
        params = parse_qs(query, keep_blank_values=True) if query else {}
        cookies = request_cookies(scope)
        secure = get_settings().public_url.startswith("https://")
        offline_copy = bool(_header(scope, OFFLINE_COPY_HEADER))
        set_cookies: list[tuple[bytes, bytes]] = []
        asked = (params.get(EDITION_COOKIE) or [""])[0]
        if asked in (LIGHT, FULL) and not offline_copy:
            set_cookies.append(_set_cookie(EDITION_COOKIE, asked, secure))
        wanted_lang = (params.get("lang") or [""])[0]
        if wanted_lang in LANGUAGES and not offline_copy:
            set_cookies.append(_set_cookie("lang", wanted_lang, secure))
        edition = asked if asked in (LIGHT, FULL) else cookies.get(EDITION_COOKIE, FULL)
        surge = surge_active()
        light = surge or edition == LIGHT
        try:
            snapshot = await self._snapshot()
        except SnapshotUnavailable:
            log.error("no read model to answer %s", scope.get("path"))
            message = t("data_stale", request_language(scope))
            return Rendered.build(message.encode(), "text/plain; charset=utf-8", status=503, cache_control=NO_STORE,
                                  cors=False)
        key = pages.page_key(snapshot, kind, arg, params, request_language(scope))
        shell = b"" if light else await self._shell(kind, scope)

        def make() -> Rendered:
            return self._render(snapshot, key, light, surge, shell)

        if key.is_search:
            rendered = make()
        else:
            # The stale banner appears with time during an outage, while the snapshot stays the same.
            rendered = self._memo.get(snapshot, (key, light, surge, pages.clock(key), is_stale(snapshot)), make)
        return rendered.with_headers(tuple(set_cookies))

    def _render(self, snapshot: PublicSnapshot, key: pages.PageKey, light: bool, surge: bool,
                shell: bytes) -> Rendered:
        parts = pages.cached_parts(snapshot, key)
        meta = _meta(snapshot, key, parts)
        base = get_settings().public_url
        url = base + key.url()
        quality = 5 if key.is_search else 11
        links = _link_tags(base, key) if parts.status == 200 else b""
        if light:
            # No JSON-LD here: the light edition holds no script element of any kind, and its
            # canonical link sends search engines to the full edition, which carries it.
            head = (meta_tags(replace(meta, structured_data=None), url).decode() if meta else
                    f"<title>{html.escape(parts.title)} | {html.escape(t('site_name', key.lang))}</title>")
            light_page = pages.light_document(key, parts, surge=surge, head=head + links.decode())
            return Rendered.build(light_page.encode(), HTML, status=parts.status, cache_control=PAGE_CACHE, cors=False,
                                  brotli_quality=quality, vary=_VARY,
                                  extra_headers=((b"content-security-policy", pages.LIGHT_CONTENT_POLICY.encode()),))
        extra_head = links + (site_json_ld(key.lang) if key.kind == "home" else b"")
        document = rewrite_document(shell, key.lang, meta, url, extra_head)
        document = _inject(document, pages.full_body(key, parts))
        return Rendered.build(document, HTML, status=parts.status, cache_control=PAGE_CACHE, cors=False,
                              brotli_quality=quality, vary=_VARY,
                              extra_headers=((b"content-security-policy", document_policy(document)),))

    async def _snapshot(self) -> PublicSnapshot:
        if self._store is None:
            self._store = public_store()
        return await current_snapshot(self._store)

    async def _shell(self, kind: str, scope: Scope) -> bytes:
        """Reflex's prerendered document for this kind of page, asked of the app once per process."""
        shell = self._shells.get(kind)
        if shell is None:
            path = _SHELL_PATHS.get(kind) or scope["path"]
            status, body = await self._fetch(scope, path)
            if status not in (200, 404):
                raise RuntimeError(f"the app answered {status} for the page shell {path}")
            shell = self._shells[kind] = body
        return shell

    async def _fetch(self, scope: Scope, path: str) -> tuple[int, bytes]:
        inner: Scope = {**_identity(scope), "method": "GET", "path": path, "raw_path": path.encode(),
                        "query_string": b"", "headers": [(k, v) for k, v in scope.get("headers", []) if k == b"host"]}
        status = 500
        body = bytearray()
        requested = False
        done = asyncio.Event()

        async def receive() -> Message:
            # The request once; then, as a client would, a disconnect only after the whole response.
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def collect(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    done.set()

        await self.app(inner, receive, collect)
        return status, bytes(body)

    async def _unknown_address(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Whatever Reflex serves here goes through, but its 404 page becomes ours, with its answer."""
        held: Message | None = None

        async def intercept(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if message["status"] == 404 and content_type.startswith(b"text/html"):
                    held = message
                    return
                await send(message)
            elif held is None:
                await send(message)

        await self.app(scope, receive, intercept)
        if held is not None:
            await send_rendered(await self._respond(scope, "not_found", ""), scope, send)

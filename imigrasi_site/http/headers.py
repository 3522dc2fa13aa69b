"""Security headers and CORS on every response the server sends: pages, static files, API, errors.

`outermost(app)` wraps the whole ASGI app Reflex builds, outside Reflex's own CORS layer,
so its answers (a refused preflight, say) and the server's errors for odd paths carry the
headers too:

- PublicCors: the public read-only routes (API, feeds, badges, embeds, calendars) may be
  read by any origin, without credentials. Their preflights are answered here (204), and
  the Origin header is not handed on, so Reflex's CORS layer, which allows credentials for
  the site's own origins, adds nothing to them. Everything else stays same-origin, and the
  websocket keeps Reflex's origin check (cors_allowed_origins in rxconfig).
- SecurityHeadersMiddleware: nosniff, referrer and permissions policies, HSTS when the public
  URL is https, `Cache-Control: no-store` on the workspace (/admin), and the
  Content-Security-Policy. A response that brings its own policy (embeds, badges, the
  subscription pages, other server-rendered pages) keeps it; the frame-ancestors directive
  is always decided here: pages may not be framed by any site ('none'), the embed pages
  allow the site itself (the editors' preview) and IMIGRASI_EMBED_ORIGINS.

Reflex pages get PAGE_POLICY: scripts only from the site itself, plus the inline scripts of
each prerendered page by their SHA-256 (computed from the HTML as sent, so no
'unsafe-inline' for scripts); styles need 'unsafe-inline' (docs/operations.md says why).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from imigrasi_site.core.settings import get_settings
from imigrasi_site.http.heartbeats import HeartbeatRoutes
from imigrasi_site.http.rendered import send_rendered
from imigrasi_site.http.routes import PREFIXES as PUBLIC_PREFIXES
from imigrasi_site.http.routes import PREFLIGHT, PublicRoutes

EMBED_PREFIX = "/embed/"
WORKSPACE = "/admin"
HSTS = b"max-age=31536000"

_BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]
_REPLACED = {b"x-frame-options", b"content-security-policy", b"strict-transport-security",
             *(name for name, _ in _BASE_HEADERS)}
_INLINE_SCRIPT = re.compile(rb"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_MAX_POLICIES = 512


def page_policy(script_hashes: Iterable[str] = (), connect: Iterable[str] = ()) -> bytes:
    """The policy of a Reflex page, without frame-ancestors (frame_headers adds it)."""
    scripts = " ".join(("'self'", *(f"'sha256-{h}'" for h in script_hashes)))
    return "; ".join((
        "default-src 'self'",
        f"script-src {scripts}",
        # Emotion and Radix insert <style> elements at run time, without a nonce.
        "style-src 'self' 'unsafe-inline'",
        # Never a remote image: the editors' live preview would tell any image host who looks.
        "img-src 'self' data:",
        "font-src 'self' data:",
        " ".join(("connect-src 'self'", *connect)),
        "frame-src 'self'",  # the embed preview in the workspace
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )).encode()


def inline_script_hashes(document: bytes) -> list[str]:
    """The CSP hashes (base64 SHA-256) of the inline scripts of an HTML document, in order, once each."""
    hashes = (base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode()
              for m in _INLINE_SCRIPT.finditer(document))
    return list(dict.fromkeys(hashes))


def document_policy(document: bytes) -> bytes:
    """The policy of a Reflex page made on the server: its inline scripts by hash, decided once
    with the page rather than on every response."""
    return page_policy(inline_script_hashes(document), _websocket_origins(get_settings().site_origins))


def _websocket_origins(origins: Iterable[str]) -> list[str]:
    # 'self' covers ws: of the same host in current browsers; written out for older ones.
    return [origin.replace("https://", "wss://", 1).replace("http://", "ws://", 1) for origin in origins]


def frame_headers(path: str, embed_origins: tuple[str, ...], content_policy: bytes = b"") -> list[tuple[bytes, bytes]]:
    """The framing headers for a path, with frame-ancestors appended to the response's own policy."""
    if path.startswith(EMBED_PREFIX):
        ancestors = " ".join(("frame-ancestors 'self'", *embed_origins)).encode()
        extra = []
    else:
        ancestors = b"frame-ancestors 'none'"
        extra = [(b"x-frame-options", b"DENY")]
    content_policy = _without_frame_ancestors(content_policy)
    policy = content_policy + b"; " + ancestors if content_policy else ancestors
    return [(b"content-security-policy", policy), *extra]


def _without_frame_ancestors(policy: bytes) -> bytes:
    # Browsers obey the first frame-ancestors they read: an inner one must not win over ours.
    directives = (d.strip() for d in policy.split(b";"))
    return b"; ".join(d for d in directives if d and not d.startswith(b"frame-ancestors"))


def _is_workspace(path: str) -> bool:
    return path == WORKSPACE or path.startswith(WORKSPACE + "/")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Read once: a running server's environment does not change, and this runs on every response.
        settings = get_settings()
        self._embed_origins = settings.embed_origins
        self._base = _BASE_HEADERS + ([(b"strict-transport-security", HSTS)]
                                      if settings.public_url.startswith("https://") else [])
        self._connect = tuple(_websocket_origins(settings.site_origins))
        # The added headers per (embed or not, policy): a handful of combinations, and one
        # per distinct set of inline scripts (one per prerendered page).
        self._added: dict[tuple[bool, bytes], list[tuple[bytes, bytes]]] = {}

    def _headers_for(self, path: str, policy: bytes) -> list[tuple[bytes, bytes]]:
        key = (path.startswith(EMBED_PREFIX), policy)
        added = self._added.get(key)
        if added is None:
            if len(self._added) >= _MAX_POLICIES:
                self._added.clear()
            added = self._added[key] = self._base + frame_headers(path, self._embed_origins, policy)
        return added

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        workspace = _is_workspace(path)
        start: Message | None = None
        kept: list[tuple[bytes, bytes]] = []
        body = bytearray()

        async def send_with_headers(message: Message) -> None:
            nonlocal start, kept
            if message["type"] == "http.response.start":
                headers, own_policy, content_type, encoded = [], b"", b"", False
                for name, value in message.get("headers", []):
                    lower = name.lower()
                    if lower == b"content-security-policy":
                        own_policy = value
                    elif lower in _REPLACED or (workspace and lower == b"cache-control"):
                        continue
                    else:
                        content_type = value if lower == b"content-type" else content_type
                        encoded = encoded or lower == b"content-encoding"
                        headers.append((name, value))
                if workspace:
                    headers.append((b"cache-control", b"no-store"))
                if own_policy:
                    message = {**message, "headers": headers + self._headers_for(path, own_policy)}
                elif content_type.startswith(b"text/html") and not encoded and scope.get("method") != "HEAD":
                    # A Reflex page: its inline scripts are allowed by hash, so the body is read first.
                    start, kept = message, headers
                    return
                else:
                    message = {**message, "headers": headers + self._headers_for(path, page_policy((), self._connect))}
            elif message["type"] == "http.response.body" and start is not None:
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                policy = page_policy(inline_script_hashes(bytes(body)), self._connect)
                await send({**start, "headers": kept + self._headers_for(path, policy)})
                message = {"type": "http.response.body", "body": bytes(body), "more_body": False}
                start = None
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PublicCors:
    """Any origin may read the public routes, never with credentials; their preflights get 204 here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Reflex mounts the app at "" (Starlette's ^/(.*)$), which cannot match a line break: a public
        # path with one (%0A in a code, say) would get a bare text 404, so the routes answer it here.
        self._routes = HeartbeatRoutes(PublicRoutes(app))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        if "\n" in scope["path"]:
            await self._routes(scope, receive, send)
            return
        headers = scope["headers"]
        if scope["method"] == "OPTIONS" and any(name == b"access-control-request-method" for name, _ in headers):
            await send_rendered(PREFLIGHT, scope, send)
            return
        # Without an Origin, Reflex's CORS layer leaves the response alone; the routes add `*` themselves.
        await self.app({**scope, "headers": [(k, v) for k, v in headers if k != b"origin"]}, receive, send)


def outermost(app: ASGIApp) -> ASGIApp:
    """The layers around the whole app, outside Reflex's CORS middleware."""
    return SecurityHeadersMiddleware(PublicCors(app))

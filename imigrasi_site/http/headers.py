"""Security headers on every response the server sends: pages, static files, websocket handshake, API.

Pages may not be framed by any site ('none'); the embed pages (http/embed.py) allow the
site itself (the editors' preview) and the origins named in IMIGRASI_EMBED_ORIGINS.
A response that brings its own Content-Security-Policy (the embeds, the badges) keeps
it; the frame-ancestors directive is always decided here.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from imigrasi_site.core.settings import get_settings

EMBED_PREFIX = "/embed/"

_BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]
_REPLACED = {b"x-frame-options", b"content-security-policy", *(name for name, _ in _BASE_HEADERS)}


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


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Read once: a running server's environment does not change, and this runs on every response.
        self._embed_origins = get_settings().embed_origins
        # The added headers per (embed or not, the response's own policy): a handful of combinations.
        self._added: dict[tuple[bool, bytes], list[tuple[bytes, bytes]]] = {}

    def _headers_for(self, path: str, content_policy: bytes) -> list[tuple[bytes, bytes]]:
        key = (path.startswith(EMBED_PREFIX), content_policy)
        added = self._added.get(key)
        if added is None:
            added = self._added[key] = _BASE_HEADERS + frame_headers(path, self._embed_origins, content_policy)
        return added

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers, content_policy = [], b""
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-security-policy":
                        content_policy = value
                    elif name.lower() not in _REPLACED:
                        headers.append((name, value))
                message = {**message, "headers": headers + self._headers_for(path, content_policy)}
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""Security headers on every response the server sends: pages, static files, websocket handshake, API.

Pages may not be framed by any site ('none'); the embed pages (added by the embed
module) allow the origins named in IMIGRASI_EMBED_ORIGINS.
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


def frame_headers(path: str) -> list[tuple[bytes, bytes]]:
    if path.startswith(EMBED_PREFIX):
        origins = " ".join(get_settings().embed_origins) or "'none'"
        return [(b"content-security-policy", f"frame-ancestors {origins}".encode())]
    return [(b"content-security-policy", b"frame-ancestors 'none'"), (b"x-frame-options", b"DENY")]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _BASE_HEADERS + frame_headers(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _REPLACED]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)

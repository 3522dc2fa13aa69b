"""Page addresses answer as written: /kantor, not a redirect to /kantor/.

Reflex's production build stores each page as a folder with an index.html, and the
static file server redirects a path without its trailing slash. The public URLs are a
contract (other sites link to them) and a redirect behind a TLS proxy would point at
http://, so the slash is added inside the server instead.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

_INTERNAL = ("/_", "/ping")


def needs_slash(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path != "/" and not path.endswith("/") and "." not in last and not path.startswith(_INTERNAL)


class PagePathMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and needs_slash(scope["path"]):
            scope = {**scope, "path": scope["path"] + "/", "raw_path": scope.get("raw_path", b"") + b"/"}
        await self.app(scope, receive, send)

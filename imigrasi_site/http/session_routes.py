"""Signing in and out of the workspace as plain form POSTs, so the session cookie is HttpOnly.

Reflex sets its `rx.Cookie` values from JavaScript, which an HttpOnly cookie forbids; so the
sign-in page's form posts here, and the answer (a 303 back to a page) sets or clears the
cookie. Scripts in the page never see the token, and it never travels in the websocket's
state; the Reflex states read it from the Cookie header of their own connection.

Cross-site requests: the Origin (or, without one, the Referer) must be the site's own, and
the cookie is SameSite=Lax, so another site can neither sign a visitor in nor out. Bodies are
read up to MAX_BODY bytes, whatever the headers say.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from reflex.config import get_config
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from imigrasi_site.core import accounts, db
from imigrasi_site.core.db import DATABASE_ERRORS
from imigrasi_site.core.errors import DomainError
from imigrasi_site.core.i18n import both
from imigrasi_site.core.links import SIGN_IN_PAGE, SIGN_OUT_PATH, workspace_path
from imigrasi_site.core.settings import get_settings

log = logging.getLogger(__name__)
SIGN_IN_PATH = SIGN_IN_PAGE
MAX_BODY = 4096
MAX_FIELDS = 8
# What the sign-in page is told after a refused attempt (?error=...): a code, never free text.
FAILED, WAIT, UNAVAILABLE = "failed", "wait", "unavailable"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _from_this_site(request: Request) -> bool:
    """The form was sent by a page of this site (browsers send Origin with every POST)."""
    sent = request.headers.get("origin") or _origin(request.headers.get("referer", ""))
    return bool(sent) and sent.lower() in {_origin(site) for site in get_settings().site_origins}


async def _form(request: Request) -> dict[str, str] | None:
    """The urlencoded form, or None when it is larger than MAX_BODY (a chunked body has no length)."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY:
            return None
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=MAX_FIELDS)
    except ValueError:
        return None
    return {name: values[0] for name, values in fields.items()}


def _client_address(scope: Scope, request: Request) -> str:
    """The client, as Reflex sees it for the websocket (X-Forwarded-For only behind trusted proxies)."""
    address = scope["client"][0] if scope.get("client") else "unknown"
    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address


def _cookie_options() -> dict[str, Any]:
    return {"path": "/", "httponly": True, "samesite": "lax",
            "secure": get_settings().public_url.startswith("https://")}


def _back(next_path: str, username: str, error: str, wait: int = 0) -> Response:
    """To the sign-in page again, with what went wrong and the user name typed (never the password)."""
    query = {"next": next_path, "user": username, "error": error, **({"wait": str(wait)} if wait else {})}
    return _redirect(f"{SIGN_IN_PATH}?{urlencode(query)}")


def _redirect(location: str) -> Response:
    return RedirectResponse(location, status_code=303, headers={"cache-control": "no-store"})


def _sign_in(username: str, password: str, client_address: str) -> str:
    with db.session_scope() as session:
        return accounts.sign_in(session, username=username, password=password, client_address=client_address)[1]


def _sign_out(token: str) -> None:
    with db.session_scope() as session:
        accounts.sign_out(session, token)


async def sign_in(scope: Scope, request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return PlainTextResponse(both("form_too_large"), status_code=413)
    next_path = workspace_path(form.get("next"))
    username = form.get("username", "").strip()[:64]
    try:
        token = await asyncio.to_thread(_sign_in, username, form.get("password", ""),
                                        _client_address(scope, request))
    except accounts.SignInSlowed as slowed:
        return _back(next_path, username, WAIT, slowed.wait_seconds)
    except DomainError:
        return _back(next_path, username, FAILED)
    except DATABASE_ERRORS:
        log.warning("sign-in not possible: database unavailable", exc_info=True)
        return _back(next_path, username, UNAVAILABLE)
    response = _redirect(next_path)
    response.set_cookie(accounts.SESSION_COOKIE, token, max_age=get_settings().session_hours * 3600,
                        **_cookie_options())
    return response


async def sign_out(scope: Scope, request: Request) -> Response:
    token = accounts.token_from_cookie_header(request.headers.get("cookie", ""))
    if token:
        try:
            await asyncio.to_thread(_sign_out, token)
        except DATABASE_ERRORS:
            # The browser forgets the token below either way; it expires on its own.
            log.warning("sign-out not recorded: database unavailable", exc_info=True)
    response = _redirect(SIGN_IN_PATH)
    response.delete_cookie(accounts.SESSION_COOKIE, **_cookie_options())
    return response


_ENDPOINTS = {SIGN_IN_PATH: sign_in, SIGN_OUT_PATH: sign_out}


class SessionRoutes:
    """An api_transformer: POSTs to the sign-in and sign-out paths answer here; everything else goes on
    (the sign-in page itself is a Reflex page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = _ENDPOINTS.get(scope["path"].rstrip("/")) if scope["type"] == "http" else None
        if endpoint is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if _from_this_site(request):
            response = await endpoint(scope, request)
        else:
            response = PlainTextResponse(both("sign_in_form_refused"), status_code=403)
        await response(scope, receive, send)

"""Signing in and out of the workspace as plain form POSTs, so the session cookie is HttpOnly.

Reflex sets its `rx.Cookie` values from JavaScript, which an HttpOnly cookie forbids; so the
sign-in page's form posts here, and the answer (a 303 back to a page) sets or clears the
cookie. Scripts in the page never see the token, and it never travels in the websocket's
state; the Reflex states read it from the Cookie header of their own connection.

A password is only the first step for an account with a second factor (and for publishers and
admins, who must have one): the answer is then a page made here (http/second_step_pages.py)
whose form carries a short-lived signed pending token, never the password, and posts the code
back to the same path (`step=code`). An account that must enrol first gets the enrolment page
(`step=enrol`); its confirmation sets the cookie and shows the recovery codes once. A signed-in
editor may enrol by a POST to ENROL_PATH.

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

from imigrasi_site.core import accounts, db, second_factor
from imigrasi_site.core.db import DATABASE_ERRORS
from imigrasi_site.core.errors import DomainError
from imigrasi_site.core.i18n import both, language, t
from imigrasi_site.core.links import ENROL_PATH, SIGN_IN_PAGE, SIGN_OUT_PATH, WORKSPACE, workspace_path
from imigrasi_site.core.settings import get_settings
from imigrasi_site.http import second_step_pages as pages

log = logging.getLogger(__name__)
SIGN_IN_PATH = SIGN_IN_PAGE
MAX_BODY = 4096
MAX_FIELDS = 8
# What the sign-in page is told after a refused attempt (?error=...): a code, never free text.
FAILED, WAIT, UNAVAILABLE, EXPIRED = "failed", "wait", "unavailable", "expired"


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


def _in_transaction(fn: Any, *args: Any, **kwargs: Any) -> Any:
    with db.session_scope() as session:
        return fn(session, *args, **kwargs)


def _lang(request: Request, form: dict[str, str]) -> str:
    return language(form.get("lang") or request.cookies.get("lang") or "")


def _signed_in(signed: accounts.SignedIn, location: str | None = None,
               page: Response | None = None) -> Response:
    """`page` (or a redirect to `location`) with the session cookie set."""
    response = page if page is not None else _redirect(location or WORKSPACE)
    response.set_cookie(accounts.SESSION_COOKIE, signed.token, max_age=get_settings().session_hours * 3600,
                        **_cookie_options())
    return response


def _second_step_page(due: accounts.SecondStepDue, lang: str, next_path: str, error: str = "") -> Response:
    if due.step == second_factor.ENROL:
        return pages.enrol_page(lang, due.pending, due.secret, due.username, next_path, error)
    return pages.code_page(lang, due.pending, next_path, error)


async def _password_step(scope: Scope, request: Request, form: dict[str, str], next_path: str) -> Response:
    username = form.get("username", "").strip()[:64]
    try:
        result = await asyncio.to_thread(_in_transaction, accounts.sign_in, username=username,
                                         password=form.get("password", ""),
                                         client_address=_client_address(scope, request))
    except accounts.SignInSlowed as slowed:
        return _back(next_path, username, WAIT, slowed.wait_seconds)
    except DomainError:
        return _back(next_path, username, FAILED)
    if isinstance(result, accounts.SecondStepDue):
        return _second_step_page(result, _lang(request, form), next_path)
    return _signed_in(result, next_path)


async def _code_step(scope: Scope, request: Request, form: dict[str, str], next_path: str) -> Response:
    lang, pending = _lang(request, form), form.get("pending", "")
    try:
        signed = await asyncio.to_thread(_in_transaction, accounts.finish_sign_in, pending=pending,
                                         code=form.get("code", ""), client_address=_client_address(scope, request))
    except accounts.SignInSlowed as slowed:
        return pages.code_page(lang, pending, next_path, t("sign_in_wait", lang, seconds=slowed.wait_seconds))
    except accounts.SignInRefused as refused:
        if refused.code == EXPIRED:
            return _back(next_path, "", EXPIRED)
        return pages.code_page(lang, pending, next_path, t("second_step_wrong_code", lang))
    return _signed_in(signed, next_path)


async def _enrol_step(scope: Scope, request: Request, form: dict[str, str], next_path: str) -> Response:
    lang, pending = _lang(request, form), form.get("pending", "")
    try:
        signed, codes = await asyncio.to_thread(
            _in_transaction, accounts.confirm_enrolment, pending=pending, code=form.get("code", ""),
            client_address=_client_address(scope, request))
    except accounts.SignInRefused as refused:
        due = None if refused.code == EXPIRED else await asyncio.to_thread(
            _in_transaction, accounts.pending_enrolment, pending)
        if due is None:
            return _back(next_path, "", EXPIRED)
        error = (t("sign_in_wait", lang, seconds=refused.wait_seconds)
                 if isinstance(refused, accounts.SignInSlowed) else t("second_step_wrong_code", lang))
        return _second_step_page(due, lang, next_path, error)
    return _signed_in(signed, page=pages.recovery_codes_page(lang, codes, next_path))


_STEPS = {"": _password_step, second_factor.CODE: _code_step, second_factor.ENROL: _enrol_step}


def _sign_out(token: str) -> None:
    with db.session_scope() as session:
        accounts.sign_out(session, token)


async def sign_in(scope: Scope, request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return PlainTextResponse(both("form_too_large"), status_code=413)
    next_path = workspace_path(form.get("next"))
    step = _STEPS.get(form.get("step", ""))
    if step is None:
        return _back(next_path, "", FAILED)
    try:
        return await step(scope, request, form, next_path)
    except DATABASE_ERRORS:
        log.warning("sign-in not possible: database unavailable", exc_info=True)
        return _back(next_path, form.get("username", "").strip()[:64], UNAVAILABLE)


def _start_enrolment(token: str) -> accounts.SecondStepDue | None:
    with db.session_scope() as session:
        account = accounts.resolve_session(session, token)
        return None if account is None else accounts.start_enrolment(session, account)


async def enrol(scope: Scope, request: Request) -> Response:
    """A signed-in editor asks to set up a second factor: the enrolment page, as at sign-in."""
    form = await _form(request) or {}
    next_path = workspace_path(form.get("next"))
    token = accounts.token_from_cookie_header(request.headers.get("cookie", ""))
    try:
        due = await asyncio.to_thread(_start_enrolment, token) if token else None
    except DomainError as error:
        return PlainTextResponse(error.message, status_code=409, headers={"cache-control": "no-store"})
    except DATABASE_ERRORS:
        log.warning("enrolment not possible: database unavailable", exc_info=True)
        return _back(next_path, "", UNAVAILABLE)
    if due is None:
        return _back(next_path, "", FAILED)
    return pages.enrol_page(_lang(request, form), due.pending, due.secret, due.username, next_path, required=False)


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


_ENDPOINTS = {SIGN_IN_PATH: sign_in, SIGN_OUT_PATH: sign_out, ENROL_PATH: enrol}


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

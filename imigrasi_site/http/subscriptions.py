"""The confirm and unsubscribe links of subscription emails: small bilingual pages, no sign-in.

Mail scanners open GET links to check them, so a GET only says what the link is about and
shows a button; the change happens on POST. The same POST serves RFC 8058 one-click
unsubscribe: mail programs POST `List-Unsubscribe=One-Click` to the List-Unsubscribe link.
The token is the only credential, so the pages are never cached and never indexed, and
every visit counts against a limit per client address (subscriptions.count_link_visit).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

import sqlalchemy.exc
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route, Router
from starlette.types import ASGIApp

from imigrasi_site.core import db, notify, subscriptions
from imigrasi_site.core.errors import NotFound
from imigrasi_site.core.i18n import both, t
from imigrasi_site.core.mail_links import CONFIRM_PATH, UNSUBSCRIBE_PATH
from imigrasi_site.http.forms import client_address, read_form

log = logging.getLogger(__name__)
HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
}
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;"
    "color:#1b1b1b}.en{color:#3d3d3d}button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:6px;"
    "background:#0b4f8a;color:#fff;cursor:pointer}button:focus{outline:3px solid #f0a500}"
)

@dataclass(frozen=True)
class _Page:
    """A link page in both languages (the link does not say which one its reader reads)."""

    status: int
    title: str  # catalogue keys (core/i18n.py)
    text: str
    button: str | None = None  # a form that POSTs the token back to the same path
    scope: tuple[str, str] = ("", "")  # what the subscription is about, in Indonesian and in English

    def words(self, key: str, lang: str) -> str:
        return t(key, lang, scope=self.scope[lang == "en"], days=notify.CONFIRM_DAYS)


def _html(page: _Page, path: str, token: str, headers: dict[str, str] = HEADERS) -> HTMLResponse:
    title = both(page.title)
    form = ""
    if page.button:
        form = (f'<form method="post" action="{path}"><input type="hidden" name="token" value="{escape(token)}">'
                f'<button type="submit">{escape(both(page.button))}</button></form>')
    body = (
        f'<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>{escape(title)} | {escape(t('site_name', 'id'))}</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>{escape(title)}</h1><p>{escape(page.words(page.text, 'id'))}</p>"
        f'<p lang="en" class="en">{escape(page.words(page.text, "en"))}</p>'
        f'{form}<p><a href="/">{escape(t("back_home", "id"))}</a> / '
        f'<a href="/?lang=en" lang="en">{escape(t("back_home", "en"))}</a></p>'
        f"</main></body></html>"
    )
    return HTMLResponse(body, status_code=page.status, headers=headers)


def _scopes(session: Session, subscription) -> tuple[str, str]:
    return notify.describe(session, subscription, "id"), notify.describe(session, subscription, "en")


BAD_LINK = _Page(404, "link_bad_title", "link_bad")
NOTHING_TO_STOP = _Page(404, "link_nothing_title", "link_nothing")
UNAVAILABLE = _Page(503, "link_unavailable_title", "subscribe_unavailable")
TOO_MANY = _Page(429, "link_too_many_title", "link_too_many")


def _confirm_question(session: Session, token: str) -> _Page:
    subscription = subscriptions.find(session, token)
    if subscription is None:
        return BAD_LINK
    scope = _scopes(session, subscription)
    if subscription.confirmed_at is not None:
        return _Page(200, "link_already_title", "link_already", scope=scope)
    return _Page(200, "link_confirm_title", "link_confirm", button="link_confirm_button", scope=scope)


def _confirm(session: Session, token: str) -> _Page:
    try:
        subscription = subscriptions.confirm(session, token)
    except NotFound:
        return BAD_LINK
    return _Page(200, "link_confirmed_title", "link_confirmed", scope=_scopes(session, subscription))


def _unsubscribe_question(session: Session, token: str) -> _Page:
    subscription = subscriptions.find(session, token, include_expired=True)
    if subscription is None:
        return NOTHING_TO_STOP
    return _Page(200, "link_unsubscribe_title", "link_unsubscribe", button="link_unsubscribe_button",
                 scope=_scopes(session, subscription))


def _unsubscribe(session: Session, token: str) -> _Page:
    subscription = subscriptions.find(session, token, include_expired=True)
    if subscription is None:
        return NOTHING_TO_STOP
    scope = _scopes(session, subscription)
    subscriptions.unsubscribe(session, token)
    return _Page(200, "link_unsubscribed_title", "link_unsubscribed", scope=scope)


def _in_transaction(fn: Callable[[Session, str], _Page], token: str, client: str) -> _Page:
    with db.session_scope() as session:
        subscriptions.count_link_visit(session, client)
        return fn(session, token)


async def _token(request: Request) -> str | None:
    """The token from the form (the page's button) or the query (the link itself, one-click unsubscribe)."""
    token: Any = request.query_params.get("token")
    if request.method == "POST":
        form = await read_form(request, max_fields=10)
        if form is None:  # too long or too many fields: no token; the page says the link is not valid
            return None
        token = form.get("token") or token
    return token if isinstance(token, str) else None


def _endpoint(question: Callable[[Session, str], _Page], action: Callable[[Session, str], _Page], path: str,
              missing: _Page):
    async def endpoint(request: Request) -> HTMLResponse:
        token = await _token(request)
        if not token:
            return _html(missing, path, "")
        try:
            page = await asyncio.to_thread(_in_transaction, action if request.method == "POST" else question, token,
                                           client_address(request))
        except subscriptions.TooManyRequests:
            retry_after = str(int(subscriptions.RATE_WINDOW.total_seconds()))
            return _html(TOO_MANY, path, "", {**HEADERS, "Retry-After": retry_after})
        except sqlalchemy.exc.SQLAlchemyError:
            log.warning("subscription link could not be handled: database unavailable", exc_info=True)
            page = UNAVAILABLE
        return _html(page, path, token)

    return endpoint


ROUTES = [
    Route(CONFIRM_PATH, _endpoint(_confirm_question, _confirm, CONFIRM_PATH, BAD_LINK), methods=["GET", "POST"]),
    Route(UNSUBSCRIBE_PATH, _endpoint(_unsubscribe_question, _unsubscribe, UNSUBSCRIBE_PATH, NOTHING_TO_STOP),
          methods=["GET", "POST"]),
]


def with_subscription_pages(app: ASGIApp) -> ASGIApp:
    """An api_transformer: the confirm and unsubscribe pages answer here, everything else goes on."""
    return Router(routes=ROUTES, default=app)

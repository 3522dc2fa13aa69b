"""The signed-in editor, and the guard every editor handler goes through.

Any client can call any public handler over the websocket, so each editor handler
resolves the session itself (`_read`, `_write`) and the core checks the role again.
The session token lives in an HttpOnly cookie set by http/session_routes.py: it is read
from the Cookie header of this tab's connection and held in no var; the password never
reaches a state at all (the sign-in form posts to that route, not over the websocket).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import reflex as rx
import sqlalchemy.exc

from imigrasi_site.core import accounts, db
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.db import DATABASE_ERRORS
from imigrasi_site.core.errors import ConflictError, DomainError
from imigrasi_site.core.i18n import LANGUAGES, language, t
from imigrasi_site.core.links import SIGN_IN_PAGE, WORKSPACE, workspace_path
from imigrasi_site.core.models import Role
from imigrasi_site.core.snapshot import public_store
from imigrasi_site.ui.state import inputs

log = logging.getLogger(__name__)
DB_DOWN = (
    "Basis data tidak dapat dihubungi; tidak ada yang tersimpan. Teks Anda tetap di formulir, coba simpan lagi "
    "sebentar lagi. / The database cannot be reached; nothing was saved. Your text stays in the form; try again "
    "shortly."
)
SAVED_AT_ONCE = (
    "Orang lain menyimpan hal yang sama pada saat yang sama, jadi simpanan Anda tidak masuk. Teks Anda tetap di "
    "formulir; simpan lagi. / Someone else saved the same thing at the same moment, so your save did not go in. "
    "Your text is still in the form; save again."
)
LOGIN_PATH = SIGN_IN_PAGE


@dataclass(frozen=True)
class Outcome:
    """What a guarded call gave: falsy when it was refused or failed (the message is already set)."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


FAILED = Outcome(False)


def _refresh_public_view() -> None:
    try:
        public_store().refresh_if_changed()
    except DATABASE_ERRORS:
        pass  # the background loop keeps trying


def _in_transaction(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with db.session_scope() as session:
        return fn(session, *args, **kwargs)


async def run_in_transaction(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run core work in one transaction off the event loop."""
    return await asyncio.to_thread(_in_transaction, fn, *args, **kwargs)


def sign_in_message(query: Mapping[str, str]) -> str:
    """What the sign-in page says after the sign-in route sent the browser back (?error=...)."""
    error = query.get("error")
    if error == "failed":
        return accounts.SIGN_IN_FAILED
    if error == "wait":
        wait = inputs.positive_id(query.get("wait")) or 1
        return accounts.SignInSlowed(min(wait, int(accounts.MAX_DELAY.total_seconds()))).message
    if error == "unavailable":
        return " / ".join(t("sign_in_unavailable", lang) for lang in LANGUAGES)
    if error == "expired":
        return " / ".join(t("second_step_expired", lang) for lang in LANGUAGES)
    return ""


class AuthState(rx.State):
    account_name: str = ""
    account_role: str = ""
    error: str = ""
    notice: str = ""
    # The sign-in form: where it leads afterwards, and the user name typed before a refusal.
    sign_in_next: str = WORKSPACE
    typed_username: str = ""

    def _session_token(self) -> str:
        """The token in the HttpOnly cookie of this tab's connection; it is kept in no var, so no state
        (neither the browser's nor the one stored on the server) ever holds it."""
        return accounts.token_from_cookie_header(self.router.headers.cookie)

    def _lang(self) -> str:
        """The language this tab reads: the `lang` cookie the site's language switch sets."""
        cookies = self.router.headers.cookie or ""
        chosen = next((part.split("=", 1)[1] for part in cookies.split("; ") if part.startswith("lang=")), "")
        return language(chosen)

    async def _account(self) -> Account | None:
        """The signed-in account, or None. A database outage raises: it is not a signed-out editor."""
        token = self._session_token()
        if not token:
            return None
        return await run_in_transaction(accounts.resolve_session, token)

    async def _read(self, role: Role, fn: Callable[..., Any], *args: Any, clear: bool = True) -> Outcome:
        """Authorize, then run `fn(session, account, *args)` in a transaction. Every known error
        becomes the editor's message; `clear=False` keeps the message of the action before."""
        return await self._guarded(role, fn, args, write=False, clear=clear, on_conflict=None)

    async def _write(self, role: Role, fn: Callable[..., Any], *args: Any,
                     on_conflict: Callable[[ConflictError], None] | None = None) -> Outcome:
        """Like `_read`, then this worker's public view is refreshed. When someone else saved first,
        the conflict's message is shown and `on_conflict` may keep what the feature needs of it."""
        return await self._guarded(role, fn, args, write=True, clear=True, on_conflict=on_conflict)

    async def _guarded(self, role: Role, fn: Callable[..., Any], args: tuple, *, write: bool, clear: bool,
                       on_conflict: Callable[[ConflictError], None] | None) -> Outcome:
        if clear:
            self.error = ""
            self.notice = ""
        try:
            account = await self._account()
            accounts.require(account, role)
            value = await run_in_transaction(fn, account, *args)
        except ConflictError as conflict:
            self.error = conflict.message
            if on_conflict is not None:
                on_conflict(conflict)
            return FAILED
        except DomainError as error:
            self.error = error.message
            return FAILED
        except sqlalchemy.exc.IntegrityError:
            # Two saves of the same thing at the same moment; the database kept the first one.
            log.info("an editor save lost a race on a unique key", exc_info=True)
            self.error = SAVED_AT_ONCE
            return FAILED
        except DATABASE_ERRORS:
            log.warning("database unavailable during an editor action", exc_info=True)
            self.error = DB_DOWN
            return FAILED
        if write:
            # This worker shows the change at once; the others notice it on their next poll.
            await asyncio.to_thread(_refresh_public_view)
        return Outcome(True, value)

    @rx.var
    def signed_in(self) -> bool:
        return self.account_name != ""

    @rx.event
    async def require_sign_in(self):
        """on_load of every workspace page: send visitors without a valid session to the sign-in page."""
        self.error = ""
        self.notice = ""
        try:
            account = await self._account()
        except DATABASE_ERRORS:
            self.error = DB_DOWN  # stay on the page: nothing the editor typed is lost
            return
        if account is None:
            self.account_name, self.account_role = "", ""
            return rx.redirect(f"{LOGIN_PATH}?next={quote(self.router.url.path or WORKSPACE)}")
        self.account_name, self.account_role = account.display_name, account.role

    @rx.event
    async def open_sign_in(self):
        """on_load of the sign-in page (the form itself posts to http/session_routes.py)."""
        query = self.router.url.query_parameters
        try:
            signed_in = await self._account() is not None
        except DATABASE_ERRORS:
            signed_in = False
        if not signed_in:
            # Signed out (or never in): nothing the workspace loaded into this tab may stay in it.
            self.reset()
        self.notice = ""
        self.error = sign_in_message(query)
        self.sign_in_next = workspace_path(query.get("next"))
        self.typed_username = inputs.text(query.get("user"), 64)

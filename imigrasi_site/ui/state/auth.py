"""Sign-in for the editor workspace, and the guard every editor handler goes through.

Any client can call any public handler over the websocket, so each editor handler
resolves the session token itself (`_guarded`) and the core checks the role again.
The browser holds only its own random token; the password never enters state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import reflex as rx
import sqlalchemy.exc

from imigrasi_site.core import accounts, db
from imigrasi_site.core.db import DATABASE_ERRORS
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.links import workspace_path
from imigrasi_site.core.errors import ConflictError, DomainError
from imigrasi_site.core.models import Role
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import public_store

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
LOGIN_PATH = "/admin/masuk"


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


class AuthState(rx.State):
    session_token: str = rx.Cookie(
        "", name="imigrasi_session", same_site="strict", max_age=get_settings().session_hours * 3600, path="/",
        secure=get_settings().public_url.startswith("https://"),
    )
    account_name: str = ""
    account_role: str = ""
    error: str = ""
    notice: str = ""

    async def _account(self) -> Account | None:
        """The signed-in account, or None. A database outage raises: it is not a signed-out editor."""
        if not self.session_token:
            return None
        return await run_in_transaction(accounts.resolve_session, self.session_token)

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
            return rx.redirect(f"{LOGIN_PATH}?next={quote(self.router.url.path or '/admin')}")
        self.account_name, self.account_role = account.display_name, account.role

    @rx.event
    async def sign_in(self, form_data: dict):
        self.error = ""
        if not isinstance(form_data, dict):
            self.error = accounts.SIGN_IN_FAILED
            return
        try:
            account, token = await run_in_transaction(
                lambda session: accounts.sign_in(
                    session,
                    username=form_data.get("username"),
                    password=form_data.get("password"),
                    client_address=self.router.session.client_ip or "unknown",
                )
            )
        except DomainError as error:
            self.error = error.message
            return
        except DATABASE_ERRORS:
            self.error = DB_DOWN
            return
        self.session_token = token
        self.account_name, self.account_role = account.display_name, account.role
        # Only pages of the workspace: never an open redirect to another site.
        return rx.redirect(workspace_path(self.router.url.query_parameters.get("next")))

    @rx.event
    async def sign_out(self):
        token = self.session_token
        if token:
            try:
                await run_in_transaction(accounts.sign_out, token)
            except DATABASE_ERRORS:
                pass  # the token is forgotten below either way
        # Everything the workspace loaded into this tab (drafts, audit rows, accounts) goes too.
        self.reset()
        self.session_token = ""
        return rx.redirect(LOGIN_PATH)

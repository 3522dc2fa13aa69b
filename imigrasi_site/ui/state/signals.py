"""Automatic signals in the workspace: open and recent signals, offices' heartbeat history,
and (admins) heartbeat tokens, system checks and automatic marking.

Every handler goes through AuthState._read or _write and the core checks the role again. A new
token is held in this state only until the page is loaded again: shown once, to the admin
who made it, and never read back (the database keeps only its hash).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from imigrasi_site.core import checks, heartbeats, signal_rows, signals
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.signal_rows import AutoRow, CheckRow, ContactRow, GapRow, SignalRow
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

MAX_FIELD = 500


class SignalsState(AuthState):
    signals: list[SignalRow] = []
    contacts: list[ContactRow] = []
    checks: list[CheckRow] = []
    auto: list[AutoRow] = []
    history_office: str = ""
    history: list[GapRow] = []
    new_token: str = ""
    new_token_for: str = ""

    async def _reload(self) -> None:
        done = await self._read(Role.EDITOR, signal_rows.overview, await language_of(self))
        shown = done.value if done else signal_rows.SignalsOverview()
        self.signals, self.contacts, self.checks, self.auto = shown.signals, shown.contacts, shown.checks, shown.auto

    async def _done(self, key: str) -> None:
        """Show the signals as they are now, with the catalogue message `key` ("" for none)."""
        await self._reload()
        self.notice = t(key, await language_of(self)) if key else ""

    @rx.event
    async def load(self):
        self.new_token = self.new_token_for = ""
        self.history_office, self.history = "", []
        await self._reload()

    @rx.event
    async def show_history(self, office_code: str):
        code = inputs.text(office_code, 64)
        done = await self._read(Role.EDITOR, signal_rows.heartbeat_gaps, code, await language_of(self))
        self.history_office, self.history = (code, done.value) if done else ("", [])

    @rx.event
    async def confirm(self, signal_id: int):
        target = inputs.positive_id(signal_id)
        if await self._write(Role.EDITOR, lambda session, account: signals.confirm(session, account, target)):
            await self._done("sig_confirmed")

    async def _token(self, action, office_code: object) -> None:
        code = inputs.text(office_code, 64).strip()
        done = await self._write(Role.ADMIN, lambda session, account: action(session, account, code))
        if done:
            await self._done("")
            self.new_token, self.new_token_for = done.value, code

    @rx.event
    async def create_token(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        await self._token(heartbeats.create_token, form.get("office_code"))

    @rx.event
    async def rotate_token(self, office_code: str):
        await self._token(heartbeats.rotate_token, office_code)

    @rx.event
    async def revoke_token(self, office_code: str):
        code = inputs.text(office_code, 64)
        if await self._write(Role.ADMIN, lambda session, account: heartbeats.revoke_token(session, account, code)):
            await self._done("sig_token_revoked")

    @rx.event
    async def add_check(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        # Any: the texts go to add_check by keyword, which mypy cannot match against its parameters.
        fields: dict[str, Any] = {name: inputs.text(form.get(name), MAX_FIELD) for name in (
            "name", "url", "method", "expected_status", "expected_text", "interval_seconds", "timeout_seconds",
            "service_code")}
        for name, default in (("method", "GET"), ("expected_status", "200"), ("interval_seconds", "60"),
                              ("timeout_seconds", "10")):
            fields[name] = fields[name] or default
        if await self._write(Role.ADMIN, lambda session, account: checks.add_check(session, account, **fields)):
            await self._done("sig_check_added")

    @rx.event
    async def deactivate_check(self, check_id: int):
        target = inputs.positive_id(check_id)
        if await self._write(Role.ADMIN, lambda session, account: checks.deactivate_check(session, account, target)):
            await self._done("sig_check_deactivated")

    @rx.event
    async def set_auto_marking(self, service_code: str, enabled: bool):
        code, on = inputs.text(service_code, 48), enabled is True
        if await self._write(Role.ADMIN,
                             lambda session, account: signals.set_auto_marking(session, account, code, on)):
            await self._done("sig_auto_changed")

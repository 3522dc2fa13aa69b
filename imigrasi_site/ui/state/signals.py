"""Automatic signals in the workspace: open and recent signals, offices' heartbeat history,
and (admins) heartbeat tokens, system checks and automatic marking.

Every handler goes through AuthState._read or _write and the core checks the role again. A new
token is held in this state only until the page is loaded again: shown once, to the admin
who made it, and never read back (the database keeps only its hash).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import checks, heartbeats, signals
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import when
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

MAX_FIELD = 500
MAX_LISTED_OFFICES = 12




@dataclass
class SignalRow:
    id: int = 0
    what: str = ""
    what_en: str = ""
    where: str = ""
    since: str = ""
    is_open: bool = True
    state: str = ""
    confirmed: str = ""
    prefill: str = ""


@dataclass
class ContactRow:
    code: str = ""
    name: str = ""
    last: str = ""
    token: str = ""
    has_token: bool = False
    degraded: str = ""
    note: str = ""


@dataclass
class GapRow:
    stopped: str = ""
    resumed: str = ""


@dataclass
class CheckRow:
    id: int = 0
    name: str = ""
    url: str = ""
    expects: str = ""
    every: str = ""
    service: str = ""
    active: bool = True
    last: str = ""
    failures: int = 0


@dataclass
class AutoRow:
    code: str = ""
    name: str = ""
    enabled: bool = False


def _where(info: signals.SignalInfo) -> str:
    codes = info.open_office_codes or info.office_codes
    listed = ", ".join(codes[:MAX_LISTED_OFFICES])
    if len(codes) > MAX_LISTED_OFFICES:
        listed += f" … (+{len(codes) - MAX_LISTED_OFFICES})"
    services = ", ".join(info.service_codes)
    return " · ".join(part for part in (listed, services) if part)


def _signal_row(info: signals.SignalInfo, lang: str) -> SignalRow:
    return SignalRow(
        info.id, info.what_ind, info.what_en, _where(info), when(info.since), info.cleared_at is None,
        t("sig_state_open", lang) if info.cleared_at is None else t("sig_state_cleared", lang),
        t("sig_confirmed_by", lang, name=info.confirmed_by) if info.confirmed_by else "", info.prefill_path,
    )


def _check_last(info: checks.CheckInfo, lang: str) -> str:
    if info.last_at is None:
        return ""
    outcome = t("sig_check_ok", lang) if info.last_ok else t("sig_check_failed", lang)
    detail = f", {info.last_latency_ms} ms" + (f", {info.last_error}" if info.last_error else "")
    return f"{when(info.last_at)}: {outcome}{detail}"


def _overview(session: Session, account: Account, lang: str) -> dict[str, Any]:
    is_admin = account.has(Role.ADMIN)
    contacts = [
        ContactRow(c.office_code, c.office_name, when(c.last_at),
                   when(c.token_created_at) if c.has_token else t("sig_token_none", lang), c.has_token,
                   c.degraded.replace(",", ", "), c.note)
        for c in heartbeats.list_contacts(session, account)
    ]
    check_rows = [
        CheckRow(c.id, c.name, c.url if is_admin else "", f"{c.method} → {c.expected_status}"
                 + (f" + “{c.expected_text}”" if c.expected_text else ""), f"{c.interval_seconds} s / "
                 f"{c.timeout_seconds} s", c.service_code, c.is_active, _check_last(c, lang), c.consecutive_failures)
        for c in checks.list_checks(session, account)
    ]
    auto = [AutoRow(code, name, enabled) for code, name, enabled in signals.auto_marking(session, account)]
    return {"signals": [_signal_row(i, lang) for i in signals.list_signals(session, account)], "contacts": contacts,
            "checks": check_rows, "auto": auto}


def _history(session: Session, account: Account, office_code: str, lang: str) -> list[GapRow]:
    return [GapRow(when(g.stopped), when(g.resumed) if g.resumed else t("sig_not_yet", lang))
            for g in heartbeats.office_history(session, account, office_code)]


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
        done = await self._read(Role.EDITOR, _overview, await language_of(self))
        if done:
            overview = done.value
            self.signals, self.contacts = overview["signals"], overview["contacts"]
            self.checks, self.auto = overview["checks"], overview["auto"]
        else:
            self.signals, self.contacts, self.checks, self.auto = [], [], [], []

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
        done = await self._read(Role.EDITOR, _history, code, await language_of(self))
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

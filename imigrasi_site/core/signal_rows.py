"""The workspace's signals page as display rows, in the editor's language: open and recent signals,
the offices' last heartbeats and their gaps, and (for admins) the system checks and automatic marking."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from imigrasi_site.core import checks, heartbeats, signals
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import when

MAX_LISTED_OFFICES = 12


@dataclass
class SignalRow:
    id: int
    what: str
    what_en: str
    where: str
    since: str
    is_open: bool
    state: str
    confirmed: str
    prefill: str


@dataclass
class ContactRow:
    code: str
    name: str
    last: str
    token: str
    has_token: bool
    degraded: str
    note: str


@dataclass
class GapRow:
    stopped: str
    resumed: str


@dataclass
class CheckRow:
    id: int
    name: str
    url: str
    expects: str
    every: str
    service: str
    active: bool
    last: str
    failures: int


@dataclass
class AutoRow:
    code: str
    name: str
    enabled: bool


@dataclass
class SignalsOverview:
    signals: list[SignalRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)
    auto: list[AutoRow] = field(default_factory=list)


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


def overview(session: Session, account: Account, lang: str) -> SignalsOverview:
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
    return SignalsOverview([_signal_row(i, lang) for i in signals.list_signals(session, account)], contacts,
                           check_rows, auto)


def heartbeat_gaps(session: Session, account: Account, office_code: str, lang: str) -> list[GapRow]:
    return [GapRow(when(g.stopped), when(g.resumed) if g.resumed else t("sig_not_yet", lang))
            for g in heartbeats.office_history(session, account, office_code)]

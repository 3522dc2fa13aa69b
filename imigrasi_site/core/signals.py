"""Signals: rules that turn missing heartbeats, degraded reports and failing checks into warnings.

Signals are for editors only: nothing public changes until a person acts, except for the
services an admin opted in to automatic marking, which become `limited` with a "being
checked" advice through the normal availability write (so the read model, the history and
the audit follow) and go back when the signal is over. Many offices losing contact together
make one signal, since the cause is then most likely central. On-call addresses
(IMIGRASI_ONCALL_EMAILS) get one email when a signal opens and one when it clears, through
the outbox, and the on-call team's own webhook endpoints (IMIGRASI_ONCALL_WEBHOOKS, by name)
get a `signal.opened` / `signal.cleared` event; other partners' endpoints never do.

The rules run in every worker, but a run is claimed by a conditional UPDATE of the single
`signal_rule_run` row, so only one worker evaluates in each interval; functions take `now`
so tests control the clock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit, checks, db, events, webhooks
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.errors import NotFound
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, Phrase, format_datetime, format_time, language, name_in, t
from imigrasi_site.core.models import (
    Availability,
    Editor,
    HeartbeatToken,
    Office,
    OfficeHeartbeat,
    OfficeService,
    OutboxMessage,
    Role,
    Service,
    ServiceAutoMarking,
    Signal,
    SignalAutoMark,
    SignalKind,
    SignalOffice,
    SignalRuleRun,
    SystemCheck,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from imigrasi_site.core.settings import Settings, get_settings

SIGNAL_OPENED = "signal.opened"
SIGNAL_CLEARED = "signal.cleared"
RULES_INTERVAL = timedelta(seconds=5)
SIGNAL_RETENTION = timedelta(days=90)
# Offices listed by name in a signal's line; from this many on it is "N offices ... probably central".
MAX_NAMED_OFFICES = 4


@dataclass
class Evaluation:
    opened: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)
    auto_marked: int = 0


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code for code in value.split(",") if code)


# --- the rules ---


def run_rules(*, now: datetime | None = None, url: str | None = None,
              settings: Settings | None = None) -> Evaluation | None:
    """Evaluate the rules if no other worker did in this interval; None when another one has the turn."""
    now = now or utcnow()
    with db.session_scope(url) as session:
        claimed = session.exec(sa.update(SignalRuleRun).where(col(SignalRuleRun.id) == 1, col(SignalRuleRun.next_run_at) <= now)
                               .values(next_run_at=now + RULES_INTERVAL)).rowcount == 1
        if not claimed:
            if session.get(SignalRuleRun, 1) is not None:
                return None
            try:
                with session.begin_nested():
                    session.add(SignalRuleRun(id=1, next_run_at=now + RULES_INTERVAL))
            except sa.exc.IntegrityError:
                return None  # two first runs at once (two workers starting): the other one has the turn
        return evaluate(session, now=now, settings=settings)


def evaluate(session: Session, *, now: datetime | None = None, settings: Settings | None = None) -> Evaluation:
    now = now or utcnow()
    settings = settings or get_settings()
    result = Evaluation()
    fresh = _missing_rule(session, now, settings, result)
    _degraded_rule(session, now, fresh, result)
    _check_rule(session, now, settings, result)
    for signal in session.exec(select(Signal).where(col(Signal.notified_open_at).is_(None))).all():
        _notify(session, signal, opened=True, now=now, settings=settings)
    for signal in session.exec(select(Signal).where(col(Signal.cleared_at).is_not(None),
                                                    col(Signal.notified_open_at).is_not(None),
                                                    col(Signal.notified_clear_at).is_(None))).all():
        _notify(session, signal, opened=False, now=now, settings=settings)
    return result


def _open_members(session: Session, kind: SignalKind) -> dict[int, list[SignalOffice]]:
    """Per open signal of this kind, its offices still in trouble."""
    members: dict[int, list[SignalOffice]] = defaultdict(list)
    for member in session.exec(
        select(SignalOffice).join(Signal, col(Signal.id) == SignalOffice.signal_id)
        .where(col(Signal.kind) == kind.value, col(Signal.cleared_at).is_(None), col(SignalOffice.resumed_at).is_(None))
    ).all():
        members[member.signal_id].append(member)
    return members


def _resume(session: Session, member: SignalOffice, at: datetime) -> None:
    member.resumed_at = max(at, member.since)
    session.add(member)
    _revert(session, member.signal_id, {member.office_id}, at)


def _clear_finished(session: Session, kind: SignalKind, now: datetime, result: Evaluation) -> None:
    open_ids = session.exec(select(Signal.id).where(col(Signal.kind) == kind.value, col(Signal.cleared_at).is_(None))).all()
    still = set(_open_members(session, kind))
    for signal_id in open_ids:
        if signal_id not in still:
            _clear(session, session.get_one(Signal, signal_id), now, result)


def _clear(session: Session, signal: Signal, now: datetime, result: Evaluation) -> None:
    signal.cleared_at = now
    session.add(signal)
    _revert(session, db.row_id(signal), None, now)
    result.cleared.append(db.row_id(signal))


def _missing_rule(session: Session, now: datetime, settings: Settings,
                  result: Evaluation) -> dict[int, set[str]]:
    """Offices with a live token whose last heartbeat is older than the window. Returns the offices in
    contact with the services they report degraded (for the next rule)."""
    cutoff = now - settings.heartbeats.missing_window
    enrolled = {
        beat.office_id: beat for beat in session.exec(
            select(OfficeHeartbeat).join(Office, col(Office.id) == OfficeHeartbeat.office_id)
            .join(HeartbeatToken, col(HeartbeatToken.office_id) == OfficeHeartbeat.office_id)
            .where(col(HeartbeatToken.revoked_at).is_(None), col(Office.is_active) == True)  # noqa: E712
        ).all()
    }
    open_members = _open_members(session, SignalKind.HEARTBEAT_MISSING)
    tracked: set[int] = set()
    for members in open_members.values():
        for member in members:
            beat = enrolled.get(member.office_id)
            if beat is None:
                _resume(session, member, now)  # its token was revoked: nothing is expected from it any more
            elif beat.last_at >= cutoff:
                _resume(session, member, beat.first_at)
            else:
                tracked.add(member.office_id)
    newly = sorted((b for o, b in enrolled.items() if b.last_at < cutoff and o not in tracked),
                   key=lambda b: b.last_at)
    if newly:
        # Offices that stop within one window of each other belong to one signal.
        target = session.exec(select(Signal).where(col(Signal.kind) == SignalKind.HEARTBEAT_MISSING.value,
                                                   col(Signal.cleared_at).is_(None),
                                                   col(Signal.opened_at) >= now - settings.heartbeats.missing_window)
                              .order_by(col(Signal.opened_at).desc())).first()
        if target is None:
            target = _open(session, SignalKind.HEARTBEAT_MISSING, since=newly[0].last_at, now=now, result=result)
        for beat in newly:
            session.add(SignalOffice(signal_id=db.row_id(target), office_id=beat.office_id, since=beat.last_at))
        session.flush()
        result.auto_marked += _auto_mark(session, target, {b.office_id for b in newly}, now)
    _clear_finished(session, SignalKind.HEARTBEAT_MISSING, now, result)
    return {o: set(_codes(b.degraded)) for o, b in enrolled.items() if b.last_at >= cutoff}


def _degraded_rule(session: Session, now: datetime, fresh: dict[int, set[str]], result: Evaluation) -> None:
    reporting: dict[str, set[int]] = defaultdict(set)
    for office_id, codes in fresh.items():
        for code in codes:
            reporting[code].add(office_id)
    open_by_service: dict[str, Signal] = {
        s.services: s for s in session.exec(select(Signal).where(col(Signal.kind) == SignalKind.SERVICE_DEGRADED.value,
                                                                 col(Signal.cleared_at).is_(None))).all()}
    members = _open_members(session, SignalKind.SERVICE_DEGRADED)
    for service_code, signal in open_by_service.items():
        for member in members.get(db.row_id(signal), []):
            if member.office_id not in reporting.get(service_code, set()):
                _resume(session, member, now)
    for service_code, offices in sorted(reporting.items()):
        found = open_by_service.get(service_code)
        signal = found if found is not None else _open(session, SignalKind.SERVICE_DEGRADED, since=now, now=now,
                                                       result=result, services=service_code)
        known = {m.office_id for m in members.get(db.row_id(signal), [])}
        newly = offices - known
        for office_id in sorted(newly):
            session.add(SignalOffice(signal_id=db.row_id(signal), office_id=office_id, since=now))
        if newly:
            session.flush()
            result.auto_marked += _auto_mark(session, signal, newly, now)
    _clear_finished(session, SignalKind.SERVICE_DEGRADED, now, result)


def _check_rule(session: Session, now: datetime, settings: Settings, result: Evaluation) -> None:
    open_by_check = {s.check_id: s for s in session.exec(select(Signal).where(
        col(Signal.kind) == SignalKind.CHECK_FAILING.value, col(Signal.cleared_at).is_(None))).all()}
    all_checks = {c.id: c for c in session.exec(select(SystemCheck)).all()}
    services = {s.id: s.code for s in session.exec(select(Service)).all()}
    for check_id, signal in open_by_check.items():
        check = all_checks.get(check_id)
        if check is None or not check.is_active or check.consecutive_failures == 0:
            _clear(session, signal, now, result)
    for check in all_checks.values():
        if check.is_active and check.consecutive_failures >= settings.signals.check_failures \
                and check.id not in open_by_check:
            since = checks.first_failure_since(session, db.row_id(check)) or now
            signal = _open(session, SignalKind.CHECK_FAILING, since=since, now=now, result=result,
                           services=services.get(check.service_id, ""), check_id=check.id)
            if signal.services:  # a check that names no service marks nothing by itself
                result.auto_marked += _auto_mark(session, signal, None, now)


def _open(session: Session, kind: SignalKind, *, since: datetime, now: datetime, result: Evaluation,
          services: str = "", check_id: int | None = None) -> Signal:
    signal = Signal(kind=kind.value, services=services, since=since, opened_at=now, check_id=check_id)
    session.add(signal)
    session.flush()
    result.opened.append(db.row_id(signal))
    return signal


# --- automatic marking ---


def auto_advice() -> tuple[str, str]:
    return t("signal_auto_advice", "id"), t("signal_auto_advice", "en")


def _auto_mark(session: Session, signal: Signal, office_ids: set[int] | None, now: datetime) -> int:
    """Mark the opted-in services of the signal `limited`, where they are normal now."""
    opted = set(session.exec(select(ServiceAutoMarking.service_id)).all())
    if signal.services:
        opted &= set(session.exec(select(Service.id).where(col(Service.code).in_(_codes(signal.services)))).all())
    if not opted:
        return 0
    already = select(SignalAutoMark.office_service_id).where(col(SignalAutoMark.reverted_at).is_(None))
    query = (select(OfficeService).join(Office, col(Office.id) == OfficeService.office_id)
             .where(col(OfficeService.service_id).in_(opted), col(Office.is_active) == True,  # noqa: E712
                    col(OfficeService.availability) == Availability.NORMAL.value, col(OfficeService.incident_id).is_(None),
                    col(OfficeService.id).not_in(already)))
    if office_ids is not None:
        query = query.where(col(OfficeService.office_id).in_(office_ids))
    cells = session.exec(query).all()
    if not cells:
        return 0
    for cell in cells:
        session.add(SignalAutoMark(signal_id=db.row_id(signal), office_service_id=db.row_id(cell), marked_at=now,
                                   old_availability=cell.availability, old_advice_ind=cell.advice_ind,
                                   old_advice_en=cell.advice_en))
    advice_ind, advice_en = auto_advice()
    return len(apply_availability(session, CellSelector(cell_ids=tuple(db.row_id(c) for c in cells)),
                                  availability=Availability.LIMITED.value, advice_ind=advice_ind, advice_en=advice_en,
                                  at=now))


def _revert(session: Session, signal_id: int, office_ids: set[int] | None, now: datetime) -> None:
    """Undo the signal's automatic marks (of these offices), where nobody changed the cell since."""
    query = (select(SignalAutoMark, OfficeService).join(OfficeService,
                                                        col(OfficeService.id) == SignalAutoMark.office_service_id)
             .where(col(SignalAutoMark.signal_id) == signal_id, col(SignalAutoMark.reverted_at).is_(None)))
    if office_ids is not None:
        query = query.where(col(OfficeService.office_id).in_(office_ids))
    advice_ind, _ = auto_advice()
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for mark, cell in session.exec(query).all():
        mark.reverted_at = now
        session.add(mark)
        if cell.availability == Availability.LIMITED.value and cell.advice_ind == advice_ind:
            groups[(mark.old_availability, mark.old_advice_ind, mark.old_advice_en)].append(db.row_id(cell))
    for (availability, old_ind, old_en), cell_ids in groups.items():
        apply_availability(session, CellSelector(cell_ids=tuple(cell_ids)), availability=availability,
                           advice_ind=old_ind, advice_en=old_en, at=now)


# --- words ---


def _duration(delta: timedelta, lang: str) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return t("duration_minutes", lang, n=minutes)
    return t("duration_hours", lang, h=minutes // 60, m=minutes % 60)


def describe(session: Session, signal: Signal, lang: str, settings: Settings | None = None) -> str:
    """The signal in one line: what, where, since when (and, once over, for how long)."""
    settings = settings or get_settings()
    lang = language(lang)
    offices = session.exec(select(Office).join(SignalOffice, col(SignalOffice.office_id) == Office.id)
                           .where(SignalOffice.signal_id == signal.id).order_by(Office.name)).all()
    zone = offices[0].timezone if len(offices) == 1 else NATIONAL_TIMEZONE
    when = format_time(signal.since, zone, lang)
    if signal.since.date() != signal.opened_at.date():
        when = format_datetime(signal.since, zone, lang)
    if signal.kind == SignalKind.HEARTBEAT_MISSING.value:
        if len(offices) >= settings.signals.group_min:
            line = t("signal_missing_many", lang, n=len(offices), when=when)
        else:
            line = t("signal_missing_few", lang, offices=", ".join(o.name for o in offices[:MAX_NAMED_OFFICES]),
                     when=when)
    elif signal.kind == SignalKind.SERVICE_DEGRADED.value:
        line = t("signal_degraded", lang, service=_service_names(session, signal.services, lang), n=len(offices),
                 when=when)
    else:
        check = session.get(SystemCheck, signal.check_id) if signal.check_id else None
        line = t("signal_check_failing", lang, name=check.name if check else "?",
                 m=checks.failures_between(session, signal.check_id, signal.since, signal.cleared_at)
                 if signal.check_id else 0, when=when)
    if signal.cleared_at is not None:
        line += ". " + t("signal_cleared", lang, when=format_time(signal.cleared_at, zone, lang),
                         duration=_duration(signal.cleared_at - signal.since, lang))
    return line


def _service_names(session: Session, codes: str, lang: str) -> str:
    services = session.exec(select(Service).where(col(Service.code).in_(_codes(codes)))).all()
    return ", ".join(name_in(s, lang) for s in services) or "-"


def _notify(session: Session, signal: Signal, *, opened: bool, now: datetime, settings: Settings) -> None:
    """One email per on-call address and one webhook event, at most once per signal and direction."""
    column = col(Signal.notified_open_at) if opened else col(Signal.notified_clear_at)
    if session.exec(sa.update(Signal).where(col(Signal.id) == signal.id, column.is_(None))
                    .values({column: now}).execution_options(synchronize_session=False)).rowcount != 1:
        return
    what = (describe(session, signal, "id", settings), describe(session, signal, "en", settings))
    link = f"{settings.public_url}/admin/sinyal"
    subject_key, body_key = (("signal_mail_open_subject", "signal_mail_open_body") if opened
                             else ("signal_mail_clear_subject", "signal_mail_clear_body"))
    # On-call staff read both languages; the signal is described in each.
    in_own_language = {"what": lambda lang: what[lang == "en"], "url": link}
    subject = Phrase(subject_key, in_own_language).both()
    # Indonesian first, then English, under a rule (not "-- ", which mail programs hide as a signature).
    body = "\n\n————\n\n".join(Phrase(body_key, in_own_language).text(lang) for lang in ("id", "en"))
    for email in settings.signals.oncall_emails:
        session.add(OutboxMessage(to_email=email, subject=subject[:300], body=body, created_at=now,
                                  next_attempt_at=now))
    office_codes = session.exec(select(Office.code).join(SignalOffice, col(SignalOffice.office_id) == Office.id)
                                .where(SignalOffice.signal_id == signal.id).order_by(Office.code)).all()
    payload = {
        "signal_id": signal.id, "kind": signal.kind, "summary": {"id": what[0], "en": what[1]},
        "office_codes": list(office_codes), "service_codes": list(_codes(signal.services)),
        "since": signal.since.isoformat(), "cleared_at": signal.cleared_at.isoformat() if signal.cleared_at else None,
    }
    event = events.emit(session, SIGNAL_OPENED if opened else SIGNAL_CLEARED, payload, now)
    # Signals are not public: only the on-call endpoints get them, never every partner, so the
    # event is delivered here and marked as fanned out (the subscribers' fan-out leaves it).
    event.fanned_out_at = now
    session.flush()
    body = webhooks.event_body(event, payload)
    for endpoint_id in session.exec(select(WebhookEndpoint.id).where(
            WebhookEndpoint.is_active == True,  # noqa: E712  (SQL comparison)
            col(WebhookEndpoint.name).in_(settings.signals.oncall_webhooks))).all():
        # A primary key read back is never NULL; SQLModel types the column as the unsaved row's optional id.
        session.add(WebhookDelivery(endpoint_id=endpoint_id,  # type: ignore[arg-type]
                                    event_id=db.row_id(event), body=body, next_attempt_at=now))


# --- the workspace ---


@dataclass(frozen=True)
class SignalInfo:
    id: int
    kind: str
    what_ind: str
    what_en: str
    since: datetime
    opened_at: datetime
    cleared_at: datetime | None
    confirmed_by: str
    office_codes: tuple[str, ...]
    open_office_codes: tuple[str, ...]
    service_codes: tuple[str, ...]
    prefill_path: str


def prefill_path(office_codes: tuple[str, ...], service_codes: tuple[str, ...]) -> str:
    """The bulk availability change (/admin/status) filled in with the signal's offices and service."""
    if not office_codes and not service_codes:
        return ""
    query = {"availability": Availability.LIMITED.value}
    if office_codes:
        query["offices"] = ",".join(office_codes)
    if len(service_codes) == 1:
        query["service"] = service_codes[0]
    return "/admin/status?" + urlencode(query)


def list_signals(session: Session, actor: Account | None, *, now: datetime | None = None,
                 recent: timedelta = timedelta(days=7), limit: int = 50) -> list[SignalInfo]:
    """Open signals, then those cleared recently, newest first (editors)."""
    require(actor, Role.EDITOR)
    now = now or utcnow()
    rows = session.exec(
        select(Signal, Editor.display_name).join(Editor, col(Editor.id) == Signal.confirmed_by_id, isouter=True)
        .where(sa.or_(col(Signal.cleared_at).is_(None), col(Signal.cleared_at) >= now - recent))
        .order_by(col(Signal.cleared_at).is_not(None), col(Signal.opened_at).desc()).limit(limit)
    ).all()
    infos = []
    for signal, confirmer in rows:
        members = session.exec(select(Office.code, SignalOffice.resumed_at)
                               .join(SignalOffice, col(SignalOffice.office_id) == Office.id)
                               .where(SignalOffice.signal_id == signal.id).order_by(Office.code)).all()
        codes = tuple(code for code, _ in members)
        open_codes = tuple(code for code, resumed in members if resumed is None)
        services = _codes(signal.services)
        infos.append(SignalInfo(db.row_id(signal), signal.kind, describe(session, signal, "id"),
                                describe(session, signal, "en"), signal.since, signal.opened_at,
                                signal.cleared_at, confirmer or "", codes, open_codes, services,
                                prefill_path(open_codes or codes, services)))
    return infos


def confirm(session: Session, actor: Account | None, signal_id: object, now: datetime | None = None) -> None:
    """A person has looked at the signal and takes it from here (the public change stays theirs to make)."""
    actor = require(actor, Role.EDITOR)
    signal = session.get(Signal, signal_id) if isinstance(signal_id, int) else None
    if signal is None:
        raise NotFound(Phrase("signal_not_found"))
    if signal.confirmed_at is not None:
        return
    signal.confirmed_at = now or utcnow()
    signal.confirmed_by_id = actor.id
    session.add(signal)
    audit.record(session, actor_id=actor.id, action="signal.confirm", entity_type="signal", entity_id=db.row_id(signal))


def set_auto_marking(session: Session, actor: Account | None, service_code: object, enabled: bool,
                     now: datetime | None = None) -> None:
    actor = require(actor, Role.ADMIN)
    service = session.exec(select(Service).where(Service.code == service_code)).first() \
        if isinstance(service_code, str) else None
    if service is None:
        raise NotFound(Phrase("service_unknown"))
    row = session.get(ServiceAutoMarking, service.id)
    if bool(enabled) == (row is not None):
        return
    if row is None:
        session.add(ServiceAutoMarking(service_id=db.row_id(service), enabled_by_id=actor.id, enabled_at=now or utcnow()))
    else:
        session.delete(row)
    audit.record(session, actor_id=actor.id, action="signal.auto_marking", entity_type="service",
                 entity_id=service.code, before={"enabled": row is not None}, after={"enabled": bool(enabled)})


def auto_marking(session: Session, actor: Account | None) -> list[tuple[str, str, bool]]:
    """Every service (code, name, opted in)."""
    require(actor, Role.EDITOR)
    opted = set(session.exec(select(ServiceAutoMarking.service_id)).all())
    return [(s.code, s.name_ind, s.id in opted)
            for s in session.exec(select(Service).order_by(col(Service.sort_order), col(Service.code))).all()]


def purge_old(session: Session, now: datetime | None = None) -> None:
    """Signals over for 90 days go, with their offices and marks; so do check results of that age."""
    now = now or utcnow()
    old = select(Signal.id).where(col(Signal.cleared_at) < now - SIGNAL_RETENTION)
    session.exec(sa.delete(SignalOffice).where(col(SignalOffice.signal_id).in_(old)))
    session.exec(sa.delete(SignalAutoMark).where(col(SignalAutoMark.signal_id).in_(old)))
    session.exec(sa.delete(Signal).where(col(Signal.id).in_(old)))
    checks.purge_old_results(session, now)

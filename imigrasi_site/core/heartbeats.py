"""Heartbeats from offices: each office's counter system calls in with its own token.

A token is a random string shown once to the admin who made it; only its SHA-256 is kept
(like editor sessions), so a copy of the database cannot send heartbeats. Creating,
rotating and revoking a token are audited. A heartbeat writes one row per office
(`office_heartbeat`, overwritten), never a public status: the rules in core/signals.py
read these rows and tell editors.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit, db
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.i18n import Phrase, t
from imigrasi_site.core.models import (
    HeartbeatToken,
    Office,
    OfficeHeartbeat,
    Role,
    Service,
    Signal,
    SignalKind,
    SignalOffice,
    UTCDateTime,
    utcnow,
)
from imigrasi_site.core.ratelimit import WindowCounter
from imigrasi_site.core.settings import get_settings

MAX_BODY_BYTES = 2048
MAX_NOTE = 280
MAX_TOKEN = 128
REPORT_VALUES = ("ok", "degraded")


@dataclass(frozen=True)
class Report:
    """What a heartbeat says: per service `ok` or `degraded`, and a short note."""

    services: tuple[tuple[str, str], ...] = ()
    note: str = ""

    @property
    def degraded(self) -> str:
        return ",".join(sorted(code for code, value in self.services if value == "degraded"))


def parse_report(body: bytes) -> Report:
    """The report in a heartbeat's body (empty means "alive, nothing to report"); InvalidInput names the field."""
    if not body.strip():
        return Report()
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput(t("hb_body_not_json", "en"), field="body") from None
    if not isinstance(data, dict):
        raise InvalidInput(t("hb_body_not_object", "en"), field="body")
    unknown = sorted(set(data) - {"services", "note"})
    if unknown:
        raise InvalidInput(t("hb_unknown_field", "en", field=unknown[0]), field=unknown[0])
    services = data.get("services", {})
    if not isinstance(services, dict) or len(services) > 50:
        raise InvalidInput(t("hb_services_shape", "en"), field="services")
    pairs = []
    for code, value in services.items():
        if not isinstance(code, str) or not code or len(code) > 48:
            raise InvalidInput(t("hb_services_shape", "en"), field="services")
        if value not in REPORT_VALUES:
            raise InvalidInput(t("hb_service_value", "en", code=code), field=f"services.{code}")
        pairs.append((code, value))
    note = data.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise InvalidInput(t("hb_note", "en", max=MAX_NOTE), field="note")
    # Control and other unprintable characters have no place in a line editors read: dropped, not refused.
    return Report(tuple(sorted(pairs)), "".join(ch for ch in note if ch.isprintable()).strip())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(session: Session, office_code: str, token: object) -> int | None:
    """The office id when `token` is that office's live token; None for anything else.

    One lookup by hash whatever the office code, so an unknown office and a wrong token
    cost the same and answer the same.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    row = session.exec(
        select(HeartbeatToken.office_id, Office.code).join(Office, col(Office.id) == HeartbeatToken.office_id)
        .where(col(HeartbeatToken.token_hash) == token_hash(token), col(HeartbeatToken.revoked_at).is_(None),
               col(Office.is_active) == True)  # noqa: E712  (SQL comparison)
    ).first()
    if row is None or row[1] != office_code:
        return None
    return row[0]


# Known service codes per database, re-read at most once a minute: a heartbeat checks its report
# against them without a query (services change with a release, not by the minute).
SERVICE_CODES_TTL = 60.0
_service_codes: dict[sa.Engine, tuple[float, frozenset[str]]] = {}


def check_services(connection: sa.Connection, report: Report) -> None:
    """Every reported service must be one the site knows."""
    if not report.services:
        return
    key = connection.engine  # engines are made once per URL (core/db.py)
    loaded_at, known = _service_codes.get(key, (0.0, frozenset()))
    if time.monotonic() - loaded_at > SERVICE_CODES_TTL:
        known = frozenset(connection.execute(sa.select(col(Service.code))).scalars().all())
        _service_codes[key] = (time.monotonic(), known)
    for code, _value in report.services:
        if code not in known:
            raise InvalidInput(t("hb_service_unknown", "en", code=code), field=f"services.{code}")


def record(session: Session, office_id: int, report: Report, now: datetime, missing_window: timedelta) -> None:
    """Overwrite the office's last heartbeat. `first_at` starts again after a gap longer than the
    window, so it says when contact came back."""
    values: dict[str, Any] = {"last_at": now, "degraded": report.degraded, "note": report.note}
    updated = session.exec(
        sa.update(OfficeHeartbeat).where(col(OfficeHeartbeat.office_id) == office_id).values(
            first_at=sa.case((col(OfficeHeartbeat.last_at) < now - missing_window, now), else_=OfficeHeartbeat.first_at),
            **values,
        ).execution_options(synchronize_session=False)
    ).rowcount
    if updated == 0:
        session.add(OfficeHeartbeat(office_id=office_id, first_at=now, **values))


# --- tokens (admins) ---


def _office(session: Session, office_code: object) -> Office:
    office = session.exec(select(Office).where(Office.code == office_code)).first() \
        if isinstance(office_code, str) else None
    if office is None:
        raise NotFound(Phrase("hb_office_unknown"))
    return office


def _live_token(session: Session, office_id: int) -> HeartbeatToken | None:
    return session.exec(select(HeartbeatToken).where(HeartbeatToken.office_id == office_id,
                                                     col(HeartbeatToken.revoked_at).is_(None))).first()


def _new_token(session: Session, actor: Account, office: Office, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    session.add(HeartbeatToken(office_id=db.row_id(office), token_hash=token_hash(token), created_at=now,
                               created_by_id=actor.id))
    return token


def create_token(session: Session, actor: Account | None, office_code: object, now: datetime | None = None) -> str:
    """A first token for an office; returned once, to be shown to the admin and handed to the office."""
    actor = require(actor, Role.ADMIN)
    office = _office(session, office_code)
    if _live_token(session, db.row_id(office)) is not None:
        raise InvalidInput(Phrase("hb_token_exists"), field="office_code")
    token = _new_token(session, actor, office, now or utcnow())
    audit.record(session, actor_id=actor.id, action="heartbeat_token.create", entity_type="office",
                 entity_id=office.code)
    return token


def rotate_token(session: Session, actor: Account | None, office_code: object, now: datetime | None = None) -> str:
    """A new token; the old one stops working at once."""
    actor = require(actor, Role.ADMIN)
    office = _office(session, office_code)
    now = now or utcnow()
    old = _live_token(session, db.row_id(office))
    if old is not None:
        old.revoked_at = now
        session.add(old)
        session.flush()
    token = _new_token(session, actor, office, now)
    audit.record(session, actor_id=actor.id, action="heartbeat_token.rotate", entity_type="office",
                 entity_id=office.code, before={"had_token": old is not None})
    return token


def revoke_token(session: Session, actor: Account | None, office_code: object, now: datetime | None = None) -> None:
    actor = require(actor, Role.ADMIN)
    office = _office(session, office_code)
    old = _live_token(session, db.row_id(office))
    if old is None:
        raise NotFound(Phrase("hb_no_token"))
    old.revoked_at = now or utcnow()
    session.add(old)
    audit.record(session, actor_id=actor.id, action="heartbeat_token.revoke", entity_type="office",
                 entity_id=office.code)


@dataclass(frozen=True)
class OfficeContact:
    office_code: str
    office_name: str
    timezone: str
    has_token: bool
    token_created_at: datetime | None
    last_at: datetime | None
    degraded: str
    note: str


def list_contacts(session: Session, actor: Account | None) -> list[OfficeContact]:
    """Every office that has or had a token, with its last heartbeat (editors)."""
    require(actor, Role.EDITOR)
    live = {row.office_id: row for row in session.exec(
        select(HeartbeatToken).where(col(HeartbeatToken.revoked_at).is_(None))).all()}
    ever = set(session.exec(select(HeartbeatToken.office_id)).all())
    beats = {row.office_id: row for row in session.exec(select(OfficeHeartbeat)).all()}
    offices = session.exec(select(Office).where(col(Office.id).in_(ever | set(beats))).order_by(Office.code)).all()
    return [
        OfficeContact(o.code, o.name, o.timezone, o.id in live, live[o.id].created_at if o.id in live else None,
                      beats[o.id].last_at if o.id in beats else None, beats[o.id].degraded if o.id in beats else "",
                      beats[o.id].note if o.id in beats else "")
        for o in offices
    ]


@dataclass(frozen=True)
class ContactGap:
    stopped: datetime  # the last heartbeat before the gap
    resumed: datetime | None
    signal_id: int


def office_history(session: Session, actor: Account | None, office_code: object, limit: int = 50) -> list[ContactGap]:
    """When an office's heartbeats stopped and resumed, newest first (editors)."""
    require(actor, Role.EDITOR)
    office = _office(session, office_code)
    rows = session.exec(
        select(SignalOffice).join(Signal, col(Signal.id) == SignalOffice.signal_id)
        .where(SignalOffice.office_id == office.id, Signal.kind == SignalKind.HEARTBEAT_MISSING.value)
        .order_by(col(SignalOffice.since).desc()).limit(limit)
    ).all()
    return [ContactGap(r.since, r.resumed_at, r.signal_id) for r in rows]


UNAUTHORIZED = "unauthorized"
RATE_LIMITED = "rate_limited"
ACCEPTED = "accepted"


# The usual case in one statement, built once: the office's row is overwritten only where the
# token is that office's live token (UPDATE ... FROM heartbeat_token, office).
_beat = OfficeHeartbeat.__table__  # type: ignore[attr-defined]  # set on every table model; SQLModel's stubs omit it
_UPDATE_IF_AUTHENTIC = (
    sa.update(_beat)
    .where(_beat.c.office_id == HeartbeatToken.office_id, col(HeartbeatToken.office_id) == Office.id,
           col(HeartbeatToken.token_hash) == sa.bindparam("b_hash"), col(HeartbeatToken.revoked_at).is_(None),
           col(Office.is_active) == True, col(Office.code) == sa.bindparam("b_code"))  # noqa: E712  (SQL comparison)
    .values(first_at=sa.case((_beat.c.last_at < sa.bindparam("b_cutoff", type_=UTCDateTime()),
                              sa.bindparam("b_first", type_=UTCDateTime())), else_=_beat.c.first_at),
            last_at=sa.bindparam("b_now", type_=UTCDateTime()), degraded=sa.bindparam("b_degraded"),
            note=sa.bindparam("b_note"))
)


@functools.cache
def _driver_sql(dialect: sa.Dialect) -> str:
    return str(_UPDATE_IF_AUTHENTIC.compile(dialect=dialect))


def _overwrite_if_authentic(connection: sa.Connection, params: dict[str, object]) -> int:
    """Rows written by _UPDATE_IF_AUTHENTIC (0 or 1). On PostgreSQL the statement, compiled once,
    goes straight to the driver: SQLAlchemy's execution around it costs more than the write (see
    bench/RESULTS.md); the driver takes aware datetimes as they are, so no bind processing is lost."""
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        return driver.execute(_driver_sql(connection.dialect), params).rowcount  # type: ignore[union-attr]
    return connection.execute(_UPDATE_IF_AUTHENTIC, params).rowcount


def ingest(session: Session, office_code: str, token: object, report: Report, **options: object) -> str:
    """`ingest_on` within a session's transaction (tests, scripts)."""
    session.flush()  # plain Core below: what the session holds must be in the transaction first
    return ingest_on(session.connection(), office_code, token, report, **options)  # type: ignore[arg-type]


def ingest_on(connection: sa.Connection, office_code: str, token: object, report: Report, *,
              now: datetime | None = None, limiter: WindowCounter | None = None,
              missing_window: timedelta | None = None) -> str:
    """Check the report, the token and the office's rate; write the heartbeat, in the connection's
    transaction. Plain Core on one connection: this runs for every heartbeat.

    Returns UNAUTHORIZED, RATE_LIMITED or ACCEPTED; an unknown service raises InvalidInput.
    The office's rate counts only heartbeats with a valid token, so nobody can silence an
    office by sending in its name.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return UNAUTHORIZED
    check_services(connection, report)
    now = now or utcnow()
    missing_window = missing_window or get_settings().heartbeats.missing_window
    if limiter is None or not limiter.over(office_code):
        updated = _overwrite_if_authentic(connection, {
            "b_hash": token_hash(token), "b_code": office_code, "b_cutoff": now - missing_window, "b_first": now,
            "b_now": now, "b_degraded": report.degraded, "b_note": report.note})
        if updated == 1:
            if limiter is not None:
                limiter.allow(office_code)
            return ACCEPTED
    with Session(bind=connection) as session:
        office_id = authenticate(session, office_code, token)
        if office_id is None:
            return UNAUTHORIZED
        if limiter is not None and not limiter.allow(office_code):
            return RATE_LIMITED
        record(session, office_id, report, now, missing_window)  # the office's first heartbeat
        session.flush()
    return ACCEPTED

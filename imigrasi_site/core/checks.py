"""System checks: the site calls the central systems an admin registered, on their interval.

Only the URL an admin entered is requested; a redirect is followed only within the same
scheme, host and port, so a check can never be turned into a request to another machine.
Each due check is claimed by a conditional UPDATE that moves its next run into the future,
so with several workers it runs once. The request happens outside any transaction.
Results are kept 90 days (status, latency) and counted: M failures in a row make a signal
(core/signals.py).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import httpx
import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit, db
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.i18n import Phrase
from imigrasi_site.core.models import CheckResult, Role, Service, SystemCheck, utcnow

RESULT_RETENTION = timedelta(days=90)
METHODS = ("GET", "HEAD")
MAX_URL = 500
MAX_NAME = 120
MAX_TEXT = 200
MAX_REDIRECTS = 3
# How much of a body is searched for the expected text.
MAX_BODY_READ = 256 * 1024
BATCH = 10
USER_AGENT = "StatusLayananImigrasi-Check/1"


def _int_in(value: object, low: int, high: int, field: str) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]  # any value: what int() refuses is caught below
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise InvalidInput(Phrase("check_number_range", {"low": low, "high": high}), field=field)
    return number


def clean_url(value: object) -> str:
    url = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(url) if len(url) <= MAX_URL else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
            or parts.fragment or any(c.isspace() for c in url):
        raise InvalidInput(Phrase("check_url_invalid"), field="url")
    return url


def add_check(session: Session, actor: Account | None, *, name: object, url: object, method: object = "GET",
              expected_status: object = 200, expected_text: object = "", interval_seconds: object = 60,
              timeout_seconds: object = 10, service_code: object = "", now: datetime | None = None) -> int:
    actor = require(actor, Role.ADMIN)
    clean_name = name.strip() if isinstance(name, str) else ""
    if not clean_name or len(clean_name) > MAX_NAME or not clean_name.isprintable():
        raise InvalidInput(Phrase("check_name_required", {"max": MAX_NAME}), field="name")
    if not isinstance(method, str) or method not in METHODS:
        raise InvalidInput(Phrase("check_method"), field="method")
    text = expected_text.strip() if isinstance(expected_text, str) else ""
    if len(text) > MAX_TEXT or (text and method == "HEAD"):
        raise InvalidInput(Phrase("check_text", {"max": MAX_TEXT}), field="expected_text")
    service_id = None
    if service_code:
        service_id = session.exec(select(Service.id).where(Service.code == service_code)).first() \
            if isinstance(service_code, str) else None
        if service_id is None:
            raise InvalidInput(Phrase("service_unknown"), field="service_code")
    now = now or utcnow()
    check = SystemCheck(
        name=clean_name, url=clean_url(url), method=method, expected_status=_int_in(expected_status, 100, 599,
                                                                                       "expected_status"),
        expected_text=text, interval_seconds=_int_in(interval_seconds, 30, 3600, "interval_seconds"),
        timeout_seconds=_int_in(timeout_seconds, 1, 30, "timeout_seconds"), service_id=service_id,
        next_run_at=now, created_by_id=actor.id, created_at=now,
    )
    session.add(check)
    session.flush()
    audit.record(session, actor_id=actor.id, action="check.add", entity_type="system_check", entity_id=db.row_id(check),
                 after={"name": check.name, "host": urlsplit(check.url).hostname, "method": check.method})
    return db.row_id(check)


def deactivate_check(session: Session, actor: Account | None, check_id: object) -> None:
    actor = require(actor, Role.ADMIN)
    check = session.get(SystemCheck, check_id) if isinstance(check_id, int) else None
    if check is None:
        raise NotFound(Phrase("check_not_found"))
    if check.is_active:
        check.is_active = False
        session.add(check)
        audit.record(session, actor_id=actor.id, action="check.deactivate", entity_type="system_check",
                     entity_id=db.row_id(check), before={"is_active": True}, after={"is_active": False})


@dataclass(frozen=True)
class CheckInfo:
    id: int
    name: str
    url: str
    method: str
    expected_status: int
    expected_text: str
    interval_seconds: int
    timeout_seconds: int
    service_code: str
    is_active: bool
    consecutive_failures: int
    last_at: datetime | None
    last_ok: bool | None
    last_latency_ms: int | None
    last_error: str


def list_checks(session: Session, actor: Account | None) -> list[CheckInfo]:
    require(actor, Role.EDITOR)
    services = {s.id: s.code for s in session.exec(select(Service)).all()}
    infos = []
    for check in session.exec(select(SystemCheck).order_by(SystemCheck.name)).all():
        last = session.exec(select(CheckResult).where(CheckResult.check_id == check.id)
                            .order_by(col(CheckResult.at).desc()).limit(1)).first()
        infos.append(CheckInfo(
            db.row_id(check), check.name, check.url, check.method, check.expected_status, check.expected_text,
            check.interval_seconds, check.timeout_seconds, services.get(check.service_id, ""), check.is_active,
            check.consecutive_failures, last.at if last else None, last.ok if last else None,
            last.latency_ms if last else None, last.error if last else ""))
    return infos


@dataclass(frozen=True)
class _Due:
    id: int
    url: str
    method: str
    expected_status: int
    expected_text: str
    timeout_seconds: int


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str


def _claim_due(session: Session, now: datetime, limit: int) -> list[_Due]:
    rows = session.exec(select(SystemCheck).where(col(SystemCheck.is_active) == True,  # noqa: E712
                                                  col(SystemCheck.next_run_at) <= now)
                        .order_by(col(SystemCheck.next_run_at)).limit(limit)).all()
    claimed = []
    for check in rows:
        moved = session.exec(sa.update(SystemCheck).where(col(SystemCheck.id) == check.id,
                                                          col(SystemCheck.next_run_at) == check.next_run_at)
                             .values(next_run_at=now + timedelta(seconds=check.interval_seconds)))
        if moved.rowcount == 1:
            claimed.append(_Due(db.row_id(check), check.url, check.method, check.expected_status, check.expected_text,
                                check.timeout_seconds))
    return claimed


def _same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)


def probe(client: httpx.Client, due: _Due) -> Outcome:
    """One check: the request, same-origin redirects only, then status and (for GET) body text."""
    started = time.perf_counter()
    deadline = started + due.timeout_seconds  # for the whole check, redirects included
    url = due.url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            left = max(0.1, deadline - time.perf_counter())
            with client.stream(due.method, url, timeout=httpx.Timeout(left),
                               headers={"User-Agent": USER_AGENT}) as response:
                if response.is_redirect and due.expected_status != response.status_code:
                    target = urljoin(url, response.headers.get("location", ""))
                    if not _same_origin(due.url, target):
                        return Outcome(False, response.status_code, _ms(started),
                                       "redirect to another host refused")
                    url = target
                    continue
                body = b""
                if due.expected_text:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_BODY_READ:
                            break
                latency = _ms(started)
                if response.status_code != due.expected_status:
                    return Outcome(False, response.status_code, latency,
                                   f"HTTP {response.status_code}, expected {due.expected_status}")
                if due.expected_text and due.expected_text not in body.decode("utf-8", "replace"):
                    return Outcome(False, response.status_code, latency, "expected text not found")
                return Outcome(True, response.status_code, latency, "")
        return Outcome(False, None, _ms(started), "too many redirects")
    except httpx.HTTPError as error:
        return Outcome(False, None, _ms(started), f"{type(error).__name__}: {error}"[:300])


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def run_due(*, now: datetime | None = None, url: str | None = None, client: httpx.Client | None = None) -> int:
    """Run every due check once (claimed, so once across workers); returns how many ran."""
    now = now or utcnow()
    with db.session_scope(url) as session:
        due = _claim_due(session, now, BATCH)
    if not due:
        return 0
    own_client = client is None
    client = client or httpx.Client(follow_redirects=False)
    try:
        # All at once: the batch ends within the longest timeout (30 s), inside the shortest interval,
        # so no other worker claims a check again while it is still being probed.
        with ThreadPoolExecutor(max_workers=len(due)) as pool:
            outcomes = list(zip(due, pool.map(lambda item: probe(client, item), due), strict=False))
    finally:
        if own_client:
            client.close()
    with db.session_scope(url) as session:
        for item, outcome in outcomes:
            session.add(CheckResult(check_id=item.id, at=now, ok=outcome.ok, status_code=outcome.status_code,
                                    latency_ms=outcome.latency_ms, error=outcome.error[:300]))
            session.exec(sa.update(SystemCheck).where(col(SystemCheck.id) == item.id).values(
                consecutive_failures=0 if outcome.ok else SystemCheck.consecutive_failures + 1))
    return len(outcomes)


def first_failure_since(session: Session, check_id: int) -> datetime | None:
    """When the current run of failures began: the first failed result after the last success."""
    last_ok = session.exec(select(sa.func.max(CheckResult.at)).where(CheckResult.check_id == check_id,
                                                                     CheckResult.ok == True)).one()  # noqa: E712
    query = select(sa.func.min(CheckResult.at)).where(CheckResult.check_id == check_id,
                                                      CheckResult.ok == False)  # noqa: E712
    if last_ok is not None:
        query = query.where(CheckResult.at > last_ok)
    return session.exec(query).one()


def failures_between(session: Session, check_id: int, since: datetime, until: datetime | None) -> int:
    """Failed results of a check from `since` (to `until`, if over): a signal's run of failures."""
    query = select(sa.func.count()).select_from(CheckResult).where(
        CheckResult.check_id == check_id, CheckResult.ok == False, CheckResult.at >= since)  # noqa: E712
    if until is not None:
        query = query.where(CheckResult.at <= until)
    return session.exec(query).one()


def purge_old_results(session: Session, now: datetime | None = None) -> None:
    session.exec(sa.delete(CheckResult).where(col(CheckResult.at) < (now or utcnow()) - RESULT_RETENTION))

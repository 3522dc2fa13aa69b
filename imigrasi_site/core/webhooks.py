"""Webhooks for partners: an admin registers an endpoint; each event is POSTed to it as JSON.

Every body is signed with HMAC-SHA256 under the endpoint's own secret ("sha256=<hex>" in
X-Imigrasi-Signature), which is generated here and shown once, at registration. Failed
deliveries are retried with exponential backoff and given up after MAX_ATTEMPTS; every
attempt's outcome stays in the delivery log. docs/webhooks.md is the partners' side.

Sending is safe with several workers: a due delivery is claimed by a conditional UPDATE
that moves its next attempt into the future, and only the worker whose UPDATE changed the
row sends it. The POST itself happens outside any database transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
import sqlalchemy as sa
from sqlmodel import Session, select

from imigrasi_site.core import audit, db
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.models import NotificationEvent, Role, WebhookDelivery, WebhookEndpoint, utcnow

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)
# A claimed batch is left alone by other workers this long. The batch is sent one POST after
# another, so it must finish inside the lease even when every POST runs into its timeouts:
# 5 x (5 s connect + 10 s read) = 75 s < 120 s.
LEASE = timedelta(minutes=2)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
BATCH = 5
MAX_NAME = 120
MAX_URL = 500
USER_AGENT = "StatusLayananImigrasi-Webhook/1"
DEACTIVATED = "Titik akhir dinonaktifkan. / Endpoint deactivated."


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, ... at most an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY_DELAY)


def _clean_name(value: object) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInput(f"Nama mitra wajib diisi (maks. {MAX_NAME}). / A partner name is required "
                           f"(max {MAX_NAME}).", field="name")
    return name


def _clean_url(value: object) -> str:
    url = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(url) if len(url) <= MAX_URL else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
            or parts.fragment or any(c.isspace() for c in url):
        raise InvalidInput(
            "Alamat webhook harus URL http(s) lengkap tanpa nama pengguna, mis. https://mitra.example/imigrasi. / "
            "The webhook address must be a full http(s) URL without credentials, e.g. "
            "https://partner.example/imigrasi.",
            field="url",
        )
    return url


def register_endpoint(session: Session, actor: Account | None, *, name: object, url: object,
                      now: datetime | None = None) -> tuple[int, str]:
    """A new endpoint; returns its id and its secret, which is shown to the admin this once."""
    require(actor, Role.ADMIN)
    endpoint = WebhookEndpoint(name=_clean_name(name), url=_clean_url(url), secret=secrets.token_urlsafe(32),
                               created_by_id=actor.id, created_at=now or utcnow())
    session.add(endpoint)
    session.flush()
    audit.record(session, actor_id=actor.id, action="webhook.register", entity_type="webhook_endpoint",
                 # Only the host: a partner's URL may carry an access token, and editors read the audit log.
                 entity_id=endpoint.id, after={"name": endpoint.name, "host": urlsplit(endpoint.url).hostname})
    return endpoint.id, endpoint.secret


def deactivate_endpoint(session: Session, actor: Account | None, endpoint_id: object) -> None:
    """Stop sending to an endpoint; what was still waiting for it is given up."""
    require(actor, Role.ADMIN)
    endpoint = session.get(WebhookEndpoint, endpoint_id) if isinstance(endpoint_id, int) else None
    if endpoint is None:
        raise NotFound("Webhook tidak ditemukan. / Webhook not found.")
    if not endpoint.is_active:
        return
    endpoint.is_active = False
    session.add(endpoint)
    session.exec(sa.update(WebhookDelivery)
                 .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.delivered_at.is_(None),
                        WebhookDelivery.gave_up == False)  # noqa: E712  (SQL comparison)
                 .values(gave_up=True, last_error=DEACTIVATED))
    audit.record(session, actor_id=actor.id, action="webhook.deactivate", entity_type="webhook_endpoint",
                 entity_id=endpoint.id, before={"is_active": True}, after={"is_active": False})


@dataclass(frozen=True)
class EndpointInfo:
    id: int
    name: str
    url: str
    is_active: bool
    created_at: datetime


@dataclass(frozen=True)
class DeliveryInfo:
    id: int
    endpoint_name: str
    event_id: int
    event_kind: str
    attempts: int
    last_status: int | None
    last_error: str
    next_attempt_at: datetime
    delivered_at: datetime | None
    gave_up: bool


def list_endpoints(session: Session, actor: Account | None) -> list[EndpointInfo]:
    """The registered endpoints, never their secrets."""
    require(actor, Role.EDITOR)
    return [EndpointInfo(e.id, e.name, e.url, e.is_active, e.created_at)
            for e in session.exec(select(WebhookEndpoint).order_by(WebhookEndpoint.name)).all()]


def list_deliveries(session: Session, actor: Account | None, limit: int = 100) -> list[DeliveryInfo]:
    """The delivery log, newest first."""
    require(actor, Role.EDITOR)
    rows = session.exec(
        select(WebhookDelivery, WebhookEndpoint.name, NotificationEvent.kind)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(NotificationEvent, NotificationEvent.id == WebhookDelivery.event_id)
        .order_by(WebhookDelivery.id.desc()).limit(limit)
    ).all()
    return [DeliveryInfo(d.id, name, d.event_id, kind, d.attempts, d.last_status, d.last_error, d.next_attempt_at,
                         d.delivered_at, d.gave_up) for d, name, kind in rows]


def event_body(event: NotificationEvent, payload: dict) -> str:
    """The JSON every endpoint receives for an event; `id` is the same in every retry."""
    return json.dumps({"id": event.id, "type": event.kind, "created_at": event.created_at.isoformat(),
                       "data": payload}, ensure_ascii=False, separators=(",", ":"))


def queue_deliveries(session: Session, event: NotificationEvent, payload: dict, now: datetime) -> int:
    """One delivery per active endpoint registered before the event (a new partner gets no backlog)."""
    endpoints = session.exec(select(WebhookEndpoint.id).where(
        WebhookEndpoint.is_active == True, WebhookEndpoint.created_at <= event.created_at)).all()  # noqa: E712
    body = event_body(event, payload)
    for endpoint_id in endpoints:
        session.add(WebhookDelivery(endpoint_id=endpoint_id, event_id=event.id, body=body, next_attempt_at=now))
    return len(endpoints)


@dataclass(frozen=True)
class _Attempt:
    delivery_id: int
    number: int
    kind: str
    body: str
    url: str
    secret: str


def _claim_due(session: Session, now: datetime, limit: int) -> list[_Attempt]:
    due = session.exec(
        select(WebhookDelivery, WebhookEndpoint, NotificationEvent.kind)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(NotificationEvent, NotificationEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.delivered_at.is_(None), WebhookDelivery.gave_up == False,  # noqa: E712
               WebhookDelivery.next_attempt_at <= now, WebhookEndpoint.is_active == True)  # noqa: E712
        .order_by(WebhookDelivery.next_attempt_at).limit(limit)
    ).all()
    claimed = []
    for delivery, endpoint, kind in due:
        moved = session.exec(sa.update(WebhookDelivery)
                             .where(WebhookDelivery.id == delivery.id, WebhookDelivery.delivered_at.is_(None),
                                    WebhookDelivery.next_attempt_at <= now)
                             .values(next_attempt_at=now + LEASE))
        if moved.rowcount == 1:
            claimed.append(_Attempt(delivery.id, delivery.attempts + 1, kind, delivery.body, endpoint.url,
                                    endpoint.secret))
    return claimed


def _post(client: httpx.Client, attempt: _Attempt, now: datetime) -> tuple[int | None, str]:
    body = attempt.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Imigrasi-Event": attempt.kind,
        "X-Imigrasi-Delivery": str(attempt.delivery_id),
        "X-Imigrasi-Attempt": str(attempt.number),
        "X-Imigrasi-Timestamp": str(int(now.timestamp())),
        "X-Imigrasi-Signature": sign(body, attempt.secret),
    }
    try:
        response = client.post(attempt.url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"[:500]
    return response.status_code, "" if response.is_success else f"HTTP {response.status_code}"


def deliver_due(*, now: datetime | None = None, url: str | None = None, client: httpx.Client | None = None) -> int:
    """POST every due delivery once; returns how many the endpoints accepted (a 2xx answer)."""
    now = now or utcnow()
    with db.session_scope(url) as session:
        attempts = _claim_due(session, now, BATCH)
    if not attempts:
        return 0
    own_client = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        outcomes = [(attempt, *_post(client, attempt, now)) for attempt in attempts]
    finally:
        if own_client:
            client.close()
    delivered = 0
    with db.session_scope(url) as session:
        for attempt, status, error in outcomes:
            delivery = session.get(WebhookDelivery, attempt.delivery_id)
            delivery.attempts = attempt.number
            delivery.last_status = status
            delivery.last_error = error
            if not error:
                delivery.delivered_at = now
                delivered += 1
            elif attempt.number >= MAX_ATTEMPTS:
                delivery.gave_up = True
            else:
                delivery.next_attempt_at = now + backoff(attempt.number)
            session.add(delivery)
    return delivered

"""Webhooks for partners: an admin registers an endpoint; each event is POSTed to it as JSON.

Signed as Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
`webhook-signature` = "v1,<base64 HMAC-SHA256 of id.timestamp.body>", under the endpoint's
own "whsec_<base64>" secret, which is generated here and shown once. The timestamp is
signed, so a recorded delivery replayed later is refused by a receiver that checks it (the
scheme's five minutes). An admin can rotate the secret: the old one keeps signing beside
the new one (two signatures, space-separated) for ROTATION_GRACE, so the partner can switch
without losing a delivery.

Failed deliveries are retried with exponential backoff and given up after MAX_ATTEMPTS;
every attempt's outcome stays in the delivery log, which never shows a secret or a URL's
query string. Endpoints on loopback, link-local or private addresses are refused (checked
on the resolved address at every delivery, and the connection goes to that checked
address; redirects are never followed) unless IMIGRASI_WEBHOOK_ALLOWED_HOSTS names them.
docs/webhooks.md is the partners' side.

Sending is safe with several workers: a due delivery is claimed by a conditional UPDATE
that moves its next attempt into the future, and only the worker whose UPDATE changed the
row sends it. The POST itself happens outside any database transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import socket
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit, db, retries
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.i18n import Phrase, both
from imigrasi_site.core.models import NotificationEvent, Role, WebhookDelivery, WebhookEndpoint, utcnow
from imigrasi_site.core.settings import get_settings

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)
# A claimed batch is left alone by other workers this long. Endpoints are posted to at the same
# time, each one's deliveries in order, so the batch must finish inside the lease even when
# every POST of one endpoint runs into its timeouts: 5 x (5 s connect + 10 s read) = 75 s < 120 s.
LEASE = timedelta(minutes=2)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
BATCH = 5  # per endpoint and round
ENDPOINTS_PER_ROUND = 10
MAX_NAME = 120
MAX_URL = 500
USER_AGENT = "StatusLayananImigrasi-Webhook/1"
# Stored as the delivery's last error, which the workspace shows in both languages.
DEACTIVATED = both("webhook_deactivated")
SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # the scheme asks for 24 to 64
ROTATION_GRACE = timedelta(hours=24)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(message_id: str, timestamp: int, body: bytes, secret: str) -> str:
    """One Standard Webhooks signature, "v1,<base64>", of `id.timestamp.body` under a whsec_ secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(message_id: str, timestamp: int, body: bytes, signing_secrets: Sequence[str]) -> str:
    """The webhook-signature header: one signature per valid secret, space-separated (rotation)."""
    return " ".join(sign(message_id, timestamp, body, secret) for secret in signing_secrets)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, ... at most an hour."""
    return retries.backoff(attempts, FIRST_RETRY, MAX_RETRY_DELAY)


def _clean_name(value: object) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInput(Phrase("webhook_name_required", {"max": MAX_NAME}), field="name")
    return name


class AddressRefused(Exception):
    """The endpoint's host is, or resolves to, an address partners may not use (see allowed_address)."""


def _allow_list() -> tuple[frozenset[str], tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]]:
    """IMIGRASI_WEBHOOK_ALLOWED_HOSTS: host names, addresses and networks (CIDR) of intranet partners."""
    names, networks = set(), []
    for item in get_settings().webhook_allowed_hosts:
        try:
            networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
        except ValueError:
            names.add(item.lower().rstrip("."))
    return frozenset(names), tuple(networks)


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    # is_global is false for loopback, link-local, private, shared (CGNAT), reserved and documentation ranges.
    return address.is_global and not address.is_multicast


def allowed_address(host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a POST to `host`, resolved to `address`, may go out: public, or on the allow-list."""
    names, networks = _allow_list()
    return _public(address) or host.lower().rstrip(".") in names or any(address in net for net in networks)


def _literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if host.lower().rstrip(".") in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return ipaddress.ip_address("127.0.0.1")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def resolve(host: str, port: int) -> str:
    """The address to connect to for `host`, checked; AddressRefused when any address it has is refused.

    Every address the name resolves to is checked (not only the first), so a name that mixes
    a public and a private address cannot be used to reach the private one.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(both("webhook_unresolved", host=host)) from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses or not all(allowed_address(host, address) for address in addresses):
        raise AddressRefused(both("webhook_refused_address", host=host))
    return str(addresses[0])


def _clean_url(value: object) -> str:
    url = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(url) if len(url) <= MAX_URL else None
    try:
        port_ok = parts is not None and (parts.port is None or parts.port > 0)
    except ValueError:
        port_ok = False
    if parts is None or not port_ok or parts.scheme not in ("http", "https") or not parts.hostname \
            or parts.username or parts.fragment or any(c.isspace() for c in url):
        raise InvalidInput(
            Phrase("webhook_url_invalid"),
            field="url",
        )
    # Names are resolved at every delivery (DNS can change); an address written out is refused now.
    literal = _literal_address(parts.hostname)
    if literal is not None and not allowed_address(parts.hostname, literal):
        raise InvalidInput(Phrase("webhook_private_address", {"host": parts.hostname}), field="url")
    return url


def redact_url(url: str) -> str:
    """The URL without its query string (a partner's URL may carry an access token there)."""
    parts = urlsplit(url)
    return parts._replace(query="", fragment="").geturl()


_URL = re.compile(r"https?://[^\s'\"<>]+")


def _scrub(message: str, hidden: Sequence[str]) -> str:
    """A log message with every URL's query string and every secret taken out."""
    message = _URL.sub(lambda m: redact_url(m.group(0)), message)
    for value in hidden:
        if value:
            message = message.replace(value, "[secret]")
    return message


def register_endpoint(session: Session, actor: Account | None, *, name: object, url: object,
                      now: datetime | None = None) -> tuple[int, str]:
    """A new endpoint; returns its id and its secret, which is shown to the admin this once."""
    actor = require(actor, Role.ADMIN)
    endpoint = WebhookEndpoint(name=_clean_name(name), url=_clean_url(url), secret=new_secret(),
                               created_by_id=actor.id, created_at=now or utcnow())
    session.add(endpoint)
    session.flush()
    audit.record(session, actor_id=actor.id, action="webhook.register", entity_type="webhook_endpoint",
                 # Only the host: a partner's URL may carry an access token, and editors read the audit log.
                 entity_id=db.row_id(endpoint), after={"name": endpoint.name, "host": urlsplit(endpoint.url).hostname})
    return db.row_id(endpoint), endpoint.secret


def _endpoint(session: Session, endpoint_id: object) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id) if isinstance(endpoint_id, int) else None
    if endpoint is None:
        raise NotFound(Phrase("webhook_not_found"))
    return endpoint


def rotate_secret(session: Session, actor: Account | None, endpoint_id: object, *, now: datetime | None = None,
                  grace: timedelta = ROTATION_GRACE) -> tuple[str, datetime]:
    """A new secret for an endpoint, shown this once; the current one stays valid until the returned time.

    A second rotation within the grace period drops the oldest secret: only two sign at once.
    """
    actor = require(actor, Role.ADMIN)
    now = now or utcnow()
    endpoint = _endpoint(session, endpoint_id)
    if not endpoint.is_active:
        raise InvalidInput(Phrase("webhook_inactive"))
    endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + grace
    endpoint.secret = new_secret()
    session.add(endpoint)
    audit.record(session, actor_id=actor.id, action="webhook.rotate_secret", entity_type="webhook_endpoint",
                 entity_id=db.row_id(endpoint), after={"previous_valid_until": endpoint.previous_secret_until.isoformat()})
    return endpoint.secret, endpoint.previous_secret_until


def deactivate_endpoint(session: Session, actor: Account | None, endpoint_id: object) -> None:
    """Stop sending to an endpoint; what was still waiting for it is given up."""
    actor = require(actor, Role.ADMIN)
    endpoint = _endpoint(session, endpoint_id)
    if not endpoint.is_active:
        return
    endpoint.is_active = False
    session.add(endpoint)
    session.exec(sa.update(WebhookDelivery)
                 .where(col(WebhookDelivery.endpoint_id) == endpoint.id, col(WebhookDelivery.delivered_at).is_(None),
                        col(WebhookDelivery.gave_up) == False)  # noqa: E712  (SQL comparison)
                 .values(gave_up=True, last_error=DEACTIVATED))
    audit.record(session, actor_id=actor.id, action="webhook.deactivate", entity_type="webhook_endpoint",
                 entity_id=db.row_id(endpoint), before={"is_active": True}, after={"is_active": False})


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
    return [EndpointInfo(db.row_id(e), e.name, e.url, e.is_active, e.created_at)
            for e in session.exec(select(WebhookEndpoint).order_by(WebhookEndpoint.name)).all()]


def list_deliveries(session: Session, actor: Account | None, limit: int = 100) -> list[DeliveryInfo]:
    """The delivery log, newest first."""
    require(actor, Role.EDITOR)
    rows = session.exec(
        select(WebhookDelivery, WebhookEndpoint.name, NotificationEvent.kind)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == WebhookDelivery.endpoint_id)
        .join(NotificationEvent, col(NotificationEvent.id) == WebhookDelivery.event_id)
        .order_by(col(WebhookDelivery.id).desc()).limit(limit)
    ).all()
    return [DeliveryInfo(db.row_id(d), name, d.event_id, kind, d.attempts, d.last_status, _scrub(d.last_error, ()),
                         d.next_attempt_at, d.delivered_at, d.gave_up) for d, name, kind in rows]


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
        # A primary key read back is never NULL; SQLModel types the column as the unsaved row's optional id.
        session.add(WebhookDelivery(endpoint_id=endpoint_id,  # type: ignore[arg-type]
                                    event_id=db.row_id(event), body=body, next_attempt_at=now))
    return len(endpoints)


@dataclass(frozen=True)
class _Attempt:
    delivery_id: int
    endpoint_id: int
    number: int
    kind: str
    body: str
    url: str
    signing_secrets: tuple[str, ...]


def _signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> tuple[str, ...]:
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        return endpoint.secret, endpoint.previous_secret
    return (endpoint.secret,)


def _claim_due(session: Session, now: datetime, limit: int) -> list[_Attempt]:
    """At most `limit` due deliveries per endpoint and ENDPOINTS_PER_ROUND endpoints: one partner's
    backlog never takes the places of the others."""
    order = (col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
    ranked = (
        select(WebhookDelivery.id, sa.func.row_number().over(partition_by=col(WebhookDelivery.endpoint_id),
                                                             order_by=order).label("rank"))
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == WebhookDelivery.endpoint_id)
        .where(col(WebhookDelivery.delivered_at).is_(None), col(WebhookDelivery.gave_up) == False,  # noqa: E712
               col(WebhookDelivery.next_attempt_at) <= now, col(WebhookEndpoint.is_active) == True)  # noqa: E712
        .subquery()
    )
    due = session.exec(
        select(WebhookDelivery, WebhookEndpoint, NotificationEvent.kind)
        .join(ranked, ranked.c.id == WebhookDelivery.id)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == WebhookDelivery.endpoint_id)
        .join(NotificationEvent, col(NotificationEvent.id) == WebhookDelivery.event_id)
        .where(ranked.c.rank <= limit)
        .order_by(*order).limit(limit * ENDPOINTS_PER_ROUND)
    ).all()
    claimed = []
    for delivery, endpoint, kind in due:
        if retries.claim(session, WebhookDelivery, db.row_id(delivery), now=now, lease=LEASE,
                         pending=col(WebhookDelivery.delivered_at).is_(None)):
            claimed.append(_Attempt(db.row_id(delivery), db.row_id(endpoint), delivery.attempts + 1, kind, delivery.body,
                                    endpoint.url, _signing_secrets(endpoint, now)))
    return claimed


def message_id(delivery_id: int) -> str:
    """The webhook-id: the same in every retry of a delivery, so a receiver can drop repeats."""
    return f"msg_{delivery_id}"


def _post(client: httpx.Client, attempt: _Attempt) -> tuple[int | None, str]:
    body = attempt.body.encode()
    # The wall clock, not the scheduler's `now`: the receiver compares it with its own clock.
    timestamp = int(time.time())
    parts = urlsplit(attempt.url)
    host = parts.hostname or ""
    try:
        address = resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except AddressRefused as refused:
        return None, str(refused)
    headers = {
        # The name as written in the URL; the connection itself goes to the address just checked,
        # so a second DNS answer cannot send it elsewhere. TLS still verifies the certificate for the name.
        "Host": parts.netloc.rpartition("@")[2],
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id(attempt.delivery_id),
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(message_id(attempt.delivery_id), timestamp, body,
                                              attempt.signing_secrets),
        "X-Imigrasi-Event": attempt.kind,
        "X-Imigrasi-Attempt": str(attempt.number),
    }
    target = httpx.URL(attempt.url).copy_with(host=address)
    try:
        response = client.post(target, content=body, headers=headers, follow_redirects=False,
                               extensions={"sni_hostname": host})
    except httpx.HTTPError as error:
        return None, _scrub(f"{type(error).__name__}: {error}", (attempt.url, *attempt.signing_secrets))[:500]
    return response.status_code, "" if response.is_success else f"HTTP {response.status_code}"


NOT_TRIED = "not tried: an earlier delivery to this endpoint just failed"


def _post_in_order(client: httpx.Client, queue: list[_Attempt]) -> list[tuple[_Attempt, int | None, str]]:
    """POST one endpoint's deliveries one after another; after a failure the rest wait for the retry."""
    outcomes: list[tuple[_Attempt, int | None, str]] = []
    failed = False
    for attempt in queue:
        if failed:
            outcomes.append((attempt, None, NOT_TRIED))
            continue
        status, error = _post(client, attempt)
        outcomes.append((attempt, status, error))
        failed = bool(error)
    return outcomes


def deliver_due(*, now: datetime | None = None, url: str | None = None, client: httpx.Client | None = None) -> int:
    """POST every due delivery once; returns how many the endpoints accepted (a 2xx answer)."""
    now = now or utcnow()
    with db.session_scope(url) as session:
        attempts = _claim_due(session, now, BATCH)
    if not attempts:
        return 0
    own_client = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    by_endpoint: dict[int, list[_Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_endpoint[attempt.endpoint_id].append(attempt)
    try:
        # One thread per endpoint: a receiver that hangs holds up only its own deliveries, for one
        # timeout, never another partner's. In order within an endpoint, as the events happened.
        with ThreadPoolExecutor(max_workers=len(by_endpoint)) as pool:
            runs = list(pool.map(lambda queue: _post_in_order(client, queue), by_endpoint.values()))
    finally:
        if own_client:
            client.close()
    outcomes = [outcome for run in runs for outcome in run]
    delivered = 0
    retry_at: dict[int, datetime] = {}  # per endpoint, when its failed delivery is tried again
    with db.session_scope(url) as session:
        for attempt, status, error in outcomes:
            delivery = session.get_one(WebhookDelivery, attempt.delivery_id)
            if error == NOT_TRIED:
                # Not sent, because the endpoint just failed: due again with the failed one, no attempt used.
                delivery.next_attempt_at = retry_at.get(attempt.endpoint_id, now + FIRST_RETRY)
                session.add(delivery)
                continue
            delivery.attempts = attempt.number
            delivery.last_status = status
            delivery.last_error = error
            if not error:
                delivery.delivered_at = now
                delivered += 1
            elif attempt.number >= MAX_ATTEMPTS:
                delivery.gave_up = True
            else:
                delivery.next_attempt_at = retry_at[attempt.endpoint_id] = now + backoff(attempt.number)
            session.add(delivery)
    return delivered

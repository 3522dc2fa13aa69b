"""Email subscriptions: subscribe with double opt-in, confirm, unsubscribe.

A subscription follows an office, a service (at every office), one service at one office,
or all notices. The address is kept only while the subscription exists: an unsubscribe
deletes the row and any mail still waiting for it, an unconfirmed request is deleted after
CONFIRM_DAYS, and the rate-limit log keeps a keyed hash of the address, not the address.
Answers never tell whether an address was subscribed already, so the form cannot be used
to learn who follows what.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import notify, ratelimit
from imigrasi_site.core.errors import InvalidInput, NotFound, PermissionDenied
from imigrasi_site.core.i18n import Phrase, language
from imigrasi_site.core.mail_links import MAX_TOKEN, keyed_hash, link_token, new_nonce, token_hash
from imigrasi_site.core.models import Office, OfficeService, OutboxMessage, Service, SubscribeAttempt, Subscription, utcnow

RATE_WINDOW = timedelta(hours=1)
MAX_PER_ADDRESS = 5
MAX_PER_CLIENT = 20
# Visits of the confirm and unsubscribe pages (GET and POST) per client address and RATE_WINDOW:
# far above what one person's mail needs, far below guessing tokens.
MAX_LINK_VISITS_PER_CLIENT = 60
CONFIRM_WITHIN = timedelta(days=notify.CONFIRM_DAYS)
MAX_EMAIL = 254

# Deliberately narrower than RFC 5322: the dot-atom addresses that every mail server accepts.
_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

# What a refused request says, in the catalogue (core/i18n.py): the subscribe form shows it in the
# visitor's language.
BAD_EMAIL = Phrase("subscribe_bad_email")
UNKNOWN_OFFICE = Phrase("office_unknown")
UNKNOWN_SERVICE = Phrase("service_unknown")
NOT_OFFERED = Phrase("subscribe_not_offered")
TOO_MANY = Phrase("subscribe_too_many")
BAD_LINK = Phrase("subscribe_bad_link")


class TooManyRequests(PermissionDenied):
    pass


def normalize_email(value: object) -> str:
    """The address in lower case, or InvalidInput. Lower case so one person's requests are counted together."""
    email = value.strip().lower() if isinstance(value, str) else ""
    local, _, domain = email.rpartition("@")
    labels = domain.split(".")
    if not (
        len(email) <= MAX_EMAIL and 0 < len(local) <= 64 and _LOCAL.fullmatch(local)
        and len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) and _TOP_LABEL.fullmatch(labels[-1])
    ):
        raise InvalidInput(BAD_EMAIL, field="email")
    return email


def _code(value: object) -> str | None:
    """An office or service code as given; "" when it cannot be one (it then matches nothing)."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) and _CODE.fullmatch(value) else ""


def _scope(session: Session, office_code: object, service_code: object) -> tuple[int | None, int | None]:
    office_id = service_id = None
    if (code := _code(office_code)) is not None:
        office_id = session.exec(select(Office.id).where(Office.code == code, Office.is_active == True)  # noqa: E712
                                 ).first()
        if office_id is None:
            raise InvalidInput(UNKNOWN_OFFICE, field="office")
    if (code := _code(service_code)) is not None:
        service_id = session.exec(select(Service.id).where(Service.code == code)).first()
        if service_id is None:
            raise InvalidInput(UNKNOWN_SERVICE, field="service")
    if office_id is not None and service_id is not None and session.exec(select(OfficeService.id).where(
            OfficeService.office_id == office_id, OfficeService.service_id == service_id)).first() is None:
        raise InvalidInput(NOT_OFFERED, field="service")
    return office_id, service_id


def _expired(subscription: Subscription, now: datetime) -> bool:
    return subscription.confirmed_at is None and subscription.created_at < now - CONFIRM_WITHIN


def _is(column, value):
    return column.is_(None) if value is None else column == value


def _client(client_address: object) -> str:
    client = client_address.replace("\0", "")[:64] if isinstance(client_address, str) else ""
    return client or "unknown"


def count_link_visit(session: Session, client_address: object, now: datetime | None = None) -> None:
    """Count a visit of a confirm or unsubscribe page; TooManyRequests past the limit per client.

    The visit is recorded before counting, so parallel visits see each other.
    """
    now = now or utcnow()
    client = _client(client_address)
    ratelimit.serialize(session, client)
    visit = ratelimit.record(session, SubscribeAttempt(email_hash="", client_address=client, at=now, kind="link"))
    others, _latest = ratelimit.recent(session, SubscribeAttempt, now - RATE_WINDOW, SubscribeAttempt.kind == "link",
                                       SubscribeAttempt.client_address == client, excluding=visit.id)
    if others >= MAX_LINK_VISITS_PER_CLIENT:
        ratelimit.forget(session, visit)
        raise TooManyRequests(Phrase("link_too_many"))


def _forget_waiting_mail(session: Session, token: str) -> None:
    """Delete unsent mail for a subscription, recognized by the token in its unsubscribe link."""
    session.exec(sa.delete(OutboxMessage).where(
        col(OutboxMessage.sent_at).is_(None),
        col(OutboxMessage.unsubscribe_url).endswith(f"?token={token}", autoescape=True),
    ))


def subscribe(session: Session, *, email: object, office_code: object = None, service_code: object = None,
              lang: object = "id", client_address: object = "unknown", now: datetime | None = None) -> None:
    """Ask for a subscription: queues a confirmation email (or, if confirmed before, a short note).

    No office and no service means all notices. Refused with InvalidInput (bad address,
    unknown office or service) or TooManyRequests (per address and per client address).
    """
    now = now or utcnow()
    email = normalize_email(email)
    office_id, service_id = _scope(session, office_code, service_code)
    lang = language(lang)
    client = _client(client_address)
    email_key = keyed_hash(email)
    ratelimit.serialize(session, client, email_key)
    attempt = ratelimit.record(session, SubscribeAttempt(email_hash=email_key, client_address=client, at=now))
    since, requests = now - RATE_WINDOW, SubscribeAttempt.kind == "subscribe"
    per_address, _latest = ratelimit.recent(session, SubscribeAttempt, since, requests,
                                              SubscribeAttempt.email_hash == email_key, excluding=attempt.id)
    per_client, _latest = ratelimit.recent(session, SubscribeAttempt, since, requests,
                                             SubscribeAttempt.client_address == client, excluding=attempt.id)
    if per_address >= MAX_PER_ADDRESS or per_client >= MAX_PER_CLIENT:
        ratelimit.forget(session, attempt)
        raise TooManyRequests(TOO_MANY)

    subscription = session.exec(select(Subscription).where(
        Subscription.email == email, _is(Subscription.office_id, office_id), _is(Subscription.service_id, service_id),
    )).first()
    if subscription is not None and _expired(subscription, now):
        # An expired request not yet purged: start afresh, with a new token.
        _forget_waiting_mail(session, link_token(subscription))
        session.delete(subscription)
        session.flush()
        subscription = None
    if subscription is None:
        subscription = Subscription(email=email, lang=lang, office_id=office_id, service_id=service_id,
                                    token_hash="", token_nonce=new_nonce(), created_at=now)
        subscription.token_hash = token_hash(link_token(subscription))
        session.add(subscription)
    elif subscription.confirmed_at is None and subscription.lang != lang:
        # Before confirmation the latest request says which language to write in; afterwards only
        # the owner of the address decides (anyone can type an address into the form).
        subscription.lang = lang
        session.add(subscription)
    notify.queue_confirmation(session, subscription, already_confirmed=subscription.confirmed_at is not None,
                              now=now)


def find(session: Session, token: object, now: datetime | None = None, *,
         include_expired: bool = False) -> Subscription | None:
    """The subscription a link's token names; None for unknown tokens and (unless asked) expired requests."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    subscription = session.exec(select(Subscription).where(Subscription.token_hash == token_hash(token))).first()
    if subscription is None or include_expired or not _expired(subscription, now or utcnow()):
        return subscription
    return None


def confirm(session: Session, token: object, now: datetime | None = None) -> Subscription:
    """Confirm a subscription (a second confirm changes nothing); NotFound for a bad or expired link."""
    now = now or utcnow()
    subscription = find(session, token, now)
    if subscription is None:
        raise NotFound(BAD_LINK)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now
        session.add(subscription)
    return subscription


def unsubscribe(session: Session, token: object) -> bool:
    """Delete the subscription, and with it the address; False when the link names none (any more)."""
    subscription = find(session, token, include_expired=True)
    if subscription is None or not isinstance(token, str):  # find() names none for a token that is not text
        return False
    _forget_waiting_mail(session, token)
    session.delete(subscription)
    return True


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete requests never confirmed in time, and rate-limit records older than the window."""
    now = now or utcnow()
    expired = session.exec(select(Subscription).where(col(Subscription.confirmed_at).is_(None),
                                                      col(Subscription.created_at) < now - CONFIRM_WITHIN)).all()
    for subscription in expired:
        _forget_waiting_mail(session, link_token(subscription))
        session.delete(subscription)
    session.exec(sa.delete(SubscribeAttempt).where(col(SubscribeAttempt.at) < now - RATE_WINDOW))
    return len(expired)

"""From events to messages: the fan-out worker, and the text of every email a subscriber gets.

Events (core/events.py) are written in the transaction of the change they describe. The
fan-out claims each one with a conditional UPDATE, so when several workers run it at once
exactly one of them queues its emails (OutboxMessage) and webhook deliveries
(WebhookDelivery). Sending happens later, in core/mailer.py and core/webhooks.py.

Subscribers hear about events after they confirmed, never about older ones; each email is
in the subscription's language and ends with a link that unsubscribes without signing in.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, or_, select

from imigrasi_site.core import events, links, webhooks
from imigrasi_site.core.i18n import format_datetime, language, name_in, t
from imigrasi_site.core.mail_links import confirm_url, current_token, unsubscribe_url
from imigrasi_site.core.models import NotificationEvent, Office, OutboxMessage, Service, Subscription, utcnow
from imigrasi_site.core.settings import get_settings

log = logging.getLogger(__name__)

# Changes listed in one email; a bulk change across the country is summarized after these.
MAX_LISTED_CHANGES = 20
MAX_SUBJECT = 300
FAN_OUT_BATCH = 50
CONFIRM_DAYS = 7

@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def _base() -> str:
    return get_settings().public_url


def _scope_text(lang: str, office_name: str | None, service_name: str | None) -> str:
    if office_name and service_name:
        return t("mail_scope_pair", lang, service=service_name, office=office_name)
    if office_name:
        return t("mail_scope_office", lang, office=office_name)
    if service_name:
        return t("mail_scope_service", lang, service=service_name)
    return t("mail_scope_all", lang)


def describe(session: Session, subscription: Subscription, lang: str | None = None) -> str:
    """What a subscription is about, in its own language unless another is asked for."""
    lang = lang or subscription.lang
    office = session.get(Office, subscription.office_id) if subscription.office_id else None
    service = session.get(Service, subscription.service_id) if subscription.service_id else None
    return _scope_text(lang, office.name if office else None, name_in(service, lang) if service else None)


def _with_footer(lang: str, scope: str, unsubscribe: str, *paragraphs: str) -> str:
    # "-- " on a line of its own: mail programs show what follows as a signature.
    return "\n\n".join((t("mail_greeting", lang), *paragraphs)) + "\n\n-- \n" + t("mail_footer", lang, scope=scope,
                                                                                  url=unsubscribe)


def _queue(session: Session, subscription: Subscription, mail: Mail, unsubscribe: str, now: datetime) -> None:
    session.add(OutboxMessage(to_email=subscription.email, subject=mail.subject[:MAX_SUBJECT], body=mail.body,
                              unsubscribe_url=unsubscribe, created_at=now, next_attempt_at=now))


def queue_confirmation(session: Session, subscription: Subscription, *, already_confirmed: bool,
                       now: datetime) -> None:
    """The email answering a subscribe request: the confirm link, or (if confirmed before) a note."""
    lang, scope = subscription.lang, describe(session, subscription)
    token = current_token(session, subscription)
    unsubscribe = unsubscribe_url(token)
    if already_confirmed:
        mail = Mail(t("mail_already_subject", lang, scope=scope),
                    _with_footer(lang, scope, unsubscribe, t("mail_already_body", lang, scope=scope)))
    else:
        mail = Mail(t("mail_confirm_subject", lang, scope=scope),
                    _with_footer(lang, scope, unsubscribe, t("mail_confirm_body", lang, scope=scope, days=CONFIRM_DAYS,
                                                              confirm=confirm_url(token))))
    _queue(session, subscription, mail, unsubscribe, now)


@dataclass(frozen=True)
class _Change:
    office: Office
    service: Service
    old: str | None
    new: str
    advice: dict
    incident_id: int | None
    maintenance_id: int | None
    at: datetime


def _availability(value: str | None, lang: str) -> str:
    return t(f"availability_{value}", lang) if value else "-"


def _change_lines(change: _Change, lang: str) -> str:
    when = format_datetime(change.at, change.office.timezone, lang)
    if change.old == change.new:
        status = t("mail_change_advice_only", lang, status=_availability(change.new, lang), when=when)
    else:
        status = (f"{_availability(change.old, lang)} → {_availability(change.new, lang)}, "
                  f"{t('since', lang, when=when)}")
    head = f"* {name_in(change.service, lang)}, {change.office.name}\n  {status}"
    if change.maintenance_id:
        head += " " + t("mail_change_planned", lang)
    lines = [head]
    advice = (change.advice.get("en") if language(lang) == "en" else None) or change.advice.get("id")
    if advice:
        lines.append("  " + t("mail_change_advice", lang, advice=advice))
    if change.incident_id:
        lines.append("  " + t("mail_change_incident", lang, url=links.incident_page(_base(), change.incident_id, language(lang))))
    lines.append("  " + links.office_page(_base(), change.office.code, language(lang)))
    return "\n".join(lines)


def change_mail(lang: str, scope: str, changes: list[_Change], unsubscribe: str) -> Mail:
    listed = "\n\n".join(_change_lines(change, lang) for change in changes[:MAX_LISTED_CHANGES])
    paragraphs = [t("mail_change_intro", lang), listed]
    if len(changes) > MAX_LISTED_CHANGES:
        paragraphs.append(t("mail_change_more", lang, n=len(changes) - MAX_LISTED_CHANGES,
                             url=links.offices_page(_base(), language(lang))))
    paragraphs.append(t("mail_latest", lang, url=links.home_page(_base(), language(lang))))
    return Mail(t("mail_change_subject", lang, scope=scope), _with_footer(lang, scope, unsubscribe, *paragraphs))


def notice_mail(lang: str, scope: str, payload: dict, unsubscribe: str) -> Mail:
    english = language(lang) == "en"
    title = (payload["title"].get("en") if english else None) or payload["title"]["id"]
    lede = (payload["lede"].get("en") if english else None) or payload["lede"].get("id") or ""
    paragraphs = [title]
    if english and not payload["title"].get("en"):
        paragraphs.append(t("english_missing", "en"))
    if lede:
        paragraphs.append(lede)
    paragraphs.append(t("mail_notice_read", lang, url=links.notice_page(_base(), payload["slug"], language(lang))))
    return Mail(t("mail_notice_subject", lang, title=title), _with_footer(lang, scope, unsubscribe, *paragraphs))


def _confirmed_before(at: datetime):
    return sa.and_(col(Subscription.confirmed_at).is_not(None), col(Subscription.confirmed_at) <= at)


def _mail_changes(session: Session, event: NotificationEvent, payload: dict, now: datetime) -> int:
    raw = payload.get("changes", [])
    offices = {o.code: o for o in session.exec(select(Office).where(
        col(Office.code).in_({c["office_code"] for c in raw}))).all()}
    services = {s.code: s for s in session.exec(select(Service).where(
        col(Service.code).in_({c["service_code"] for c in raw}))).all()}
    changes = [
        _Change(offices[c["office_code"]], services[c["service_code"]], c.get("old"), c["new"], c.get("advice") or {},
                c.get("incident_id"), c.get("maintenance_id"), datetime.fromisoformat(c["at"]))
        for c in raw if c["office_code"] in offices and c["service_code"] in services
    ]
    if not changes:
        return 0
    changes.sort(key=lambda c: (c.office.name, c.service.sort_order))
    subscriptions = session.exec(select(Subscription).where(
        _confirmed_before(event.created_at),
        or_(col(Subscription.office_id).in_({c.office.id for c in changes}),
            col(Subscription.service_id).in_({c.service.id for c in changes})),
    )).all()
    queued = 0
    for subscription in subscriptions:
        mine = [c for c in changes
                if subscription.office_id in (None, c.office.id) and subscription.service_id in (None, c.service.id)]
        if mine:
            unsubscribe = unsubscribe_url(current_token(session, subscription))
            _queue(session, subscription,
                   change_mail(subscription.lang, describe(session, subscription), mine, unsubscribe),
                   unsubscribe, now)
            queued += 1
    return queued


def _mail_notice(session: Session, event: NotificationEvent, payload: dict, now: datetime) -> int:
    office_ids = session.exec(select(Office.id).where(col(Office.code).in_(payload.get("office_codes") or []))).all()
    subscriptions = session.exec(select(Subscription).where(
        _confirmed_before(event.created_at),
        col(Subscription.service_id).is_(None),
        or_(col(Subscription.office_id).is_(None), col(Subscription.office_id).in_(office_ids)),
    )).all()
    for subscription in subscriptions:
        unsubscribe = unsubscribe_url(current_token(session, subscription))
        _queue(session, subscription,
               notice_mail(subscription.lang, describe(session, subscription), payload, unsubscribe),
               unsubscribe, now)
    return len(subscriptions)


def fan_out(session: Session, *, now: datetime | None = None, limit: int = FAN_OUT_BATCH) -> int:
    """Queue the emails and webhook deliveries of pending events; returns how many events this worker took.

    Each event is claimed by a conditional UPDATE: only the worker whose UPDATE changed the
    row queues its messages, so running this in several processes sends nothing twice.
    """
    now = now or utcnow()
    pending = session.exec(select(NotificationEvent.id).where(col(NotificationEvent.fanned_out_at).is_(None))
                           .order_by(col(NotificationEvent.id)).limit(limit)).all()
    taken = 0
    for event_id in pending:
        claimed = session.exec(sa.update(NotificationEvent)
                               .where(col(NotificationEvent.id) == event_id,
                                      col(NotificationEvent.fanned_out_at).is_(None))
                               .values(fanned_out_at=now))
        if claimed.rowcount != 1:
            continue
        taken += 1
        event = session.get_one(NotificationEvent, event_id)
        try:
            # A savepoint: an event that cannot be read is skipped (and logged) rather than
            # failing the batch in every round and holding up every later event.
            with session.begin_nested():
                mails, hooks = _queue_event(session, event, now)
        except (KeyError, TypeError, ValueError, AttributeError):
            log.exception("event %s (%s) cannot be read; nobody is told about it", event.id, event.kind)
            continue
        if mails or hooks:
            log.info("event %s (%s): %d emails, %d webhook deliveries queued", event.id, event.kind, mails, hooks)
    return taken


def _queue_event(session: Session, event: NotificationEvent, now: datetime) -> tuple[int, int]:
    payload = json.loads(event.payload)
    if event.kind == events.AVAILABILITY_CHANGED:
        mails = _mail_changes(session, event, payload, now)
    elif event.kind == events.NOTICE_PUBLISHED:
        mails = _mail_notice(session, event, payload, now)
    else:
        log.warning("event %s has unknown kind %r; no email", event.id, event.kind)
        mails = 0
    return mails, webhooks.queue_deliveries(session, event, payload, now)

"""Sending the outbox over SMTP, with retries; settings from IMIGRASI_SMTP_* (core/settings.py).

Messages are queued in the transaction of whatever caused them and sent later by the
background worker, so no visitor or editor waits for a mail server. A due message is
claimed by a conditional UPDATE that moves its next attempt into the future, so several
workers never send the same message. Once a message is sent or given up, its address,
body and links are blanked: the row stays only as a log of what went out when.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from imigrasi_site.core import db, retries
from imigrasi_site.core.models import OutboxMessage, utcnow
from imigrasi_site.core.settings import SmtpSettings, get_settings

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=2)
# A claimed batch must be sent within its lease even when the SMTP server is slow at every
# step: 10 messages x 20 s per operation stays well inside 5 minutes in practice.
LEASE = timedelta(minutes=5)
SMTP_TIMEOUT = 20
# While the SMTP server cannot be reached, waiting mail is tried again this often.
SERVER_RETRY = timedelta(minutes=1)
BATCH = 10


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1 min, 2 min, 4 min, ... at most two hours."""
    return retries.backoff(attempts, FIRST_RETRY, MAX_RETRY_DELAY)


@dataclass(frozen=True)
class _Claimed:
    id: int
    number: int
    to_email: str
    subject: str
    body: str
    unsubscribe_url: str


# Headers given raw (set_raw) are sent as they are: folded, a long List-Unsubscribe link would
# be turned into an encoded word that mail programs do not read as a link.
_POLICY = policy.default.clone(refold_source="none")


def build_message(item: _Claimed, sender: str) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["From"] = sender
    message["To"] = item.to_email
    message["Subject"] = item.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=urlsplit(get_settings().public_url).hostname or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    if item.unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to this link.
        message.set_raw("List-Unsubscribe", f"<{item.unsubscribe_url}>")
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(item.body)
    return message


def _claim_due(session: Session, now: datetime, limit: int) -> list[_Claimed]:
    due = session.exec(select(OutboxMessage).where(
        col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.attempts) < MAX_ATTEMPTS,
        col(OutboxMessage.next_attempt_at) <= now,
    ).order_by(col(OutboxMessage.next_attempt_at)).limit(limit)).all()
    claimed = []
    for row in due:
        if retries.claim(session, OutboxMessage, db.row_id(row), now=now, lease=LEASE,
                         pending=col(OutboxMessage.sent_at).is_(None)):
            claimed.append(_Claimed(db.row_id(row), row.attempts + 1, row.to_email, row.subject, row.body,
                                    row.unsubscribe_url))
    return claimed


def _send_all(server: SmtpSettings, items: list[_Claimed]) -> tuple[dict[int, str], set[int]]:
    """Send over one connection; returns the error per message id ("" when sent), and the ids of
    the messages the server never got to see (it was down or the connection broke first)."""
    errors: dict[int, str] = {}
    unsent: set[int] = set()
    try:
        with smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT) as smtp:
            if server.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if server.user:
                smtp.login(server.user, server.password)
            for item in items:
                try:
                    smtp.send_message(build_message(item, server.sender))
                    errors[item.id] = ""
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
                    errors[item.id] = f"{type(error).__name__}: {error}"[:500]
    except (smtplib.SMTPException, OSError) as error:
        # The connection itself failed: every message not yet sent waits for the next attempt.
        for item in items:
            if item.id not in errors:
                errors[item.id] = f"{type(error).__name__}: {error}"[:500]
                unsent.add(item.id)
    return errors, unsent


def send_due(*, now: datetime | None = None, url: str | None = None) -> int:
    """Send every due message once; returns how many the server accepted."""
    server = get_settings().smtp
    if not server.host:
        return 0  # no server configured: mail waits in the outbox
    now = now or utcnow()
    with db.session_scope(url) as session:
        items = _claim_due(session, now, BATCH)
    if not items:
        return 0
    errors, unsent = _send_all(server, items)
    sent = 0
    with db.session_scope(url) as session:
        for item in items:
            row = session.get(OutboxMessage, item.id)
            if row is None:
                continue  # its subscriber unsubscribed meanwhile, which deletes what was waiting
            if item.id in unsent:
                # The server was not there: the message waits, however long the outage, and this
                # costs none of its attempts (those are for a server that refuses the message).
                row.last_error = errors[item.id]
                row.next_attempt_at = now + SERVER_RETRY
                session.add(row)
                continue
            row.attempts = item.number
            row.last_error = errors[item.id]
            if not row.last_error:
                row.sent_at = now
                sent += 1
            elif item.number < MAX_ATTEMPTS:
                row.next_attempt_at = now + backoff(item.number)
            if row.sent_at is not None or item.number >= MAX_ATTEMPTS:
                row.to_email = row.body = row.unsubscribe_url = ""
            session.add(row)
    return sent

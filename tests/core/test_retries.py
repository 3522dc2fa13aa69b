"""Claiming a due message: one worker gets it, until its lease runs out; a sent one is never claimed."""

from __future__ import annotations

from datetime import timedelta

from imigrasi_site.core import db, retries
from imigrasi_site.core.models import OutboxMessage, utcnow

LEASE = timedelta(minutes=5)


def _queued(db_url, now) -> int:
    with db.session_scope(db_url) as session:
        row = OutboxMessage(to_email="a@contoh.id", subject="s", body="b", created_at=now, next_attempt_at=now)
        session.add(row)
        session.flush()
        return row.id


def _claim(db_url, row_id, now) -> bool:
    with db.session_scope(db_url) as session:
        return retries.claim(session, OutboxMessage, row_id, now=now, lease=LEASE,
                             pending=OutboxMessage.sent_at.is_(None))


def test_a_due_row_is_claimed_once_until_its_lease_ends(db_url):
    now = utcnow()
    row_id = _queued(db_url, now)
    assert _claim(db_url, row_id, now)
    # A second worker, a moment later, finds it taken.
    assert not _claim(db_url, row_id, now + timedelta(seconds=1))
    # The first worker died: when the lease ends, another worker takes it.
    assert _claim(db_url, row_id, now + LEASE)


def test_a_sent_row_is_not_claimed(db_url):
    now = utcnow()
    row_id = _queued(db_url, now)
    with db.session_scope(db_url) as session:
        session.get(OutboxMessage, row_id).sent_at = now
    assert not _claim(db_url, row_id, now + timedelta(hours=1))


def test_the_backoff_doubles_up_to_its_ceiling():
    waits = [retries.backoff(n, timedelta(seconds=30), timedelta(minutes=3)) for n in (1, 2, 3, 4, 5)]
    assert waits == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=3),
                     timedelta(minutes=3)]

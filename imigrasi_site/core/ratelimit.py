"""Rate limits, of two kinds.

`WindowCounter`: in process, at most `limit` events per key in a fixed window. Used where a
database row per attempt would cost more than the work it guards (heartbeats arrive many times
a minute from every office). Each worker counts on its own, so with W workers a sender gets at
most W x limit through; the limits are set with that in mind.

An attempt log in the database (sign-in, subscribe, subscription links), counted across all
workers: a request records its own attempt (`record`), then counts the others (`recent`), so
parallel requests see each other, provided the counting is serialized per key (`serialize`).
A refused attempt is removed again (`forget`), so it neither counts nor lengthens anyone's wait.
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select


class WindowCounter:
    def __init__(self, limit: int, window_seconds: float, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._counts: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one event for `key`; False when the key is over its limit in this window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            if now - start >= self.window:
                start, count = now, 0
            if count >= self.limit:
                return False
            if len(self._counts) >= self.max_keys and key not in self._counts:
                self._forget_ended(now)
            self._counts[key] = (start, count + 1)
            return True

    def over(self, key: str, now: float | None = None) -> bool:
        """Whether `key` has used up this window, without counting anything."""
        now = time.monotonic() if now is None else now
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            return now - start < self.window and count >= self.limit

    def _forget_ended(self, now: float) -> None:
        # Keys come from the network: the table must not grow without bound.
        self._counts = {k: v for k, v in self._counts.items() if now - v[0] < self.window}
        if len(self._counts) >= self.max_keys:
            self._counts.clear()


def serialize(session: Session, *keys: str) -> None:
    """Let one transaction at a time count the attempts of these keys (a client address, an
    address hash), until it ends.

    PostgreSQL: transaction-scoped advisory locks, taken in sorted order so that two requests
    sharing keys never wait for each other in a circle. SQLite: the INSERT of the attempt that
    follows takes the database's write lock, which serializes the count the same way.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": number})


def record(session: Session, attempt: Any) -> Any:
    """Write this request's attempt (a row of a log table), so parallel requests count it."""
    session.add(attempt)
    session.flush()
    return attempt


def forget(session: Session, attempt: Any) -> None:
    """Remove a refused request's attempt again."""
    session.delete(attempt)
    session.flush()


def recent(session: Session, table: Any, since: datetime, *conditions: Any,
           excluding: int | None = None) -> tuple[int, datetime | None]:
    """The attempts in `table` since `since` matching `conditions` (other than `excluding`, this
    request's own): how many, and when the latest was."""
    where = [table.at >= since, *conditions]
    if excluding is not None:
        where.append(table.id != excluding)
    count, latest = session.exec(select(func.count(), func.max(table.at)).where(*where)).one()
    return count, latest

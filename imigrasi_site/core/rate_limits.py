"""Counting recent attempts for a rate limit (sign-in, subscribe, subscription links).

Each limit keeps a log table of attempts with an `at` time. A request records its own attempt,
then counts the others: parallel requests therefore see each other, provided the counting is
serialized per key (`serialize`). A refused attempt is removed again (`forget`), so it neither
counts nor lengthens anyone's wait.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select


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

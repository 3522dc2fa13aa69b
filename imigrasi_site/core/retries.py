"""Retrying outgoing messages (the mail outbox, webhook deliveries): the backoff, and claiming a due row.

Several workers look for due rows at once. A worker claims a row with one conditional UPDATE
that moves its next attempt a lease into the future: only the worker whose UPDATE changed the
row sends it, and a worker that dies mid-send leaves it to be retried when the lease ends.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session


def backoff(attempts: int, first: timedelta, longest: timedelta) -> timedelta:
    """The wait after the `attempts`-th failed attempt: `first`, twice that, four times, ... at most `longest`."""
    return min(first * 2 ** (attempts - 1), longest)


def claim(session: Session, table: Any, row_id: int, *, now: datetime, lease: timedelta,
          pending: sa.ColumnElement[bool]) -> bool:
    """Take one due row of `table` (a model with `id` and `next_attempt_at`) for this worker.

    `pending` is the table's "not yet done" condition, checked again in the UPDATE: a row sent
    or given up since it was read is not claimed.
    """
    moved = session.exec(sa.update(table)
                         .where(table.id == row_id, pending, table.next_attempt_at <= now)
                         .values(next_attempt_at=now + lease))
    return moved.rowcount == 1

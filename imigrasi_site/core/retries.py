"""Retrying outgoing messages (the mail outbox, webhook deliveries): the backoff, claiming a due row,
and sending a claimed batch at once (webhook deliveries, system checks).

Several workers look for due rows at once. A worker claims a row with one conditional UPDATE
that moves its next attempt a lease into the future: only the worker whose UPDATE changed the
row sends it, and a worker that dies mid-send leaves it to be retried when the lease ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx
import sqlalchemy as sa
from sqlmodel import Session

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


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


def send_at_once(client: httpx.Client | None, send: Callable[[httpx.Client, _Item], _Result],
                 batch: Sequence[_Item], **client_options: Any) -> list[_Result]:
    """`send(client, item)` for every item of a (non-empty) batch, each in its own thread, in order.

    Without a `client`, one is made for the batch (no redirects followed, `client_options`) and closed after.
    """
    own_client = client is None
    client = client or httpx.Client(follow_redirects=False, **client_options)
    try:
        with ThreadPoolExecutor(max_workers=len(batch)) as pool:
            return list(pool.map(lambda item: send(client, item), batch))
    finally:
        if own_client:
            client.close()

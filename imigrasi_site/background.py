"""Work the backend does by itself, in every worker: follow the database, publish on time."""

from __future__ import annotations

import asyncio
import logging

from imigrasi_site.core import db, notices
from imigrasi_site.core.snapshot import public_store

log = logging.getLogger(__name__)
READ_MODEL_POLL_SECONDS = 1.0
SCHEDULE_POLL_SECONDS = 15.0


async def follow_public_revision() -> None:
    """Notice writes made by any process within a second: one tiny query per second, not per visitor."""
    store = public_store()
    while True:
        try:
            if store.peek() is None:
                await asyncio.to_thread(store.get)  # from the database, or the saved copy during an outage
            await asyncio.to_thread(store.refresh_if_changed)
        except Exception:  # the database being down must not stop public pages; the last snapshot stays
            log.warning("read model refresh failed; serving the last snapshot", exc_info=True)
        await asyncio.sleep(READ_MODEL_POLL_SECONDS)


def _publish_due_notices() -> list[str]:
    with db.session_scope() as session:
        return notices.publish_due(session)


async def publish_scheduled_notices() -> None:
    """Publish scheduled notices on time, even with nobody on the site; safe in several workers at once."""
    while True:
        try:
            published = await asyncio.to_thread(_publish_due_notices)
            if published:
                log.info("published scheduled notices: %s", ", ".join(published))
        except Exception:
            log.warning("scheduled publishing failed; will try again", exc_info=True)
        await asyncio.sleep(SCHEDULE_POLL_SECONDS)


TASKS = (follow_public_revision, publish_scheduled_notices)

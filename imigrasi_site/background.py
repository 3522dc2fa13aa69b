"""Work the backend does by itself, in every worker: follow the database, do scheduled work on time,
tell subscribers (email) and partners (webhooks) about changes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from imigrasi_site.core import (
    accounts,
    checks,
    db,
    mailer,
    maintenance,
    notices,
    notify,
    signals,
    subscriptions,
    webhooks,
)
from imigrasi_site.core.snapshot import public_store

log = logging.getLogger(__name__)
READ_MODEL_POLL_SECONDS = 1.0
SCHEDULE_POLL_SECONDS = 15.0
NOTIFY_POLL_SECONDS = 5.0
SIGNAL_POLL_SECONDS = 5.0


async def poll(step: Callable[[], object], every: float, failure: str) -> None:
    """Run `step` off the event loop, then sleep `every` seconds, forever. A failing step is logged
    and tried again on the next round: a database or mail server down must not end the loop."""
    while True:
        try:
            await asyncio.to_thread(step)
        except Exception:
            log.warning(failure, exc_info=True)
        await asyncio.sleep(every)


def _refresh_read_model() -> None:
    store = public_store()
    if store.peek() is None:
        store.get()  # from the database, or the saved copy during an outage
    store.refresh_if_changed()


async def follow_public_revision() -> None:
    """Notice writes made by any process within a second: one tiny query per second, not per visitor."""
    # The database being down must not stop public pages; the last snapshot stays.
    await poll(_refresh_read_model, READ_MODEL_POLL_SECONDS, "read model refresh failed; serving the last snapshot")


def _run_scheduled_work() -> None:
    with db.session_scope() as session:
        for slug in notices.publish_due(session):
            log.info("published scheduled notice %s", slug)
    with db.session_scope() as session:
        accounts.purge_stale(session)
    with db.session_scope() as session:
        signals.purge_old(session)
    with db.session_scope() as session:
        for run in maintenance.run_due(session):
            log.info("maintenance %s %s (%s office services)", run.maintenance_id, run.action, run.cells_changed)


async def run_scheduled_work() -> None:
    """Publish scheduled notices and start or end planned maintenance on time, with nobody on the site.

    Every worker runs this loop; each item moves on by a conditional UPDATE, so it happens once.
    """
    await poll(_run_scheduled_work, SCHEDULE_POLL_SECONDS, "scheduled work failed; will try again")


def _fan_out_events() -> None:
    with db.session_scope() as session:
        subscriptions.purge_expired(session)
        notify.fan_out(session)


async def fan_out_notifications() -> None:
    """Turn new events into queued emails and webhook deliveries; several workers never queue one twice."""
    await poll(_fan_out_events, NOTIFY_POLL_SECONDS, "notification fan-out failed; will try again")


async def send_outbox_mail() -> None:
    """Send queued email over SMTP, with retries; mail waits in the outbox while no SMTP host is set."""
    await poll(mailer.send_due, NOTIFY_POLL_SECONDS, "sending mail failed; will try again")


async def deliver_webhooks() -> None:
    """POST queued webhook deliveries to the partners, with retries and backoff."""
    await poll(webhooks.deliver_due, NOTIFY_POLL_SECONDS, "webhook delivery failed; will try again")


async def run_system_checks() -> None:
    """Call the central systems an admin registered, each on its interval; every worker loops, and
    each due check is claimed by a conditional UPDATE, so it runs once."""
    await poll(checks.run_due, SIGNAL_POLL_SECONDS, "system checks failed; will try again")


def _run_signal_rules() -> None:
    evaluation = signals.run_rules()
    if evaluation is not None and (evaluation.opened or evaluation.cleared):
        log.info("signals opened %s, cleared %s, %s cells marked automatically", evaluation.opened,
                 evaluation.cleared, evaluation.auto_marked)


async def run_signal_rules() -> None:
    """Turn missing heartbeats, degraded reports and failing checks into signals; a loop of its own,
    so a slow check never delays them. One worker per interval runs them (claimed row)."""
    await poll(_run_signal_rules, SIGNAL_POLL_SECONDS, "signal rules failed; will try again")


TASKS = (follow_public_revision, run_scheduled_work, fan_out_notifications, send_outbox_mail, deliver_webhooks,
         run_system_checks, run_signal_rules)

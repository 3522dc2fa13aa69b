"""Work the backend does by itself, in every worker: follow the database, do scheduled work on time,
tell subscribers (email) and partners (webhooks) about changes."""

from __future__ import annotations

import asyncio
import logging

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
    while True:
        try:
            await asyncio.to_thread(_run_scheduled_work)
        except Exception:
            log.warning("scheduled work failed; will try again", exc_info=True)
        await asyncio.sleep(SCHEDULE_POLL_SECONDS)


def _fan_out_events() -> None:
    with db.session_scope() as session:
        subscriptions.purge_expired(session)
        notify.fan_out(session)


async def fan_out_notifications() -> None:
    """Turn new events into queued emails and webhook deliveries; several workers never queue one twice."""
    while True:
        try:
            await asyncio.to_thread(_fan_out_events)
        except Exception:
            log.warning("notification fan-out failed; will try again", exc_info=True)
        await asyncio.sleep(NOTIFY_POLL_SECONDS)


async def send_outbox_mail() -> None:
    """Send queued email over SMTP, with retries; mail waits in the outbox while no SMTP host is set."""
    while True:
        try:
            await asyncio.to_thread(mailer.send_due)
        except Exception:
            log.warning("sending mail failed; will try again", exc_info=True)
        await asyncio.sleep(NOTIFY_POLL_SECONDS)


async def deliver_webhooks() -> None:
    """POST queued webhook deliveries to the partners, with retries and backoff."""
    while True:
        try:
            await asyncio.to_thread(webhooks.deliver_due)
        except Exception:
            log.warning("webhook delivery failed; will try again", exc_info=True)
        await asyncio.sleep(NOTIFY_POLL_SECONDS)


async def run_system_checks() -> None:
    """Call the central systems an admin registered, each on its interval; every worker loops, and
    each due check is claimed by a conditional UPDATE, so it runs once."""
    while True:
        try:
            await asyncio.to_thread(checks.run_due)
        except Exception:
            log.warning("system checks failed; will try again", exc_info=True)
        await asyncio.sleep(SIGNAL_POLL_SECONDS)


def _run_signal_rules() -> None:
    evaluation = signals.run_rules()
    if evaluation is not None and (evaluation.opened or evaluation.cleared):
        log.info("signals opened %s, cleared %s, %s cells marked automatically", evaluation.opened,
                 evaluation.cleared, evaluation.auto_marked)


async def run_signal_rules() -> None:
    """Turn missing heartbeats, degraded reports and failing checks into signals; a loop of its own,
    so a slow check never delays them. One worker per interval runs them (claimed row)."""
    while True:
        try:
            await asyncio.to_thread(_run_signal_rules)
        except Exception:
            log.warning("signal rules failed; will try again", exc_info=True)
        await asyncio.sleep(SIGNAL_POLL_SECONDS)


TASKS = (follow_public_revision, run_scheduled_work, fan_out_notifications, send_outbox_mail, deliver_webhooks,
         run_system_checks, run_signal_rules)

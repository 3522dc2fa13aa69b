"""Fault 6 of docs/reliability.md: the SMTP server is down for an hour.

A real SMTP server (aiosmtpd) on localhost is stopped, so its port refuses connections, and
the outbox loop of two workers runs against PostgreSQL on a controllable clock, every 30
seconds of that hour. Nothing is sent, nothing is given up or blanked; when the server is
back, every waiting message goes out once.
"""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from imigrasi_site.core import db, mailer, subscriptions
from imigrasi_site.core.models import OutboxMessage, utcnow
from imigrasi_site.core.seed import seed
from tests.support.concurrency import in_parallel
from tests.support.harness import free_port

ADDRESSES = ("satu@contoh.id", "dua@contoh.id", "tiga@contoh.id")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(monkeypatch):
    port = free_port()
    monkeypatch.setenv("IMIGRASI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IMIGRASI_SMTP_PORT", str(port))
    monkeypatch.setenv("IMIGRASI_SMTP_STARTTLS", "false")
    monkeypatch.setenv("IMIGRASI_SMTP_FROM", "Status Layanan Imigrasi <kabar@imigrasi.example>")
    monkeypatch.setenv("IMIGRASI_SECRET_KEY", "kunci-uji-tautan")
    inbox, running = Inbox(), []

    def start() -> None:
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        running.append(controller)

    def stop() -> None:
        running.pop().stop()

    yield inbox, start, stop
    while running:
        stop()


def _rows(url: str) -> list[OutboxMessage]:
    with db.session_scope(url) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_mail_waits_through_an_hour_without_smtp_and_goes_out_once(postgres_url, smtp):
    inbox, start_server, stop_server = smtp
    db.migrate(postgres_url)
    t0 = utcnow()
    with db.session_scope(postgres_url) as session:
        seed(session)
        for address in ADDRESSES:
            subscriptions.subscribe(session, email=address, office_code="kanim-denpasar", client_address="192.0.2.5",
                                    now=t0)
    # The server was up, then goes down before the first send (nothing listens on its port).
    start_server()
    stop_server()

    moment = t0
    while moment < t0 + timedelta(hours=1):
        # Two workers run the outbox loop at the same moment, as every backend process does.
        assert in_parallel(lambda at=moment: mailer.send_due(now=at, url=postgres_url), workers=2) == [0, 0]
        moment += timedelta(seconds=30)
    rows = _rows(postgres_url)
    assert len(rows) == len(ADDRESSES)
    for row in rows:
        # Waiting, not given up: the address and the text are still there, no attempt was used up.
        assert row.sent_at is None and row.to_email in ADDRESSES and row.body and row.attempts == 0
        assert "Connection" in row.last_error
        assert row.next_attempt_at <= moment + mailer.SERVER_RETRY

    start_server()
    for _tick in range(4):
        in_parallel(lambda at=moment: mailer.send_due(now=at, url=postgres_url), workers=2)
        moment += timedelta(seconds=30)
    assert sorted(str(m["To"]) for m in inbox.messages) == sorted(ADDRESSES)  # each once
    for row in _rows(postgres_url):
        assert row.sent_at is not None and row.sent_at <= t0 + timedelta(hours=1, minutes=2)
        assert row.to_email == ""  # blanked once sent

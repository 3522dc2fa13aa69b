"""Webhooks delivered for real: the example receiver from docs/webhooks.md listens on localhost,
checks each signature, and the site's sender retries with its own (controllable) clock."""

from __future__ import annotations

import importlib.util
import json
import threading
from datetime import timedelta
from http.server import ThreadingHTTPServer

import httpx
import pytest
from sqlmodel import select

from imigrasi_site.core import accounts, db, notify, webhooks
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.errors import InvalidInput, PermissionDenied
from imigrasi_site.core.models import AuditEvent, WebhookDelivery, utcnow
from imigrasi_site.core.seed import seed
from tests.harness import PROJECT_ROOT, free_port
from tests.support.concurrency import in_parallel

EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "webhook_receiver.py"


def _load_example():
    spec = importlib.util.spec_from_file_location("webhook_receiver", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


receiver = _load_example()


class Partner:
    """The example receiver on localhost; `fail_next` makes the partner's own event handler fail."""

    def __init__(self, port: int, secret: str) -> None:
        self.secret = secret
        self.events: list[dict] = []
        self.fail_next = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", port), receiver.make_handler(secret, self._store))
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def _store(self, event: dict) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("the partner's database is down")
        self.events.append(event)


@pytest.fixture
def admin(cheap_argon2, db_url, monkeypatch):
    with db.session_scope() as session:
        return accounts.create_editor(session, username="admin-webhook", display_name="Admin", password="x" * 12,
                                      role="admin", operator=True)


@pytest.fixture
def partner(admin):
    """A partner registered by an admin, running the example receiver with the secret it was handed."""
    port = free_port()
    with db.session_scope() as session:
        endpoint_id, secret = webhooks.register_endpoint(session, admin, name="Mitra uji",
                                                         url=f"http://127.0.0.1:{port}/imigrasi")
    partner = Partner(port, secret)
    partner.endpoint_id, partner.url = endpoint_id, f"http://127.0.0.1:{port}/imigrasi"
    yield partner
    partner.server.shutdown()
    partner.server.server_close()


def make_change(availability: str = "limited") -> None:
    with db.session_scope() as session:
        assert apply_availability(session, CellSelector(office_codes=("kanim-putussibau",),
                                                        service_codes=("stay_permit",)), availability=availability)


def fan_out(now) -> None:
    with db.session_scope() as session:
        notify.fan_out(session, now=now)


def delivery() -> WebhookDelivery:
    with db.session_scope() as session:
        return session.exec(select(WebhookDelivery)).one()


def test_a_change_is_delivered_signed_and_verified_by_the_example_receiver(partner):
    now = utcnow()
    make_change()
    fan_out(now)
    assert webhooks.deliver_due(now=now) == 1
    [event] = partner.events
    assert event["type"] == "availability.changed"
    [changed] = event["data"]["changes"]
    assert (changed["office_code"], changed["service_code"], changed["new"]) == (
        "kanim-putussibau", "stay_permit", "limited")
    row = delivery()
    assert row.delivered_at == now and row.attempts == 1 and row.last_status == 204 and row.last_error == ""
    # Delivered once: later rounds send nothing more.
    assert webhooks.deliver_due(now=now + timedelta(hours=1)) == 0
    assert len(partner.events) == 1


def test_the_signature_covers_the_exact_body_and_forgeries_are_rejected(partner):
    body = b'{"id":1,"type":"availability.changed"}'
    good = webhooks.sign(body, partner.secret)
    assert good.startswith("sha256=") and receiver.verify(body, good, partner.secret)
    assert not receiver.verify(body, webhooks.sign(body, "another-partners-secret"), partner.secret)
    assert not receiver.verify(body + b" ", good, partner.secret)
    assert not receiver.verify(body, "sha256=" + "0" * 64, partner.secret)
    assert not receiver.verify(body, "sha256=ünicode", partner.secret)
    assert not receiver.verify(body, None, partner.secret)
    # Sent to the running receiver, a forged request is refused and never reaches the partner's code.
    forged = httpx.post(partner.url, content=body, headers={"X-Imigrasi-Signature": "sha256=" + "ab" * 32})
    assert forged.status_code == 401 and partner.events == []


def test_a_failed_delivery_is_retried_with_backoff_until_the_receiver_accepts(partner):
    now = utcnow()
    make_change()
    fan_out(now)
    partner.fail_next = 1
    assert webhooks.deliver_due(now=now) == 0
    row = delivery()
    assert row.attempts == 1 and row.last_status == 500 and row.last_error == "HTTP 500"
    assert row.delivered_at is None and row.next_attempt_at == now + webhooks.backoff(1)

    assert webhooks.deliver_due(now=now + timedelta(seconds=10)) == 0  # not due yet: nothing is sent
    assert partner.events == []
    assert webhooks.deliver_due(now=now + webhooks.backoff(1)) == 1
    row = delivery()
    assert row.attempts == 2 and row.last_status == 204 and row.delivered_at == now + webhooks.backoff(1)
    assert len(partner.events) == 1


def test_the_backoff_doubles_and_the_sender_gives_up_after_the_last_attempt(partner):
    assert [webhooks.backoff(n) for n in (1, 2, 3, 7)] == [timedelta(seconds=30), timedelta(minutes=1),
                                                           timedelta(minutes=2), timedelta(minutes=32)]
    now = utcnow()
    make_change()
    fan_out(now)
    partner.fail_next = webhooks.MAX_ATTEMPTS + 1
    for attempt in range(1, webhooks.MAX_ATTEMPTS + 1):
        assert webhooks.deliver_due(now=now) == 0
        now += webhooks.backoff(attempt)
    row = delivery()
    assert row.gave_up and row.attempts == webhooks.MAX_ATTEMPTS and row.last_status == 500
    assert webhooks.deliver_due(now=now + timedelta(days=1)) == 0
    assert partner.fail_next == 1  # no attempt after giving up


def test_an_unreachable_receiver_is_logged_and_retried(admin):
    with db.session_scope() as session:
        webhooks.register_endpoint(session, admin, name="Mitra mati", url=f"http://127.0.0.1:{free_port()}/x")
    now = utcnow()
    make_change()
    fan_out(now)
    assert webhooks.deliver_due(now=now) == 0
    row = delivery()
    assert row.last_status is None and "ConnectError" in row.last_error and not row.gave_up


def test_events_before_registration_and_after_deactivation_are_not_sent(partner, admin):
    # The seed's events are still waiting for the fan-out; they happened before the partner registered.
    now = utcnow()
    fan_out(now)
    assert webhooks.deliver_due(now=now) == 0 and partner.events == []

    make_change()
    fan_out(now)
    with db.session_scope() as session:
        webhooks.deactivate_endpoint(session, admin, partner.endpoint_id)
    assert webhooks.deliver_due(now=now) == 0 and partner.events == []
    assert delivery().gave_up and delivery().last_error == webhooks.DEACTIVATED


def test_only_admins_register_and_the_secret_is_shown_once(admin, db_url):
    with db.session_scope() as session:
        editor = accounts.create_editor(session, username="editor-webhook", display_name="Editor",
                                        password="x" * 12, operator=True)
    with db.session_scope() as session, pytest.raises(PermissionDenied):
        webhooks.register_endpoint(session, editor, name="Mitra", url="https://mitra.example/hook")
    for bad in ("ftp://mitra.example/", "mitra.example/hook", "https://user:pw@mitra.example/", "https://",
                "https://mitra.example/" + "a" * 600, None):
        with db.session_scope() as session, pytest.raises(InvalidInput):
            webhooks.register_endpoint(session, admin, name="Mitra", url=bad)
    with db.session_scope() as session:
        _id, secret = webhooks.register_endpoint(session, admin, name="Mitra", url="https://mitra.example/hook")
    with db.session_scope() as session:
        listed = webhooks.list_endpoints(session, editor)
        audit_text = json.dumps([(a.before, a.after) for a in session.exec(select(AuditEvent)).all()])
    assert [e.name for e in listed] == ["Mitra"] and not hasattr(listed[0], "secret")
    assert secret not in repr(listed) and secret not in audit_text


def test_the_docs_quote_the_tested_example_verbatim():
    guide = (PROJECT_ROOT / "docs" / "webhooks.md").read_text()
    assert f"```python\n{EXAMPLE.read_text()}```" in guide
    for header in ("X-Imigrasi-Signature", "X-Imigrasi-Event", "X-Imigrasi-Delivery", "X-Imigrasi-Timestamp"):
        assert f"`{header}`" in guide


def test_several_workers_deliver_each_event_once(cheap_argon2, postgres_url, monkeypatch):
    db.migrate(postgres_url)
    port = free_port()
    with db.session_scope(postgres_url) as session:
        seed(session)
        admin = accounts.create_editor(session, username="admin-pg", display_name="Admin", password="x" * 12,
                                       role="admin", operator=True)
        _id, secret = webhooks.register_endpoint(session, admin, name="Mitra", url=f"http://127.0.0.1:{port}/")
    partner = Partner(port, secret)
    try:
        for code in ("kanim-banda-aceh", "kanim-langsa", "kanim-medan", "kanim-sabang"):
            with db.session_scope(postgres_url) as session:
                apply_availability(session, CellSelector(office_codes=(code,), service_codes=("stay_permit",)),
                                   availability="limited")
        with db.session_scope(postgres_url) as session:
            notify.fan_out(session)
        delivered = in_parallel(lambda: webhooks.deliver_due(url=postgres_url), workers=4)
    finally:
        partner.server.shutdown()
        partner.server.server_close()
    assert sum(delivered) == 4
    assert sorted(e["data"]["changes"][0]["office_code"] for e in partner.events) == [
        "kanim-banda-aceh", "kanim-langsa", "kanim-medan", "kanim-sabang"]

"""Webhooks delivered for real: the example receiver from docs/webhooks.md listens on localhost,
checks each Standard Webhooks signature (with the `standardwebhooks` package), and the site's
sender retries with its own (controllable) clock. Localhost is on the allow-list here
(IMIGRASI_WEBHOOK_ALLOWED_HOSTS), as an operator would do for an intranet partner."""

from __future__ import annotations

import base64
import ipaddress
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlmodel import select
from standardwebhooks import Webhook, WebhookVerificationError

from imigrasi_site.core import accounts, db, notify, webhooks
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.errors import InvalidInput, NotFound, PermissionDenied
from imigrasi_site.core.models import AuditEvent, WebhookDelivery, utcnow
from imigrasi_site.core.seed import seed
from tests.support.concurrency import in_parallel
from tests.support.harness import PROJECT_ROOT, free_port
from tests.support.webhooks import EXAMPLE, Partner, make_change, receiver


@pytest.fixture
def partner(operator_admin, local_partners):
    """A partner registered by an admin, running the example receiver with the secret it was handed."""
    port = free_port()
    with db.session_scope() as session:
        endpoint_id, secret = webhooks.register_endpoint(session, operator_admin, name="Mitra uji",
                                                         url=f"http://127.0.0.1:{port}/imigrasi")
    partner = Partner(port, secret)
    partner.endpoint_id, partner.url = endpoint_id, f"http://127.0.0.1:{port}/imigrasi"
    yield partner
    partner.server.shutdown()
    partner.server.server_close()


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


class Recorder:
    """An HTTP transport that keeps every request the sender makes and answers 204 (or raises)."""

    def __init__(self, fail_with: str = "") -> None:
        self.requests: list[httpx.Request] = []
        self.fail_with = fail_with

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fail_with:
            raise httpx.ConnectError(self.fail_with.format(url=request.url), request=request)
        return httpx.Response(204)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def _headers(request: httpx.Request) -> dict[str, str]:
    return {name: value for name, value in request.headers.items()}


def test_the_signature_is_standard_webhooks_over_id_timestamp_and_body(partner):
    assert partner.secret.startswith("whsec_") and len(base64.b64decode(partner.secret[6:])) == 32
    make_change()
    fan_out(utcnow())
    recorder = Recorder()
    assert webhooks.deliver_due(client=recorder.client()) == 1
    [request] = recorder.requests
    headers = _headers(request)
    assert headers["webhook-id"] == f"msg_{delivery().id}" and headers["webhook-signature"].startswith("v1,")
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 5
    # The reference library accepts it, and returns the event.
    event = Webhook(partner.secret).verify(request.content, headers)
    assert event["type"] == "availability.changed"
    # Every signed part matters: another id, another time, another body or another key fails.
    for changed in ({**headers, "webhook-id": "msg_999999"},
                    {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) - 1)}):
        with pytest.raises(WebhookVerificationError):
            Webhook(partner.secret).verify(request.content, changed)
    with pytest.raises(WebhookVerificationError):
        Webhook(partner.secret).verify(request.content + b" ", headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.new_secret()).verify(request.content, headers)
    # The connection went to the checked address, with the URL's own name as Host.
    assert request.url.host == "127.0.0.1" and request.headers["host"] == partner.url.split("/")[2]


def test_the_example_receiver_refuses_forged_old_and_replayed_deliveries(partner):
    body = b'{"id":1,"type":"availability.changed","created_at":"2024-06-20T06:00:00+00:00","data":{}}'

    def signed(message_id: str, at: int, secret: str = partner.secret) -> dict[str, str]:
        return {"webhook-id": message_id, "webhook-timestamp": str(at),
                "webhook-signature": webhooks.signature_header(message_id, at, body, [secret])}

    now = int(time.time())
    assert receiver.verify(body, signed("msg_1", now), partner.secret)["id"] == 1
    assert receiver.verify(body, signed("msg_1", now - 200), partner.secret) is not None  # within five minutes
    assert receiver.verify(body, signed("msg_1", now - 301), partner.secret) is None  # too old: a replay
    assert receiver.verify(body, signed("msg_1", now + 301), partner.secret) is None  # too far ahead
    assert receiver.verify(body, signed("msg_1", now, webhooks.new_secret()), partner.secret) is None
    assert receiver.verify(body + b" ", signed("msg_1", now), partner.secret) is None
    for malformed in ({}, {"webhook-id": "msg_1", "webhook-timestamp": "soon", "webhook-signature": "v1,x"},
                      {**signed("msg_1", now), "webhook-signature": "sha256=" + "ab" * 32},
                      {**signed("msg_1", now), "webhook-signature": "v1,ünicode"}):
        assert receiver.verify(body, malformed, partner.secret) is None

    # Against the running receiver: a forged or old request never reaches the partner's code,
    # and a copy of a good one replayed within the window is answered but handled once.
    assert httpx.post(partner.url, content=body, headers=signed("msg_2", now - 400)).status_code == 401
    assert httpx.post(partner.url, content=body, headers={"webhook-signature": "v1,AAAA"}).status_code == 401
    assert partner.events == []
    good = signed("msg_3", now)
    assert httpx.post(partner.url, content=body, headers=good).status_code == 204
    assert httpx.post(partner.url, content=body, headers=good).status_code == 204
    assert len(partner.events) == 1


def test_a_rotated_secret_signs_beside_the_old_one_for_the_grace_period(partner, operator_admin):
    old = partner.secret
    now = utcnow()
    with db.session_scope() as session:
        new, until = webhooks.rotate_secret(session, operator_admin, partner.endpoint_id, now=now)
    assert new.startswith("whsec_") and new != old and until == now + webhooks.ROTATION_GRACE
    make_change()
    fan_out(now)
    recorder = Recorder()
    assert webhooks.deliver_due(now=now, client=recorder.client()) == 1
    [request] = recorder.requests
    headers = _headers(request)
    assert len(headers["webhook-signature"].split(" ")) == 2
    # A partner still on the old secret and one already on the new both accept it.
    assert Webhook(old).verify(request.content, headers) and Webhook(new).verify(request.content, headers)
    assert receiver.verify(request.content, headers, old) and receiver.verify(request.content, headers, new)

    # After the grace period only the new secret signs.
    make_change("unavailable")
    later = now + webhooks.ROTATION_GRACE + timedelta(seconds=1)
    fan_out(later)
    assert webhooks.deliver_due(now=later, client=recorder.client()) == 1
    headers = _headers(recorder.requests[-1])
    assert " " not in headers["webhook-signature"]
    assert Webhook(new).verify(recorder.requests[-1].content, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(recorder.requests[-1].content, headers)
    with db.session_scope() as session:
        audit_text = json.dumps([(a.action, a.before, a.after) for a in session.exec(select(AuditEvent)).all()])
    assert "webhook.rotate_secret" in audit_text and new not in audit_text and old not in audit_text


def test_only_admins_rotate_and_not_a_deactivated_endpoint(partner, operator_admin):
    with db.session_scope() as session:
        editor = accounts.create_editor(session, username="editor-rot", display_name="Editor", password="x" * 12,
                                        operator=True)
    with db.session_scope() as session, pytest.raises(PermissionDenied):
        webhooks.rotate_secret(session, editor, partner.endpoint_id)
    with db.session_scope() as session:
        webhooks.deactivate_endpoint(session, operator_admin, partner.endpoint_id)
    with db.session_scope() as session, pytest.raises(InvalidInput):
        webhooks.rotate_secret(session, operator_admin, partner.endpoint_id)
    with db.session_scope() as session, pytest.raises(NotFound):
        webhooks.rotate_secret(session, operator_admin, 424242)


def test_the_delivery_log_shows_neither_the_secret_nor_the_query_string(operator_admin, local_partners):
    with db.session_scope() as session:
        _id, secret = webhooks.register_endpoint(
            session, operator_admin, name="Mitra kunci", url=f"http://127.0.0.1:{free_port()}/hook?access_token=s3cr3t-t0ken")
    make_change()
    fan_out(utcnow())
    recorder = Recorder(fail_with="cannot reach {url} (key " + secret + ")")
    assert webhooks.deliver_due(client=recorder.client()) == 0
    with db.session_scope() as session:
        [entry] = webhooks.list_deliveries(session, operator_admin)
    assert "cannot reach http://127.0.0.1:" in entry.last_error and "/hook" in entry.last_error
    assert "s3cr3t" not in entry.last_error and "access_token" not in entry.last_error
    assert secret not in entry.last_error and "whsec_" not in entry.last_error


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


def test_an_unreachable_receiver_is_logged_and_retried(operator_admin, local_partners):
    with db.session_scope() as session:
        webhooks.register_endpoint(session, operator_admin, name="Mitra mati", url=f"http://127.0.0.1:{free_port()}/x")
    now = utcnow()
    make_change()
    fan_out(now)
    assert webhooks.deliver_due(now=now) == 0
    row = delivery()
    assert row.last_status is None and "ConnectError" in row.last_error and not row.gave_up


def test_events_before_registration_and_after_deactivation_are_not_sent(partner, operator_admin):
    # The seed's events are still waiting for the fan-out; they happened before the partner registered.
    now = utcnow()
    fan_out(now)
    assert webhooks.deliver_due(now=now) == 0 and partner.events == []

    make_change()
    fan_out(now)
    with db.session_scope() as session:
        webhooks.deactivate_endpoint(session, operator_admin, partner.endpoint_id)
    assert webhooks.deliver_due(now=now) == 0 and partner.events == []
    assert delivery().gave_up and delivery().last_error == webhooks.DEACTIVATED


def test_only_admins_register_and_the_secret_is_shown_once(operator_admin, db_url):
    with db.session_scope() as session:
        editor = accounts.create_editor(session, username="editor-webhook", display_name="Editor",
                                        password="x" * 12, operator=True)
    with db.session_scope() as session, pytest.raises(PermissionDenied):
        webhooks.register_endpoint(session, editor, name="Mitra", url="https://mitra.example/hook")
    for bad in ("ftp://mitra.example/", "mitra.example/hook", "https://user:pw@mitra.example/", "https://",
                "https://mitra.example/" + "a" * 600, None, "https://mitra.example:0/", "https://mitra.example:99999/"):
        with db.session_scope() as session, pytest.raises(InvalidInput):
            webhooks.register_endpoint(session, operator_admin, name="Mitra", url=bad)
    with db.session_scope() as session:
        _id, secret = webhooks.register_endpoint(session, operator_admin, name="Mitra", url="https://mitra.example/hook")
    with db.session_scope() as session:
        listed = webhooks.list_endpoints(session, editor)
        audit_text = json.dumps([(a.before, a.after) for a in session.exec(select(AuditEvent)).all()])
    assert secret.startswith("whsec_")
    assert [e.name for e in listed] == ["Mitra"] and not hasattr(listed[0], "secret")
    assert secret not in repr(listed) and secret not in audit_text


def test_the_docs_quote_the_tested_example_verbatim():
    guide = (PROJECT_ROOT / "docs" / "webhooks.md").read_text()
    assert f"```python\n{EXAMPLE.read_text()}```" in guide
    for header in ("webhook-id", "webhook-timestamp", "webhook-signature", "X-Imigrasi-Event", "X-Imigrasi-Attempt"):
        assert f"`{header}`" in guide
    assert "from standardwebhooks import" in EXAMPLE.read_text() and "TOLERANCE_SECONDS = 5 * 60" in guide
    assert "IMIGRASI_WEBHOOK_ALLOWED_HOSTS" in guide
    assert "`IMIGRASI_WEBHOOK_ALLOWED_HOSTS`" in (PROJECT_ROOT / "README.md").read_text()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
                                 "http://10.1.2.3/hook", "http://192.168.0.10/", "http://172.16.5.4/",
                                 "http://169.254.169.254/latest/meta-data", "http://[fe80::1]/", "http://[fd00::1]/",
                                 "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/"])
def test_local_and_private_addresses_are_refused_at_registration(operator_admin, url):
    with db.session_scope() as session, pytest.raises(InvalidInput) as refused:
        webhooks.register_endpoint(session, operator_admin, name="Mitra", url=url)
    assert "IMIGRASI_WEBHOOK_ALLOWED_HOSTS" in refused.value.message and "/" in refused.value.message


def test_the_allow_list_takes_names_addresses_and_networks(monkeypatch):
    ip = ipaddress.ip_address
    assert webhooks.allowed_address("partner.example", ip("93.184.215.14"))
    assert webhooks.allowed_address("partner.example", ip("2606:4700::1111"))
    assert not webhooks.allowed_address("partner.example", ip("10.0.0.7"))
    monkeypatch.setenv("IMIGRASI_WEBHOOK_ALLOWED_HOSTS", "intranet.mitra.go.id, 10.20.0.0/16,[fd00::5]")
    assert webhooks.allowed_address("Intranet.Mitra.go.id.", ip("10.9.9.9"))
    assert webhooks.allowed_address("other.example", ip("10.20.3.4"))
    assert webhooks.allowed_address("other.example", ip("fd00::5"))
    assert not webhooks.allowed_address("other.example", ip("10.21.0.1"))
    assert not webhooks.allowed_address("other.example", ip("127.0.0.1"))


def test_a_name_that_resolves_to_loopback_is_refused_at_delivery(operator_admin, monkeypatch):
    # Allowed while it is registered, then the operator takes it off the list: the name is
    # resolved again before the attempt, and nothing is sent.
    monkeypatch.setenv("IMIGRASI_WEBHOOK_ALLOWED_HOSTS", "localhost")
    port = free_port()
    with db.session_scope() as session:
        _id, secret = webhooks.register_endpoint(session, operator_admin, name="Mitra lokal", url=f"http://localhost:{port}/")
    partner = Partner(port, secret)
    try:
        monkeypatch.delenv("IMIGRASI_WEBHOOK_ALLOWED_HOSTS")
        make_change()
        fan_out(utcnow())
        assert webhooks.deliver_due() == 0
    finally:
        partner.server.shutdown()
        partner.server.server_close()
    row = delivery()
    assert partner.events == [] and row.last_status is None and not row.gave_up
    assert "localhost" in row.last_error and "IMIGRASI_WEBHOOK_ALLOWED_HOSTS" in row.last_error


def test_a_redirect_is_not_followed(operator_admin, local_partners, partner):
    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(307)
            self.send_header("Location", partner.url)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Redirect)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        with db.session_scope() as session:
            webhooks.deactivate_endpoint(session, operator_admin, partner.endpoint_id)
            webhooks.register_endpoint(session, operator_admin, name="Mitra pindah", url=f"http://127.0.0.1:{port}/")
        make_change()
        fan_out(utcnow())
        assert webhooks.deliver_due() == 0
    finally:
        server.shutdown()
        server.server_close()
    row = delivery()
    assert row.last_status == 307 and row.last_error == "HTTP 307" and partner.events == []


def test_several_workers_deliver_each_event_once(cheap_argon2, postgres_url, monkeypatch, local_partners):
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

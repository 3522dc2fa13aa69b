"""Fault 7 of docs/reliability.md: a webhook receiver that hangs.

One partner's server accepts the connection and never answers; another partner runs the
example receiver of docs/webhooks.md. Both are registered, three changes are made, and the
sender runs with a one-second timeout (the real one is 10 s; the test keeps its time short).
The working partner gets all three events in the first round, within one timeout, and the
hanging one is tried once and retried later; nothing is lost.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from imigrasi_site.core import db, notify, webhooks
from imigrasi_site.core.models import WebhookDelivery, WebhookEndpoint, utcnow
from tests.support.harness import free_port
from tests.support.webhooks import Partner, make_change

TIMEOUT_SECONDS = 1.0


class HangingReceiver:
    """Accepts connections, reads what comes, never answers."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.stopped.set()
        for conn in self.connections:
            conn.close()
        self.sock.close()


@pytest.fixture
def partners(operator_admin, local_partners):
    hanging = HangingReceiver()
    port = free_port()
    with db.session_scope() as session:
        webhooks.register_endpoint(session, operator_admin, name="Mitra macet", url=f"http://127.0.0.1:{hanging.port}/hook")
        working_id, secret = webhooks.register_endpoint(session, operator_admin, name="Mitra sehat",
                                                        url=f"http://127.0.0.1:{port}/imigrasi")
    working = Partner(port, secret)
    yield hanging, working, working_id
    hanging.close()
    working.server.shutdown()
    working.server.server_close()


def test_a_hanging_receiver_delays_other_partners_by_at_most_one_timeout(partners):
    hanging, working, working_id = partners
    now = utcnow()
    for availability in ("limited", "unavailable", "normal"):
        make_change(availability)
        with db.session_scope() as session:
            notify.fan_out(session, now=now)
    client = httpx.Client(timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False)
    started = time.monotonic()
    delivered = webhooks.deliver_due(now=now, client=client)
    took = time.monotonic() - started
    client.close()

    assert delivered == 3 and len(working.events) == 3
    assert [e["data"]["changes"][0]["new"] for e in working.events] == ["limited", "unavailable", "normal"]
    assert took < 2 * TIMEOUT_SECONDS, f"the round took {took:.1f}s: the hanging receiver held up the others"
    assert len(hanging.connections) == 1, "after its first timeout the hanging endpoint is not tried again"

    with db.session_scope() as session:
        rows = session.exec(select(WebhookDelivery, WebhookEndpoint.name)
                            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)).all()
        waiting = [d for d, name in rows if name == "Mitra macet"]
        assert len(waiting) == 3 and all(d.delivered_at is None and not d.gave_up for d in waiting)
        tried = [d for d in waiting if d.attempts == 1]
        assert len(tried) == 1 and "Timeout" in tried[0].last_error
        # The ones not tried wait for the same retry, and have used none of their attempts.
        assert {d.next_attempt_at for d in waiting} == {now + webhooks.backoff(1)}
        assert sum(d.attempts for d in waiting) == 1
        assert all(d.delivered_at == now for d, name in rows if name == "Mitra sehat")
    # Nothing more is due before the retry time.
    assert webhooks.deliver_due(now=now + timedelta(seconds=1)) == 0

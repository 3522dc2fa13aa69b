"""A database whose network drops packets instead of refusing them, as in a data-centre failure.

Without a bound, a heartbeat or an editor's save on an open connection waits for the kernel's TCP
timeout (about 15 minutes) and holds a worker thread all that time. Here both get the answer they
give when the database is down within seconds, and work again when the link is back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from imigrasi_site.core import accounts, db, heartbeats
from imigrasi_site.core.models import Office
from imigrasi_site.core.seed import seed
from imigrasi_site.http.heartbeats import HeartbeatRoutes
from tests.support.partition import Partition
from tests.support.routes import reflex_stand_in
from tests.support.services import postgres_schema

OFFICE = "kanim-putussibau"
# The libpq user timeout (5 s) for the request no one acknowledges, then a new connection's timeout
# (3 s) for the pool's next try, with room for a loaded machine.
NOTICED_WITHIN = 15.0


def _beat(client: TestClient, token: str) -> int:
    return client.post(f"/api/v1/heartbeats/{OFFICE}", json={"note": "partisi"},
                       headers={"Authorization": f"Bearer {token}"}).status_code


def _read_offices(url: str) -> None:
    with db.session_scope(url) as session:
        session.exec(select(Office.id)).first()


def _within(seconds: float, call: Callable[[], Any]) -> Any:
    """What `call` returns or raises, if it does so within `seconds`; a failed test, not a hung one, if not."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"still waiting for the database after {seconds:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_a_silent_network_failure_is_noticed_within_seconds_and_the_link_coming_back_heals(cheap_argon2, monkeypatch):
    with postgres_schema() as (_schema, direct_url), Partition("127.0.0.1", 5432) as link:
        db.migrate(direct_url)
        with db.session_scope(direct_url) as session:
            seed(session)
            admin = accounts.create_editor(session, username="admin-partisi", display_name="Admin",
                                           password="x" * 12, role="admin", operator=True)
            token = heartbeats.create_token(session, admin, OFFICE)
        url = direct_url.replace("127.0.0.1:5432", f"{link.host}:{link.port}")
        assert url != direct_url
        monkeypatch.setenv("IMIGRASI_DB_URL", url)
        monkeypatch.setenv("REFLEX_DB_URL", url)
        client = TestClient(HeartbeatRoutes(reflex_stand_in), base_url="http://site.test")  # type: ignore[arg-type]
        try:
            assert _beat(client, token) == 204  # the office's first heartbeat
            assert _beat(client, token) == 204  # the usual one: a pooled autocommit connection stays open
            _read_offices(url)  # and so does an editor's pooled connection

            link.drop()
            assert _within(NOTICED_WITHIN, lambda: _beat(client, token)) == 503
            with pytest.raises(db.DATABASE_ERRORS):
                _within(NOTICED_WITHIN, lambda: _read_offices(url))

            link.heal()
            assert _beat(client, token) == 204
            _read_offices(url)
        finally:
            db.get_engine(url).dispose()
            db.quick_write_engine(url).dispose()

"""The signals workspace state and the bulk change's prefill, called as the browser would."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest
from reflex.istate.data import ReflexURL

from imigrasi_site.core import accounts, db, heartbeats, signals
from imigrasi_site.core.models import utcnow
from imigrasi_site.ui.state.availability import AvailabilityEditorState
from imigrasi_site.ui.state.signals import SignalsState
from tests.support import accounts as signing
from tests.support.states import make_state

PASSWORD = "sinyal-uji-panjang"


@pytest.fixture
def admin_token(cheap_argon2, db_url, monkeypatch) -> str:
    with db.session_scope(db_url) as session:
        accounts.create_editor(session, username="admin-ui", display_name="Admin UI", password=PASSWORD,
                               role="admin", operator=True)
    with db.session_scope(db_url) as session:
        return signing.sign_in(session, username="admin-ui", password=PASSWORD, client_address="127.0.0.1")[1]


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_signal_link_fills_in_the_bulk_change(db_url, admin_token):
    _root, state = make_state(AvailabilityEditorState, admin_token)
    path = signals.prefill_path(("kanim-putussibau", "kanim-entikong"), ("passport_application",))
    state.router = dataclasses.replace(state.router, url=ReflexURL("http://localhost:3000" + path))
    run(state.event_handlers["load"].fn(state))
    assert state.error == ""
    assert state.form["office_codes"] == "kanim-putussibau, kanim-entikong"
    assert state.form["service"] == "passport_application" and state.form["availability"] == "limited"
    run(state.event_handlers["preview"].fn(state))
    assert state.preview_count >= 1 and state.error == ""


def test_an_unknown_service_in_the_link_is_dropped(db_url, admin_token):
    _root, state = make_state(AvailabilityEditorState, admin_token)
    state.router = dataclasses.replace(state.router, url=ReflexURL(
        "http://localhost:3000/admin/status?offices=kanim-putussibau&service=<script>&availability=gone"))
    run(state.event_handlers["load"].fn(state))
    assert state.form["service"] == "" and state.form["office_codes"] == "kanim-putussibau"
    assert state.form["availability"] == "limited"


def test_the_page_shows_signals_and_a_new_token_only_once(db_url, admin_token):
    _root, state = make_state(SignalsState, admin_token)
    run(state.event_handlers["create_token"].fn(state, {"office_code": "kanim-putussibau"}))
    assert state.error == "" and state.new_token_for == "kanim-putussibau" and len(state.new_token) > 30
    token = state.new_token
    with db.session_scope(db_url) as session:
        report = heartbeats.parse_report(b"")
        assert heartbeats.ingest(session, "kanim-putussibau", token, report,
                                 now=utcnow() - timedelta(minutes=20)) == heartbeats.ACCEPTED
        signals.evaluate(session)
    run(state.event_handlers["load"].fn(state))
    assert state.new_token == ""
    [row] = state.signals
    assert row.is_open and "kehilangan kontak" in row.what and "lost contact" in row.what_en
    assert row.where == "kanim-putussibau" and row.prefill.startswith("/admin/status?")
    [contact] = state.contacts
    assert contact.code == "kanim-putussibau" and contact.has_token and contact.last.endswith("WIB")
    run(state.event_handlers["show_history"].fn(state, "kanim-putussibau"))
    assert state.history_office == "kanim-putussibau" and len(state.history) == 1
    run(state.event_handlers["confirm"].fn(state, row.id))
    assert state.signals[0].confirmed.startswith("Ditangani oleh Admin UI")
    run(state.event_handlers["add_check"].fn(state, {"name": "SIMKIM", "url": "ftp://x"}))
    assert "URL" in state.error
    run(state.event_handlers["add_check"].fn(state, {"name": "SIMKIM", "url": "https://simkim.example/health"}))
    assert state.error == "" and state.checks[0].expects == "GET → 200" and state.checks[0].every == "60 s / 10 s"
    run(state.event_handlers["set_auto_marking"].fn(state, "passport_application", True))
    assert [a.code for a in state.auto if a.enabled] == ["passport_application"]

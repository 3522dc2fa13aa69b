"""The public subscribe handler, called the way any websocket client could call it."""

from __future__ import annotations

import asyncio

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import func, select

from imigrasi_site.core import db, subscriptions
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import OutboxMessage, Subscription
from imigrasi_site.ui.state.subscribe import SubscribeState

OFFICE_PATH = "/kantor/kanim-putussibau"
CHECK_INBOX = t("subscribe_check_inbox", "id", days=7)


def make_state(path: str = OFFICE_PATH, client_ip: str = "203.0.113.20", lang: str = "id"):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(SubscribeState.get_full_name().split("."))
    # As Reflex's router gives it: an office page's `code` among the page's parameters.
    query = {"code": path.removeprefix("/kantor/")} if path.startswith("/kantor/") else {}
    state.router = RouterData.from_router_data({"pathname": path, "asPath": path, "ip": client_ip, "query": query,
                                                "headers": {"origin": "http://localhost:3000"}})
    state.lang_cookie = lang
    return root, state


def submit(state, form):
    return asyncio.run(state.event_handlers["subscribe"].fn(state, form))


def counts() -> tuple[int, int]:
    with db.session_scope() as session:
        return (session.exec(select(func.count()).select_from(Subscription)).one(),
                session.exec(select(func.count()).select_from(OutboxMessage)).one())


def test_a_visitor_subscribes_to_the_office_of_the_page(db_url):
    root, state = make_state()
    submit(state, {"email": "pelancong@contoh.id", "scope": "office"})
    assert state.message == CHECK_INBOX and not state.failed and state.message_for == "kanim-putussibau"
    with db.session_scope() as session:
        [row] = session.exec(select(Subscription)).all()
    assert row.email == "pelancong@contoh.id" and row.office_id and row.service_id is None and row.lang == "id"
    assert counts() == (1, 1)
    # The address is in no state a browser receives.
    assert "pelancong" not in repr(root.dict())


def test_each_scope_of_the_office_form_and_the_all_notices_form(db_url):
    _root, state = make_state(lang="en")
    submit(state, {"email": "a@contoh.id", "scope": "pair", "service": "stay_permit"})
    submit(state, {"email": "b@contoh.id", "scope": "service", "service": "stay_permit"})
    _root, notices_page = make_state(path="/pengumuman")
    submit(notices_page, {"email": "c@contoh.id", "scope": "all"})
    assert notices_page.message == CHECK_INBOX and notices_page.message_for == "*"
    with db.session_scope() as session:
        rows = {r.email: r for r in session.exec(select(Subscription)).all()}
    assert rows["a@contoh.id"].office_id and rows["a@contoh.id"].service_id and rows["a@contoh.id"].lang == "en"
    assert rows["b@contoh.id"].office_id is None and rows["b@contoh.id"].service_id
    assert rows["c@contoh.id"].office_id is None and rows["c@contoh.id"].service_id is None
    assert state.message == t("subscribe_check_inbox", "en", days=7)


@pytest.mark.parametrize("form", [None, "email=a@b.id", ["a@contoh.id"], 42, {"email": ["a@contoh.id"]},
                                  {"email": {"$ne": ""}}, {}])
def test_malformed_form_data_is_refused_and_nothing_is_stored(db_url, form):
    _root, state = make_state()
    submit(state, form)
    assert state.failed and state.message == subscriptions.BAD_EMAIL.text("id")
    assert counts() == (0, 0)


def test_huge_values_are_refused_quickly_and_nothing_is_stored(db_url):
    _root, state = make_state()
    submit(state, {"email": "a" * 1_000_000 + "@contoh.id", "scope": "office"})
    assert state.failed and state.message == subscriptions.BAD_EMAIL.text("id")
    submit(state, {"email": "a@contoh.id", "scope": "pair", "service": "s" * 1_000_000})
    assert state.failed and state.message == subscriptions.UNKNOWN_SERVICE.text("id")
    submit(state, {"email": "a@contoh.id", "scope": "x" * 1_000_000})  # an unknown scope: the one the radios show
    assert state.message == CHECK_INBOX
    assert len(state.message) < 500
    with db.session_scope() as session:
        assert [(r.office_id is not None, r.service_id) for r in session.exec(select(Subscription)).all()] == [
            (True, None)]


@pytest.mark.parametrize("path", ["/kantor/tidak-ada", "/kantor/" + "x" * 5000, "/kantor/kanim-putussibau/../x"])
def test_an_unknown_office_gets_a_clear_message(db_url, path):
    _root, state = make_state(path=path)
    submit(state, {"email": "a@contoh.id", "scope": "office"})
    assert state.failed and state.message == subscriptions.UNKNOWN_OFFICE.text("id")
    assert counts() == (0, 0)


def test_an_office_scope_off_an_office_page_never_becomes_all_notices(db_url):
    _root, state = make_state(path="/pengumuman")
    submit(state, {"email": "a@contoh.id", "scope": "office"})
    assert state.failed and state.message == subscriptions.UNKNOWN_OFFICE.text("id")
    submit(state, {"email": "a@contoh.id", "scope": "service"})
    assert state.failed and state.message == t("subscribe_choose_service", "id")
    assert counts() == (0, 0)


def test_too_many_requests_from_one_client_get_the_rate_limit_message(db_url):
    _root, state = make_state(client_ip="198.51.100.77")
    for n in range(subscriptions.MAX_PER_CLIENT):
        submit(state, {"email": f"orang{n}@contoh.id", "scope": "office"})
        assert not state.failed
    submit(state, {"email": "lagi@contoh.id", "scope": "office"})
    assert state.failed and state.message == subscriptions.TOO_MANY.text("id")
    assert counts()[0] == subscriptions.MAX_PER_CLIENT


def test_set_scope_accepts_only_the_offered_choices(db_url):
    _root, state = make_state()
    for value, expected in (("pair", "pair"), ("all", "office"), (None, "office"), ("x" * 10_000, "office")):
        state.event_handlers["set_scope"].fn(state, value)
        assert state.scope == expected


def test_a_refusal_is_in_the_visitors_language_only(db_url):
    _root, state = make_state(lang="en")
    submit(state, {"email": "not-an-address", "scope": "office"})
    assert state.failed and state.message == "That email address is not valid. Check it, e.g. name@example.com."
    _root, state = make_state(path="/kantor/tidak-ada", lang="en")
    submit(state, {"email": "a@contoh.id", "scope": "office"})
    assert state.failed and state.message == "Unknown office."

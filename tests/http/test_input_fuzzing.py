"""The confirm and unsubscribe pages and the heartbeat endpoint, fed whatever a client can send.

The routes are called in process through the same wrappers the app puts around Reflex
(imigrasi_site.py's api_transformer, then the security headers), over a seeded database.
Hypothesis draws methods, query strings, form bodies of any size and encoding, and headers.
Whatever comes in: never a server error, and every refusal says what is wrong (a bilingual
page for people, a JSON error with a code and a message for machines). The subscribe form
itself is a Reflex state, fuzzed in tests/ui/test_handler_fuzzing.py.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from starlette.testclient import TestClient

from imigrasi_site.core import accounts, db, heartbeats, subscriptions
from imigrasi_site.core.mail_links import CONFIRM_PATH, UNSUBSCRIBE_PATH, link_token
from imigrasi_site.core.models import Subscription
from imigrasi_site.http.headers import outermost
from imigrasi_site.http.heartbeats import HeartbeatRoutes
from imigrasi_site.http.paths import PagePathMiddleware
from imigrasi_site.http.public_pages import PublicPages
from imigrasi_site.http.routes import PublicRoutes
from imigrasi_site.http.session_routes import SessionRoutes
from imigrasi_site.http.subscriptions import with_subscription_pages
from tests.support.routes import reflex_stand_in

# The huge strings make Hypothesis warn that its own reports of an example are large.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
FUZZ = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
OFFICE = "kanim-denpasar"

TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
HUGE = st.builds(lambda c, n: c * n, st.sampled_from(["a", "%", "é", "=", "&", "\x00", "+"]),
                 st.sampled_from([2000, 8000]))  # uvicorn takes request lines up to 16 KiB
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
                      max_size=60)
HEADERS = st.dictionaries(
    st.sampled_from(["content-type", "x-forwarded-for", "accept-language", "cookie", "origin", "referer",
                     "user-agent", "accept", "authorization"]), HEADER_TEXT.map(lambda s: s.encode("latin-1")),
    max_size=4)


def app_client() -> tuple[TestClient, dict[type, object]]:
    """The app's own chain of route wrappers, with a stand-in for the Reflex pages inside; and the layers."""
    app, layers = reflex_stand_in, {}
    for layer in (PagePathMiddleware, PublicPages, PublicRoutes, HeartbeatRoutes, with_subscription_pages,
                  SessionRoutes):
        app = layers[layer] = layer(app)
    return TestClient(outermost(app), base_url="http://site.test", raise_server_exceptions=False), layers


@pytest.fixture
def real_token(db_url) -> str:
    """A pending subscription's link token: with it, the fuzzer also reaches the pages' real answers."""
    with db.session_scope(db_url) as session:
        subscriptions.subscribe(session, email="fuzz@example.org", office_code=OFFICE, lang="id",
                                client_address="192.0.2.1")
    with db.session_scope(db_url) as session:
        return link_token(session.exec(select(Subscription)).one())


def _query(tokens: list[str], extra: dict[str, str], raw: str) -> str:
    # The raw part keeps what breaks parsers (stray %, &, =, +) and quotes only what no URL may hold.
    parts = [urlencode({"token": t}) for t in tokens] + ([urlencode(extra)] if extra else []) + (
        [quote(raw, safe="%&=+;")] if raw else [])
    return "&".join(parts)


def _body(kind: str, token: str, raw: bytes) -> bytes:
    if kind == "form":
        return urlencode({"token": token}).encode()
    if kind == "fields":
        return "&".join(f"f{i}=x" for i in range(50)).encode()
    if kind == "huge":
        return b"token=" + b"a" * 10_000
    return raw


def _assert_clear_page(response) -> None:
    assert response.status_code < 500 or response.status_code == 503, response.status_code
    if response.status_code == 405:
        return  # Starlette's own refusal of a method the route does not take
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    body = response.text
    # Both languages, and no Python error text.
    assert "<h1>" in body and " / " in body and "Traceback" not in body
    if response.status_code >= 400:
        assert response.status_code in (404, 413, 429, 503), response.status_code


@pytest.mark.parametrize("path", [CONFIRM_PATH, UNSUBSCRIBE_PATH])
def test_the_link_pages_answer_anything_with_a_clear_page(db_url, real_token, path, monkeypatch):
    # The limit per client would turn most examples into 429 pages; it is tested on its own.
    monkeypatch.setattr(subscriptions, "MAX_LINK_VISITS_PER_CLIENT", 10**6)
    client, _layers = app_client()
    token = st.one_of(st.just(real_token), st.just(real_token + "x"), st.just(real_token[:-1]), TEXT, HUGE)

    @FUZZ
    @given(method=st.sampled_from(["GET", "POST", "PUT", "HEAD"]), tokens=st.lists(token, max_size=3),
           extra=st.dictionaries(TEXT, TEXT, max_size=3), raw=st.one_of(st.just(""), TEXT, HUGE),
           body_kind=st.sampled_from(["form", "fields", "huge", "raw"]), body_token=token,
           raw_body=st.binary(max_size=300), headers=HEADERS)
    def fuzz(method, tokens, extra, raw, body_kind, body_token, raw_body, headers):
        url = f"{path}?{_query(tokens, extra, raw)}"[:12_000]  # a server takes request lines up to 16 KiB
        content = _body(body_kind, body_token, raw_body) if method == "POST" else None
        response = client.request(method, url, content=content, headers=headers)
        seen.add(response.status_code)
        if method == "HEAD":
            assert response.status_code < 500
            return
        _assert_clear_page(response)

    seen: set[int] = set()
    fuzz()
    assert {200, 404} <= seen  # the examples did reach the real answers, not only refusals


def test_too_many_link_visits_get_a_clear_page(db_url):
    client, _layers = app_client()
    statuses = [client.get(f"{CONFIRM_PATH}?token=guess{i}").status_code
                for i in range(subscriptions.MAX_LINK_VISITS_PER_CLIENT + 1)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {404}
    response = client.get(f"{CONFIRM_PATH}?token=guess")
    _assert_clear_page(response)
    assert response.headers["retry-after"]


@pytest.fixture
def heartbeat_token(cheap_argon2, db_url) -> str:
    with db.session_scope(db_url) as session:
        admin = accounts.create_editor(session, username="admin-fz", display_name="Admin", password="x" * 12,
                                       role="admin", operator=True)
    with db.session_scope(db_url) as session:
        return heartbeats.create_token(session, admin, OFFICE)


JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                                     st.floats(allow_nan=False), TEXT),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                           max_leaves=10)
REPORT_KEYS = st.sampled_from(["queue_length", "counters_open", "waiting", "status", "sent_at", "version", "x"])


def test_the_heartbeat_endpoint_answers_anything_with_a_clear_error(db_url, heartbeat_token, monkeypatch):
    client, layers = app_client()
    # Per-address and per-office limits would answer 429 to most examples; they have their own tests.
    hb = layers[HeartbeatRoutes]
    hb._per_address.limit = hb._per_office.limit = 10**6
    offices = st.one_of(st.just(OFFICE), st.just("kanim-makassar"), TEXT.map(lambda s: quote(s, safe="")),
                        st.just("%2F..%2F"), st.just("a" * 64))
    auth = st.one_of(st.just(f"Bearer {heartbeat_token}"), st.just(f"bearer  {heartbeat_token} "),
                     st.just("Bearer "), st.just(f"Basic {heartbeat_token}"), HEADER_TEXT.map(lambda s: f"Bearer {s}"),
                     st.none())
    bodies = st.one_of(
        st.dictionaries(REPORT_KEYS, JSON_VALUES, max_size=5).map(lambda d: json.dumps(d).encode()),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200), st.just(b"{" * 5000), st.just(b'{"a": NaN}'), st.just(b"x" * 20_000),
        st.just(b"\xff\xfe{}"))

    @FUZZ
    @given(method=st.sampled_from(["POST", "POST", "POST", "GET", "PUT"]), office=offices, authorization=auth,
           body=bodies, headers=HEADERS, lie=st.sampled_from([None, "0", "99999999", "-1", "abc"]))
    def fuzz(method, office, authorization, body, headers, lie):
        headers = {k: v for k, v in headers.items() if k != "authorization"}
        if authorization is not None:
            headers["authorization"] = authorization.encode("latin-1")
        if lie is not None:
            headers["content-length"] = lie.encode()
        try:
            response = client.request(method, f"/api/v1/heartbeats/{office}", content=body, headers=headers)
        except Exception as error:  # noqa: BLE001  a lying Content-Length can stop the client itself
            assert lie is not None, error
            return
        assert response.status_code in (204, 400, 401, 404, 405, 413, 429), response.status_code
        seen.add(response.status_code)
        if response.status_code == 204:
            return
        if response.status_code == 404:
            return  # the path is not the endpoint's (an office code with a slash): the app's not-found page
        error = response.json()["error"]
        assert error["code"] and len(error["message"]) > 10

    seen: set[int] = set()
    fuzz()
    assert {204, 400, 401} <= seen


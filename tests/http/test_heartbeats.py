"""POST /api/v1/heartbeats/{office_code} in process: credentials, body checks, limits.

The route wrapper is called as the app wires it (outside PublicRoutes), over a seeded
SQLite database; nothing public changes whatever a heartbeat says.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from imigrasi_site.core import accounts, db, heartbeats
from imigrasi_site.core.models import OfficeHeartbeat, PublicRevision
from imigrasi_site.core.seed import seed
from imigrasi_site.http.heartbeats import HeartbeatRoutes
from imigrasi_site.http.routes import PublicRoutes
from tests.support.routes import FixedStore, reflex_stand_in
from tests.support.services import postgres_schema

OFFICE = "kanim-putussibau"
OTHER = "kanim-denpasar"


@pytest.fixture
def token(db_url, operator_admin) -> str:
    with db.session_scope(db_url) as session:
        heartbeats.create_token(session, operator_admin, OTHER)
        return heartbeats.create_token(session, operator_admin, OFFICE)


def client(snapshot=None) -> TestClient:
    # As in imigrasi_site.py: the heartbeat wrapper outside the public GET routes.
    inner = PublicRoutes(reflex_stand_in, FixedStore(snapshot)) if snapshot is not None else reflex_stand_in
    return TestClient(HeartbeatRoutes(inner), base_url="http://site.test")  # type: ignore[arg-type]


def post(c: TestClient, office: str, token: str | None, body: bytes | dict | None = None, **headers):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    content = json.dumps(body).encode() if isinstance(body, dict) else body
    return c.post(f"/api/v1/heartbeats/{office}", content=content, headers=headers)


def _last(db_url: str, office_code: str) -> OfficeHeartbeat | None:
    from imigrasi_site.core.models import Office
    with db.session_scope(db_url) as session:
        office_id = session.exec(select(Office.id).where(Office.code == office_code)).one()
        return session.get(OfficeHeartbeat, office_id)


def _revision(db_url: str) -> int:
    with db.session_scope(db_url) as session:
        row = session.get(PublicRevision, 1)
        return row.revision if row else 0


def test_a_heartbeat_with_a_report_is_stored_and_changes_nothing_public(db_url, token, snapshot):
    revision = _revision(db_url)
    response = post(client(snapshot), OFFICE, token, {"services": {"passport_application": "ok",
                                                                   "border_crossing": "degraded"},
                                                      "note": "Antrean normal"})
    assert response.status_code == 204 and response.headers["cache-control"] == "no-store"
    beat = _last(db_url, OFFICE)
    assert beat.degraded == "border_crossing" and beat.note == "Antrean normal"
    assert post(client(), OFFICE, token).status_code == 204  # no body: alive, nothing to report
    assert _last(db_url, OFFICE).degraded == ""
    assert _revision(db_url) == revision


def test_missing_wrong_revoked_and_rotated_tokens_and_unknown_offices_get_the_same_401(db_url, operator_admin, token):
    c = client()
    with db.session_scope(db_url) as session:
        other_token = heartbeats.rotate_token(session, operator_admin, OTHER)
    answers = [
        post(c, OFFICE, None),
        post(c, OFFICE, "not-the-token"),
        post(c, OFFICE, other_token),  # another office's token
        post(c, "kantor-yang-tidak-ada", token),
        post(c, "kantor-yang-tidak-ada", "not-the-token"),
        post(c, OFFICE, None, Authorization=f"Basic {token}"),
    ]
    with db.session_scope(db_url) as session:
        new_token = heartbeats.rotate_token(session, operator_admin, OFFICE)
    answers.append(post(c, OFFICE, token))  # the rotated-away token
    assert post(c, OFFICE, new_token).status_code == 204
    with db.session_scope(db_url) as session:
        heartbeats.revoke_token(session, operator_admin, OFFICE)
    answers.append(post(c, OFFICE, new_token))
    assert {r.status_code for r in answers} == {401}
    assert len({r.content for r in answers}) == 1
    assert all(r.headers["www-authenticate"].startswith("Bearer") for r in answers)
    with db.session_scope(db_url) as session:
        from imigrasi_site.core.models import AuditEvent
        actions = [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.action.startswith("heartbeat_token."))).all()]
    assert actions == ["heartbeat_token.create", "heartbeat_token.create", "heartbeat_token.rotate",
                       "heartbeat_token.rotate", "heartbeat_token.revoke"]


@pytest.mark.parametrize("body, field", [
    (b"{not json", "body"),
    (b"[1, 2]", "body"),
    ({"services": ["passport_application"]}, "services"),
    ({"services": {"passport_application": "broken"}}, "services.passport_application"),
    ({"services": {"no_such_service": "ok"}}, "services.no_such_service"),
    ({"note": "x" * 281}, "note"),
    ({"note": 5}, "note"),
    ({"status": "ok"}, "status"),
])
def test_a_malformed_body_gets_400_naming_the_field(db_url, token, body, field):
    response = post(client(), OFFICE, token, body)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == field and response.json()["error"]["code"] == "bad_body"
    assert _last(db_url, OFFICE) is None


def test_bodies_over_the_limit_are_refused_even_without_a_length(db_url, token):
    big = {"note": "", "services": {}, "pad": "x" * heartbeats.MAX_BODY_BYTES}
    assert post(client(), OFFICE, token, big).status_code == 413

    def chunks():
        for _ in range(10):
            yield b" " * 1024

    response = client().post(f"/api/v1/heartbeats/{OFFICE}", content=chunks(),
                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413
    assert _last(db_url, OFFICE) is None


def test_rate_limits_per_office_and_per_address(db_url, token, monkeypatch):
    monkeypatch.setenv("IMIGRASI_HEARTBEAT_RATE_PER_OFFICE", "3")
    monkeypatch.setenv("IMIGRASI_HEARTBEAT_RATE_PER_ADDRESS", "10")
    c = client()
    assert [post(c, OFFICE, token).status_code for _ in range(4)] == [204, 204, 204, 429]
    # Wrong tokens do not use up the office's allowance, but do count for the address.
    c2 = client()
    assert [post(c2, OFFICE, "wrong").status_code for _ in range(5)] == [401] * 5
    assert [post(c2, OFFICE, token).status_code for _ in range(3)] == [204, 204, 204]
    answers = [post(c2, OFFICE, "wrong") for _ in range(3)]
    assert [r.status_code for r in answers] == [401, 401, 429]
    assert answers[-1].headers["retry-after"] == "60"


def test_other_methods_and_other_paths_go_their_way(token, snapshot):
    c = client(snapshot)
    response = c.get(f"/api/v1/heartbeats/{OFFICE}")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert c.get("/api/v1/offices/kanim-putussibau").status_code == 200
    assert c.get("/kantor/kanim-putussibau").text == "reflex page"


def test_every_answer_is_as_the_openapi_document_says(db_url, token, monkeypatch, snapshot):
    from jsonschema import Draft202012Validator

    from imigrasi_site.http.openapi import HEARTBEAT_PATH
    from imigrasi_site.http.routes import api_document

    document = api_document(snapshot, "http://site.test")
    operation = document["paths"][HEARTBEAT_PATH]["post"]
    Draft202012Validator({**operation["requestBody"]["content"]["application/json"]["schema"],
                          "components": document["components"]}).validate(
        {"services": {"passport_application": "ok", "border_crossing": "degraded"}, "note": "..."})
    monkeypatch.setenv("IMIGRASI_HEARTBEAT_RATE_PER_OFFICE", "1")
    c = client()
    answers = [post(c, OFFICE, token), post(c, OFFICE, token), post(c, OFFICE, "wrong"),
               post(c, OFFICE, token, b"[]"), post(c, OFFICE, token, b"x" * 5000),
               c.get(f"/api/v1/heartbeats/{OFFICE}")]
    assert [a.status_code for a in answers] == [204, 429, 401, 400, 413, 405]
    for answer in answers[1:]:
        documented = operation["responses"][str(answer.status_code)]
        schema = documented["content"]["application/json"]["schema"]
        Draft202012Validator({**schema, "components": document["components"]}).validate(answer.json())


def test_the_example_sender_reaches_the_running_app(live_app, tmp_path):
    """docs/examples/heartbeat_sender.py against the real app: wired before the public routes."""
    import subprocess
    import sys

    from tests.support.harness import PROJECT_ROOT

    with db.session_scope(live_app.db_url) as session:
        admin = accounts.create_editor(session, username="admin-sender", display_name="Admin", password="x" * 12,
                                       role="admin", operator=True)
        token = heartbeats.rotate_token(session, admin, "kanim-entikong")
    token_file = tmp_path / "heartbeat.token"
    token_file.write_text(token + "\n")
    sender = [sys.executable, str(PROJECT_ROOT / "docs" / "examples" / "heartbeat_sender.py"), "--site",
              live_app.base_url, "--office", "kanim-entikong", "--service", "border_crossing=degraded",
              "--note", "Jaringan lambat"]
    done = subprocess.run(sender, env={"IMIGRASI_HEARTBEAT_TOKEN_FILE": str(token_file)}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    beat = _last(live_app.db_url, "kanim-entikong")
    assert beat.degraded == "border_crossing" and beat.note == "Jaringan lambat"
    refused = subprocess.run(sender, env={"IMIGRASI_HEARTBEAT_TOKEN": "salah"}, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 1 and "HTTP 401" in refused.stderr
    # The public API shows nothing of it.
    import httpx
    office = httpx.get(live_app.url("/api/v1/offices/kanim-entikong")).text
    assert "Jaringan lambat" not in office and "heartbeat" not in office.lower()


def test_random_requests_never_fail_on_our_side_and_store_nothing_without_the_token(db_url, token, monkeypatch):
    """A bounded, seeded fuzz of the endpoint: paths, headers and bodies as anyone could send them."""
    import random

    monkeypatch.setenv("IMIGRASI_HEARTBEAT_RATE_PER_ADDRESS", "100000")
    rng = random.Random(15)
    c = client()
    pieces = [b"{", b"}", b"[", b"]", b'"services"', b'"note"', b":", b",", b'"ok"', b'"degraded"', b"null",
              b"\x00", b"\xff\xfe", b"1e999", b'"passport_application"', b" ", "é".encode(), b"\\u0000"]
    offices = [OFFICE, OTHER, "x", "%00", "a" * 64, "kanim-putussibau/..", "ŝ"]
    for _ in range(300):
        body = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        auth = rng.choice([None, "Bearer wrong", "Bearer ", "bearer " + "x" * 200, "Token abc", "Bearer \x7f"])
        headers = {"Authorization": auth} if auth else {}
        if rng.random() < 0.2:
            headers["Content-Length"] = str(rng.choice([0, 10**9]))
        try:
            response = c.post(f"/api/v1/heartbeats/{rng.choice(offices)}", content=body, headers=headers)
        except Exception as error:  # a client refusing to send a malformed header is not our answer
            assert "header" in str(error).lower() or "content" in str(error).lower()
            continue
        if response.status_code == 200:  # a path that is not the endpoint's goes on to the pages
            assert response.text == "reflex page"
            continue
        assert response.status_code in (400, 401, 413), (body, headers, response.status_code)
        assert response.headers["content-type"] == "application/json"
    assert _last(db_url, OFFICE) is None and _last(db_url, OTHER) is None


def test_on_postgresql_a_heartbeat_is_one_autocommitted_statement_that_checks_the_token(cheap_argon2, monkeypatch):
    """The path bench/heartbeat_ingestion.py measures: PostgreSQL, the statement straight to the driver."""
    with postgres_schema() as (_schema, url):
        db.migrate(url)
        with db.session_scope(url) as session:
            seed(session)
            admin = accounts.create_editor(session, username="admin-hb", display_name="Admin", password="x" * 12,
                                           role="admin", operator=True)
            token = heartbeats.create_token(session, admin, OFFICE)
        monkeypatch.setenv("IMIGRASI_DB_URL", url)
        monkeypatch.setenv("REFLEX_DB_URL", url)
        c = client()
        report = {"services": {"passport_application": "degraded"}, "note": "Antrean panjang"}
        assert post(c, OFFICE, token, report).status_code == 204  # the office's first: its row is made
        first = _last(url, OFFICE)
        assert post(c, OFFICE, token, {"note": "Normal lagi"}).status_code == 204  # the usual one-statement case
        beat = _last(url, OFFICE)
        assert (beat.note, beat.degraded, beat.first_at) == ("Normal lagi", "", first.first_at)
        assert beat.last_at > first.last_at and beat.last_at.utcoffset().total_seconds() == 0
        with db.quick_write_engine(url).connect() as connection:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "off"
        with db.session_scope(url) as session:
            heartbeats.revoke_token(session, admin, OFFICE)
        assert post(c, OFFICE, token, {"note": "sesudah dicabut"}).status_code == 401
        assert _last(url, OFFICE).note == "Normal lagi"

"""Sign-in and sign-out as form POSTs: an HttpOnly cookie, answers that go back to a page, and
nothing accepted from another site."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import func, select
from starlette.testclient import TestClient

from imigrasi_site.core import accounts, db
from imigrasi_site.core.models import EditorSession, SignInAttempt
from imigrasi_site.http.forms import MAX_BODY
from imigrasi_site.http.session_routes import SessionRoutes
from tests.support.routes import SITE, echoing_stand_in

PASSWORD = "kata-sandi-rute-sesi"
CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:9/nothing"


@pytest.fixture
def client(cheap_argon2, db_url, monkeypatch) -> TestClient:
    monkeypatch.setenv("IMIGRASI_PUBLIC_URL", SITE)
    with db.session_scope(db_url) as session:
        accounts.create_editor(session, username="penyunting", display_name="P", password=PASSWORD, operator=True)
    return TestClient(SessionRoutes(echoing_stand_in), base_url=SITE, follow_redirects=False)


def _post(client: TestClient, form: dict, path: str = "/admin/masuk", origin: str | None = SITE, **headers):
    if origin is not None:
        headers["origin"] = origin
    return client.post(path, data=form, headers=headers)


def _sign_in(client: TestClient, **form):
    return _post(client, {"username": "penyunting", "password": PASSWORD, "next": "/admin/akun", **form})


def _attempts(url: str) -> int:
    with db.session_scope(url) as session:
        return session.exec(select(func.count()).select_from(SignInAttempt)).one()


def test_a_sign_in_sets_an_httponly_lax_cookie_and_goes_to_the_page_asked_for(client, db_url):
    response = _sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/admin/akun"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    token = cookie.split(";")[0].split("=", 1)[1]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path", "max-age", "samesite"} <= attributes and "secure" not in attributes
    assert "samesite=lax" in cookie.lower() and "path=/" in cookie.lower()
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, token).username == "penyunting"
    assert PASSWORD not in response.headers["location"]


def test_the_cookie_is_secure_when_the_site_is_https(client, monkeypatch):
    monkeypatch.setenv("IMIGRASI_PUBLIC_URL", "https://situs.example")
    response = _post(client, {"username": "penyunting", "password": PASSWORD}, origin="https://situs.example")
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize("target", ["/admin/..//evil.example/", "//evil.example", "https://evil.example/admin",
                                    "/kantor/kanim-denpasar"])
def test_after_sign_in_only_workspace_pages_are_reached(client, target):
    response = _sign_in(client, next=target)
    assert response.headers["location"] == "/admin"


def test_a_refusal_goes_back_to_the_form_with_the_user_name_but_never_the_password(client):
    response = _post(client, {"username": "penyunting", "password": "salah-salah-salah", "next": "/admin/audit"})
    assert response.status_code == 303 and "set-cookie" not in response.headers
    location = urlsplit(response.headers["location"])
    assert location.path == "/admin/masuk"
    assert parse_qs(location.query) == {"next": ["/admin/audit"], "user": ["penyunting"], "error": ["failed"]}
    assert "salah" not in response.headers["location"]


def test_a_slowed_client_is_told_how_long_to_wait(client):
    for _ in range(accounts.FREE_FAILURES_PER_ACCOUNT_AND_CLIENT):
        _post(client, {"username": "penyunting", "password": "salah-salah-salah"})
    response = _sign_in(client)
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["error"] == ["wait"] and int(query["wait"][0]) >= 1
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("headers", [
    {"origin": "https://evil.example"},
    {"origin": "null"},
    {"origin": None, "referer": "https://evil.example/login.html"},
    {"origin": None},  # neither: a browser always sends Origin with a POST
], ids=["other-origin", "opaque-origin", "other-referer", "no-origin"])
def test_a_form_from_another_site_is_refused_and_checks_nothing(client, db_url, headers):
    headers = dict(headers)
    response = _post(client, {"username": "penyunting", "password": PASSWORD}, origin=headers.pop("origin"),
                     **headers)
    assert response.status_code == 403 and "set-cookie" not in response.headers
    assert "tidak dikirim dari situs ini" in response.text and "not sent from this site" in response.text
    assert _attempts(db_url) == 0


def test_a_referer_of_the_site_is_enough_without_origin(client):
    response = _post(client, {"username": "penyunting", "password": PASSWORD}, origin=None,
                     referer=f"{SITE}/admin/masuk?next=/admin")
    assert response.status_code == 303 and response.headers["location"] == "/admin"


def test_a_body_over_the_limit_is_refused_also_when_chunked(client, db_url):
    big = {"username": "penyunting", "password": "x" * MAX_BODY}
    assert _post(client, big).status_code == 413

    def chunks():
        yield b"username=penyunting&password="
        for _ in range(MAX_BODY):
            yield b"x"

    response = client.post("/admin/masuk", content=chunks(), headers={
        "origin": SITE, "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert _attempts(db_url) == 0


def test_sign_out_ends_the_session_and_clears_the_cookie(client, db_url):
    token = _sign_in(client).headers["set-cookie"].split(";")[0].split("=", 1)[1]
    client.cookies.set(accounts.SESSION_COOKIE, token)
    response = _post(client, {}, path="/admin/keluar")
    assert response.status_code == 303 and response.headers["location"] == "/admin/masuk"
    cleared = response.headers["set-cookie"].lower()
    assert cleared.startswith(f"{accounts.SESSION_COOKIE}=") and "max-age=0" in cleared and "httponly" in cleared
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, token) is None
        assert session.exec(select(EditorSession)).one().revoked_at is not None


def test_another_site_cannot_sign_an_editor_out(client, db_url):
    token = _sign_in(client).headers["set-cookie"].split(";")[0].split("=", 1)[1]
    client.cookies.set(accounts.SESSION_COOKIE, token)
    assert _post(client, {}, path="/admin/keluar", origin="https://evil.example").status_code == 403
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, token) is not None


def test_the_sign_in_page_itself_and_other_requests_go_on_to_the_app(client):
    assert client.get("/admin/masuk").text == "page GET /admin/masuk"
    assert client.post("/admin/lain", headers={"origin": SITE}).text == "page POST /admin/lain"


def test_a_database_outage_is_said_on_the_form(client, monkeypatch):
    monkeypatch.setenv("IMIGRASI_DB_URL", CLOSED_PORT_URL)
    response = _sign_in(client)
    assert parse_qs(urlsplit(response.headers["location"]).query)["error"] == ["unavailable"]

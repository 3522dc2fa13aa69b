"""The second sign-in step as plain form POSTs: the enrolment page with its QR code, the recovery codes
shown once, the code form, and what the browser is told when a step fails."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from starlette.testclient import TestClient

from imigrasi_site.core import accounts, db, second_factor
from imigrasi_site.core.i18n import t
from imigrasi_site.http.session_routes import SessionRoutes
from imigrasi_site.ui.state.auth import sign_in_message
from tests.support.routes import SITE, echoing_stand_in

PASSWORD = "kata-sandi-langkah-dua"


@pytest.fixture
def client(cheap_argon2, db_url, monkeypatch) -> TestClient:
    monkeypatch.setenv("IMIGRASI_PUBLIC_URL", SITE)
    with db.session_scope(db_url) as session:
        admin = accounts.create_editor(session, username="admin-rute", display_name="A", password=PASSWORD,
                                       role="admin", operator=True)
        accounts.create_editor(session, username="penerbit", display_name="P", password=PASSWORD, role="publisher",
                               actor=admin)
        accounts.create_editor(session, username="penyunting", display_name="E", password=PASSWORD, actor=admin)
    return TestClient(SessionRoutes(echoing_stand_in), base_url=SITE, follow_redirects=False)


def _post(client: TestClient, form: dict, path: str = "/admin/masuk"):
    return client.post(path, data=form, headers={"origin": SITE})


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _password(client: TestClient, username: str = "penerbit", **form):
    return _post(client, {"username": username, "password": PASSWORD, "next": "/admin/akun", **form})


def _enrol(client: TestClient) -> tuple[str, list[str]]:
    page = _password(client)
    secret = re.search(r'<code id="secret">([^<]*)</code>', page.text).group(1).replace(" ", "")
    done = _post(client, {"step": "enrol", "pending": _hidden(page.text, "pending"), "next": "/admin/akun",
                          "code": pyotp.TOTP(secret).now()})
    return secret, re.findall(r"<li><code>([^<]*)</code></li>", done.text)


def _token(response) -> str:
    return response.headers["set-cookie"].split(";")[0].split("=", 1)[1]


def test_a_publisher_without_a_key_is_shown_the_enrolment_not_the_workspace(client, db_url):
    page = _password(client)
    assert page.status_code == 200 and "set-cookie" not in page.headers
    assert page.headers["cache-control"] == "no-store"
    assert t("tfa_enrol_title") in page.text and "<svg" in page.text and 'id="secret"' in page.text
    assert PASSWORD not in page.text
    # The QR code is inline: the page loads nothing from anywhere (no third-party QR service).
    assert "<img" not in page.text and "src=" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert _hidden(page.text, "step") == "enrol" and _hidden(page.text, "next") == "/admin/akun"


def test_enrolment_wrong_code_then_right_code_sets_the_cookie_and_shows_the_recovery_codes_once(client, db_url):
    page = _password(client)
    pending = _hidden(page.text, "pending")
    secret = re.search(r'<code id="secret">([^<]*)</code>', page.text).group(1).replace(" ", "")
    wrong = _post(client, {"step": "enrol", "pending": pending, "code": "000000", "next": "/admin/akun"})
    assert wrong.status_code == 200 and "set-cookie" not in wrong.headers
    assert t("second_step_wrong_code") in wrong.text and secret in wrong.text.replace(" ", "")
    done = _post(client, {"step": "enrol", "pending": pending, "code": pyotp.TOTP(secret).now(),
                          "next": "/admin/akun"})
    assert done.status_code == 200 and "httponly" in done.headers["set-cookie"].lower()
    codes = re.findall(r"<li><code>([^<]*)</code></li>", done.text)
    assert len(codes) == 10 and 'href="/admin/akun"' in done.text
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, _token(done)).username == "penerbit"


def test_sign_in_with_the_code_a_wrong_code_and_a_replayed_one(client, db_url):
    secret, _codes = _enrol(client)
    page = _password(client)
    assert page.status_code == 200 and t("tfa_code_title") in page.text
    assert "<svg" not in page.text and secret not in page.text  # the key is never shown again
    pending = _hidden(page.text, "pending")
    wrong = _post(client, {"step": "code", "pending": pending, "code": "123456", "next": "/admin/akun"})
    assert wrong.status_code == 200 and "set-cookie" not in wrong.headers
    assert t("second_step_wrong_code") in wrong.text
    # The enrolment used this time step's code; the app's next code works (one step of drift is allowed).
    code = pyotp.TOTP(secret).at(time.time() + second_factor.STEP_SECONDS)
    done = _post(client, {"step": "code", "pending": _hidden(wrong.text, "pending"), "code": code,
                          "next": "/admin/akun"})
    assert done.status_code == 303 and done.headers["location"] == "/admin/akun"
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, _token(done)).username == "penerbit"
    again = _post(client, {"step": "code", "pending": _hidden(_password(client).text, "pending"), "code": code})
    assert again.status_code == 200 and "set-cookie" not in again.headers


def test_a_recovery_code_signs_in_once(client):
    _secret, codes = _enrol(client)
    first = _post(client, {"step": "code", "pending": _hidden(_password(client).text, "pending"), "code": codes[0]})
    assert first.status_code == 303 and "set-cookie" in first.headers
    second = _post(client, {"step": "code", "pending": _hidden(_password(client).text, "pending"), "code": codes[0]})
    assert second.status_code == 200 and "set-cookie" not in second.headers


def test_wrong_codes_are_slowed_down_and_the_page_says_how_long(client):
    _enrol(client)
    pending = _hidden(_password(client).text, "pending")
    for _ in range(accounts.FREE_FAILURES_PER_ACCOUNT_AND_CLIENT):
        _post(client, {"step": "code", "pending": pending, "code": "000000"})
    slowed = _post(client, {"step": "code", "pending": pending, "code": "000000"})
    assert slowed.status_code == 200 and "set-cookie" not in slowed.headers
    assert t("sign_in_wait", "id", seconds=1).split("{")[0][:30] in slowed.text


def test_a_forged_or_old_pending_token_goes_back_to_the_password(client):
    _enrol(client)
    pending = _hidden(_password(client).text, "pending")
    for token in (pending[:-2] + "xx", "", "a.b"):
        response = _post(client, {"step": "code", "pending": token, "code": "000000", "next": "/admin/audit"})
        assert response.status_code == 303
        assert parse_qs(urlsplit(response.headers["location"]).query)["error"] == ["expired"]
    assert "kedaluwarsa" in sign_in_message({"error": "expired"})
    assert _post(client, {"step": "nonsense"}).status_code == 303


def test_an_editor_signs_in_with_the_password_alone_and_may_enrol(client, db_url):
    signed = _password(client, "penyunting")
    assert signed.status_code == 303
    client.cookies.clear()
    # Without a session there is nothing to enrol.
    refused = _post(client, {}, path="/admin/dua-langkah")
    assert refused.status_code == 303 and "error=failed" in refused.headers["location"]
    client.cookies.set(accounts.SESSION_COOKIE, _token(signed))
    page = _post(client, {}, path="/admin/dua-langkah")
    assert page.status_code == 200 and "<svg" in page.text and t("tfa_enrol_required") not in page.text
    secret = re.search(r'<code id="secret">([^<]*)</code>', page.text).group(1).replace(" ", "")
    done = _post(client, {"step": "enrol", "pending": _hidden(page.text, "pending"), "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and len(re.findall(r"<li><code>", done.text)) == 10
    client.cookies.clear()
    assert _password(client, "penyunting").status_code == 200  # now the code is asked for

"""CORS and security headers as the running app sends them (issue 12): public routes readable by
any origin without credentials, their preflights answered, everything else same-origin, the
workspace never cached, headers on odd-path errors, HSTS on https, and the pages' CSP."""

from __future__ import annotations

import re
import socket

import httpx
import pytest
from starlette.testclient import TestClient
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from imigrasi_site.http.headers import inline_script_hashes, outermost

EVIL = "https://evil.example"
PUBLIC_GETS = ["/api/v1/status", "/api/v1/offices?per_page=1", "/feeds/pengumuman.atom",
               "/badge/kantor/kanim-putussibau.svg", "/embed/status", "/kalender/kantor/kanim-putussibau.ics"]
PREFLIGHT = {"Origin": EVIL, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"}


def assert_security_headers(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'")
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", PUBLIC_GETS)
def test_public_routes_answer_any_origin_without_credentials(live_app, path):
    response = httpx.get(live_app.url(path), headers={"Origin": EVIL})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers


@pytest.mark.parametrize("path", ["/api/v1/offices", "/feeds/pengumuman.rss", "/badge/kantor/kanim-putussibau.svg"])
def test_a_cross_origin_preflight_of_a_public_route_gets_204(live_app, path):
    response = httpx.options(live_app.url(path), headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "GET" in response.headers["access-control-allow-methods"].split(", ")
    assert "if-none-match" in response.headers["access-control-allow-headers"].lower().split(", ")
    assert "access-control-allow-credentials" not in response.headers
    # And the GET that follows it is readable.
    follow = httpx.get(live_app.url(path), headers={"Origin": EVIL, "If-None-Match": '"x"'})
    assert follow.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", ["/ping", "/admin", "/kantor", "/langganan/berhenti"])
def test_everything_else_stays_same_origin(live_app, path):
    simple = httpx.get(live_app.url(path), headers={"Origin": EVIL})
    assert "access-control-allow-origin" not in simple.headers
    preflight = httpx.options(live_app.url(path), headers=PREFLIGHT)
    assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers
    assert_security_headers(preflight)  # even Reflex's own refusal carries them
    own = httpx.options(live_app.url(path), headers={**PREFLIGHT, "Origin": live_app.base_url})
    assert own.headers["access-control-allow-origin"] == live_app.base_url


def test_the_websocket_accepts_only_the_sites_own_origin(live_app):
    url = live_app.base_url.replace("http://", "ws://") + "/_event/?EIO=4&transport=websocket"
    with pytest.raises(InvalidStatus), connect(url, origin=EVIL, open_timeout=10):
        pass
    with connect(url, origin=live_app.base_url, open_timeout=10) as ws:
        assert ws.recv(timeout=10).startswith("0{")  # engine.io's open packet


@pytest.mark.parametrize("path", ["/admin", "/admin/masuk", "/admin/webhook"])
def test_the_workspace_is_never_cached(live_app, path):
    response = httpx.get(live_app.url(path))
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"


def test_public_pages_keep_their_caching(live_app):
    assert httpx.get(live_app.url("/kantor")).headers.get("cache-control") != "no-store"


@pytest.mark.parametrize("path", ["/kantor%0a", "/%0a%0d", "/api/v1/%0a", "/admin%0a/x", "/feeds/%00.atom"])
def test_error_answers_for_odd_paths_carry_the_security_headers(live_app, path):
    response = httpx.get(live_app.url(path), follow_redirects=False)
    assert response.status_code in (307, 400, 404), response.status_code
    assert_security_headers(response)


def test_a_raw_request_line_with_a_newline_escape_gets_the_headers(live_app):
    host, port = live_app.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /x%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert b"\r\nx-content-type-options: nosniff" in head and b"\r\nset-cookie: a=b" not in head


def test_reflex_pages_get_a_strict_policy_with_their_inline_scripts_by_hash(live_app):
    for path in ("/", "/kantor/kanim-putussibau", "/admin/masuk"):
        response = httpx.get(live_app.url(path))
        policy = response.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["frame-ancestors"] == "'none'"
        assert directives["img-src"] == "'self' data:"
        hashes = inline_script_hashes(response.content)
        assert hashes and directives["script-src"] == " ".join(["'self'", *(f"'sha256-{h}'" for h in hashes)])
        # No third-party origin anywhere; the only origins named are the site's own websocket.
        named = re.findall(r"\b[a-z]+://[^\s;]+", policy)
        assert named and all(origin.split("://")[1].split(":")[0] in ("127.0.0.1", "localhost") for origin in named)
        assert "unsafe-eval" not in policy and "unsafe-inline" not in directives["script-src"]


def test_embeds_badges_and_link_pages_keep_their_own_policy(live_app):
    for path in ("/embed/status", "/badge/kantor/kanim-putussibau.svg", "/langganan/konfirmasi?token=x"):
        policy = httpx.get(live_app.url(path)).headers["content-security-policy"]
        assert policy.startswith("default-src 'none'") and "script-src" not in policy, path


def test_no_hsts_over_plain_http(live_app):
    assert "strict-transport-security" not in httpx.get(live_app.url("/")).headers


async def _server_rendered(scope, receive, send) -> None:
    """A page that brings its own policy, as the server-rendered pages do."""
    body = b"<!doctype html><title>x</title><script>alert(1)</script>"
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"public, max-age=30"),
        (b"content-security-policy", b"default-src 'none'; style-src 'self'; frame-ancestors *")]})
    await send({"type": "http.response.body", "body": body})


def test_hsts_on_https_and_a_responses_own_policy_is_kept(monkeypatch):
    monkeypatch.setenv("IMIGRASI_PUBLIC_URL", "https://status.imigrasi.example")
    client = TestClient(outermost(_server_rendered))
    response = client.get("/ringan")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    # Its own policy stands (no hashes added for its script), only frame-ancestors is ours.
    assert response.headers["content-security-policy"] == "default-src 'none'; style-src 'self'; frame-ancestors 'none'"
    assert response.headers["cache-control"] == "public, max-age=30"
    assert client.get("/admin/x").headers["cache-control"] == "no-store"

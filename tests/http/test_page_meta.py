"""The HTML the server sends carries each page's own title, description and language."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest

from imigrasi_site.http.page_meta import PageMeta, page_meta, rewrite_document


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self.lang = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def test_notice_og_title_equals_the_notice_title(live_app, snapshot):
    notice = snapshot.notices[-1]
    response = httpx.get(live_app.url(f"/pengumuman/{notice.slug}"))
    assert response.status_code == 200
    head = head_of(response.text)
    assert head.meta["og:title"] == [notice.title_ind]
    assert head.meta["twitter:title"] == [notice.title_ind]
    assert head.title.startswith(notice.title_ind)
    assert head.meta["og:description"] == [notice.lede_ind]
    assert head.meta["og:type"] == ["article"]
    assert head.lang == "id"


def test_english_link_previews_in_english(live_app, snapshot):
    notice = next(n for n in snapshot.notices if n.has_english)
    head = head_of(httpx.get(live_app.url(f"/pengumuman/{notice.slug}?lang=en")).text)
    assert head.meta["og:title"] == [notice.title_en]
    assert head.lang == "en"
    # The remembered choice counts too.
    head = head_of(httpx.get(live_app.url(f"/pengumuman/{notice.slug}"), cookies={"lang": "en"}).text)
    assert head.meta["og:title"] == [notice.title_en]


def test_office_and_incident_pages_have_their_own_preview(live_app, snapshot):
    head = head_of(httpx.get(live_app.url("/kantor/kanim-putussibau")).text)
    assert head.meta["og:title"] == ["Kantor Imigrasi Kelas III TPI Putussibau"]
    assert "Permohonan paspor: Tidak tersedia" in head.meta["og:description"][0]
    incident = snapshot.open_incidents[0]
    head = head_of(httpx.get(live_app.url(f"/insiden/{incident.id}")).text)
    assert head.meta["og:title"] == [incident.title_ind]


@pytest.mark.parametrize("path", ["/kantor/nope", "/pengumuman/nope", "/insiden/0", "/insiden/abc"])
def test_unknown_things_answer_404_with_the_app_shell(live_app, path):
    response = httpx.get(live_app.url(path))
    assert response.status_code == 404
    assert "og:title" not in response.text


def test_the_rewrite_escapes_what_it_writes():
    meta = PageMeta('"><script>alert(1)</script>', "a & b", site_name="S")
    document = rewrite_document(b'<html lang="id"><head><title>x</title></head></html>', "en", meta, "http://x/")
    assert b"<script>" not in document
    assert b'&quot;&gt;&lt;script&gt;' in document
    assert document.startswith(b'<html lang="en">')


def test_page_meta_is_none_for_unknown_and_raises_for_other_paths(snapshot):
    assert page_meta(snapshot, "/kantor/unknown", "id") is None
    with pytest.raises(LookupError):
        page_meta(snapshot, "/kantor", "id")
    assert page_meta(snapshot, "/kantor/kanim-jayapura/", "en").title.startswith("Kantor Imigrasi")


def test_security_headers_on_pages_and_assets(live_app):
    for path in ("/", "/kantor/kanim-putussibau", "/favicon.ico", "/ping"):
        response = httpx.get(live_app.url(path))
        assert response.headers["x-frame-options"] == "DENY", path
        policy = response.headers["content-security-policy"]
        assert policy.startswith("default-src 'self'") and policy.endswith("frame-ancestors 'none'"), path
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_websocket_cors_refuses_other_origins(live_app):
    response = httpx.get(live_app.url("/ping"), headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    response = httpx.get(live_app.url("/ping"), headers={"Origin": live_app.base_url})
    assert response.headers.get("access-control-allow-origin") == live_app.base_url
    assert re.match(r"^http://127\.0\.0\.1:\d+$", live_app.base_url)


@pytest.mark.parametrize("path", ["/kantor", "/pengumuman?lang=en", "/admin/masuk", "/kantor/kanim-putussibau"])
def test_page_addresses_answer_without_a_redirect(live_app, path):
    response = httpx.get(live_app.url(path), follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")

"""The answer is in the first response: a plain HTTP client (a crawler, a chat-app preview, a
browser with JavaScript off) reads every public page's facts in the HTML the server sends."""

from __future__ import annotations

import gzip
import html
import re

import brotli
import httpx
import pytest
from starlette.testclient import TestClient

from imigrasi_site.core import presenters
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, format_datetime
from imigrasi_site.core.snapshot import SnapshotStore
from imigrasi_site.http import public_pages
from imigrasi_site.http.public_pages import PublicPages
from imigrasi_site.render.pages import OFFICE_PAGE_SIZE
from tests.support.routes import FixedStore

LIGHT_BUDGET = 14 * 1024  # the first round trip of a new connection (10 TCP segments)


def text_of(document: str) -> str:
    """The visible text of a document, as a reader (or a crawler) gets it: no tags, no scripts."""
    document = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", document)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", document)).split())


def server_copy(document: str) -> str:
    """The server-rendered page inside a full-edition document."""
    match = re.search(r"(?s)<ssr-page>(.*)</ssr-page>", document)
    assert match, "the full edition carries the page before any script runs"
    return match.group(1)


def test_office_page_says_each_service_its_word_and_since_when_in_the_offices_zone(live_app, snapshot):
    office = snapshot.office("kanim-putussibau")
    response = httpx.get(live_app.url("/kantor/kanim-putussibau"))
    assert response.status_code == 200
    text = text_of(server_copy(response.text))
    detail = presenters.office_detail(snapshot, office, "id")
    assert detail.cells, "the office offers services"
    for cell in detail.cells:
        assert cell.service_name in text and cell.label in text
        assert cell.since in text and re.search(r"\d{2}\.\d{2} WIB", cell.since)
        if cell.what_to_do:
            assert cell.what_to_do in text
    for row in presenters.history_rows(snapshot, office, "id"):
        assert row.share in text


def test_office_page_in_english_and_in_a_wita_zone(live_app, snapshot):
    office = next(o for o in snapshot.offices if o.timezone == "Asia/Makassar" and o.cells)
    text = text_of(server_copy(httpx.get(live_app.url(f"/kantor/{office.code}?lang=en")).text))
    for cell in presenters.office_detail(snapshot, office, "en").cells:
        assert cell.label in text and cell.since in text and "WITA" in cell.since


def test_an_office_address_links_to_where_it_was_read(live_app, snapshot):
    sourced = snapshot.office("kanim-putussibau")
    assert sourced.address_source.startswith("https://"), "the seed data gives this address a source"
    page = server_copy(httpx.get(live_app.url("/kantor/kanim-putussibau")).text)
    assert f'id="address-source" href="{html.escape(sourced.address_source)}"' in page
    unsourced = next(o for o in snapshot.offices if not o.address_source)
    assert 'id="address-source"' not in server_copy(httpx.get(live_app.url(f"/kantor/{unsourced.code}")).text)


def test_home_page_has_the_national_summary_open_incidents_and_latest_notices(live_app, tmp_path):
    # The live app's own data as it stands now (other tests change it), read as the app reads it.
    snapshot = SnapshotStore(live_app.db_url, copy_path=tmp_path / "copy.json").get()
    text = text_of(server_copy(httpx.get(live_app.url("/")).text))
    for summary in snapshot.summary:
        row = presenters.summary_row(snapshot, summary, "id")
        assert row.service_name in text and row.label in text and row.sentence in text
    for notice in snapshot.notices[:5]:
        assert presenters.notice_card(notice, "id").title in text


def test_notice_page_carries_the_whole_body(live_app, snapshot):
    notice = max(snapshot.notices, key=lambda n: len(n.body_ind))
    text = text_of(server_copy(httpx.get(live_app.url(f"/pengumuman/{notice.slug}")).text))
    # Every paragraph's words, whatever Markdown made of them.
    for paragraph in notice.body_ind.split("\n\n"):
        words = re.sub(r"[#*_>\[\]()`-]", " ", paragraph).split()
        assert " ".join(words[-6:]) in text


def test_incident_page_carries_the_whole_timeline(live_app, snapshot):
    incident = max(snapshot.incidents, key=lambda i: len(i.updates))
    assert len(incident.updates) >= 2
    text = text_of(server_copy(httpx.get(live_app.url(f"/insiden/{incident.id}")).text))
    for entry in presenters.timeline(incident, "id"):
        assert f"{entry.status_label} · {entry.posted}" in text
        assert " ".join(re.sub(r"[#*_>\[\]()`-]", " ", entry.body).split()[:6]) in text


def test_the_checker_works_as_a_plain_get_form_with_paging(live_app, snapshot):
    first = httpx.get(live_app.url("/kantor")).text
    copy = server_copy(first)
    assert re.search(r'<form[^>]*action="/kantor"[^>]*method="get"', copy)
    assert len(re.findall(r'class="card office-row"', copy)) == OFFICE_PAGE_SIZE
    assert 'rel="next"' in copy and 'href="/kantor?halaman=2"' in copy
    second = server_copy(httpx.get(live_app.url("/kantor?halaman=2")).text)
    first_codes = set(re.findall(r'office-row" data-office="([^"]+)"', copy))
    assert first_codes.isdisjoint(re.findall(r'office-row" data-office="([^"]+)"', second))

    one = server_copy(httpx.get(live_app.url("/kantor?q=putussibau")).text)
    assert re.findall(r'office-row" data-office="([^"]+)"', one) == ["kanim-putussibau"]
    assert 'value="putussibau"' in one, "the form shows what was searched"
    none = text_of(server_copy(httpx.get(live_app.url("/kantor?layanan=passport_express&status=normal")).text))
    assert "Tidak ada kantor yang cocok" in none


def test_sorted_by_distance_from_a_city(live_app):
    copy = server_copy(httpx.get(live_app.url("/kantor?urut=jarak&kota=Pontianak")).text)
    codes = re.findall(r'office-row" data-office="([^"]+)"', copy)
    assert codes[0] == "kanim-pontianak"
    assert re.search(r"\d+ km", text_of(copy))


def test_unknown_things_are_404_pages_that_say_so_and_link_back(live_app):
    for path in ("/kantor/tidak-ada", "/pengumuman/tidak-ada", "/insiden/999999", "/tidak/ada/di/sini"):
        response = httpx.get(live_app.url(path))
        assert response.status_code == 404, path
        copy = server_copy(response.text)
        assert "Halaman tidak ditemukan" in text_of(copy) and 'href="/"' in copy


def test_pages_are_made_once_and_sent_with_validators_and_compression(live_app):
    url = live_app.url("/kantor/kanim-putussibau")
    plain = httpx.get(url, headers={"accept-encoding": "identity"})
    etag = plain.headers["etag"]
    cache = plain.headers["cache-control"]
    assert "max-age=" in cache and "stale-while-revalidate=" in cache and "stale-if-error=" in cache
    assert "Cookie" in plain.headers["vary"] and "Accept-Encoding" in plain.headers["vary"]
    assert httpx.get(url, headers={"if-none-match": etag}).status_code == 304
    with httpx.stream("GET", url, headers={"accept-encoding": "br"}) as response:
        assert response.headers["content-encoding"] == "br"
        assert brotli.decompress(b"".join(response.iter_raw())) == plain.content
    with httpx.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        assert response.headers["content-encoding"] == "gzip"
        assert gzip.decompress(b"".join(response.iter_raw())) == plain.content


def test_light_edition_has_no_script_and_fits_the_first_round_trip(live_app, snapshot):
    for path in ("/", "/kantor/kanim-putussibau", "/kantor/tpi-bandara-soekarno-hatta", "/insiden/1"):
        response = httpx.get(live_app.url(path + "?versi=ringan"), headers={"accept-encoding": "identity"})
        assert response.status_code == 200
        document = response.text
        assert "<script" not in document and "/assets/" not in document and "_event" not in document
        assert "script-src" not in response.headers["content-security-policy"]
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        if path != "/insiden/1":  # the budget holds for the home page and the office pages
            assert len(gzip.compress(response.content, 9)) < LIGHT_BUDGET, path
            assert len(brotli.compress(response.content)) < LIGHT_BUDGET, path
        assert "versi=ringan" in response.headers["set-cookie"]
    office = snapshot.office("kanim-putussibau")
    light = text_of(httpx.get(live_app.url("/kantor/kanim-putussibau?versi=ringan")).text)
    for cell in presenters.office_detail(snapshot, office, "id").cells:
        assert cell.label in light and cell.since in light
    as_of = format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, "id")
    assert "Data per" in light and as_of[:10] in light


def test_the_light_edition_is_remembered_and_left_by_its_link(live_app):
    with httpx.Client(base_url=live_app.base_url) as client:
        client.get("/?versi=ringan")
        again = client.get("/kantor/kanim-putussibau")
        assert "<script" not in again.text and 'href="/kantor/kanim-putussibau?versi=lengkap"' in again.text
        back = client.get("/kantor/kanim-putussibau?versi=lengkap")
        assert "<ssr-page>" in back.text and client.get("/").text.count("<script") > 0


def test_the_offline_copy_request_does_not_change_the_remembered_edition(live_app):
    response = httpx.get(live_app.url("/kantor/kanim-putussibau?versi=ringan"), headers={"x-offline-copy": "1"})
    assert response.status_code == 200 and "set-cookie" not in response.headers
    assert 'id="saved-copy" hidden' in response.text


async def _no_shell(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
    await send({"type": "http.response.body", "body": b"<!doctype html><html><head></head><body></body></html>"})


@pytest.fixture
def pages_client(snapshot):
    return TestClient(PublicPages(_no_shell, FixedStore(snapshot)), base_url="http://pages.test")


def test_surge_mode_by_setting_serves_everyone_the_light_edition(pages_client, monkeypatch):
    monkeypatch.setenv("IMIGRASI_PUBLIC_EDITION", "light")
    for path in ("/", "/kantor", "/kantor/kanim-putussibau", "/pengumuman"):
        document = pages_client.get(path).text
        assert "<script" not in document and "<ssr-page>" not in document
        assert 'id="surge-line"' in document and "banyaknya pengunjung" in document
    monkeypatch.setenv("IMIGRASI_PUBLIC_EDITION", "auto")
    assert "<ssr-page>" in pages_client.get("/kantor/kanim-putussibau").text


def test_surge_mode_switches_on_above_the_visitor_threshold_and_off_below(pages_client, monkeypatch):
    monkeypatch.setenv("IMIGRASI_SURGE_VISITORS", "3")
    visitors = [3]
    monkeypatch.setattr(public_pages, "_visitor_count", lambda: visitors[0])
    assert "<ssr-page>" in pages_client.get("/kantor/kanim-putussibau").text
    visitors[0] = 4
    surge = pages_client.get("/kantor/kanim-putussibau").text
    assert "<script" not in surge and 'id="surge-line"' in surge
    visitors[0] = 2
    assert "<ssr-page>" in pages_client.get("/kantor/kanim-putussibau").text


def test_the_workspace_is_never_switched_to_the_light_edition(live_app, monkeypatch):
    response = httpx.get(live_app.url("/admin/masuk?versi=ringan"))
    assert response.status_code == 200 and "<script" in response.text and "<ssr-page>" not in response.text

"""Feeds parse as RSS 2.0 and Atom 1.0, carry the published notices, and an office's status."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx
import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(live_app, path: str) -> tuple[httpx.Response, ET.Element]:
    response = httpx.get(live_app.url(path))
    assert response.status_code == 200, response.text
    return response, ET.fromstring(response.content)


def rfc3339(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text
    return moment


def assert_valid_atom(feed: ET.Element, live_app) -> list[ET.Element]:
    """The elements RFC 4287 requires, each entry with an id, title, date and a link to the page."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text, name
    rfc3339(feed.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href").startswith(live_app.base_url + "/feeds/")
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    for entry in entries:
        assert entry.find(f"{ATOM}title").text
        rfc3339(entry.find(f"{ATOM}updated").text)
        # A link without rel is an alternate link (RFC 4287, 4.2.7.2).
        pages = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert pages and pages[0].get("href").startswith(live_app.base_url + "/")
    return entries


def test_rss_carries_every_published_notice(live_app, snapshot):
    response, rss = fetch(live_app, "/feeds/pengumuman.rss")
    assert response.headers["content-type"].startswith("application/rss+xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for name in ("title", "link", "description", "language"):
        assert channel.find(name).text, name
    assert channel.find("link").text == live_app.url("/pengumuman")
    items = channel.findall("item")
    for item in items:
        for name in ("title", "link", "guid", "description"):
            assert item.find(name).text, name
        assert parsedate_to_datetime(item.find("pubDate").text).tzinfo is not None
    by_link = {item.find("link").text: item for item in items}
    for notice in snapshot.notices:
        item = by_link[live_app.url(f"/pengumuman/{notice.slug}")]
        assert item.find("title").text == notice.title_ind


def test_atom_carries_every_published_notice_with_its_body_as_html(live_app, snapshot):
    response, feed = fetch(live_app, "/feeds/pengumuman.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    entries = assert_valid_atom(feed, live_app)
    by_id = {entry.find(f"{ATOM}id").text: entry for entry in entries}
    notice = snapshot.notice("paspor-percepatan-dihentikan-sementara-di-semua-kantor-imigrasi")
    entry = by_id[live_app.url(f"/pengumuman/{notice.slug}")]
    assert entry.find(f"{ATOM}title").text == notice.title_ind
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<h2>Yang tetap berjalan</h2>" in content.text
    assert "<script" not in content.text


def test_feeds_come_in_english(live_app, snapshot):
    _response, feed = fetch(live_app, "/feeds/pengumuman.atom?lang=en")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    titles = {entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")}
    for notice in snapshot.notices:
        # Notices without English stay in Indonesian rather than disappear.
        assert (notice.title_en if notice.has_english else notice.title_ind) in titles
    _response, rss = fetch(live_app, "/feeds/pengumuman.rss?lang=en")
    assert rss.find("channel/language").text == "en"
    assert rss.find("channel/title").text == "Notices | Immigration Service Status"


def test_an_office_feed_carries_its_status_and_its_notices(live_app, snapshot):
    _response, feed = fetch(live_app, "/feeds/kantor/kanim-putussibau.atom")
    entries = assert_valid_atom(feed, live_app)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Permohonan paspor: Tidak tersedia" in titles
    assert "Wawancara dan foto biometrik: Normal" in titles
    passport = entries[titles.index("Permohonan paspor: Tidak tersedia")]
    assert rfc3339(passport.find(f"{ATOM}updated").text) == snapshot.office("kanim-putussibau").cells[0].since
    assert "Hubungi kantor sebelum datang" in passport.find(f"{ATOM}summary").text
    notice = snapshot.notice("layanan-permohonan-di-kantor-imigrasi-putussibau-belum-dapat-diproses")
    assert notice.title_ind in titles
    _response, english = fetch(live_app, "/feeds/kantor/kanim-putussibau.atom?lang=en")
    assert "Passport application: Unavailable" in [e.find(f"{ATOM}title").text
                                                   for e in english.findall(f"{ATOM}entry")]


@pytest.mark.parametrize("path", ["/feeds/kantor/kanim-atlantis.atom", "/feeds/pengumuman.json"])
def test_unknown_feeds_are_404(live_app, path):
    assert httpx.get(live_app.url(path)).status_code == 404


def test_feeds_answer_304_to_a_matching_etag(live_app):
    etag = httpx.get(live_app.url("/feeds/pengumuman.rss")).headers["etag"]
    response = httpx.get(live_app.url("/feeds/pengumuman.rss"), headers={"If-None-Match": etag})
    assert response.status_code == 304

"""The sitemap lists every public page in both languages with reciprocal hreflang pairs; robots.txt points at it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.robotparser import RobotFileParser

import httpx
import pytest

from imigrasi_site.core.settings import get_settings
from tests.support.routes import FixedStore, routes_client

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_sitemap(content: bytes) -> dict[str, tuple[datetime, dict[str, str]]]:
    """loc -> (lastmod, {hreflang: href})."""
    root = ET.fromstring(content)
    assert root.tag == f"{SM}urlset"
    entries = {}
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc not in entries, f"{loc} listed twice"
        lastmod = datetime.fromisoformat(url.findtext(f"{SM}lastmod"))
        assert lastmod.tzinfo is not None
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
                      if link.get("rel") == "alternate"}
        entries[loc] = (lastmod, alternates)
    return entries


@pytest.fixture(scope="module")
def sitemap(snapshot):
    response = routes_client(FixedStore(snapshot)).get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    return parse_sitemap(response.content)


def test_every_public_page_is_listed_in_both_languages(snapshot, sitemap):
    base = get_settings().public_url
    paths = ["/", "/kantor", "/pengumuman"]
    paths += [f"/kantor/{o.code}" for o in snapshot.offices]
    paths += [f"/pengumuman/{n.slug}" for n in snapshot.notices]
    paths += [f"/insiden/{i.id}" for i in snapshot.incidents]
    expected = {base + p for p in paths} | {f"{base}{p}?lang=en" for p in paths}
    assert set(sitemap) == expected
    assert not any("/admin" in loc for loc in sitemap)


def test_hreflang_pairs_are_reciprocal(sitemap):
    for loc, (_lastmod, alternates) in sitemap.items():
        assert set(alternates) == {"id", "en", "x-default"}
        assert loc in alternates.values(), f"{loc} does not name itself"
        assert alternates["x-default"] == alternates["id"]
        for lang in ("id", "en"):
            other = alternates[lang]
            assert other in sitemap, f"{other} (from {loc}) is not in the sitemap"
            assert sitemap[other][1] == alternates, f"{other} does not point back to {loc}"
        assert alternates["en"] == alternates["id"] + "?lang=en"


def test_lastmod_follows_the_content(snapshot, sitemap):
    base = get_settings().public_url
    for notice in snapshot.notices:
        assert sitemap[f"{base}/pengumuman/{notice.slug}"][0] == notice.updated_at.replace(microsecond=0)
    office = snapshot.office("kanim-putussibau")
    assert sitemap[f"{base}/kantor/{office.code}"][0] >= max(c.since for c in office.cells).replace(microsecond=0)
    newest = max(lastmod for lastmod, _ in sitemap.values())
    assert sitemap[f"{base}/"][0] == newest


def test_robots_allows_the_public_pages_and_keeps_crawlers_out_of_the_workspace(snapshot):
    response = routes_client(FixedStore(snapshot)).get("/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    robots = RobotFileParser()
    robots.parse(response.text.splitlines())
    base = get_settings().public_url
    assert robots.site_maps() == [f"{base}/sitemap.xml"]
    for path in ("/", "/kantor", "/kantor/kanim-putussibau", "/pengumuman", "/insiden/1", "/kantor?lang=en"):
        assert robots.can_fetch("Googlebot", base + path), path
    for path in ("/admin", "/admin/masuk", "/admin/pengumuman/3"):
        assert not robots.can_fetch("Googlebot", base + path), path


def test_the_running_site_answers_with_its_own_sitemap_and_robots(live_app):
    """Before Reflex's static files: the sitemap is the read model's, with every office."""
    response = httpx.get(live_app.url("/sitemap.xml"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    entries = parse_sitemap(response.content)
    assert live_app.url("/kantor/kanim-putussibau") in entries
    robots = httpx.get(live_app.url("/robots.txt"))
    assert robots.status_code == 200 and f"Sitemap: {live_app.base_url}/sitemap.xml" in robots.text

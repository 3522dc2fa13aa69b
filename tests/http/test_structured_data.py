"""Office and notice pages carry schema.org JSON-LD in the HTML the server sends."""

from __future__ import annotations

import json
import re

import httpx

from imigrasi_site.core.views import NoticeView
from imigrasi_site.http.structured_data import json_ld_script, notice_json_ld

_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    blocks = _JSON_LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_an_office_page_describes_a_government_office(live_app, snapshot):
    office = snapshot.office("tpi-bandara-ngurah-rai")
    data = json_ld(httpx.get(live_app.url(f"/kantor/{office.code}")).text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentOffice"
    assert data["name"] == office.name
    assert data["url"] == live_app.url(f"/kantor/{office.code}")
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": office.address,
                               "addressLocality": office.city, "addressRegion": office.province_name,
                               "addressCountry": "ID"}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": office.latitude, "longitude": office.longitude}
    hours = data["openingHoursSpecification"][0]
    assert [day.rsplit("/", 1)[1] for day in hours["dayOfWeek"]] == ["Monday", "Tuesday", "Wednesday",
                                                                     "Thursday", "Friday"]
    assert (hours["opens"], hours["closes"]) == ("08:00", "16:00")


def graph_item(data: dict, kind: str) -> dict:
    """The one item of a type in a JSON-LD @graph."""
    assert data["@context"] == "https://schema.org"
    (item,) = [item for item in data["@graph"] if item["@type"] == kind]
    return item


def test_a_notice_page_describes_a_news_article(live_app, snapshot):
    notice = next(n for n in snapshot.notices if n.has_english)
    graph = json_ld(httpx.get(live_app.url(f"/pengumuman/{notice.slug}")).text)
    data = graph_item(graph, "NewsArticle")
    assert graph_item(graph, "SpecialAnnouncement")["datePosted"] == data["datePublished"]
    assert data["headline"] == notice.title_id and data["inLanguage"] == "id"
    assert data["datePublished"] == notice.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert data["publisher"]["name"] == "Status Layanan Imigrasi"
    english = graph_item(json_ld(httpx.get(live_app.url(f"/pengumuman/{notice.slug}?lang=en")).text), "NewsArticle")
    assert english["headline"] == notice.title_en and english["inLanguage"] == "en"
    assert english["url"] == live_app.url(f"/pengumuman/{notice.slug}?lang=en")


def test_the_home_page_names_the_government_organization(live_app):
    data = json_ld(httpx.get(live_app.url("/")).text)
    assert data["@type"] == "GovernmentOrganization" and data["name"] == "Status Layanan Imigrasi"
    assert data["url"] == live_app.url("/")


def test_pages_without_a_thing_of_their_own_carry_none(live_app):
    assert not _JSON_LD.search(httpx.get(live_app.url("/kantor")).text)
    assert not _JSON_LD.search(httpx.get(live_app.url("/kantor/kanim-atlantis")).text)


def test_editor_text_cannot_close_the_script(snapshot):
    hostile = NoticeView(slug="x", title_id='</script><script>alert(1)</script> & <!--', lede_id="", body_id="",
                         title_en="", lede_en="", body_en="", published_at=snapshot.built_at,
                         updated_at=snapshot.built_at, incident_id=None, office_codes=())
    script = json_ld_script(notice_json_ld(hostile, "id", "https://x/", "S", "https://x/"))
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner)["headline"] == hostile.title_id

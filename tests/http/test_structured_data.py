"""Office and notice pages carry schema.org JSON-LD in the HTML the server sends."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from imigrasi_site.core.views import NoticeView, SpecialDayView
from imigrasi_site.http.structured_data import json_ld_script, notice_json_ld, office_json_ld

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
    # Ngurah Rai's checkpoint works round the clock (a reported source), every day of the week.
    (hours,) = data["openingHoursSpecification"]
    assert hours["@type"] == "OpeningHoursSpecification"
    assert [day.rsplit("/", 1)[1] for day in hours["dayOfWeek"]] == ["Monday", "Tuesday", "Wednesday",
                                                                     "Thursday", "Friday", "Saturday", "Sunday"]
    assert (hours["opens"], hours["closes"]) == ("00:00", "23:59")


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
    assert data["headline"] == notice.title_ind and data["inLanguage"] == "id"
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
    hostile = NoticeView(slug="x", title_ind='</script><script>alert(1)</script> & <!--', lede_ind="", body_ind="",
                         title_en="", lede_en="", body_en="", published_at=snapshot.built_at,
                         updated_at=snapshot.built_at, incident_id=None, office_codes=())
    script = json_ld_script(notice_json_ld(hostile, "id", "https://x/", "S", "https://x/"))
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner)["headline"] == hostile.title_ind


def test_an_office_json_ld_has_its_hours_and_its_special_days(snapshot):
    # Seen on 10 August 2027: Independence Day (a Tuesday) comes within the weeks announced.
    seen = replace(snapshot, built_at=datetime(2027, 8, 10, 9, 0, tzinfo=ZoneInfo("Asia/Makassar")), special_days=(
        SpecialDayView(1, "2027-08-21", "opening", None, "53", "tpi_land", "08:00", "12:00", "Layanan tambahan",
                       "Extra service"),
    ))
    post = office_json_ld(seen.office("plbn-motaain"), "https://x/kantor/plbn-motaain", seen)
    data = json.loads(json_ld_script(post).removeprefix('<script type="application/ld+json">')
                      .removesuffix("</script>"))
    assert data["@type"] == "GovernmentOffice"
    (week,) = data["openingHoursSpecification"]
    assert week["@type"] == "OpeningHoursSpecification" and len(week["dayOfWeek"]) == 7
    assert (week["opens"], week["closes"]) == ("08:00", "17:00")  # WITA, its own time, as reported
    (special,) = data["specialOpeningHoursSpecification"]  # the border post stays open on holidays
    assert special == {"@type": "OpeningHoursSpecification", "name": "Layanan tambahan", "validFrom": "2027-08-21",
                       "validThrough": "2027-08-21", "opens": "08:00", "closes": "12:00"}
    # A Kantor Imigrasi's weekly hours are not confirmed: no weekly hours are claimed, but its
    # holiday closure is (closing at 00:00 means closed all day).
    kanim = office_json_ld(seen.office("kanim-makassar"), "https://x/kantor/kanim-makassar", seen)
    assert kanim["openingHoursSpecification"] is None
    closures = {s["validFrom"]: s for s in kanim["specialOpeningHoursSpecification"]}
    assert closures["2027-08-17"] == {"@type": "OpeningHoursSpecification",
                                      "name": "Hari Kemerdekaan Republik Indonesia", "validFrom": "2027-08-17",
                                      "validThrough": "2027-08-17", "opens": "00:00", "closes": "00:00"}
    assert "2027-08-21" not in closures  # the extra opening is for land border posts in NTT only

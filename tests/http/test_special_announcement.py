"""Notices are schema.org SpecialAnnouncements beside their NewsArticle: where, since when, until when."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from imigrasi_site.core.settings import get_settings
from imigrasi_site.http.page_meta import page_meta
from imigrasi_site.http.structured_data import json_ld_script

BASE = get_settings().public_url


def graph(snapshot, slug: str, lang: str = "id") -> dict[str, dict]:
    """The notice page's JSON-LD as the page sends it, by @type."""
    meta = page_meta(snapshot, f"/pengumuman/{slug}", lang)
    script = json_ld_script(meta.structured_data)
    data = json.loads(script.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))
    assert data["@context"] == "https://schema.org"
    return {item["@type"]: item for item in data["@graph"]}


@pytest.fixture(scope="module")
def about_incident(snapshot):
    return [n for n in snapshot.notices if n.incident_id is not None]


def test_an_announcement_names_the_offices_concerned_and_when_it_was_posted(snapshot, about_incident):
    incident = snapshot.incident(about_incident[0].incident_id)
    assert incident.is_open
    for notice in about_incident:
        items = graph(snapshot, notice.slug)
        assert set(items) == {"NewsArticle", "SpecialAnnouncement"}
        announcement = items["SpecialAnnouncement"]
        assert announcement["name"] == notice.title_ind and announcement["inLanguage"] == "id"
        assert announcement["datePosted"] == notice.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert "expires" not in announcement  # the incident is still open
        codes = notice.office_codes or tuple(dict.fromkeys(a.office_code for a in incident.affected))
        locations = announcement["announcementLocation"]
        assert [loc["url"] for loc in locations] == [f"{BASE}/kantor/{code}" for code in codes]
        assert all(loc["@type"] == "GovernmentOffice" and loc["name"] for loc in locations)
        provinces = {snapshot.office(code).province_name for code in codes}
        assert {area["name"] for area in announcement["spatialCoverage"]} == provinces
        # Both describe the same page, published by the same organization.
        article = items["NewsArticle"]
        assert article["url"] == announcement["url"] == f"{BASE}/pengumuman/{notice.slug}"
        assert article["publisher"]["@type"] == "GovernmentOrganization"
        assert announcement["publisher"]["@id"] == article["publisher"]["@id"]


def test_an_announcement_expires_when_its_incident_is_resolved(snapshot, about_incident):
    incident = snapshot.incident(about_incident[0].incident_id)
    at = incident.updated_at + timedelta(days=1)
    resolved = replace(snapshot, incidents=tuple(replace(i, status="resolved", resolved_at=at) if i.id == incident.id
                                                 else i for i in snapshot.incidents))
    announcement = graph(resolved, about_incident[0].slug, "en")["SpecialAnnouncement"]
    assert announcement["expires"] == at.strftime("%Y-%m-%dT%H:%M:%SZ")
    notice = about_incident[0]
    if notice.has_english:
        assert announcement["name"] == notice.title_en and announcement["inLanguage"] == "en"


def test_a_notice_about_nothing_in_particular_covers_indonesia(snapshot):
    notice = replace(snapshot.notices[0], slug="umum", incident_id=None, office_codes=())
    items = graph(replace(snapshot, notices=(notice,)), "umum")
    announcement = items["SpecialAnnouncement"]
    assert "announcementLocation" not in announcement and "expires" not in announcement
    assert announcement["spatialCoverage"] == {"@type": "Country", "name": "Indonesia"}

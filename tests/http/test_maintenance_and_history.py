"""Planned maintenance and per-day history in the API, the office feed and the office calendar."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from imigrasi_site.core.views import AffectedCell, MaintenanceView
from tests.support.routes import FixedStore, routes_client

WITA = ZoneInfo("Asia/Makassar")
WINDOW = MaintenanceView(
    7, "Pemeliharaan jaringan, kantor tutup", "Network maintenance, office closed", "unavailable",
    "Datang lagi besok; antrean hari ini, dilayani besok pagi.", "", datetime(2024, 6, 25, 22, 0, tzinfo=WITA),
    datetime(2024, 6, 25, 23, 59, tzinfo=WITA), "scheduled",
    (AffectedCell("kanim-denpasar", "passport_application", "unavailable"),
     AffectedCell("kanim-denpasar", "stay_permit", "unavailable")))


@pytest.fixture
def client(snapshot):
    return routes_client(FixedStore(replace(snapshot, maintenance=(WINDOW,))))


def test_planned_maintenance_in_the_api(client):
    [window] = client.get("/api/v1/maintenance").json()["data"]
    assert window["starts_at"] == "2024-06-25T14:00:00Z" and window["ends_at"] == "2024-06-25T15:59:00Z"
    assert window["advice"] == {"id": WINDOW.advice_ind, "en": None}
    assert {s["service_code"] for s in window["services"]} == {"passport_application", "stay_permit"}
    office = client.get("/api/v1/offices/kanim-denpasar").json()["data"]
    assert [w["id"] for w in office["planned_maintenance"]] == [7]
    assert client.get("/api/v1/offices/kanim-jayapura").json()["data"]["planned_maintenance"] == []


def test_history_days_are_the_office_s_calendar_days(client, snapshot):
    data = client.get("/api/v1/offices/kanim-putussibau/history?days=30").json()["data"]
    assert (data["office_code"], data["timezone"], data["days"]) == ("kanim-putussibau", "Asia/Jakarta", 30)
    passport = next(s for s in data["services"] if s["code"] == "passport_application")
    assert len(passport["days"]) == 30
    assert passport["days"][-1]["date"] == snapshot.built_at.astimezone(ZoneInfo("Asia/Jakarta")).date().isoformat()
    assert all(day["availability"] == "unavailable" for day in passport["days"])  # the demo incident goes on
    assert passport["normal_share"] == 0.0


@pytest.mark.parametrize("query, parameter", [("days=0", "days"), ("days=367", "days"), ("days=x", "days"),
                                               ("weeks=2", "weeks")])
def test_history_refuses_bad_parameters(client, query, parameter):
    response = client.get(f"/api/v1/offices/kanim-putussibau/history?{query}")
    assert response.status_code == 400 and response.json()["error"]["parameter"] == parameter
    assert client.get("/api/v1/offices/no-such-office/history").status_code == 404


def test_the_office_calendar_is_valid_icalendar(client):
    response = client.get("/kalender/kantor/kanim-denpasar.ics")
    assert response.status_code == 200 and response.headers["content-type"] == "text/calendar; charset=utf-8"
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    event = unfolded.split("BEGIN:VEVENT\r\n", 1)[1].split("END:VEVENT", 1)[0]
    fields = dict(line.split(":", 1) for line in event.strip().split("\r\n"))
    assert fields["DTSTART"] == "20240625T140000Z" and fields["DTEND"] == "20240625T155900Z"
    assert fields["SUMMARY"] == "Pemeliharaan jaringan\\, kantor tutup"
    assert "Datang lagi besok\\; antrean hari ini\\, dilayani besok pagi." in fields["DESCRIPTION"]
    assert re.fullmatch(r"maintenance-7-kanim-denpasar@[\w.:-]+", fields["UID"])
    english = client.get("/kalender/kantor/kanim-denpasar.ics?lang=en").text.replace("\r\n ", "")
    assert "SUMMARY:Network maintenance\\, office closed" in english
    other = client.get("/kalender/kantor/kanim-jayapura.ics").text
    assert "maintenance-" not in other and "BEGIN:VCALENDAR" in other
    assert client.get("/kalender/kantor/nope.ics").status_code == 404


def test_the_office_feed_announces_the_work(client):
    feed = ET.fromstring(client.get("/feeds/kantor/kanim-denpasar.atom").content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("atom:title", namespaces=ns) for e in feed.findall("atom:entry", ns)]
    assert "Pemeliharaan terjadwal: Pemeliharaan jaringan, kantor tutup" in titles
    summary = next(e.findtext("atom:summary", namespaces=ns) for e in feed.findall("atom:entry", ns)
                   if "Pemeliharaan jaringan" in e.findtext("atom:title", namespaces=ns))
    assert "25 Juni 2024 22.00-23.59 WITA" in summary


def test_the_office_calendar_lists_closures_as_all_day_events(snapshot):
    from imigrasi_site.core.views import SpecialDayView

    seen = replace(snapshot, built_at=datetime(2027, 8, 10, 9, 0, tzinfo=WITA), special_days=(
        SpecialDayView(3, "2027-08-12", "closure", "kanim-makassar", None, None, None, None, "Banjir",
                       "Flooding"),))
    client = routes_client(FixedStore(seen))
    text = client.get("/kalender/kantor/kanim-makassar.ics?lang=en").text.replace("\r\n ", "")
    events = [dict(line.split(":", 1) for line in block.split("END:VEVENT")[0].strip().split("\r\n"))
              for block in text.split("BEGIN:VEVENT\r\n")[1:]]
    by_start = {e["DTSTART;VALUE=DATE"]: e for e in events}
    assert by_start["20270812"]["SUMMARY"] == "Office closed: Flooding"
    assert by_start["20270817"]["SUMMARY"] == "Office closed: Independence Day"
    assert by_start["20270817"]["DTEND;VALUE=DATE"] == "20270818"
    assert "WITA" in by_start["20270817"]["DESCRIPTION"]
    assert "20270815" not in by_start  # Maulid on a Sunday: closed anyway, no event
    # An airport does not close on holidays.
    airport = client.get("/kalender/kantor/tpi-bandara-soekarno-hatta.ics").text
    assert "BEGIN:VEVENT" not in airport

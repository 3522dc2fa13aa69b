"""Opening hours in the open data: per office, day by day, and "open now" that follows the clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from imigrasi_site.core import hours
from imigrasi_site.http import api
from imigrasi_site.http.routes import api_document
from tests.support.routes import FixedStore, assert_documented, routes_client

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")


@pytest.fixture(scope="module")
def document(snapshot) -> dict:
    return api_document(snapshot, "http://routes.test")


@pytest.fixture
def client(snapshot):
    return routes_client(FixedStore(snapshot))


@pytest.fixture
def clock(monkeypatch):
    """The API's clock, set by the test."""
    moment = {"at": datetime(2026, 12, 7, 10, 0, tzinfo=WITA)}
    monkeypatch.setattr(api, "utcnow", lambda: moment["at"])
    return moment


def _documented(document: dict, template: str, response: httpx.Response) -> dict:
    assert_documented(document, template, response)
    return response.json()


def test_on_independence_day_a_kantor_imigrasi_is_closed_and_an_international_airport_open(client, document):
    office = _documented(document, "/offices/{code}/hours",
                         client.get("/api/v1/offices/kanim-makassar/hours?from=2027-08-17&to=2027-08-17"))
    (day,) = office["data"]["days"]
    assert (day["date"], day["weekday"], day["status"], day["hours"]) == ("2027-08-17", "Tuesday", "closed", [])
    assert day["holidays"] == [{"kind": "holiday", "name": {"id": "Hari Kemerdekaan Republik Indonesia",
                                                            "en": "Independence Day"}}]
    assert office["data"]["timezone_abbreviation"] == "WITA"
    airport = _documented(document, "/offices/{code}/hours",
                          client.get("/api/v1/offices/tpi-bandara-soekarno-hatta/hours?from=2027-08-17&to=2027-08-17"))
    (day,) = airport["data"]["days"]
    assert day["status"] == "open" and day["hours"] == [{"opens": "00:00", "closes": "24:00"}]
    assert day["confidence"] == "reported"
    assert day["holidays"][0]["name"]["en"] == "Independence Day"


def test_a_week_of_hours_names_joint_leave_and_says_when_the_calendar_is_incomplete(client, document):
    body = _documented(document, "/offices/{code}/hours",
                       client.get("/api/v1/offices/kanim-jakarta-selatan/hours?from=2026-12-21&to=2026-12-27"))
    days = {d["date"]: d for d in body["data"]["days"]}
    assert len(days) == 7
    assert days["2026-12-21"]["hours"] == [{"opens": "08:00", "closes": "16:00"}]
    assert days["2026-12-21"]["confidence"] == "unconfirmed"
    assert days["2026-12-24"]["status"] == "closed"
    assert days["2026-12-24"]["holidays"] == [{"kind": "joint_leave", "name": {
        "id": "Cuti bersama Hari Raya Natal", "en": "Joint leave for Christmas"}}]
    assert all(d["calendar_complete"] for d in days.values())
    next_year = client.get("/api/v1/offices/kanim-jakarta-selatan/hours?from=2027-01-01&to=2027-01-01").json()
    assert next_year["data"]["days"][0]["calendar_complete"] is False  # no public decree for 2027 yet


@pytest.mark.parametrize("query, parameter", [
    ("from=2027-08-18&to=2027-08-17", "from"),
    ("from=2026-01-01&to=2027-01-02", "to"),
    ("from=2027-8-17&to=2027-08-17", "from"),
    ("from=2027-02-30&to=2027-03-01", "from"),
    ("from=2027-08-17&to=tomorrow", "to"),
    ("from=2027-08-17", "to"),
    ("from=2023-12-31&to=2024-01-01", "from"),
    ("from=2027-08-17&to=2027-08-17&days=3", "days"),
])
def test_bad_ranges_are_400_naming_the_parameter(client, document, query, parameter):
    response = client.get(f"/api/v1/offices/kanim-makassar/hours?{query}")
    assert response.status_code == 400
    body = _documented(document, "/offices/{code}/hours", response)
    assert body["error"]["parameter"] == parameter
    assert parameter in body["error"]["message"]


def test_a_full_year_of_366_days_is_answered(client, document):
    response = client.get("/api/v1/offices/kanim-makassar/hours?from=2028-01-01&to=2028-12-31")
    assert len(_documented(document, "/offices/{code}/hours", response)["data"]["days"]) == 366
    missing = client.get("/api/v1/offices/kanim-atlantis/hours?from=2027-08-17&to=2027-08-17")
    assert missing.status_code == 404


def test_every_office_carries_its_week_and_open_now_which_follows_the_clock(client, document, clock):
    office = _documented(document, "/offices/{code}", client.get("/api/v1/offices/kanim-makassar"))["data"]
    assert office["open_now"] is True
    assert office["next_change"] == "2026-12-07T16:00:00+08:00"
    week = office["opening_hours"]
    assert week["known"] and week["confidence"] == "unconfirmed" and week["timezone_abbreviation"] == "WITA"
    assert [d["hours"] for d in week["week"]][:1] == [[{"opens": "08:00", "closes": "16:00"}]]
    assert week["week"][6] == {"day": "Sunday", "hours": [], "passport_hours": None}
    assert week["closes_on_joint_leave_days"] is True
    # Same snapshot, one minute past closing: the body is made again.
    clock["at"] = datetime(2026, 12, 7, 16, 0, 30, tzinfo=WITA)
    later = client.get("/api/v1/offices/kanim-makassar").json()["data"]
    assert later["open_now"] is False and later["next_change"] == "2026-12-08T08:00:00+08:00"
    clock["at"] = datetime(2026, 12, 7, 16, 0, tzinfo=WIB)
    # The network has more offices than one page holds (at most 200).
    listing = [o for page in (1, 2) for o in _documented(
        document, "/offices", client.get(f"/api/v1/offices?per_page=200&page={page}"))["data"]]
    by_code = {o["code"]: o for o in listing}
    assert by_code["tpi-bandara-soekarno-hatta"]["open_now"] is True
    assert by_code["tpi-bandara-soekarno-hatta"]["next_change"] is None
    seaport = by_code["tpi-pelabuhan-soekarno-hatta-makassar"]
    assert seaport["open_now"] is None and seaport["opening_hours"]["known"] is False
    assert seaport["opening_hours"]["week"][0]["hours"] is None
    # 16.00 WIB is 17.00 WITA and 18.00 WIT: every Kantor Imigrasi is closed.
    assert all(o["open_now"] is False for o in listing if o["type"] == "kanim")


def test_the_history_marks_closed_days(client, document, snapshot):
    body = _documented(document, "/offices/{code}/history",
                       client.get("/api/v1/offices/kanim-putussibau/history?days=30"))
    office = snapshot.office("kanim-putussibau")
    days = body["data"]["services"][0]["days"]
    assert [d["closed"] for d in days] == [
        hours.day_hours(office, date.fromisoformat(d["date"])).is_closed for d in days]
    assert any(d["closed"] for d in days) and not all(d["closed"] for d in days)

"""The Statuspage-compatible API: Atlassian's documented shape, read by a client that knows only that."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from imigrasi_site.core.views import AffectedCell, IncidentUpdateView, MaintenanceView
from tests.support.routes import FixedStore, routes_client

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "statuspage.json").read_text())
ENDPOINTS = {
    "/api/v2/summary.json": "summary",
    "/api/v2/status.json": "status_endpoint",
    "/api/v2/components.json": "components_endpoint",
    "/api/v2/incidents.json": "incidents_endpoint",
    "/api/v2/incidents/unresolved.json": "unresolved_endpoint",
    "/api/v2/scheduled-maintenances.json": "scheduled_maintenances_endpoint",
}


def assert_matches(definition: str, body: dict) -> None:
    validator = Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{definition}"},
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def planned(snapshot):
    """The demo with one planned window at one office, announced ahead."""
    office = snapshot.offices[0]
    start = snapshot.built_at + timedelta(days=2)
    window = MaintenanceView(7, "Pemeliharaan server", "Server maintenance", "unavailable", "Datang esok hari.",
                             "Come the next day.", start, start + timedelta(hours=4), "scheduled",
                             (AffectedCell(office.code, office.cells[0].service_code, "unavailable"),))
    return replace(snapshot, maintenance=(window,))


@pytest.fixture(scope="module")
def all_clear(snapshot):
    """Every office normal and the incident resolved."""
    offices = tuple(replace(o, cells=tuple(replace(c, availability="normal") for c in o.cells))
                    for o in snapshot.offices)
    incident = snapshot.incidents[0]
    at = incident.updates[0].posted_at + timedelta(days=1)
    closed = replace(incident, status="resolved", resolved_at=at, updated_at=at,
                     updates=(IncidentUpdateView("resolved", "Selesai.", "Resolved.", at), *incident.updates))
    return replace(snapshot, offices=offices, incidents=(closed,))


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("which", ["snapshot", "planned", "all_clear"])
def test_every_endpoint_has_the_documented_shape(request, path, which):
    client = routes_client(FixedStore(request.getfixturevalue(which)))
    for query in ("", "?lang=en"):
        response = client.get(path + query)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        assert_matches(ENDPOINTS[path], response.json())


@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_endpoints_cache_and_cors_like_the_v1_api(snapshot, path):
    client = routes_client(FixedStore(snapshot))
    response = client.get(path, headers={"Origin": "https://aggregator.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "public, max-age=30"
    again = client.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    bad = client.get(path + "?lang=fr")
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "lang"


class Aggregator:
    """What a status aggregator does with any Statuspage page: only documented fields, nothing of this site's."""

    def __init__(self, client) -> None:
        self.summary = client.get("/api/v2/summary.json").json()

    @property
    def indicator(self) -> str:
        return self.summary["status"]["indicator"]

    def groups(self) -> dict[str, dict[str, str]]:
        """Group name -> {component name: status}, following group ids as the widgets do."""
        by_id = {c["id"]: c for c in self.summary["components"]}
        return {
            group["name"]: {by_id[child]["name"]: by_id[child]["status"] for child in group["components"]}
            for group in self.summary["components"] if group["group"]
        }

    def open_incidents(self) -> list[tuple[str, str, str]]:
        """(name, impact, latest update) of each unresolved incident."""
        return [(i["name"], i["impact"], i["incident_updates"][0]["body"]) for i in self.summary["incidents"]]


def test_an_aggregator_sees_the_national_picture_and_each_province(snapshot):
    reader = Aggregator(routes_client(FixedStore(snapshot)))
    groups = reader.groups()
    national = groups.pop("Nasional")
    assert set(groups) == {p.name for p in snapshot.provinces if any(o.province_code == p.code
                                                                      for o in snapshot.offices)}
    expected = {"normal": {"operational"}, "limited": {"degraded_performance", "partial_outage"},
                "unavailable": {"major_outage"}}
    for summary in snapshot.summary:
        service = snapshot.service(summary.service_code)
        assert national[service.name_ind] in expected[summary.national], service.code
        if summary.unavailable and summary.unavailable < summary.offered_at:
            assert national[service.name_ind] == "partial_outage"
    # Express passports are unavailable at every office in the demo: a major outage, critical overall.
    assert reader.indicator == "critical"
    # Putussibau (Kalimantan Barat) cannot take passport applications: its province shows it.
    putussibau = snapshot.office("kanim-putussibau")
    province = groups[putussibau.province_name]
    application = snapshot.service("passport_application")
    assert putussibau.cell("passport_application").availability == "unavailable"
    assert province[application.name_ind] in ("partial_outage", "major_outage")
    incident = snapshot.incidents[0]
    assert reader.open_incidents() == [(incident.title_ind, "critical", incident.updates[0].body_ind)]


def test_an_aggregator_reads_english_when_asked(snapshot):
    client = routes_client(FixedStore(snapshot))
    summary = client.get("/api/v2/summary.json?lang=en").json()
    assert summary["incidents"][0]["name"] == snapshot.incidents[0].title_en
    assert summary["status"]["description"] == "Major Service Outage"


def test_all_clear_means_indicator_none_and_no_unresolved_incident(all_clear):
    client = routes_client(FixedStore(all_clear))
    reader = Aggregator(client)
    assert reader.indicator == "none" and reader.open_incidents() == []
    assert all(status == "operational" for group in reader.groups().values() for status in group.values())
    history = client.get("/api/v2/incidents.json").json()["incidents"]
    assert [(i["status"], i["resolved_at"] is not None) for i in history] == [("resolved", True)]
    # The resolved incident keeps the impact it had while it lasted.
    assert history[0]["impact"] == "critical"
    assert client.get("/api/v2/incidents/unresolved.json").json()["incidents"] == []


def test_planned_maintenance_is_listed_with_its_window_and_component(planned):
    client = routes_client(FixedStore(planned))
    window = planned.maintenance[0]
    office = planned.office(window.cells[0].office_code)
    for path in ("/api/v2/scheduled-maintenances.json", "/api/v2/summary.json"):
        (item,) = client.get(path).json()["scheduled_maintenances"]
        assert item["name"] == window.title_ind and item["status"] == "scheduled"
        assert item["scheduled_for"] < item["scheduled_until"]
        assert [c["id"] for c in item["components"]] == [f"{office.province_code}.{window.cells[0].service_code}"]
        assert item["incident_updates"][0]["body"] == window.advice_ind


def test_a_province_without_active_offices_has_no_group(snapshot):
    gone = snapshot.office("kanim-putussibau").province_code
    emptied = replace(snapshot, offices=tuple(o for o in snapshot.offices if o.province_code != gone))
    body = routes_client(FixedStore(emptied)).get("/api/v2/components.json").json()
    assert_matches("components_endpoint", body)
    ids = {c["id"] for c in body["components"]}
    assert f"provinsi-{gone}" not in ids and not any(i.startswith(f"{gone}.") for i in ids)
    assert "nasional" in ids

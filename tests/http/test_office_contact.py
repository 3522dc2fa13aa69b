"""Where and how to reach an office, and since when it exists: in the API payload and the JSON-LD."""

from __future__ import annotations

from imigrasi_site.http.structured_data import office_json_ld
from tests.support.routes import FixedStore, assert_documented, routes_client


def test_an_office_payload_carries_its_dates_address_source_and_channels(openapi, snapshot):
    client = routes_client(FixedStore(snapshot))
    response = client.get("/api/v1/offices/kanim-garut")
    assert_documented(openapi, "/offices/{code}", response)
    data = response.json()["data"]
    assert data["opened_on"] == "2026-01-26" and data["closed_on"] is None
    assert data["address"].startswith("Jl. Patriot No. 10") and data["address_source"].startswith("https://")

    agam = client.get("/api/v1/offices/kanim-agam")
    assert_documented(openapi, "/offices/{code}", agam)
    assert agam.json()["data"]["channels"] == [{"kind": "phone", "value": "(0752) 628269"}]
    assert agam.json()["data"]["opened_on"] is None  # open before the site's records begin


def test_a_unit_closed_since_is_not_in_the_api(snapshot):
    client = routes_client(FixedStore(snapshot))
    assert client.get("/api/v1/offices/ukk-pasuruan").status_code == 404
    codes = {o["code"] for o in client.get("/api/v1/offices?per_page=200&type=ukk").json()["data"]}
    assert "ukk-pasuruan" not in codes and "ukk-gunungsitoli" in codes


def test_json_ld_names_the_office_s_telephone_and_accounts(snapshot):
    agam = office_json_ld(snapshot.office("kanim-agam"), "https://status.example/kantor/kanim-agam", snapshot)
    assert agam["telephone"] == "(0752) 628269" and agam["sameAs"] is None
    karawang = office_json_ld(snapshot.office("kanim-karawang"), "https://status.example/kantor/kanim-karawang",
                              snapshot)
    assert karawang["sameAs"] == ["https://karawang.imigrasi.go.id"] and karawang["telephone"] is None

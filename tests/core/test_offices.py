"""Finding offices in the real seeded network, and the national summary during the demo incident."""

from __future__ import annotations

import dataclasses

import pytest

from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.offices import (
    distance_km,
    filter_offices,
    locate_place,
    national_summary,
    nearest_offices,
    office_availability,
    office_incident_ids,
    office_notices,
    search_offices,
)


def codes(offices) -> list[str]:
    return [office.code for office in offices]


def test_search_finds_putussibau_by_name_in_any_case(snapshot):
    for query in ("putussibau", "PUTUSSIBAU", "  Putussibau ", "kantor imigrasi putussibau"):
        assert codes(search_offices(snapshot.offices, query)) == ["kanim-putussibau"]


def test_search_is_accent_insensitive_and_matches_partial_words(snapshot):
    assert "kanim-putussibau" in codes(search_offices(snapshot.offices, "Putússibáu"))
    assert "kanim-putussibau" in codes(search_offices(snapshot.offices, "putus"))
    hatta = codes(search_offices(snapshot.offices, "soek hat"))
    assert "tpi-bandara-soekarno-hatta" in hatta


def test_search_by_city_and_by_province(snapshot):
    by_city = search_offices(snapshot.offices, "kapuas hulu")
    assert "kanim-putussibau" in codes(by_city)
    in_bali = search_offices(snapshot.offices, "bali")
    assert {"kanim-denpasar", "kanim-ngurah-rai", "tpi-bandara-ngurah-rai"} <= set(codes(in_bali))
    assert all(o.province_name == "Bali" or "bali" in o.search_text for o in in_bali)


def test_partial_words_must_start_a_word(snapshot):
    # "sibau" is inside "putussibau" but starts no word: no match, so results stay precise.
    assert "kanim-putussibau" not in codes(search_offices(snapshot.offices, "sibau"))


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "<script>alert(1)</script>",
        "'; DROP TABLE office; --",
        "%' OR '1'='1",
        "😀🛂",
        "\x00\x1f",
        "!!!",
    ],
)
def test_hostile_queries_give_a_plain_empty_result(snapshot, query):
    assert search_offices(snapshot.offices, query) == []


@pytest.mark.parametrize("query", ["", "   ", None, 42, ["putussibau"]])
def test_empty_or_non_text_queries_list_every_office(snapshot, query):
    assert len(search_offices(snapshot.offices, query)) == len(snapshot.offices)


def test_express_passport_is_unavailable_everywhere_during_the_demo_incident(snapshot):
    offering = filter_offices(snapshot.offices, service_code="passport_express")
    assert len(offering) >= 50
    assert filter_offices(snapshot.offices, service_code="passport_express", availability="normal") == []
    unavailable = filter_offices(snapshot.offices, service_code="passport_express", availability="unavailable")
    assert codes(unavailable) == codes(offering)


def test_filter_by_type_province_and_availability(snapshot):
    limited_airports = filter_offices(
        snapshot.offices, service_code="border_crossing", availability="limited", office_type="tpi_airport"
    )
    assert "tpi-bandara-ngurah-rai" in codes(limited_airports)
    # Restored from the backup site in Batam on 22 June.
    assert "tpi-bandara-soekarno-hatta" not in codes(limited_airports)
    kalbar = filter_offices(snapshot.offices, province_code="61")
    assert "kanim-putussibau" in codes(kalbar) and all(o.province_code == "61" for o in kalbar)
    with pytest.raises(InvalidInput):
        filter_offices(snapshot.offices, availability="closed")


def test_nearest_offices_to_a_city_offering_a_service(snapshot):
    place = locate_place(snapshot.offices, "Kota Denpasar")
    assert place is not None
    nearest = nearest_offices(snapshot.offices, place.latitude, place.longitude, service_code="passport_application")
    assert nearest[0][0].province_name == "Bali"
    distances = [d for _office, d in nearest]
    assert distances == sorted(distances) and distances[0] < 30
    assert all(o.cell("passport_application") for o, _d in nearest)


def test_nearest_office_where_a_service_still_works(snapshot):
    place = locate_place(snapshot.offices, "putussibau")
    nearest = nearest_offices(
        snapshot.offices, place.latitude, place.longitude, service_code="passport_application", availability="normal"
    )
    assert nearest and nearest[0][0].code != "kanim-putussibau"
    assert all(o.cell("passport_application").availability == "normal" for o, _d in nearest)


@pytest.mark.parametrize("name", ["", "nowhere-city", None, "x" * 5000, "<b>"])
def test_unknown_places_are_none(snapshot, name):
    assert locate_place(snapshot.offices, name) is None


def test_distance_is_haversine():
    # Jakarta to Surabaya is about 660 km in a straight line.
    assert 640 < distance_km(-6.2, 106.82, -7.25, 112.75) < 680
    with pytest.raises(InvalidInput):
        nearest_offices((), 200, 0)


def test_national_summary_counts_offices_per_availability(snapshot):
    summary = {s.service_code: s for s in national_summary(snapshot.offices, snapshot.services)}
    express = summary["passport_express"]
    assert express.normal == 0 and express.limited == 0 and express.unavailable > 0
    assert express.national == "unavailable"
    assert express.disrupted_since.isoformat() == "2024-06-19T23:00:00+00:00"
    interviews = summary["passport_interview_biometrics"]
    assert interviews.unavailable == 0 and interviews.limited == 0 and interviews.disrupted_since is None
    border = summary["border_crossing"]
    assert border.limited > 0 and border.normal >= 2
    assert border.national == "limited"
    assert interviews.national == "normal"
    for s in summary.values():
        assert s.offered_at == sum(1 for o in snapshot.offices if o.cell(s.service_code))
    assert snapshot.summary == tuple(summary[s.code] for s in snapshot.services)


def test_disrupted_means_limited_or_unavailable(snapshot):
    disrupted = filter_offices(snapshot.offices, service_code="border_crossing", availability="disrupted")
    limited = filter_offices(snapshot.offices, service_code="border_crossing", availability="limited")
    unavailable = filter_offices(snapshot.offices, service_code="border_crossing", availability="unavailable")
    assert set(codes(disrupted)) == set(codes(limited)) | set(codes(unavailable))
    assert "tpi-bandara-soekarno-hatta" not in codes(disrupted)


def test_an_office_is_unavailable_only_when_every_service_is(snapshot):
    putussibau = snapshot.office("kanim-putussibau")  # two services unavailable, one normal
    assert office_availability(putussibau) == "limited"
    normal = next(o for o in snapshot.offices if all(c.availability == "normal" for c in o.cells))
    assert office_availability(normal) == "normal"
    only_unavailable = dataclasses.replace(putussibau, cells=putussibau.cells[:1])
    assert office_availability(only_unavailable) == "unavailable"
    assert office_availability(dataclasses.replace(putussibau, cells=())) == "normal"


def test_an_office_relates_to_its_incidents_and_their_notices(snapshot):
    putussibau = snapshot.office("kanim-putussibau")
    incident_ids = office_incident_ids(putussibau, snapshot.incidents)
    assert incident_ids == {snapshot.incidents[0].id}
    slugs = [n.slug for n in office_notices(putussibau, snapshot.notices, incident_ids)]
    # Its own notice, and the incident's notice that names no office; not notices about other offices.
    assert slugs == ["layanan-permohonan-di-kantor-imigrasi-putussibau-belum-dapat-diproses",
                     "paspor-percepatan-dihentikan-sementara-di-semua-kantor-imigrasi"]

"""The JSON API through the running app: what the OpenAPI document promises, every endpoint keeps.

Other test modules may change the live database (an incident update, a bulk change in Bali,
new notices), so the values compared with the seeded read model are ones they leave alone.
"""

from __future__ import annotations

import gzip
import json

import httpx
import pytest
from jsonschema import Draft202012Validator

from imigrasi_site.core import accounts, notices
from imigrasi_site.core.snapshot import SnapshotStore
from tests.support.routes import FixedStore, assert_documented, routes_client

ENDPOINTS = {
    "/offices": "/api/v1/offices",
    "/offices/{code}": "/api/v1/offices/kanim-putussibau",
    "/offices/{code}/history": "/api/v1/offices/kanim-putussibau/history?days=90",
    "/offices/{code}/hours": "/api/v1/offices/kanim-putussibau/hours?from=2027-08-17&to=2027-08-23",
    "/maintenance": "/api/v1/maintenance",
    "/services": "/api/v1/services",
    "/status": "/api/v1/status",
    "/incidents": "/api/v1/incidents",
    "/notices": "/api/v1/notices",
}


def get(live_app, path: str, **kwargs) -> httpx.Response:
    return httpx.get(live_app.url(path), **kwargs)


def test_the_document_describes_every_endpoint_with_valid_schemas(openapi, live_app):
    assert openapi["openapi"].startswith("3.1")
    # Every read endpoint, and the offices' heartbeat POST (tests/http/test_heartbeats.py).
    assert set(openapi["paths"]) == set(ENDPOINTS) | {"/heartbeats/{office_code}"}
    assert openapi["servers"] == [{"url": live_app.base_url + "/api/v1"}]
    for schema in openapi["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for operation in (path["get"] for path in openapi["paths"].values() if "get" in path):
        assert {"200", "304", "400"} <= set(operation["responses"])


@pytest.mark.parametrize("template", ENDPOINTS)
def test_every_endpoint_answers_as_documented(openapi, live_app, template):
    response = get(live_app, ENDPOINTS[template])
    assert response.status_code == 200
    assert_documented(openapi, template, response)
    as_of = response.json()["data_as_of"]
    assert as_of["text"]["id"].startswith("Data per ") and as_of["text"]["id"].endswith(" WIB")
    assert as_of["text"]["en"].startswith("Data as of ")


def test_an_office_is_the_read_model_office(openapi, live_app, snapshot):
    office = snapshot.office("kanim-putussibau")
    data = get(live_app, "/api/v1/offices/kanim-putussibau").json()["data"]
    assert data["name"] == office.name
    assert data["type"] == "kanim" and data["office_class"] == "III_TPI"
    assert data["province"] == {"code": "61", "name": "Kalimantan Barat"}
    assert (data["latitude"], data["longitude"], data["timezone"]) == (office.latitude, office.longitude,
                                                                       "Asia/Jakarta")
    assert [(s["code"], s["availability"]) for s in data["services"]] == [
        (c.service_code, c.availability) for c in office.cells]
    passport = data["services"][0]
    assert passport == {
        "code": "passport_application",
        "availability": "unavailable",
        "advice": {"id": office.cells[0].advice_ind, "en": office.cells[0].advice_en},
        "since": "2024-06-21T02:00:00Z",
        "incident_id": office.cells[0].incident_id,
    }
    assert data["links"]["page"] == live_app.url("/kantor/kanim-putussibau")
    assert data["links"]["embed"] == live_app.url("/embed/kantor/kanim-putussibau")


def test_offices_filter_by_province_type_service_and_availability(openapi, live_app, snapshot):
    def listing(query: str) -> dict:
        response = get(live_app, f"/api/v1/offices?{query}&per_page=200")
        assert response.status_code == 200, response.text
        assert_documented(openapi, "/offices", response)
        return response.json()

    west_kalimantan = listing("province=61")
    assert {o["province"]["code"] for o in west_kalimantan["data"]} == {"61"}
    assert west_kalimantan["paging"]["total"] == sum(o.province_code == "61" for o in snapshot.offices)
    land_posts = listing("type=tpi_land")
    assert {o["code"] for o in land_posts["data"]} == {o.code for o in snapshot.offices if o.type == "tpi_land"}
    # During the demo incident express passports work nowhere.
    assert listing("service=passport_express&availability=normal")["paging"]["total"] == 0
    express = listing("service=passport_express&availability=unavailable")
    assert express["paging"]["total"] == sum(o.cell("passport_express") is not None for o in snapshot.offices)
    assert [o["code"] for o in listing("q=putussibau")["data"]] == ["kanim-putussibau"]


def test_offices_are_paged_in_name_order(openapi, live_app, snapshot):
    body = get(live_app, "/api/v1/offices?per_page=10&page=2").json()
    assert [o["code"] for o in body["data"]] == [o.code for o in snapshot.offices[10:20]]
    assert body["paging"] == {"page": 2, "per_page": 10, "total": len(snapshot.offices),
                              "pages": -(-len(snapshot.offices) // 10)}
    past_the_end = get(live_app, f"/api/v1/offices?per_page=10&page={body['paging']['pages'] + 1}")
    assert past_the_end.status_code == 200 and past_the_end.json()["data"] == []
    assert len(get(live_app, "/api/v1/offices").json()["data"]) == 50  # the default page size


def test_the_national_status_adds_up(openapi, live_app, snapshot):
    status = get(live_app, "/api/v1/status").json()["data"]
    offered = {s.service_code: s.offered_at for s in snapshot.summary}
    for service in status["services"]:
        counts = service["office_counts"]
        assert sum(counts.values()) == offered[service["code"]]
        total = get(live_app, f"/api/v1/offices?service={service['code']}&per_page=1").json()["paging"]["total"]
        assert total == offered[service["code"]]
    express = next(s for s in status["services"] if s["code"] == "passport_express")
    assert express["availability"] == "unavailable"
    n = offered["passport_express"]
    assert express["summary"]["en"].startswith(f"Of {n} offices: {n} unavailable.")
    assert [i["id"] for i in status["open_incidents"]] == [i.id for i in snapshot.open_incidents]


def test_incidents_carry_their_timeline_and_affected_services(live_app, snapshot):
    incident = snapshot.incidents[0]
    data = get(live_app, "/api/v1/incidents").json()["data"]
    served = next(i for i in data if i["id"] == incident.id)
    assert served["title"] == {"id": incident.title_ind, "en": incident.title_en}
    assert len(served["updates"]) >= len(incident.updates)  # an editor test may have posted one more
    posted = [u["posted_at"] for u in served["updates"]]
    assert posted == sorted(posted, reverse=True)
    assert {(a["office_code"], a["service_code"]) for a in served["affected"]} == {
        (a.office_code, a.service_code) for a in incident.affected}
    assert served["url"] == live_app.url(f"/insiden/{incident.id}")


def test_notices_come_in_both_languages_with_null_for_missing_english(live_app, snapshot):
    served = {n["slug"]: n for n in get(live_app, "/api/v1/notices").json()["data"]}
    for notice in snapshot.notices:
        item = served[notice.slug]
        assert item["title"]["id"] == notice.title_ind
        assert item["body"]["id"] == notice.body_ind
        if notice.has_english:
            assert item["title"]["en"] == notice.title_en and item["body"]["en"] == notice.body_en
        else:
            assert item["title"]["en"] is None and item["body"]["en"] is None


def test_only_published_notices_are_served(cheap_argon2, db_url, session, monkeypatch, tmp_path):
    author = accounts.create_editor(session, username="penulis", display_name="Penulis", password="x" * 16,
                                    role="editor", operator=True)
    draft = notices.create_notice(session, notices.NoticeText.clean(title_ind="Draf rahasia", body_ind="Isi."),
                                  actor=author)
    in_review = notices.create_notice(session, notices.NoticeText.clean(title_ind="Menunggu tinjauan",
                                                                        body_ind="Isi."), actor=author)
    notices.submit_for_review(session, in_review.id, actor=author)
    session.commit()
    snapshot = SnapshotStore(db_url, copy_path=tmp_path / "copy.json").get()
    response = routes_client(FixedStore(snapshot)).get("/api/v1/notices")
    served = [n["slug"] for n in response.json()["data"]]
    assert served == [n.slug for n in snapshot.notices] and len(served) == 4
    assert draft.slug not in served and in_review.slug not in served


@pytest.mark.parametrize("template", ENDPOINTS)
def test_a_matching_etag_gets_304_and_a_stale_one_the_body(live_app, template):
    first = get(live_app, ENDPOINTS[template])
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = get(live_app, ENDPOINTS[template], headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    stale = get(live_app, ENDPOINTS[template], headers={"If-None-Match": 'W/"not-the-current-one"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_bodies_are_gzipped_for_clients_that_ask(live_app):
    # httpx would decode the body on its own; read the bytes as they came.
    with httpx.stream("GET", live_app.url("/api/v1/incidents"), headers={"Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    zipped, plain = json.loads(gzip.decompress(raw)), get(live_app, "/api/v1/incidents").json()
    # The read model is confirmed every minute, so the two requests may carry different as-of times.
    assert zipped.pop("data_as_of")["at"] and plain.pop("data_as_of")["at"]
    assert zipped == plain


@pytest.mark.parametrize(
    "query, parameter, words",
    [
        ("page=abc", "page", "'abc'"),
        ("page=0", "page", "from 1"),
        ("per_page=201", "per_page", "from 1 to 200"),
        ("province=99", "province", "'99'"),
        ("type=castle", "type", "kanim, ulp"),
        ("service=teleport", "service", "passport_application"),
        ("availability=busy", "availability", "disrupted"),
        ("provinse=61", "provinse", "Unknown parameter"),
        ("page=1&page=2", "page", "given 2 times"),
        ("q=" + "x" * 101, "q", "at most 100"),
    ],
)
def test_bad_parameters_get_400_with_a_message_that_names_them(openapi, live_app, query, parameter, words):
    response = get(live_app, f"/api/v1/offices?{query}")
    assert response.status_code == 400
    assert_documented(openapi, "/offices", response)
    error = response.json()["error"]
    assert error["code"] == "bad_parameter" and error["parameter"] == parameter
    assert words in error["message"]


def test_endpoints_without_parameters_refuse_them(openapi, live_app):
    response = get(live_app, "/api/v1/status?lang=en")
    assert response.status_code == 400
    assert_documented(openapi, "/status", response)
    assert response.json()["error"]["parameter"] == "lang"


def test_unknown_codes_and_endpoints_get_404_json(openapi, live_app):
    response = get(live_app, "/api/v1/offices/kanim-atlantis")
    assert response.status_code == 404
    assert_documented(openapi, "/offices/{code}", response)
    assert "kanim-atlantis" in response.json()["error"]["message"]
    response = get(live_app, "/api/v1/kantor")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert "openapi.json" in response.json()["error"]["message"]


def test_a_code_with_a_line_break_is_a_documented_404(openapi, live_app):
    # Reflex's mount cannot route a path with a line break; the public routes answer it all the same.
    response = get(live_app, "/api/v1/offices/kanim%0Aputussibau/history")
    assert response.status_code == 404
    assert_documented(openapi, "/offices/{code}/history", response)
    assert response.headers["access-control-allow-origin"] == "*"


def test_writes_get_405_json_and_no_stack_trace(live_app):
    response = httpx.post(live_app.url("/api/v1/offices"), json={"code": "x"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "Traceback" not in response.text


def test_any_origin_may_read_the_api_without_credentials(live_app):
    response = get(live_app, "/api/v1/status", headers={"Origin": "https://berita.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "etag" in response.headers["access-control-expose-headers"].lower()
    options = httpx.options(live_app.url("/api/v1/status"))
    assert options.status_code == 204
    assert "GET" in options.headers["access-control-allow-methods"]
    assert "if-none-match" in options.headers["access-control-allow-headers"].lower()


def test_head_answers_headers_only(live_app):
    identity = {"Accept-Encoding": "identity"}
    response = httpx.head(live_app.url("/api/v1/status"), headers=identity)
    assert response.status_code == 200 and response.content == b""
    full = get(live_app, "/api/v1/status", headers=identity)
    assert int(response.headers["content-length"]) == len(full.content)
    assert response.headers["etag"] == full.headers["etag"]


def test_the_document_names_exactly_the_codes_the_api_accepts(openapi, live_app, snapshot):
    parameters = openapi["components"]["parameters"]
    assert parameters["province"]["schema"]["enum"] == ["", *(p.code for p in snapshot.provinces)]
    assert parameters["service"]["schema"]["enum"] == ["", *(s.code for s in snapshot.services)]
    assert parameters["availability"]["schema"]["enum"] == ["", "normal", "limited", "unavailable", "disrupted"]
    assert parameters["per_page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}
    for name in ("province", "service", "availability", "type"):
        for code in parameters[name]["schema"]["enum"]:
            response = get(live_app, f"/api/v1/offices?{name}={code}&per_page=1")
            assert response.status_code == 200, (name, code, response.text)
    assert get(live_app, "/api/v1/offices?province=9").status_code == 400


def test_an_empty_filter_is_no_filter(openapi, live_app, snapshot):
    everything = get(live_app, "/api/v1/offices?per_page=1").json()["paging"]
    empty = get(live_app, "/api/v1/offices?province=&type=&service=&availability=&q=&per_page=1")
    assert empty.status_code == 200
    assert_documented(openapi, "/offices", empty)
    assert empty.json()["paging"] == everything == {"page": 1, "per_page": 1, "total": len(snapshot.offices),
                                                    "pages": len(snapshot.offices)}


def test_the_documented_defaults_are_the_ones_applied(openapi, live_app):
    parameters = openapi["components"]["parameters"]
    paging = get(live_app, "/api/v1/offices").json()["paging"]
    assert (paging["page"], paging["per_page"]) == (parameters["page"]["schema"]["default"],
                                                    parameters["per_page"]["schema"]["default"])
    history = get(live_app, "/api/v1/offices/kanim-putussibau/history").json()["data"]
    assert history["days"] == parameters["days"]["schema"]["default"] == 90

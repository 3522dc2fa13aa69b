"""The national map: one linked mark per active office, its availability in shape and words, small enough."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET

import pytest

from imigrasi_site.core.models import Availability
from imigrasi_site.core.settings import get_settings
from imigrasi_site.render.map import map_rows, outline, render_map_svg
from tests.support.routes import FixedStore, routes_client

SVG = "{http://www.w3.org/2000/svg}"
BUDGET = 30 * 1024  # gzip-compressed
EMBED_BUDGET = 15 * 1024  # as tests/test_embed.py
BASE = get_settings().public_url
LABELS = {"id": {"normal": "Normal", "limited": "Terbatas", "unavailable": "Tidak tersedia",
                 "not_offered": "Tidak dilayani di kantor ini"},
          "en": {"normal": "Normal", "limited": "Limited", "unavailable": "Unavailable",
                 "not_offered": "Not offered at this office"}}
SHAPES = {"normal": "circle", "limited": "path", "unavailable": "path", "not_offered": "circle"}


def marks(svg: str) -> dict[str, dict]:
    """office code -> its mark: availability, link, title, the shape it uses and the glyph shown."""
    root = ET.fromstring(svg)
    shapes = {g.get("id"): g[0] for g in root.iter(f"{SVG}g") if g.get("id")}
    found = {}
    for link in root.iter(f"{SVG}a"):
        code = link.get("data-office")
        assert code not in found, f"{code} has two marks"
        use = link.find(f"{SVG}use")
        found[code] = {
            "availability": link.get("data-availability"),
            "href": link.get("href"),
            "title": link.findtext(f"{SVG}title"),
            "shape": shapes[use.get("href").lstrip("#")],
            "glyph": link.findtext(f"{SVG}text") or "",
            "xy": (float(use.get("x")), float(use.get("y"))),
        }
    return found


def api_availability(client, service: str | None) -> dict[str, str]:
    """What /api/v1/offices says, by office: the service's availability, or the worst of the office's."""
    query = f"&service={service}" if service else ""
    offices, page, pages = [], 1, 1
    while page <= pages:
        body = client.get(f"/api/v1/offices?per_page=200&page={page}{query}").json()
        offices += body["data"]
        pages, page = body["paging"]["pages"], page + 1
    result = {}
    for office in offices:
        states = [s["availability"] for s in office["services"] if service in (None, s["code"])]
        result[office["code"]] = max(states, key=lambda a: Availability(a).severity) if states else "normal"
    return result


@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_mark_per_active_office_with_its_label_and_link(snapshot, lang):
    found = marks(render_map_svg(snapshot, None, lang, BASE))
    assert set(found) == {o.code for o in snapshot.offices}
    for office in snapshot.offices:
        mark = found[office.code]
        assert mark["title"] == f"{office.name}: {LABELS[lang][mark['availability']]}"
        expected = f"{BASE}/kantor/{office.code}" + ("?lang=en" if lang == "en" else "")
        assert mark["href"] == expected


@pytest.mark.parametrize("service", [None, "passport_express", "passport_application", "border_crossing", "autogate"])
def test_marks_match_the_api_for_the_chosen_service(snapshot, service):
    client = routes_client(FixedStore(snapshot))
    api = api_availability(client, service)
    found = marks(render_map_svg(snapshot, service, "en", BASE))
    for code, mark in found.items():
        assert mark["availability"] == api.get(code, "not_offered"), code
    assert {c for c, m in found.items() if m["availability"] != "not_offered"} == set(api)
    # The demo has each of these somewhere, so the test tells the states apart.
    if service == "passport_application":
        assert found["kanim-putussibau"]["availability"] == "unavailable"
    if service is None:
        assert {m["availability"] for m in found.values()} >= {"limited", "unavailable"}


def test_shape_and_glyph_carry_the_availability_not_colour_alone(snapshot):
    found = marks(render_map_svg(snapshot, "border_crossing", "id", BASE))
    by_state: dict[str, set[tuple[str, str | None, str]]] = {}
    for mark in found.values():
        shape = mark["shape"]
        # A circle's size, a path's outline: the geometry, whatever the colour.
        geometry = shape.get("d") or shape.get("r")
        by_state.setdefault(mark["availability"], set()).add((shape.tag.removeprefix(SVG), geometry, mark["glyph"]))
    assert set(by_state) >= {"normal", "limited", "not_offered"}
    for state, looks in by_state.items():
        assert len(looks) == 1, f"{state} is drawn in more than one way"
        assert next(iter(looks))[0] == SHAPES[state]
    looks = [next(iter(v)) for v in by_state.values()]
    assert len({(tag, d) for tag, d, _ in looks}) == len(looks), "two states share a shape"
    assert {glyph for *_, glyph in looks} >= {"✓", "!"}


def test_marks_sit_at_their_coordinates_inside_the_outline_frame(snapshot):
    frame = outline()
    found = marks(render_map_svg(snapshot, None, "id", BASE))
    for office in snapshot.offices:
        x, y = found[office.code]["xy"]
        assert 0 < x < frame["width"] and 0 < y < frame["height"]
    west, east = found["kanim-banda-aceh"]["xy"], next(m["xy"] for c, m in found.items() if "jayapura" in c)
    assert west[0] < east[0]


def test_screen_readers_get_a_title_a_description_and_the_table_has_the_same_facts(snapshot):
    svg = render_map_svg(snapshot, "passport_application", "en", BASE)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title_ind, desc_id = root.get("aria-labelledby").split()
    title = next(e for e in root if e.get("id") == title_ind)
    desc = next(e for e in root if e.get("id") == desc_id)
    assert title.tag == f"{SVG}title" and "Passport application" in title.text
    rows = map_rows(snapshot, "passport_application", "en", BASE)
    unavailable = sum(1 for r in rows if r.availability == "unavailable")
    assert f"{len(rows)} immigration offices" in desc.text and f"{unavailable} unavailable" in desc.text
    found = marks(svg)
    assert {(r.office_code, r.availability or "not_offered", r.label) for r in rows} == {
        (code, m["availability"], m["title"].rsplit(": ", 1)[1]) for code, m in found.items()}
    assert [r.province for r in rows] == sorted(r.province for r in rows)


def test_an_incident_map_shows_only_its_offices(snapshot):
    incident = snapshot.incidents[0]
    codes = {a.office_code for a in incident.affected if a.office_code == "kanim-putussibau"} | {"kanim-banda-aceh"}
    found = marks(render_map_svg(snapshot, None, "id", BASE, office_codes=codes, id_prefix="insiden"))
    assert set(found) == codes


@pytest.mark.parametrize("service", [None, "passport_express", "border_crossing"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_map_stays_under_its_size_budget(snapshot, service, lang):
    svg = render_map_svg(snapshot, service, lang, BASE).encode()
    assert len(gzip.compress(svg, compresslevel=6)) < BUDGET


@pytest.mark.parametrize("query", ["", "?service=passport_express&lang=en", "?theme=dark&service=nonsense"])
def test_the_map_embed_is_script_free_opens_offices_outside_the_frame_and_fits_the_embed_budget(snapshot, query):
    response = routes_client(FixedStore(snapshot)).get("/embed/peta" + query, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert int(response.headers["content-length"]) <= EMBED_BUDGET  # the gzip body, as sent
    html = response.text
    assert "<script" not in html and not re.search(r"\ssrc=|url\(|@import", html)
    assert "script-src" not in response.headers["content-security-policy"]
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    found = marks(svg)
    assert set(found) == {o.code for o in snapshot.offices}
    assert all(f'data-office="{code}"' in svg for code in found)
    assert svg.count('target="_blank"') == len(found)

"""Status badges say the status in words, for an office and for a service nationally."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx

from imigrasi_site.core.offices import office_availability
from imigrasi_site.core.presenters import availability_label

SVG = "{http://www.w3.org/2000/svg}"


def badge(live_app, path: str) -> tuple[httpx.Response, ET.Element]:
    response = httpx.get(live_app.url(path))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    return response, ET.fromstring(response.content)


def texts(svg: ET.Element) -> list[str]:
    return [text.text for text in svg.iter(f"{SVG}text")]


def test_an_office_badge_says_its_status_in_words(live_app, snapshot):
    office = snapshot.office("kanim-putussibau")
    label = availability_label(office_availability(office), "id")
    _response, svg = badge(live_app, "/badge/kantor/kanim-putussibau.svg")
    assert texts(svg) == [office.name, f"! {label}"]
    assert svg.get("role") == "img" and svg.get("aria-label") == f"{office.name}: ! {label}"
    # The title (shown on hover, read by screen readers) lists each service.
    assert "Permohonan paspor: Tidak tersedia" in svg.find(f"{SVG}title").text
    _response, english = badge(live_app, "/badge/kantor/kanim-putussibau.svg?lang=en")
    assert texts(english)[1] == f"! {availability_label(office_availability(office), 'en')}"


def test_a_service_badge_says_its_national_status(live_app, snapshot):
    _response, svg = badge(live_app, "/badge/passport_express.svg")
    assert texts(svg) == [snapshot.service("passport_express").name_ind, "✕ Tidak tersedia"]
    _response, svg = badge(live_app, "/badge/visa_on_arrival.svg?lang=en")
    assert texts(svg) == [snapshot.service("visa_on_arrival").name_en, "✓ Normal"]


def test_unknown_badges_are_404(live_app):
    assert httpx.get(live_app.url("/badge/kantor/kanim-atlantis.svg")).status_code == 404
    assert httpx.get(live_app.url("/badge/teleport.svg")).status_code == 404


def test_badges_may_be_shown_anywhere_but_run_nothing(live_app):
    response = httpx.get(live_app.url("/badge/passport_express.svg"), headers={"Origin": "https://x.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    etag = response.headers["etag"]
    assert httpx.get(live_app.url("/badge/passport_express.svg"),
                     headers={"If-None-Match": etag}).status_code == 304

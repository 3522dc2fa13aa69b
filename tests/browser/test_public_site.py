"""What travellers and the public see, in real Chromium against the running app."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from imigrasi_site.core.offices import filter_offices

PUTUSSIBAU = "Kantor Imigrasi Kelas III TPI Putussibau"


def results(page):
    return page.locator("#office-results > li")


def test_searching_putussibau_finds_the_office(page):
    page.goto("/kantor")
    expect(results(page).first).to_be_visible()
    page.get_by_label("Cari kantor, kota, atau provinsi").fill("putussibau")
    expect(page.locator("#results-status")).to_have_text("1 kantor ditemukan.")
    expect(results(page)).to_have_count(1)
    expect(results(page).first.get_by_role("link", name=PUTUSSIBAU)).to_be_visible()
    results(page).first.get_by_role("link", name=PUTUSSIBAU).click()
    expect(page).to_have_url(re.compile(r"/kantor/kanim-putussibau$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PUTUSSIBAU)


def test_express_passport_is_unavailable_everywhere_during_the_incident(page, snapshot):
    total = len(filter_offices(snapshot.offices, service_code="passport_express"))
    assert total >= 50
    page.goto("/kantor")
    expect(results(page).first).to_be_visible()
    page.get_by_label("Layanan", exact=True).select_option("passport_express")
    status = page.locator("#results-status")
    expect(status).to_have_text(f"{total} kantor ditemukan.")
    page.get_by_label("Status", exact=True).select_option("normal")
    expect(status).to_have_text("Tidak ada kantor yang cocok. Coba kata lain.")
    page.get_by_label("Status", exact=True).select_option("unavailable")
    expect(status).to_have_text(f"{total} kantor ditemukan.")
    express = page.locator("#office-results .cell-line", has_text="Paspor percepatan")
    expect(express.first).to_contain_text("Tidak tersedia")
    assert express.filter(has_text="Normal").count() == 0


@pytest.mark.parametrize(
    "code, zone",
    [
        ("tpi-bandara-ngurah-rai", "WITA"),  # Bali
        ("kanim-makassar", "WITA"),  # Sulawesi Selatan
        ("kanim-jayapura", "WIT"),  # Papua
        ("kanim-putussibau", "WIB"),  # Kalimantan Barat
    ],
)
def test_office_pages_show_times_in_the_office_zone(page, code, zone):
    page.goto(f"/kantor/{code}")
    expect(page.locator("#office-zone")).to_contain_text(zone)
    since = page.locator("#office-services .since")
    expect(since.first).to_be_visible()
    for text in since.all_inner_texts():
        assert re.fullmatch(rf"sejak \d{{1,2}} \w+ \d{{4}} \d{{2}}\.\d{{2}} {zone}", text), text


def test_office_page_says_what_to_do_for_a_disrupted_service(page):
    page.goto("/kantor/tpi-bandara-ngurah-rai")
    border = page.locator('#office-services [data-service="border_crossing"]')
    expect(border).to_contain_text("Terbatas")
    expect(border).to_contain_text("sejak 20 Juni 2024 07.00 WITA")
    expect(border.locator(".what-to-do")).to_contain_text("Datanglah lebih awal")


def test_language_switch_changes_the_interface_and_is_remembered(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Status Layanan Imigrasi")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Immigration Service Status")
    expect(page).to_have_url(re.compile(r"\?lang=en$"))
    # A page reached without ?lang keeps the choice.
    page.goto("/kantor/kanim-putussibau")
    expect(page.get_by_role("heading", name="Services today")).to_be_visible()
    expect(page.locator('#office-services [data-service="passport_application"]')).to_contain_text("Unavailable")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Ganti ke Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Layanan hari ini")).to_be_visible()


def test_a_shared_english_link_opens_in_english(page):
    page.goto("/pengumuman?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notices")
    expect(page.get_by_role("link", name="Express passports suspended at all immigration offices")).to_be_visible()
    # An Indonesian-only notice says so in English.
    expect(page.locator(".notice-card", has_text="Datang lebih awal")).to_contain_text("Indonesian only")


def test_notice_page_shows_its_body_and_linked_incident(page):
    page.goto("/pengumuman")
    page.get_by_role("link", name="Paspor percepatan dihentikan sementara di semua kantor imigrasi").click()
    expect(page.locator("#notice .notice-title")).to_have_text("Paspor percepatan dihentikan sementara di semua kantor imigrasi")
    body = page.locator("#notice .notice-body")
    expect(body.get_by_role("heading", name="Yang tetap berjalan")).to_be_visible()
    expect(body.locator("li", has_text="Permohonan paspor reguler tetap diterima.")).to_be_visible()
    link = page.locator("#notice-incident")
    expect(link).to_have_text("Gangguan Pusat Data Nasional berdampak pada layanan keimigrasian")
    link.click()
    expect(page.locator("#incident-status")).to_have_text("Dipantau")
    timeline = page.locator("#incident-timeline > li")
    # Newest first: the seeded timeline ends (at the bottom) with the first report of the disruption.
    expect(timeline.last).to_contain_text("Sedang diselidiki")
    expect(timeline.filter(has_text="pusat data cadangan di Batam").first).to_be_visible()


@pytest.mark.parametrize(
    "path, message",
    [
        ("/kantor/kanim-tidak-ada", "Kami tidak menemukan kantor dengan kode itu."),
        ("/pengumuman/tidak-ada", "Pengumuman itu tidak ada atau belum terbit."),
        ("/insiden/99999", "Gangguan itu tidak ditemukan."),
        ("/halaman/yang/tidak/ada", "Alamat ini tidak ada di situs kami."),
    ],
)
def test_unknown_addresses_show_a_helpful_not_found_page(page, path, message):
    response = page.goto(path)
    assert response.status == 404
    not_found = page.locator("#not-found")
    expect(not_found).to_contain_text("Halaman tidak ditemukan")
    expect(not_found).to_contain_text(message)
    expect(not_found.get_by_role("link", name="Kembali ke beranda")).to_be_visible()


@pytest.mark.parametrize(
    "query",
    ["x" * 300, "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE office; --", "😀🛂✈️",
     "%00%27"],
)
def test_hostile_search_input_shows_no_results_never_an_error(page, query):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/kantor")
    expect(results(page).first).to_be_visible()
    page.get_by_label("Cari kantor, kota, atau provinsi").fill(query)
    expect(page.locator("#results-status")).to_have_text("Tidak ada kantor yang cocok. Coba kata lain.")
    expect(results(page)).to_have_count(0)
    assert dialogs == []
    assert page.console_errors == []


def test_sort_by_distance_from_a_city(page):
    page.goto("/kantor?urut=jarak&kota=Pontianak&layanan=passport_application")
    first = results(page).first
    expect(first).to_contain_text("Kalimantan Barat")
    expect(first).to_contain_text("km")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name, path", [("home", "/"), ("checker", "/kantor"), ("office", "/kantor/kanim-putussibau")])
def test_screenshots_for_people_to_look_at(page, artifacts, width, name, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    expect(page.locator("#data-as-of")).to_contain_text("Data per")
    # Nothing sticks out sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)

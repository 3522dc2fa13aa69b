"""The worst morning of an editor's year, in real Chromium: declare the June 2024 disruption from the
board in one form, a second person approves the notice, every public channel shows it, then one
click resolves it and every cell is back where it was. And every workspace page fits a 390 px phone."""

from __future__ import annotations

import re
import time

import httpx
from playwright.sync_api import expect
from sqlmodel import select

from bench.declare_actions import DECLARE, TARGET, TITLE, perform
from imigrasi_site.core import db
from imigrasi_site.core.models import Notice, OfficeService
from tests.support.browser import sign_in, sign_out


def _cells(url: str) -> dict[int, tuple]:
    with db.session_scope(url) as session:
        return {c.id: (c.availability, c.advice_ind, c.advice_en, c.incident_id)
                for c in session.exec(select(OfficeService)).all()}


def _until(fetch, check, seconds: float = 8.0):
    """Public bodies follow the database within about a second; ask again until they do."""
    deadline = time.monotonic() + seconds
    while True:
        body = fetch()
        if check(body):
            return body
        assert time.monotonic() < deadline, f"not shown in time: {str(body)[:400]}"
        time.sleep(0.3)


def test_declare_approve_see_everywhere_and_resolve(page, live_app, live_accounts):
    assert len(DECLARE) <= TARGET
    before = _cells(live_app.db_url)
    sign_in(page, live_accounts["publisher"])
    page.goto("/admin/papan")
    expect(page.locator("#board")).to_be_visible()
    # The steps bench/declare_actions.py counts, up to the preview, then the confirmation.
    perform(page, DECLARE[:-1])
    expect(page).to_have_url(re.compile(r"/admin/nyatakan$"))
    expect(page.locator("#d-service-0")).to_have_value("passport_express")
    expect(page.locator("#d-service-1")).to_have_value("border_crossing")
    expect(page.locator('#d-line-1 [data-code="tpi_airport"]')).to_be_checked()
    expect(page.locator('#d-line-1 [data-code="tpi_seaport"]')).to_be_checked()
    expect(page.locator("#d-advice_ind-1")).to_have_value(re.compile("Datanglah lebih awal"))
    expect(page.locator("#d-body_en")).to_have_value(re.compile("arrive early"))
    expect(page.locator("#d-preview-count")).to_contain_text("layanan kantor akan berubah")
    planned = int(page.locator("#d-preview-count").inner_text().split()[0])
    expect(page.locator("#d-preview-list")).to_contain_text("Bandara")
    perform(page, DECLARE[-1:])
    expect(page.locator("#workspace-notice")).to_contain_text(f"{planned} layanan kantor diubah")
    expect(page.locator("#workspace-notice")).to_contain_text("menunggu tinjauan")
    notice_path = page.locator("#d-notice-link").get_attribute("href")
    incident_path = page.locator("#d-incident-link").get_attribute("href")
    changed = {cid for cid, cell in _cells(live_app.db_url).items() if cell != before[cid]}
    assert len(changed) == planned
    sign_out(page)

    # Four eyes: a second person approves.
    sign_in(page, live_accounts["admin"])
    page.goto(notice_path)
    expect(page.locator("#notice-status")).to_have_text("Menunggu tinjauan")
    page.locator("#approve").click()
    expect(page.locator("#notice-status")).to_have_text("Terbit")
    notice_id, incident_id = int(notice_path.rsplit("/", 1)[-1]), int(incident_path.rsplit("/", 1)[-1])
    with db.session_scope(live_app.db_url) as session:
        slug = session.get(Notice, notice_id).slug

    with httpx.Client(base_url=live_app.base_url, timeout=10) as http:
        _until(lambda: http.get(f"/pengumuman/{slug}").text, lambda html: TITLE in html and "3 jam" in html)
        _until(lambda: http.get("/pengumuman").text, lambda html: TITLE in html)
        _until(lambda: http.get(f"/insiden/{incident_id}").text, lambda html: TITLE in html)
        status = _until(lambda: http.get("/api/v1/status").json()["data"],
                        lambda data: incident_id in [i["id"] for i in data["open_incidents"]])
        express = next(s for s in status["services"] if s["code"] == "passport_express")
        assert express["office_counts"]["normal"] == express["office_counts"]["limited"] == 0
        _until(lambda: http.get("/feeds/pengumuman.atom").text, lambda xml: TITLE in xml)
        embed = _until(lambda: http.get("/embed/status").text, lambda html: TITLE in html)
        assert re.search(r'data-service="passport_express".*?Tidak tersedia', embed, re.S)
        _until(lambda: http.get("/kantor/tpi-bandara-soekarno-hatta").text, lambda html: "3 jam" in html)
    sign_out(page)

    # Pulihkan: one action, every cell back where it was.
    sign_in(page, live_accounts["publisher"])
    page.goto(incident_path)
    page.locator("#resolve").click()
    expect(page.locator("#incident-status")).to_have_text("Selesai")
    expect(page.locator("#workspace-notice")).to_contain_text(f"{planned} layanan kantor kembali")
    expect(page.locator("#resolution-notice")).to_be_visible()
    assert _cells(live_app.db_url) == before


WORKSPACE_PAGES = ("/admin", "/admin/papan", "/admin/nyatakan", "/admin/insiden", "/admin/insiden/1", "/admin/status",
                   "/admin/pemeliharaan", "/admin/hari-khusus", "/admin/sinyal", "/admin/templat", "/admin/embed",
                   "/admin/webhook", "/admin/audit", "/admin/akun", "/admin/pengumuman/baru", "/admin/pengumuman/1")


def _sideways(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_no_workspace_page_scrolls_sideways_on_a_phone(chromium, live_app, live_accounts, artifacts):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_app.base_url,
                                   device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/admin/masuk")
        assert _sideways(page) <= 0, "/admin/masuk scrolls sideways"
        sign_in(page, live_accounts["admin"])
        wide = {}
        for path in WORKSPACE_PAGES:
            page.goto(path)
            expect(page.locator("#signed-in-as")).to_contain_text("Uji")
            page.wait_for_load_state("networkidle")
            if path == "/admin/nyatakan":  # the form at its fullest: lines of every scope, and the preview
                page.locator("#d-add-template").select_option("arrive_early_ports")
                page.locator("#d-add-line").click()
                page.locator("#d-scope-1").select_option("offices")
                page.locator("#d-office-search").fill("bandara")
                expect(page.locator("#d-office-results")).to_be_visible()
                page.locator("#d-preview").click()
                expect(page.locator("#workspace-error")).to_be_visible()  # line 2 has no service yet
            if path == "/admin/templat":
                page.locator("#template-list").get_by_role("button").first.click()
                expect(page.locator("#t-save")).to_be_visible()
            if _sideways(page) > 0:
                wide[path] = _sideways(page)
                page.screenshot(path=str(artifacts / f"phone{path.replace('/', '-')}.png"), full_page=True)
        assert wide == {}, f"pages wider than 390 px (extra px): {wide}"
    finally:
        context.close()

"""A publisher closes an office for a day in real Chromium; the open data says so at once."""

from __future__ import annotations

import time

import httpx
from playwright.sync_api import expect

from tests.support.browser import sign_in


def test_a_publisher_enters_a_closure_and_the_hours_api_names_it(page, live_app, live_accounts):
    sign_in(page, live_accounts["publisher"])
    page.goto("/admin/hari-khusus")
    page.locator("#sd-day").fill("2026-12-30")
    page.locator("#sd-office_code").fill("kanim-makassar")
    page.locator("#sd-reason_ind").fill("Migrasi sistem antrean")
    page.locator("#sd-reason_en").fill("Queue system migration")
    page.locator("#save-special-day").click()
    expect(page.locator("#workspace-notice")).to_contain_text("Hari khusus disimpan")
    expect(page.locator("#special-day-list")).to_contain_text("Migrasi sistem antrean")
    url = live_app.url("/api/v1/offices/kanim-makassar/hours?from=2026-12-30&to=2026-12-30")
    deadline = time.monotonic() + 8
    while True:  # the public read model follows the database within about a second
        (day,) = httpx.get(url).json()["data"]["days"]
        if day["special_days"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert day["status"] == "closed"
    assert day["special_days"] == [{"kind": "closure", "reason": {"id": "Migrasi sistem antrean",
                                                                  "en": "Queue system migration"}}]
    # An extra opening that ends before it starts is refused, and the form keeps what was typed.
    page.locator("#sd-kind").select_option("opening")
    page.locator("#sd-day").fill("2026-12-31")
    page.locator("#sd-opens").fill("12:00")
    page.locator("#sd-closes").fill("08:00")
    page.locator("#sd-reason_ind").fill("Layanan tambahan")
    page.locator("#sd-reason_en").fill("Extra service")
    page.locator("#save-special-day").click()
    expect(page.locator("#workspace-error")).to_have_text("Jam tutup (08.00) harus setelah jam buka (12.00).")  # one language
    expect(page.locator("#sd-reason_ind")).to_have_value("Layanan tambahan")
    expect(page.locator("#special-day-list")).not_to_contain_text("Layanan tambahan")
    assert page.console_errors == []

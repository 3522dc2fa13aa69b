"""Steps in a real browser shared by the browser and resilience tests."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.conftest import DEMO_PASSWORD


def sign_in(page, username: str, base_url: str = "") -> None:
    """Sign in through the form; `base_url` for an app other than the page's default one."""
    page.goto(base_url + "/admin/masuk")
    page.get_by_label("Nama pengguna / User name").fill(username)
    page.get_by_label("Kata sandi / Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk / Sign in").click()
    expect(page.locator("#signed-in-as")).to_contain_text("Uji")


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile(r"^(Keluar|Sign out)$")).click()
    expect(page).to_have_url(re.compile(r"/admin/masuk"))


def reload_until(page, url: str, locator: str, text: str, seconds: float = 8) -> None:
    """Public pages follow the database within about a second; look again until they do."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        try:
            expect(page.locator(locator).first).to_contain_text(text, timeout=1500)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


def pick_office(page, query: str, code: str, prefix: str = "") -> None:
    """Choose an office with the searchable picker: type part of its name, city or code, click it."""
    page.locator(f"#{prefix}office-search").fill(query)
    page.locator(f'#{prefix}office-results [data-code="{code}"]').click()
    expect(page.locator(f'#{prefix}office-picked [data-code="{code}"]')).to_be_visible()

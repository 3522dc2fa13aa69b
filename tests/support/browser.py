"""Steps in a real browser shared by the browser and resilience tests."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import expect

from imigrasi_site.core import second_factor
from tests.support.accounts import DEMO_PASSWORD

# The keys enrolled through the browser in this test run: (site, user name) -> key, and the last
# time step used per key (the site refuses a code of a step it has seen, so each sign-in needs a new one).
_KEYS: dict[tuple[str, str], str] = {}
_LAST_STEP: dict[str, int] = {}


def next_code(secret: str) -> str:
    """A code of a time step not used yet, waiting for the next step when the ones allowed now are spent."""
    while True:
        now = time.time()
        current = int(now) // second_factor.STEP_SECONDS
        step = max(current, _LAST_STEP.get(secret, 0) + 1)
        if step <= current + second_factor.DRIFT_STEPS:
            _LAST_STEP[secret] = step
            return pyotp.TOTP(secret).generate_otp(step)
        time.sleep((current + 1) * second_factor.STEP_SECONDS - now + 0.2)


def sign_in(page, username: str, base_url: str = "") -> None:
    """Sign in through the form, with the second step when the account has (or must have) one:
    the first time a publisher or admin signs in, the key is enrolled from the page, as its owner would."""
    page.goto(base_url + "/admin/masuk")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#sign-in").click()
    page.wait_for_selector("#signed-in-as, #second-step")
    if page.locator("#second-step").count():
        key = (base_url, username)
        if page.locator("#secret").count():
            secret = page.locator("#secret").inner_text().replace(" ", "")
            _KEYS[key] = secret
            page.locator("#code").fill(next_code(secret))
            page.locator("#second-step").click()
            expect(page.locator("#recovery-codes li")).to_have_count(second_factor.RECOVERY_CODES)
            page.locator("#codes-saved").click()
        else:
            page.locator("#code").fill(next_code(_KEYS[key]))
            page.locator("#second-step").click()
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

"""The browser fixtures: real Chromium (Debian's package) driven by Playwright against the live app.

A conftest registers them by importing them; each package that does gets a browser of its own,
closed at the end of that package.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.support.services import skip_or_fail

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Package scope: Playwright's sync API keeps an event loop running in the main thread until it
# stops, and tests collected after the browser tests (tests/ui) call asyncio.run.
@pytest.fixture(scope="package")
def chromium():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not shutil.which(executable):
        skip_or_fail("Chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


LIVE_PAGE = ".rx-page.live"


def wait_until_live(page) -> None:
    """A public page has replaced the server's copy with its live edition (search as you type, the
    language switch and subscribing work from then on)."""
    page.wait_for_selector(LIVE_PAGE, state="attached")
    page.wait_for_function("!document.querySelector('ssr-page')")


def _is_public_page(url: str) -> bool:
    """A public page of the app under test (tests open those by path; other sites by full URL)."""
    if not url.startswith("/"):
        return False
    path = url.lstrip("/")
    return not path.startswith(("admin", "embed/", "api/", "feeds/", "badge/", "langganan")) and "versi=ringan" not in path


@pytest.fixture
def page(chromium, live_app):
    """A fresh browser profile (no cookies) per test; console errors are collected. Opening a
    public page waits until its live edition has taken over, as a visitor who acts would."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_app.base_url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    goto = page.goto

    def goto_live(url, **options):
        response = goto(url, **options)
        if _is_public_page(url):
            wait_until_live(page)
        return response

    page.goto = goto_live
    yield page
    context.close()

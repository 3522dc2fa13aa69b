"""The pages' Content-Security-Policy in real Chromium: nothing the production build needs is
blocked (the pages hydrate and talk to the server), and nothing else is allowed."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

# Runs before any page script, outside the page's policy (Playwright injects it through the
# DevTools protocol), and records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _violations(page) -> list[str]:
    reported = page.evaluate("window.__cspViolations")
    console = [text for text in page.console_errors if "Content Security Policy" in text or "Refused to" in text]
    return reported + console


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def test_a_public_page_loads_and_works_with_no_policy_violation(watched, live_app):
    policy = httpx.get(live_app.url("/kantor")).headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "'unsafe-eval'" not in policy and "object-src 'none'" in policy and "base-uri 'self'" in policy
    watched.goto("/kantor")
    # Hydrated and connected: the search runs through the websocket.
    watched.get_by_label("Cari kantor, kota, atau provinsi").fill("putussibau")
    expect(watched.locator("#results-status")).to_have_text("1 kantor ditemukan.")
    watched.goto("/kantor/kanim-putussibau")
    expect(watched.get_by_role("heading", level=1)).to_be_visible()
    assert _violations(watched) == []


def test_the_sign_in_page_loads_and_works_with_no_policy_violation(watched):
    watched.goto("/admin/masuk")
    watched.get_by_label("Nama pengguna / User name").fill("nobody")
    watched.get_by_label("Kata sandi / Password").fill("wrong-password-123")
    watched.get_by_role("button", name="Masuk / Sign in").click()
    expect(watched.locator("#login-error")).to_contain_text("Wrong user name or password")
    assert _violations(watched) == []


def test_the_policy_really_blocks_a_remote_image_and_an_injected_script(watched):
    watched.goto("/admin/masuk")
    expect(watched.get_by_label("Nama pengguna / User name")).to_be_visible()
    watched.evaluate("""() => {
        const img = document.createElement('img'); img.src = 'https://images.example/pixel.png';
        document.body.appendChild(img);
        const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
        document.body.appendChild(s);
    }""")
    watched.wait_for_function("window.__cspViolations.length >= 2")
    violated = " ".join(watched.evaluate("window.__cspViolations"))
    assert "img-src https://images.example/pixel.png" in violated and "script-src" in violated
    assert watched.evaluate("window.__injected") is None

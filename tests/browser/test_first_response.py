"""Reading never waits for JavaScript: the same facts with it on and off, nothing moves when the
live page takes over, the light edition runs no script, and an office page opened at home is
still there at the airport without signal."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.chromium import wait_until_live

# The facts on each public page, by where they stand: status words, since-times with their zone,
# notice bodies, incident updates, the as-of line.
PAGES = {
    "/": ("#summary", "#open-incidents", "#latest-notices", "#data-as-of"),
    "/kantor": ("#office-results", "#results-status", "#data-as-of"),
    "/kantor?layanan=passport_express&status=disrupted": ("#office-results", "#results-status"),
    "/kantor/kanim-putussibau": ("#office-services", "#office-history", "#data-as-of"),
    "/kantor/tpi-bandara-soekarno-hatta?lang=en": ("#office-services", "#office-history"),
    "/pengumuman": ("#notice-list",),
    "/insiden/1": ("#incident-status", "#incident-timeline", ".affected-table"),
    "/kantor/tidak-ada": ("#not-found",),
}


def facts(page, selectors) -> dict[str, str]:
    return {selector: " ".join(page.locator(selector).first.inner_text().split()) for selector in selectors}


@pytest.fixture
def no_script_page(chromium, live_app):
    # The same width as the `page` fixture's, so that only JavaScript differs between the two.
    context = chromium.new_context(java_script_enabled=False, base_url=live_app.base_url,
                                   viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_every_public_page_says_the_same_with_javascript_off_and_on(page, no_script_page, snapshot):
    notice = snapshot.notices[0]
    pages = {**PAGES, f"/pengumuman/{notice.slug}": ("#notice .notice-body", "#notice .notice-title")}
    for path, selectors in pages.items():
        no_script_page.goto(path)
        without = facts(no_script_page, selectors)
        assert all(without.values()), f"{path}: a fact is empty without JavaScript: {without}"
        page.goto(path)  # waits until the live edition has taken over
        assert page.locator("ssr-page").count() == 0
        assert facts(page, selectors) == without, path


def test_office_facts_show_with_javascript_off(no_script_page):
    no_script_page.goto("/kantor/kanim-putussibau")
    services = no_script_page.locator("#office-services")
    expect(services.locator('[data-service="passport_application"]')).to_contain_text("Tidak tersedia")
    expect(services).to_contain_text(re.compile(r"sejak \d+ \w+ \d{4} \d{2}\.\d{2} WIB"))
    expect(no_script_page.locator("#data-as-of")).to_contain_text("Data per")


def test_nothing_moves_when_the_live_page_takes_over(chromium, live_app):
    for width, path in ((390, "/kantor/kanim-putussibau"), (390, "/"), (1280, "/kantor"), (390, "/insiden/1")):
        context = chromium.new_context(base_url=live_app.base_url, viewport={"width": width, "height": 844})
        page = context.new_page()
        page.add_init_script("""
            window.__shift = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
            }).observe({type: 'layout-shift', buffered: true});
        """)
        page.goto(path)
        wait_until_live(page)
        page.wait_for_timeout(500)
        shift = page.evaluate("window.__shift")
        assert shift < 0.1, f"{path} at {width} px: cumulative layout shift {shift:.3f}"
        context.close()


def test_a_search_typed_before_the_page_goes_live_is_kept(chromium, live_app):
    context = chromium.new_context(base_url=live_app.base_url)
    page = context.new_page()
    # A slow connection: the websocket that brings the live page is held until the visitor has typed.
    held = []
    page.route_web_socket(re.compile(r".*/_event.*"), lambda route: held.append(route))
    page.goto("/kantor")
    page.locator("ssr-page #office-search").fill("putussibau")
    assert page.locator(".rx-page.live").count() == 0, "the live page waited for its connection"
    for _ in range(150):  # the page's scripts open the websocket once they have loaded
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page opened its websocket"
    for route in held:
        route.connect_to_server()
    wait_until_live(page)
    expect(page.locator("#office-search")).to_have_value("putussibau")
    expect(page.locator("#results-status")).to_have_text("1 kantor ditemukan.")
    context.close()


def test_the_light_edition_runs_no_script_and_opens_no_websocket(chromium, live_app):
    context = chromium.new_context(base_url=live_app.base_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sockets, scripts = [], []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))
    page.goto("/kantor/kanim-putussibau?versi=ringan")
    expect(page.locator("#office-services")).to_contain_text("Tidak tersedia")
    assert page.locator("script").count() == 0
    # Remembered: the next page is light too, and its link leads back to the full edition.
    page.get_by_role("link", name="Cek kantor").click()
    expect(page.locator("#office-results > li").first).to_be_visible()
    assert page.locator("script").count() == 0
    page.wait_for_timeout(500)
    assert sockets == [] and scripts == []
    page.get_by_role("link", name="Versi lengkap").click()
    wait_until_live(page)
    assert sockets, "the full edition connects to take over"
    context.close()


def test_an_office_page_opened_at_home_is_there_offline_with_its_time(chromium, live_app, artifacts):
    context = chromium.new_context(base_url=live_app.base_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/kantor/kanim-putussibau")
    wait_until_live(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready")
    page.evaluate("navigator.serviceWorker.ready")
    # Once the worker controls the page, a visit stores the light copy.
    page.reload()
    page.wait_for_function("""async () => {
        const cache = await caches.open('imigrasi-offline-v1');
        return (await cache.keys()).some(r => r.url.endsWith('/kantor/kanim-putussibau'));
    }""")
    page.goto("/admin/masuk")
    context.set_offline(True)
    page.goto("/kantor/kanim-putussibau")
    expect(page.locator("#saved-copy")).to_be_visible()
    expect(page.locator("#saved-copy")).to_contain_text("salinan tersimpan")
    expect(page.locator("#data-as-of")).to_contain_text("Data per")
    expect(page.locator('#office-services [data-service="passport_application"]')).to_contain_text("Tidak tersedia")
    page.screenshot(path=str(artifacts / "offline-office-390.png"), full_page=True)
    keys = page.evaluate("""async () => (await (await caches.open('imigrasi-offline-v1')).keys()).map(r => r.url)""")
    assert keys and not any("/admin" in key for key in keys)
    with pytest.raises(PlaywrightError):
        page.goto("/admin/masuk")  # never served from the offline copies
    context.close()

"""A press page on another origin may frame the embed, and only the embed; editors build its snippet."""

from __future__ import annotations

import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from imigrasi_site.core.presenters import availability_label
from tests.support.browser import sign_in
from tests.support.harness import free_port


@pytest.fixture
def press_page(live_app):
    """A plain HTML page served from http://localhost:<other port>: another origin than the app's 127.0.0.1."""
    html = (
        "<!doctype html><html><head><title>Berita</title></head><body><h1>Berita hari ini</h1>"
        f'<iframe id="embed" src="{live_app.url("/embed/kantor/kanim-putussibau")}" width="400" height="600">'
        "</iframe>"
        f'<iframe id="admin" src="{live_app.url("/admin")}" width="400" height="300"></iframe>'
        "</body></html>"
    ).encode()

    class PressSite(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), PressSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_origin_sees_the_office_status_in_the_embed_and_cannot_frame_the_workspace(page, press_page,
                                                                                              live_app, snapshot):
    assert not press_page.startswith(live_app.base_url)
    with page.expect_console_message(lambda m: "frame-ancestors 'none'" in m.text) as refusal:
        page.goto(press_page)
    embed = page.frame_locator("#embed")
    office = snapshot.office("kanim-putussibau")
    expect(embed.get_by_role("heading", level=1)).to_have_text(office.name)
    passport = embed.locator('li[data-service="passport_application"]')
    expect(passport).to_contain_text(availability_label("unavailable", "id"))
    expect(passport).to_be_visible()

    # Chromium refused to show /admin inside the press page: the frame holds its error page, not the app.
    assert refusal.value.text.startswith(f"Framing '{live_app.base_url}/'")
    admin_frame = page.locator("#admin").element_handle().content_frame()
    assert admin_frame.url.startswith("chrome-error://")


def test_editors_build_the_snippet_with_a_live_preview(page, live_accounts, live_app):
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/embed")
    page.locator("#office_code").select_option("kanim-putussibau")
    page.locator("#lang").select_option("en")
    page.locator("#size").select_option("small")
    snippet = page.locator("#snippet")
    expected_src = live_app.url("/embed/kantor/kanim-putussibau?lang=en")
    expect(snippet).to_have_value(re.compile(rf'^<iframe src="{re.escape(expected_src)}" .*width="300"'))
    preview = page.frame_locator("#embed-preview")
    expect(preview.locator('li[data-service="passport_application"]')).to_contain_text("Unavailable")
    page.locator("#theme").select_option("dark")
    page.locator("#compact").select_option("1")
    expect(snippet).to_have_value(re.compile(r"\?lang=en&amp;theme=dark&amp;compact=1"))
    expect(preview.locator("html")).to_have_class("dark compact")

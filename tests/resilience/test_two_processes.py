"""Scale-out on standard parts: two backend processes sharing PostgreSQL and Redis.

A change made through one process (an editor in the browser) is seen through the other
within two seconds, without a query per visitor: each process polls one revision row.
"""

from __future__ import annotations

import time

import httpx
import pytest
import redis
from playwright.sync_api import expect

from imigrasi_site.core import accounts, db
from imigrasi_site.core.seed import seed
from tests.support.accounts import DEMO_PASSWORD
from tests.support.browser import pick_office, reload_until, sign_in
from tests.support.harness import own_web_dir, start_live_app, stop_live_app
from tests.support.services import REDIS_URL, postgres_schema, skip_or_fail


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory, live_app):  # live_app: the frontend folder to copy is built by then
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    workdir = tmp_path_factory.mktemp("scale")
    with postgres_schema() as (_schema, url):
        db.migrate(url)
        with db.session_scope(url) as session:
            seed(session)
            accounts.create_editor(session, username="petugas", display_name="Uji petugas", password=DEMO_PASSWORD,
                                   operator=True)
        env = {"REFLEX_REDIS_URL": REDIS_URL, "GRANIAN_WORKERS": "2"}
        first = start_live_app(workdir, url, env, web_dir=own_web_dir(workdir))
        second = None
        try:
            second = start_live_app(workdir, url, env, backend_only=True)
            yield first, second
        finally:
            for app in (first, second):
                if app is not None:
                    stop_live_app(app)


def _availability(app, office: str, service: str) -> str:
    response = httpx.get(app.url(f"/api/v1/offices/{office}"), timeout=5)
    assert response.status_code == 200
    return next(s["availability"] for s in response.json()["data"]["services"] if s["code"] == service)


def test_a_change_through_one_process_is_seen_through_the_other_within_two_seconds(two_processes, page):
    first, second = two_processes
    assert _availability(second, "kanim-denpasar", "passport_application") == "normal"
    sign_in(page, "petugas", first.base_url)
    page.goto(first.url("/admin/status"))
    page.locator("#service").select_option("passport_application")
    pick_office(page, "denpasar", "kanim-denpasar")
    page.locator("#availability").select_option("unavailable")
    page.locator("#preview").click()
    expect(page.locator("#preview-count")).to_contain_text("1 layanan kantor akan berubah")
    page.locator("#apply").click()
    expect(page.locator("#workspace-notice")).to_contain_text("1 layanan diubah")
    saved = time.monotonic()
    while _availability(second, "kanim-denpasar", "passport_application") != "unavailable":
        assert time.monotonic() - saved < 2.0, "the other process did not see the change within 2 seconds"
        time.sleep(0.05)
    # And the first process's public page shows it too (its other worker polls within a second).
    reload_until(page, first.url("/kantor/kanim-denpasar"), '#office-services [data-service="passport_application"]',
                 "Tidak tersedia", seconds=3)

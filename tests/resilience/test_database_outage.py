"""The day the database goes away: the public side keeps answering from the last good copy and
says how fresh it is; editors are told and lose nothing; when it returns, new work appears everywhere.

The app runs on PostgreSQL through a TCP forwarder that the test cuts, as a stopped server
or a broken network would.
"""

from __future__ import annotations

import re
import time

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import func, select

from imigrasi_site.core import accounts, db, notices
from imigrasi_site.core.models import StatusChange
from imigrasi_site.core.seed import seed
from imigrasi_site.ui.state.auth import DB_DOWN
from imigrasi_site.ui.state.language import one_language
from tests.support import accounts as signing
from tests.support.accounts import DEMO_PASSWORD
from tests.support.browser import sign_in
from tests.support.harness import own_web_dir, start_live_app, stop_live_app
from tests.support.services import postgres_schema
from tests.support.tcp_proxy import TcpProxy

STALE_SECONDS = 4


@pytest.fixture(scope="module")
def outage(tmp_path_factory, live_app):  # live_app: the frontend folder to copy is built by then
    workdir = tmp_path_factory.mktemp("outage")
    with postgres_schema() as (schema, direct_url):
        db.migrate(direct_url)
        with db.session_scope(direct_url) as session:
            seed(session)
            for username, role in (("penyunting", "editor"), ("penerbit", "publisher")):
                accounts.create_editor(session, username=username, display_name=f"Uji {role}",
                                       password=DEMO_PASSWORD, role=role, operator=True)
        proxy = TcpProxy("127.0.0.1", 5432)
        port = proxy.start()
        app_url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test?options=-csearch_path%3D{schema}"
        snapshot_path = workdir / "last-good.json"
        env = {"IMIGRASI_STALE_AFTER_SECONDS": str(STALE_SECONDS), "IMIGRASI_SNAPSHOT_PATH": str(snapshot_path)}
        web_dir = own_web_dir(workdir)
        app = start_live_app(workdir, app_url, env, web_dir=web_dir)
        state = {"app": app, "proxy": proxy, "direct_url": direct_url, "app_url": app_url, "env": env,
                 "web_dir": web_dir, "workdir": workdir}
        yield state
        stop_live_app(state["app"])
        proxy.close()


def _count(url, model) -> int:
    with db.session_scope(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _og_description(app, path: str) -> str:
    response = httpx.get(app.url(path), timeout=10)
    assert response.status_code == 200, path
    match = re.search(r'<meta property="og:description" content="([^"]*)"', response.text)
    assert match, path
    return match.group(1)


def test_public_side_survives_an_outage_and_editors_lose_nothing(outage, page):
    app, proxy, direct_url = outage["app"], outage["proxy"], outage["direct_url"]
    page.context.set_default_timeout(20_000)
    page.goto(app.url("/kantor/kanim-putussibau"))
    expect(page.locator("#data-as-of")).to_contain_text("Data per")
    expect(page.locator("#stale-banner")).to_have_count(0)
    assert "Tidak tersedia" in _og_description(app, "/kantor/kanim-putussibau")

    # An editor is at work when the database goes away.
    sign_in(page, "penyunting", app.base_url)
    page.goto(app.url("/admin/status"))
    page.locator("#service").select_option("passport_application")
    page.locator("#province").select_option("61")
    page.locator("#advice_ind").fill("Saran penting yang diketik saat basis data mati.")
    changes_before = _count(direct_url, StatusChange)

    proxy.cut()
    page.locator("#preview").click()
    expect(page.locator("#workspace-error")).to_have_text(one_language(DB_DOWN, "id"))  # one language at a time
    expect(page.locator("#advice_ind")).to_have_value("Saran penting yang diketik saat basis data mati.")

    # The public side keeps answering from the read model, and after a while says the data may be old.
    visitor = page.context.browser.new_page()
    deadline = time.monotonic() + STALE_SECONDS + 15
    while True:
        visitor.goto(app.url("/kantor/kanim-putussibau"))
        if visitor.locator("#stale-banner").count() or time.monotonic() > deadline:
            break
        time.sleep(1)
    expect(visitor.locator("#stale-banner")).to_contain_text("tidak dapat memperbarui data")
    expect(visitor.locator("#stale-banner")).to_contain_text(re.compile(r"Data per \d+ \w+ \d{4} \d\d\.\d\d WIB"))
    expect(visitor.locator('#office-services [data-service="passport_application"]')).to_contain_text("Tidak tersedia")
    for path in ("/", "/kantor", "/pengumuman", "/kantor/tpi-bandara-ngurah-rai"):
        assert httpx.get(app.url(path), timeout=10, follow_redirects=True).status_code == 200, path
    assert "Tidak tersedia" in _og_description(app, "/kantor/kanim-putussibau")
    assert _count(direct_url, StatusChange) == changes_before  # nothing half-written

    # The database comes back: the editor's text is still there and the change goes through.
    proxy.start()
    page.locator("#preview").click()
    expect(page.locator("#preview-count")).to_contain_text("layanan kantor akan berubah")
    page.locator("#apply").click()
    expect(page.locator("#workspace-notice")).to_contain_text("layanan diubah")
    assert _count(direct_url, StatusChange) > changes_before

    # A notice published now appears on the public side, which is fresh again.
    with db.session_scope(direct_url) as session:
        author = signing.sign_in(session, username="penyunting", password=DEMO_PASSWORD, client_address="t")[0]
        publisher = signing.account_of(session, "penerbit")
        notice = notices.create_notice(session, notices.NoticeText.clean(
            title_ind="Layanan pulih setelah gangguan basis data", body_ind="Semua layanan kembali tercatat."),
            actor=author)
        notices.submit_for_review(session, notice.id, actor=author)
        notices.approve(session, notice.id, actor=publisher)
        slug = notice.slug
    deadline = time.monotonic() + 10
    while httpx.get(app.url(f"/pengumuman/{slug}"), timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "the new notice did not appear"
        time.sleep(0.5)
    visitor.goto(app.url("/pengumuman"))
    expect(visitor.get_by_role("link", name="Layanan pulih setelah gangguan basis data")).to_be_visible()
    expect(visitor.locator("#stale-banner")).to_have_count(0)
    visitor.goto(app.url("/kantor/kanim-putussibau"))
    expect(visitor.locator('#office-services [data-service="passport_application"]')).to_contain_text("Terbatas")
    visitor.close()


def test_the_app_starts_with_the_database_down_from_the_saved_copy(outage):
    stop_live_app(outage["app"])
    outage["proxy"].cut()
    app = start_live_app(outage["workdir"], outage["app_url"], outage["env"], web_dir=outage["web_dir"])
    outage["app"] = app
    assert "Kalimantan Barat" in _og_description(app, "/kantor/kanim-putussibau")
    response = httpx.get(app.url("/pengumuman/layanan-pulih-setelah-gangguan-basis-data"), timeout=10)
    assert response.status_code == 200
    outage["proxy"].start()

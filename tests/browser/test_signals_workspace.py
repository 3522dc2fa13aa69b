"""The signals page in real Chromium: a signal with its prefilled bulk change, and a token shown once."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlmodel import select

from imigrasi_site.core import accounts, db, heartbeats, signals
from imigrasi_site.core.models import Editor, utcnow
from tests.support.browser import sign_in

QUIET_OFFICE = "kanim-lhokseumawe"
NEW_OFFICE = "kanim-banda-aceh"


def test_a_signal_leads_to_the_prefilled_bulk_change_and_a_token_is_shown_once(page, live_app, live_accounts,
                                                                               artifacts):
    with db.session_scope(live_app.db_url) as session:
        token = heartbeats.rotate_token(session, _admin(session), QUIET_OFFICE)
        assert heartbeats.ingest(session, QUIET_OFFICE, token, heartbeats.Report(),
                                 now=utcnow() - timedelta(minutes=30)) == heartbeats.ACCEPTED
    with db.session_scope(live_app.db_url) as session:
        signals.evaluate(session)

    sign_in(page, live_accounts["admin"])
    page.goto("/admin/sinyal")
    expect(page.locator("#signals-table")).to_contain_text("kehilangan kontak")
    expect(page.locator("#contacts-table")).to_contain_text(QUIET_OFFICE)
    page.locator("#token-office").fill(NEW_OFFICE)
    page.locator("form").filter(has=page.locator("#token-office")).get_by_role("button").click()
    expect(page.locator("#heartbeat-token")).to_have_text(re.compile(r"^[A-Za-z0-9_-]{40,}$"))
    page.screenshot(path=str(artifacts / "admin-sinyal.png"), full_page=True)
    page.reload()
    expect(page.locator("#contacts-table")).to_contain_text(NEW_OFFICE)
    expect(page.locator("#heartbeat-token")).to_have_count(0)

    page.locator("#signals-table").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/admin/status\?"))
    expect(page.locator(f'#office-picked [data-code="{QUIET_OFFICE}"]')).to_be_visible()
    expect(page.locator("#availability")).to_have_value("limited")
    assert not [e for e in page.console_errors if "hydrat" in e.lower()]


def _admin(session) -> accounts.Account:
    editor = session.exec(select(Editor).where(Editor.role == "admin")).first()
    return accounts.Account(editor.id, editor.username, editor.display_name, editor.role)

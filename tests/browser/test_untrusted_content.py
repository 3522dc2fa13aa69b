"""Untrusted text and private data, seen from the browser's side."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from imigrasi_site.core import accounts, db, notices
from imigrasi_site.core.models import Notice
from imigrasi_site.core.sanitize import clean_markdown
from tests.support import accounts as signing
from tests.support.accounts import DEMO_PASSWORD
from tests.support.browser import reload_until, sign_in
from tests.support.hostile_text import CORPUS

# Every hostile input that fits in a notice body, one paragraph each.
PAYLOADS = [text for text in CORPUS if len(text) <= 2_000]
ACTIVE_CONTENT = "script, iframe, object, embed, svg, math, form, link, meta, style, img, [srcdoc]"


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


def test_hostile_text_saved_through_the_editor_runs_nothing_on_the_public_page(page, live_app, live_accounts):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/pengumuman/baru")
    page.locator("#title_ind").fill('Uji masukan berbahaya <img src=x onerror="alert(1)">')
    page.locator("#lede_ind").fill("<script>alert('lede')</script>Ringkasan uji")
    page.locator("#body_ind").fill("\n\n".join(PAYLOADS))
    page.locator("#save").click()
    expect(page).to_have_url(re.compile(r"/admin/pengumuman/\d+$"))
    page.locator("#submit").click()
    expect(page.locator("#notice-status")).to_have_attribute("data-status", "in_review")
    notice_id = int(page.url.rsplit("/", 1)[-1])

    with db.session_scope(live_app.db_url) as session:
        stored = session.get(Notice, notice_id)
        assert stored.title_ind == "Uji masukan berbahaya"
        assert stored.lede_ind == "Ringkasan uji"
        assert not re.search(r"<[A-Za-z/!?]", stored.body_ind)
        assert clean_markdown(stored.body_ind) == stored.body_ind  # stored already clean
        publisher = signing.account_of(session, live_accounts["publisher"])
        notices.approve(session, notice_id, actor=publisher)
        slug = stored.slug

    console_errors = page.console_errors
    reload_until(page, f"/pengumuman/{slug}", "#notice .notice-title", "Uji masukan berbahaya")
    body = page.locator("#notice .notice-body")
    expect(body).to_contain_text("alert(1)")  # shown as text, not run
    assert dialogs == []
    assert page.locator("#notice").locator(ACTIVE_CONTENT).count() == 0
    assert page.evaluate("""() => [...document.querySelectorAll('#notice *')].flatMap(el =>
        [...el.attributes].filter(a => /^on/i.test(a.name) || /^\\s*(javascript|vbscript|data):/i.test(a.value))
        .map(a => el.tagName + ' ' + a.name + '=' + a.value))""") == []
    # A 404 while the read model catches up is expected; anything else would be the page breaking.
    assert [e for e in console_errors if "Failed to load resource" not in e] == []


@pytest.fixture(scope="module")
def secrets_in_live_db(live_app, live_accounts):
    """A draft nobody outside may see, and another editor's live session token."""
    with db.session_scope(live_app.db_url) as session:
        author = signing.sign_in(session, username=live_accounts["editor2"], password=DEMO_PASSWORD,
                                  client_address="test")
        draft = notices.create_notice(session, notices.NoticeText.clean(
            title_ind="RAHASIA draf belum terbit 7f3a", body_ind="Isi draf yang belum boleh dibaca publik."),
            actor=author[0])
        hashes = [e.password_hash for e in session.exec(select(accounts.Editor)).all()]
        return {"draft_id": draft.id, "draft_title": draft.title_ind, "other_token": author[1], "hashes": hashes}


def _frames(page) -> list[str]:
    """Every websocket frame, both ways: state deltas to the browser and events back."""
    frames: list[str] = []

    def text(payload) -> str:
        return payload if isinstance(payload, str) else payload.decode("utf-8", "replace")

    def watch(ws) -> None:
        ws.on("framereceived", lambda payload: frames.append(text(payload)))
        ws.on("framesent", lambda payload: frames.append(text(payload)))

    page.on("websocket", watch)
    return frames


def _assert_nothing_private(received: str, secrets: dict) -> None:
    assert "$argon2" not in received
    assert secrets["other_token"] not in received
    assert secrets["draft_title"] not in received
    for password_hash in secrets["hashes"]:
        assert password_hash not in received


def test_a_visitor_receives_no_hash_token_or_draft(page, secrets_in_live_db):
    frames = _frames(page)
    for path in ("/", "/kantor", "/pengumuman", "/kantor/kanim-putussibau", "/admin",
                 f"/admin/pengumuman/{secrets_in_live_db['draft_id']}", "/admin/akun", "/admin/audit"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/admin/masuk"))
    assert len(frames) > 5
    _assert_nothing_private("\n".join(frames), secrets_in_live_db)


def test_a_signed_in_editor_receives_no_token_at_all(page, live_accounts, secrets_in_live_db):
    frames = _frames(page)
    sign_in(page, live_accounts["editor"])
    own_token = next(c["value"] for c in page.context.cookies() if c["name"] == "imigrasi_session")
    for path in ("/admin", "/admin/akun", "/admin/audit", "/admin/status"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    received = "\n".join(frames)
    assert len(frames) > 5 and "Uji editor" in received
    # Not even the editor's own token: it stays in the HttpOnly cookie, out of every state delta.
    assert own_token not in received and "imigrasi_session" not in received
    # Drafts are the editor's to see; hashes and other editors' tokens are nobody's.
    assert "$argon2" not in received and secrets_in_live_db["other_token"] not in received
    for password_hash in secrets_in_live_db["hashes"]:
        assert password_hash not in received

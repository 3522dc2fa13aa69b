"""The notice editor on a published notice: a correction is submitted for review, a second publisher
approves it, and an admin's urgent correction needs its reason."""

from __future__ import annotations

import pytest
from reflex.istate.data import RouterData

from imigrasi_site.core import accounts, db, notices
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Notice
from imigrasi_site.ui.state.notices import NoticeEditorState
from tests.support import accounts as signing
from tests.support.states import make_state, run_handler

PASSWORD = "kata-sandi-koreksi"


@pytest.fixture
def world(cheap_argon2, db_url, monkeypatch):
    monkeypatch.delenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", raising=False)
    with db.session_scope(db_url) as session:
        admin = accounts.create_editor(session, username="admin-k", display_name="Admin", password=PASSWORD,
                                       role="admin", operator=True)
        for name, role in (("penulis-k", "editor"), ("penerbit-a", "publisher"), ("penerbit-b", "publisher")):
            accounts.create_editor(session, username=name, display_name=name, password=PASSWORD, role=role,
                                   actor=admin)
    tokens = {}
    for name in ("admin-k", "penulis-k", "penerbit-a", "penerbit-b"):
        with db.session_scope(db_url) as session:
            tokens[name] = signing.sign_in(session, username=name, password=PASSWORD, client_address="t").token
    with db.session_scope(db_url) as session:
        author = accounts.resolve_session(session, tokens["penulis-k"])
        notice = notices.create_notice(session, notices.NoticeText.clean(title_ind="Layanan normal", body_ind="Isi."),
                                       actor=author)
        notices.submit_for_review(session, notice.id, actor=author)
        notices.approve(session, notice.id, actor=accounts.resolve_session(session, tokens["penerbit-a"]))
        notice_id = notice.id
    return tokens, notice_id


def _open(token: str, notice_id: int) -> NoticeEditorState:
    _root, state = make_state(NoticeEditorState, token)
    state.router = RouterData.from_router_data({
        "headers": {"cookie": f"lang=id; {accounts.SESSION_COOKIE}={token}"},
        "pathname": "/admin/pengumuman/[id]", "asPath": f"/admin/pengumuman/{notice_id}",
        "query": {"id": str(notice_id)}})  # as Reflex sends a dynamic route's segment
    run_handler(state, "load")
    assert state.error == "" and state.status == "published"
    return state


def _live_title(db_url: str, notice_id: int) -> str:
    with db.session_scope(db_url) as session:
        return session.get(Notice, notice_id).title_ind


def test_a_publishers_edit_is_a_correction_another_publisher_approves(world, db_url):
    tokens, notice_id = world
    state = _open(tokens["penerbit-a"], notice_id)
    assert state.corrections_reviewed and not state.correction_pending
    run_handler(state, "set_field", "title_ind", "Layanan terbatas")
    run_handler(state, "save")
    assert state.error == "" and state.notice == t("correction_submitted", "id")
    assert state.correction_pending and state.title_ind == "Layanan terbatas"
    assert _live_title(db_url, notice_id) == "Layanan normal"
    run_handler(state, "approve_correction")  # the proposer: refused
    assert t("correction_own", "id") in state.error and _live_title(db_url, notice_id) == "Layanan normal"
    other = _open(tokens["penerbit-b"], notice_id)
    assert other.correction_pending and other.title_ind == "Layanan terbatas"  # the form shows what waits
    run_handler(other, "approve_correction")
    assert other.error == "" and other.notice == t("correction_approved", "id") and not other.correction_pending
    assert _live_title(db_url, notice_id) == "Layanan terbatas"


def test_an_admins_urgent_correction_needs_a_reason_then_goes_live(world, db_url):
    tokens, notice_id = world
    state = _open(tokens["admin-k"], notice_id)
    run_handler(state, "set_field", "title_ind", "Kantor tutup hari ini")
    run_handler(state, "publish_urgent")
    assert "alasan" in state.error and _live_title(db_url, notice_id) == "Layanan normal"
    assert state.title_ind == "Kantor tutup hari ini"  # the text stays in the form
    run_handler(state, "set_field", "urgent_reason", "Kantor ditutup mendadak karena banjir.")
    run_handler(state, "publish_urgent")
    assert state.error == "" and state.notice == t("correction_urgent_done", "id")
    assert _live_title(db_url, notice_id) == "Kantor tutup hari ini"

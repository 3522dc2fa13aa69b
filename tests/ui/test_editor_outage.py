"""A database outage while an editor works: a clear message, the text kept, nothing half-written."""

from __future__ import annotations

import asyncio

from sqlmodel import func, select

from imigrasi_site.core import accounts, db
from imigrasi_site.core.models import Notice, NoticeRevision
from imigrasi_site.ui.state.auth import DB_DOWN, AuthState
from imigrasi_site.ui.state.notices import NoticeEditorState
from tests.support.states import make_state

CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:9/nothing"


def _count(url, model) -> int:
    with db.session_scope(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_save_during_an_outage_keeps_the_text_and_says_why(cheap_argon2, db_url, monkeypatch):
    with db.session_scope(db_url) as session:
        accounts.create_editor(session, username="penulis", display_name="P", password="x" * 12, operator=True)
        token = accounts.sign_in(session, username="penulis", password="x" * 12, client_address="t")[1]
    _root, state = make_state(NoticeEditorState, token)
    state.title_ind = "Teks yang tidak boleh hilang"
    state.body_ind = "Isi panjang yang diketik selama setengah jam."
    notices_before = _count(db_url, Notice)

    monkeypatch.setenv("IMIGRASI_DB_URL", CLOSED_PORT_URL)
    asyncio.run(state.event_handlers["save"].fn(state))
    assert state.error == DB_DOWN
    assert state.title_ind == "Teks yang tidak boleh hilang"
    assert state.body_ind == "Isi panjang yang diketik selama setengah jam."
    # The sign-in check during an outage keeps the editor on the page instead of sending them away.
    auth_result = asyncio.run(AuthState.event_handlers["require_sign_in"].fn(state))
    assert auth_result is None and state.error == DB_DOWN

    monkeypatch.setenv("IMIGRASI_DB_URL", db_url)
    assert _count(db_url, Notice) == notices_before
    asyncio.run(state.event_handlers["save"].fn(state))
    assert state.error == ""
    assert _count(db_url, Notice) == notices_before + 1
    assert _count(db_url, NoticeRevision) >= 1

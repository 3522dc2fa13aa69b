"""Fault 1 of docs/reliability.md: a worker killed with SIGKILL in the middle of an editor's save.

A real worker process runs the notice editor's `save` handler (the same call the websocket
makes) against PostgreSQL. The test holds it inside the save's transaction, after the
notice, its office links and its revision are written and flushed, and kills it with
SIGKILL there. PostgreSQL drops the dead connection's transaction: nothing of the save
is left. The editor's tab still holds the text
(the state of the event that never finished is not stored), and the same save through
another worker then goes in wholly, once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from sqlmodel import func, select

from imigrasi_site.core import accounts, db
from imigrasi_site.core.db import read_public_revision
from imigrasi_site.core.models import AuditEvent, Notice, NoticeOffice
from imigrasi_site.core.seed import seed
from imigrasi_site.ui.state.notices import NoticeEditorState
from tests.support.harness import PROJECT_ROOT
from tests.support.states import make_state, run_handler

TITLE = "Perubahan jam layanan saat hari raya"
BODY = "Teks panjang yang diketik editor dan tidak boleh hilang setengah."
OFFICES = "kanim-denpasar, kanim-singaraja"

# The worker: the editor's tab (a state with the typed text) calls `save`; inside the save's
# transaction, once everything but the commit is written, it says so and waits to be killed.
WORKER = f"""
import sys, time
from imigrasi_site.core import audit
record = audit.record

def record_then_wait(session, **kwargs):
    record(session, **kwargs)
    session.flush()
    print("IN_TRANSACTION", flush=True)
    time.sleep(120)

audit.record = record_then_wait
from imigrasi_site.ui.state.notices import NoticeEditorState
from tests.support.states import make_state, run_handler
_root, state = make_state(NoticeEditorState, sys.argv[1])
state.title_ind, state.body_ind, state.office_codes = {TITLE!r}, {BODY!r}, {OFFICES!r}
run_handler(state, "save")
print("SAVED", flush=True)
"""


def _counts(url: str) -> tuple[int, int, int, int]:
    with db.session_scope(url) as session:
        return (session.exec(select(func.count()).select_from(Notice)).one(),
                session.exec(select(func.count()).select_from(NoticeOffice)).one(),
                session.exec(select(func.count()).select_from(AuditEvent)).one(),
                read_public_revision(session))


@pytest.fixture
def editor_token(cheap_argon2, postgres_url) -> str:
    db.migrate(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
        accounts.create_editor(session, username="penyunting", display_name="Penyunting", password="x" * 12,
                               operator=True)
    with db.session_scope(postgres_url) as session:
        return accounts.sign_in(session, username="penyunting", password="x" * 12, client_address="t")[1]


def test_a_save_killed_midway_is_wholly_absent_then_wholly_there(postgres_url, editor_token, monkeypatch):
    before = _counts(postgres_url)
    env = {**os.environ, "IMIGRASI_DB_URL": postgres_url, "REFLEX_DB_URL": postgres_url}
    worker = subprocess.Popen([sys.executable, "-c", WORKER, editor_token], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = worker.stdout.readline()
        assert line.strip() == "IN_TRANSACTION", worker.stderr.read()[-3000:]
        # Inside the transaction the rows exist (the worker flushed them); nobody else sees them.
        assert _counts(postgres_url) == before
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(10) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
    # Wholly absent: no notice, no office link, no audit event, the public revision unchanged.
    assert _counts(postgres_url) == before
    with db.session_scope(postgres_url) as session:
        assert session.exec(select(Notice).where(Notice.title_ind == TITLE)).first() is None

    # The tab's text was never cleared (the killed event's state is never stored); the editor
    # saves again and another worker takes it: wholly there, once.
    monkeypatch.setenv("IMIGRASI_DB_URL", postgres_url)
    monkeypatch.setenv("REFLEX_DB_URL", postgres_url)
    _root, state = make_state(NoticeEditorState, editor_token)
    state.title_ind, state.body_ind, state.office_codes = TITLE, BODY, OFFICES
    run_handler(state, "save")
    assert state.error == ""
    notices_after, links_after, audits_after, _revision = _counts(postgres_url)
    assert (notices_after, links_after, audits_after) == (before[0] + 1, before[1] + 2, before[2] + 1)
    with db.session_scope(postgres_url) as session:
        [saved] = session.exec(select(Notice).where(Notice.title_ind == TITLE)).all()
        assert saved.body_ind == BODY

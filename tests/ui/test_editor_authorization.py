"""Every public handler of every editor state, called the way any websocket client could call it.

Without a session, and with a role too low, each handler must change nothing in the
database and say why. With the right role, the writing handlers do write (so the
table in tests/support/handlers.py is known to reach the core, and the test can fail).
"""

from __future__ import annotations

import pytest
import reflex as rx
from sqlmodel import select

from imigrasi_site.core import accounts, db
from imigrasi_site.core.models import Notice, NoticeStatus
from imigrasi_site.ui.state import availability, embed
from imigrasi_site.ui.state import maintenance as maintenance_state
from imigrasi_site.ui.state import notices as notices_state
from imigrasi_site.ui.state.webhooks import WebhooksState
from tests.support.handlers import CASES, EDITOR_STATES, Case, fingerprint
from tests.support.states import make_state, run_handler, use_session

LOWER = {"publisher": "editor", "admin": "publisher"}


def test_the_table_knows_every_editor_state():
    assert {notices_state.NoticeEditorState, availability.AvailabilityEditorState, WebhooksState,
            embed.EmbedSnippetState, maintenance_state.MaintenanceEditorState} <= set(EDITOR_STATES)


def test_every_public_handler_is_in_the_table():
    covered = {(case.state, case.handler) for case in CASES}
    for state_cls in EDITOR_STATES:
        for name in state_cls.event_handlers:
            if name == "setvar":
                continue  # refuses every var: no editor var has a setter (state_auto_setters is off)
            assert (state_cls, name) in covered, f"{state_cls.__name__}.{name} is not tested for authorization"


def call(state, case: Case, ids: dict):
    case.prepare(state, ids)
    return run_handler(state, case.handler, *(arg(ids) if callable(arg) else arg for arg in case.args))


def refused(state, result) -> bool:
    if state.error:
        return True
    # The sign-in check answers by sending the visitor to the sign-in page.
    return getattr(result, "fn", None) is not None or "masuk" in repr(result)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.state.__name__}.{c.handler}")
def test_without_a_session_nothing_changes_and_an_error_is_returned(handler_world, db_url, case):
    before = fingerprint(db_url)
    _root, state = make_state(case.state, "")
    result = call(state, case, handler_world[1])
    assert fingerprint(db_url) == before
    if case.role is not None:
        assert refused(state, result), f"{case.handler} gave no error"
        if case.handler != "require_sign_in":
            assert "masuk" in state.error.lower() or "sign in" in state.error.lower()


@pytest.mark.parametrize("case", [c for c in CASES if c.role in LOWER], ids=lambda c: f"{c.state.__name__}.{c.handler}")
def test_with_too_low_a_role_nothing_changes_and_an_error_is_returned(handler_world, db_url, case):
    tokens, ids = handler_world
    before = fingerprint(db_url)
    _root, state = make_state(case.state, tokens[LOWER[case.role]])
    call(state, case, ids)
    assert fingerprint(db_url) == before
    assert "Peran Anda tidak mengizinkan" in state.error


@pytest.mark.parametrize("case", [c for c in CASES if c.writes], ids=lambda c: f"{c.state.__name__}.{c.handler}")
def test_with_the_right_role_the_handler_does_write(handler_world, db_url, case):
    tokens, ids = handler_world
    before = fingerprint(db_url)
    _root, state = make_state(case.state, tokens[case.role])
    if case.handler == "approve":
        use_session(state, tokens["publisher"])  # not the author
    call(state, case, ids)
    assert state.error == ""
    assert fingerprint(db_url) != before


@pytest.mark.parametrize("forge", [lambda real: "forged", lambda real: real + "x", lambda real: real[:-1],
                                   lambda real: "x" * 10_000, lambda real: real.upper()],
                         ids=["made-up", "one-more-character", "one-less-character", "huge", "other-case"])
def test_a_forged_or_stale_token_is_no_session(handler_world, db_url, forge):
    tokens, ids = handler_world
    _root, state = make_state(notices_state.NoticeWorkspaceState, forge(tokens["editor"]))
    run_handler(state, "load")
    assert state.rows == [] and "masuk" in state.error.lower()
    # The same tab with the real token does see the notices: the refusal above was about the token.
    _root, state = make_state(notices_state.NoticeWorkspaceState, tokens["editor"])
    run_handler(state, "load")
    assert state.rows and state.error == ""


@pytest.mark.parametrize("token", [{"dict": 1}, ["list"], 12345, None, b"bytes"])
def test_a_token_that_is_not_text_is_no_session(handler_world, db_url, token):
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, token) is None


def test_no_state_of_a_visitor_holds_hashes_tokens_or_drafts(handler_world, db_url):
    """What Reflex would send to a browser that is not signed in, after it called every handler."""
    tokens, ids = handler_world
    root = rx.State(_reflex_internal_init=True)
    for case in CASES:
        state = root.get_substate(case.state.get_full_name().split("."))
        use_session(state, "")
        call(state, case, ids)
    sent = repr(root.dict())
    assert "$argon2" not in sent
    for token in tokens.values():
        assert token not in sent
    assert ids["webhook_secret"] not in sent
    assert ids["heartbeat_token"] not in sent
    with db.session_scope(db_url) as session:
        drafts = session.exec(select(Notice).where(Notice.status != NoticeStatus.PUBLISHED.value)).all()
    assert drafts
    for draft in drafts:
        assert draft.title_ind not in sent

"""The sign-in page's state: what it says after the sign-in route sent the browser back, and that
no state of a tab ever holds the session token."""

from __future__ import annotations

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.utils.format import json_dumps

from imigrasi_site.core import accounts, db
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.notices import NoticeWorkspaceState
from tests.support.states import make_state, run_handler, use_session

PASSWORD = "kata-sandi-halaman-masuk"


@pytest.fixture
def token(cheap_argon2, db_url) -> str:
    with db.session_scope(db_url) as session:
        accounts.create_editor(session, username="penyunting", display_name="Penyunting", password=PASSWORD,
                               operator=True)
    with db.session_scope(db_url) as session:
        return accounts.sign_in(session, username="penyunting", password=PASSWORD, client_address="t")[1]


def _open(state, query: str) -> None:
    cookie = state.router.headers.cookie
    state.router = RouterData.from_router_data({"headers": {"cookie": cookie},
                                                "pathname": "/admin/masuk", "asPath": f"/admin/masuk?{query}"})
    run_handler(state, "open_sign_in")


@pytest.mark.parametrize("query, message", [
    ("error=failed&user=penyunting", accounts.SIGN_IN_FAILED),
    ("error=wait&wait=16", accounts.SignInSlowed(16).message),
    ("error=wait&wait=999999", accounts.SignInSlowed(900).message),  # never more than the longest wait
    ("error=wait&wait=abc", accounts.SignInSlowed(1).message),
    ("error=unavailable", "Masuk tidak dapat diproses sekarang: basis data tidak dapat dihubungi. Coba lagi "
                          "sebentar lagi. / Signing in is not possible right now: the database cannot be "
                          "reached. Try again shortly."),
    ("error=%3Cscript%3E", ""),  # only known codes: the page never shows text from the address
    ("", ""),
])
def test_the_page_says_why_the_last_attempt_was_refused(db_url, query, message):
    _root, state = make_state(AuthState, "")
    _open(state, query)
    assert state.error == message


def test_the_typed_user_name_comes_back_and_next_stays_in_the_workspace(db_url):
    _root, state = make_state(AuthState, "")
    _open(state, "error=failed&user=penyunting&next=%2Fadmin%2F..%2F%2Fevil.example%2F")
    assert state.typed_username == "penyunting" and state.sign_in_next == "/admin"
    _open(state, "next=/admin/akun")
    assert state.sign_in_next == "/admin/akun" and state.typed_username == ""


def test_a_signed_out_tab_forgets_what_the_workspace_loaded(token):
    root, notices = make_state(NoticeWorkspaceState, token)
    run_handler(notices, "load")
    assert notices.rows
    auth = root.get_substate(AuthState.get_full_name().split("."))
    use_session(auth, "")  # the sign-out route cleared the cookie; the page loads again
    _open(auth, "")
    assert notices.rows == []


def test_no_state_of_a_signed_in_tab_holds_the_token(token):
    root, notices = make_state(NoticeWorkspaceState, token)
    auth = root.get_substate(AuthState.get_full_name().split("."))
    run_handler(auth, "require_sign_in")
    run_handler(notices, "load")
    assert auth.account_name == "Penyunting" and notices.rows
    # Serialized as Reflex serializes a delta for the browser (it leaves the Cookie header out).
    sent = json_dumps(root.dict())
    assert "Penyunting" in sent and token not in sent
    # Nor in any var of these states, backend-only ones included (all are stored between events);
    # only Reflex's own copy of the connection's headers has the Cookie header.
    kept = repr([state.__getstate__() for state in (auth, notices)])
    assert "Penyunting" in kept and token not in kept
    assert not any(isinstance(f, rx.Cookie) for f in AuthState.get_fields().values())

"""The special-days workspace: a publisher enters a day and sees it listed; bad input is explained and kept."""

from __future__ import annotations

import pytest

from imigrasi_site.core import accounts, db
from imigrasi_site.ui.state.special_days import SpecialDaysState
from tests.support import accounts as signing
from tests.support.states import make_state, run_handler


@pytest.fixture
def token(db_url, cheap_argon2):
    with db.session_scope() as session:
        accounts.create_editor(session, username="penerbit-sd", display_name="Penerbit", password="x" * 12,
                               role="publisher", operator=True)
    with db.session_scope() as session:
        return signing.sign_in(session, username="penerbit-sd", password="x" * 12, client_address="t")[1]


def run(state, handler: str, *args):
    run_handler(state, handler, *args)


def _fill(state, **values):
    for name, value in values.items():
        run(state, "set_field", name, value)


def test_a_saturday_opening_is_saved_and_listed(token):
    _root, state = make_state(SpecialDaysState, token)
    run(state, "load")
    assert state.error == "" and any(code == "73" for code, _name in state.provinces)
    _fill(state, day="2026-12-12", kind="opening", province="73", office_type="kanim", opens="08:00",
          closes="12:00", reason_ind="Layanan paspor Sabtu", reason_en="Saturday passport service")
    run(state, "save")
    assert state.error == "" and state.notice == "Hari khusus disimpan."
    (row,) = state.rows
    assert (row.day, row.scope, row.hours) == ("2026-12-12", "73 / kanim", "08:00-12:00")
    assert row.kind == "Buka tambahan"  # one language at a time: the account's own, Indonesian by default
    run(state, "delete", row.id)
    assert state.rows == [] and state.notice == "Hari khusus dihapus."


def test_hours_ending_before_they_start_are_explained_and_the_form_kept(token):
    _root, state = make_state(SpecialDaysState, token)
    _fill(state, day="2026-12-12", kind="opening", office_code="kanim-makassar", opens="12:00", closes="08:00",
          reason_ind="Sabtu", reason_en="Saturday")
    run(state, "save")
    assert "Jam tutup (08.00) harus setelah jam buka (12.00)" in state.error
    assert "must come after the opening time" in state.error
    assert (state.form["reason_ind"], state.form["opens"]) == ("Sabtu", "12:00")
    _fill(state, day="2031-01-06", opens="08:00", closes="12:00")
    run(state, "save")
    assert "2024-2030" in state.error and state.rows == []
    run(state, "set_field", "error", "overwritten")  # not a form field: ignored
    assert "2024-2030" in state.error

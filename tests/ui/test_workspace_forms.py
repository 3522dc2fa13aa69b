"""The availability and maintenance forms: one selector, one way to enter a time, refreshes after writes only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from imigrasi_site.core import accounts, db, workspace
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.models import Maintenance
from imigrasi_site.ui.state import auth
from imigrasi_site.ui.state.availability import AvailabilityEditorState
from imigrasi_site.ui.state.embed import EmbedSnippetState
from imigrasi_site.ui.state.language import WorkspaceLanguageState
from imigrasi_site.ui.state.maintenance import MaintenanceEditorState
from tests.support.states import make_state, run_handler

PASSWORD = "kata-sandi-formulir"


@pytest.fixture
def token(cheap_argon2, db_url) -> str:
    with db.session_scope(db_url) as session:
        accounts.create_editor(session, username="penyunting", display_name="P", password=PASSWORD, operator=True)
    with db.session_scope(db_url) as session:
        return accounts.sign_in(session, username="penyunting", password=PASSWORD, client_address="t")[1]


@pytest.mark.parametrize("zone, utc_hour", [("WIB", 15), ("WITA", 14), ("WIT", 13)])
def test_a_typed_time_is_read_in_the_zone_the_form_shows(zone, utc_hour):
    moment = workspace.parse_local_time("2099-06-25T22:00", zone)
    assert moment.astimezone(UTC) == datetime(2099, 6, 25, utc_hour, tzinfo=UTC)


@pytest.mark.parametrize("typed, zone", [
    ("2099-06-25T22:00+08:00", "WIB"),  # an offset as well as a zone: refused, not guessed
    ("2099-06-25T22:00Z", "WITA"),
    ("25/06/2099 22.00", "WIB"),
    ("", "WIB"),
    ({"not": "text"}, "WIB"),
    ("2099-06-25T22:00", "UTC"),  # only the zones the form offers
])
def test_anything_else_is_refused_with_a_message_in_both_languages(typed, zone):
    with pytest.raises(InvalidInput) as refused:
        workspace.parse_local_time(typed, zone)
    assert refused.value.message == workspace.BAD_TIME
    assert "tanpa zona waktu" in workspace.BAD_TIME and "without a time zone" in workspace.BAD_TIME


def _windows(url: str) -> int:
    with db.session_scope(url) as session:
        return session.exec(select(func.count()).select_from(Maintenance)).one()


def test_maintenance_with_an_offset_is_refused_and_the_form_keeps_its_text(token, db_url):
    _root, state = make_state(MaintenanceEditorState, token)
    state.form.update(service="passport_application", office_codes="kanim-makassar", title_ind="Pemeliharaan",
                      starts="2099-06-25T22:00+07:00", ends="2099-06-25T23:00", zone="WITA")
    before = _windows(db_url)
    run_handler(state, "schedule")
    assert state.error == workspace.BAD_TIME
    assert state.form["title_ind"] == "Pemeliharaan" and state.form["starts"] == "2099-06-25T22:00+07:00"
    assert _windows(db_url) == before
    state.form["starts"] = "2099-06-25T22:00"
    run_handler(state, "schedule")
    assert state.error == "" and "dijadwalkan" in state.notice
    # Scheduled: the texts are cleared for the next window, the cells and times stay for a similar one.
    assert state.form["title_ind"] == "" and state.form["office_codes"] == "kanim-makassar"
    assert state.form["zone"] == "WITA"
    assert _windows(db_url) == before + 1
    assert [row.title for row in state.rows] == ["Pemeliharaan"]


def test_both_forms_share_the_selector_fields_and_keep_their_own_values(token):
    root, maintenance = make_state(MaintenanceEditorState, token)
    availability = root.get_substate(AvailabilityEditorState.get_full_name().split("."))
    for state in (maintenance, availability):
        run_handler(state, "load")
        assert state.services and state.provinces and state.error == ""
        run_handler(state, "set_field", "province", "51")
        run_handler(state, "set_field", "account_role", "admin")  # not a form field: ignored
    run_handler(maintenance, "set_field", "office_codes", "kanim-denpasar, kanim-makassar")
    assert maintenance._selector().office_codes == ("kanim-denpasar", "kanim-makassar")
    assert availability.form["office_codes"] == "" and availability.form["province"] == "51"  # each its own form
    assert maintenance.account_role == "" and availability.account_role == ""


def test_the_public_view_is_refreshed_after_writes_only(token, monkeypatch):
    refreshes = []
    monkeypatch.setattr(auth, "_refresh_public_view", lambda: refreshes.append(1))
    _root, embed = make_state(EmbedSnippetState, token)
    run_handler(embed, "load")
    run_handler(embed, "set_option", "lang", "en")
    assert embed.lang == "en" and refreshes == []
    _root, state = make_state(AvailabilityEditorState, token)
    state.form.update(service="passport_application", province="51", availability="limited")
    run_handler(state, "preview")
    assert state.preview_count > 0 and refreshes == []
    run_handler(state, "apply")
    assert "layanan diubah" in state.notice and refreshes == [1]


def test_the_preview_names_the_services_in_the_workspace_language(token):
    root, state = make_state(AvailabilityEditorState, token)
    root.get_substate(WorkspaceLanguageState.get_full_name().split(".")).lang = "en"
    state.form.update(service="passport_application", province="51", availability="limited")
    run_handler(state, "preview")
    assert state.preview_rows and {row.service for row in state.preview_rows} == {"Passport application"}

"""The first hour of an outage through the workspace states: declare, the board, the picker, the language."""

from __future__ import annotations

import pytest
from sqlmodel import select

from imigrasi_site.core import accounts, db, workspace
from imigrasi_site.core.availability import restore_incident
from imigrasi_site.core.models import Incident, Notice, OfficeService
from imigrasi_site.ui.state.availability import AvailabilityEditorState
from imigrasi_site.ui.state.board import BoardState
from imigrasi_site.ui.state.declare import DeclareState
from imigrasi_site.ui.state.incidents import IncidentWorkspaceState
from imigrasi_site.ui.state.language import WorkspaceLanguageState
from imigrasi_site.ui.state.maintenance import MaintenanceEditorState
from tests.support.accounts import sign_in
from tests.support.states import make_state, run_handler

PASSWORD = "kata-sandi-gangguan"


@pytest.fixture
def tokens(cheap_argon2, db_url) -> dict[str, str]:
    with db.session_scope(db_url) as session:
        for name, role in (("citra", "publisher"), ("dewi", "publisher")):
            accounts.create_editor(session, username=name, display_name=name.title(), password=PASSWORD, role=role,
                                   operator=True)
        for incident in session.exec(select(Incident)).all():  # a calm morning before the disruption
            restore_incident(session, incident.id, actor=None)
    with db.session_scope(db_url) as session:
        # Publishers sign in with their second step (tests/support/accounts.py completes it).
        return {name: sign_in(session, username=name, password=PASSWORD, client_address="t")[1]
                for name in ("citra", "dewi")}


def _cells(url: str) -> dict[int, tuple]:
    with db.session_scope(url) as session:
        return {c.id: (c.availability, c.advice_ind, c.incident_id) for c in session.exec(select(OfficeService)).all()}


def test_declare_from_templates_preview_confirm_then_resolve(tokens, db_url):
    before = _cells(db_url)
    root, state = make_state(DeclareState, tokens["citra"])
    run_handler(state, "load")
    assert {"passport_express_suspended", "arrive_early_ports"} <= {code for code, _n in state.template_choices}
    run_handler(state, "set_field", "title_ind", "Gangguan Pusat Data Nasional")
    run_handler(state, "add_from_template", "passport_express_suspended")
    run_handler(state, "add_from_template", "arrive_early_ports")
    run_handler(state, "add_line")
    run_handler(state, "set_line", 2, "service", "passport_interview_biometrics")
    run_handler(state, "set_line", 2, "availability", "normal")
    run_handler(state, "set_line", 9, "service", "autogate")  # no such line: nothing happens
    assert [(line.service, line.scope, line.codes) for line in state.lines] == [
        ("passport_express", "nationwide", []), ("border_crossing", "office_types", ["tpi_airport", "tpi_seaport"]),
        ("passport_interview_biometrics", "nationwide", [])]
    run_handler(state, "confirm")
    assert "pratinjau" in state.error.lower()
    run_handler(state, "preview")
    assert state.error == "" and state.preview_count > 50 and state.preview_line.startswith(f"{state.preview_count} ")
    assert state.body_ind and "3 jam" in state.body_ind and state.title_en == "Express passport suspended"
    planned = state.preview_count
    run_handler(state, "confirm")
    assert state.error == "" and "menunggu tinjauan" in state.notice
    with db.session_scope(db_url) as session:
        notice = session.get(Notice, state.declared_notice)
        assert notice.status == "in_review" and notice.incident_id == state.declared_incident
    assert sum(1 for cid, cell in _cells(db_url).items() if cell != before[cid]) == planned

    _root, incident = make_state(IncidentWorkspaceState, tokens["citra"])
    incident.incident_id = state.declared_incident
    run_handler(incident, "resolve")
    assert incident.error == "" and incident.status == "resolved" and incident.resolution_notice
    assert _cells(db_url) == before


def test_a_line_of_chosen_offices_takes_them_from_the_picker(tokens):
    _root, state = make_state(DeclareState, tokens["citra"])
    run_handler(state, "load")
    run_handler(state, "add_line")
    run_handler(state, "set_line", 0, "service", "stay_permit")
    run_handler(state, "set_line", 0, "scope", "offices")
    assert state.picker_line == 0
    run_handler(state, "search_offices", "denpasar")
    assert ["kanim-denpasar"] == [row[0] for row in state.picker_results if row[0] == "kanim-denpasar"]
    run_handler(state, "pick_office", "kanim-denpasar")
    run_handler(state, "pick_office", "kanim-nowhere")  # not among the results: ignored
    assert [row[0] for row in state.lines[0].offices] == ["kanim-denpasar"]
    run_handler(state, "preview")
    assert state.error == "" and {r.office_code for r in state.preview_rows} == {"kanim-denpasar"}


def test_the_availability_form_chooses_offices_with_the_picker(tokens):
    root, state = make_state(AvailabilityEditorState, tokens["citra"])
    maintenance = root.get_substate(MaintenanceEditorState.get_full_name().split("."))
    run_handler(state, "search_offices", "ngurah rai")
    found = [row[0] for row in state.picker_results]
    assert found and all("ngurah" in code for code in found)
    run_handler(state, "pick_office", found[0])
    assert state._selector().office_codes == (found[0],) and maintenance.form["office_codes"] == ""
    run_handler(state, "unpick_office", found[0])
    assert state._selector().office_codes == ()


def test_the_board_filters_and_says_who_changed_a_cell_when_and_why(tokens):
    _root, avail = make_state(AvailabilityEditorState, tokens["citra"])
    avail.form.update(service="passport_express", province="51", availability="unavailable",
                      advice_ind="Mesin cetak rusak.")
    run_handler(avail, "preview")
    run_handler(avail, "apply")
    assert avail.error == ""
    _root, board = make_state(BoardState, tokens["citra"])
    run_handler(board, "load")
    all_offices = len(board.rows)
    run_handler(board, "set_filter", "availability", "unavailable")
    assert 0 < len(board.rows) < all_offices
    cell = next(c for c in board.rows[0].cells if c.service == "passport_express")
    assert cell.availability == "unavailable" and cell.label == "Tidak tersedia" and cell.who == "Citra"
    assert "Mesin cetak rusak." in cell.why and "WIB" in cell.when
    assert cell.edit == f"/admin/status?offices={board.rows[0].code}&service=passport_express&availability=unavailable"
    assert board.counts_line.endswith(f"{sum(1 for r in board.rows for c in r.cells if c.availability == 'unavailable')}"
                                      " tidak tersedia")
    run_handler(board, "set_filter", "province", "no-such-province")  # unknown: means any
    run_handler(board, "set_filter", "service", "passport_express")
    assert [c[0] for c in board.columns] == ["passport_express"]


def test_the_language_is_remembered_per_account(tokens):
    _root, lang = make_state(WorkspaceLanguageState, tokens["dewi"])
    run_handler(lang, "load")
    assert lang.lang == "id"
    run_handler(lang, "set_language", "fr")  # not a language: ignored
    run_handler(lang, "set_language", "en")
    assert lang.lang == "en" and lang.notice == "Workspace language saved."
    root, again = make_state(WorkspaceLanguageState, tokens["dewi"])
    run_handler(again, "load")
    assert again.lang == "en"
    board = root.get_substate(BoardState.get_full_name().split("."))
    run_handler(board, "load")
    assert "unavailable" in board.counts_line and board.rows[0].cells[0].label in ("Normal", "Limited", "Unavailable")
    _root, other = make_state(WorkspaceLanguageState, tokens["citra"])
    run_handler(other, "load")
    assert other.lang == "id"  # another account keeps its own


def test_office_choices_need_words_and_match_name_city_or_code(tokens, db_url):
    with db.session_scope(db_url) as session:
        account = accounts.resolve_session(session, tokens["citra"])
        assert workspace.office_choices(session, account, "   ") == []
        assert workspace.office_choices(session, account, {"not": "text"}) == []
        by_code = workspace.office_choices(session, account, "kanim-batam")
        by_city = workspace.office_choices(session, account, "Batam")
        assert by_code and {row[0] for row in by_code} <= {row[0] for row in by_city}


def test_a_message_the_core_writes_in_both_languages_is_shown_in_one(tokens):
    _root, lang = make_state(WorkspaceLanguageState, tokens["dewi"])
    lang.error = "Baris 1: pilih layanan. / Line 1: choose a service."
    assert lang.error_text == "Baris 1: pilih layanan."
    lang.lang = "en"
    assert lang.error_text == "Line 1: choose a service."
    lang.notice = "Workspace language saved."  # already in one language: as it is
    assert lang.notice_text == "Workspace language saved."

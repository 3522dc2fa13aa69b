"""Every public handler of every editor state, called the way any websocket client could call it.

Without a session, and with a role too low, each handler must change nothing in the
database and say why. With the right role, the writing handlers do write (so the
table below is known to reach the core, and the test can fail).
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from dataclasses import dataclass
from datetime import datetime, UTC
from typing import Any
from collections.abc import Callable

import pytest
import reflex as rx
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from imigrasi_site.core import accounts, checks, db, declare, heartbeats, maintenance, notices, special_days, webhooks
from imigrasi_site.core.availability import CellSelector
from imigrasi_site.core.models import Incident, Notice, NoticeStatus, Signal
from imigrasi_site.ui import state as ui_state
from imigrasi_site.ui.state import accounts as accounts_state
from imigrasi_site.ui.state import audit, availability, embed, incidents
from imigrasi_site.ui.state import maintenance as maintenance_state
from imigrasi_site.ui.state import notices as notices_state
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.board import BoardState
from imigrasi_site.ui.state.declare import DeclareState, FormLine
from imigrasi_site.ui.state.language import WorkspaceLanguageState
from imigrasi_site.ui.state.templates import TemplatesState
from imigrasi_site.ui.state.second_factor import SecondFactorState
from imigrasi_site.ui.state.special_days import SpecialDaysState
from imigrasi_site.ui.state.signals import SignalsState
from imigrasi_site.ui.state.webhooks import WebhooksState
from tests.support.states import make_state, run_handler, use_session
from tests.support import accounts as signing

PASSWORD = "handler-test-password"


def _with_subclasses(state_cls: type) -> list[type]:
    return [state_cls] + [sub for child in state_cls.__subclasses__() for sub in _with_subclasses(child)]


# Every state of the workspace, found rather than listed: a new one is covered by the table below or fails.
for _module in pkgutil.iter_modules(ui_state.__path__):
    importlib.import_module(f"{ui_state.__name__}.{_module.name}")
EDITOR_STATES = tuple(_with_subclasses(AuthState))
# Handlers that only copy the caller's own input into the caller's own state: they read
# nothing private and write nothing, so they need no session (a keystroke costs no query).
STATE_ONLY = {"set_field", "set_form", "set_update", "take_theirs", "keep_mine"}


@dataclass
class Case:
    state: type
    handler: str
    role: str | None  # the lowest role allowed; None for state-only handlers
    args: tuple = ()
    prepare: Callable[[Any, dict], None] = lambda state, ids: None
    writes: bool = False


def _set(**values):
    def prepare(state, ids):
        for name, value in values.items():
            setattr(state, name, value(ids) if callable(value) else value)
    return prepare


CASES = [
    Case(AuthState, "require_sign_in", "editor"),
    # The sign-in page's on_load: it shows the page's message and wipes a signed-out tab, for anyone.
    Case(AuthState, "open_sign_in", None),
    Case(notices_state.NoticeWorkspaceState, "load", "editor"),
    Case(notices_state.NoticeEditorState, "load", "editor"),
    Case(notices_state.NoticeEditorState, "set_field", None, ("title_ind", "x")),
    Case(notices_state.NoticeEditorState, "take_theirs", None),
    Case(notices_state.NoticeEditorState, "keep_mine", None),
    Case(notices_state.NoticeEditorState, "save", "editor",
         prepare=_set(title_ind="Judul uji otorisasi", body_ind="Isi uji."), writes=True),
    Case(notices_state.NoticeEditorState, "submit", "editor",
         prepare=_set(notice_id=lambda ids: ids["draft"]), writes=True),
    Case(notices_state.NoticeEditorState, "approve", "publisher",
         prepare=_set(notice_id=lambda ids: ids["in_review"], version=lambda ids: ids["in_review_version"]),
         writes=True),
    Case(notices_state.NoticeEditorState, "schedule", "publisher",
         prepare=_set(notice_id=lambda ids: ids["in_review"], version=lambda ids: ids["in_review_version"],
                      schedule_at="2099-01-01T10:00"), writes=True),
    Case(notices_state.NoticeEditorState, "return_to_draft", "publisher",
         prepare=_set(notice_id=lambda ids: ids["published"]), writes=True),
    Case(notices_state.NoticeEditorState, "archive", "publisher",
         prepare=_set(notice_id=lambda ids: ids["published"]), writes=True),
    Case(notices_state.NoticeEditorState, "approve_correction", "publisher",
         prepare=_set(notice_id=lambda ids: ids["corrected"], version=lambda ids: ids["corrected_version"]),
         writes=True),
    Case(notices_state.NoticeEditorState, "discard_correction", "publisher",
         prepare=_set(notice_id=lambda ids: ids["corrected"]), writes=True),
    Case(notices_state.NoticeEditorState, "publish_urgent", "admin",
         prepare=_set(notice_id=lambda ids: ids["published"], version=lambda ids: ids["published_version"],
                      title_ind="Terbit uji", body_ind="Isi yang dibetulkan segera.",
                      urgent_reason="Nomor telepon yang terbit salah."), writes=True),
    Case(notices_state.NoticeEditorState, "compare", "editor", ("1",),
         prepare=_set(notice_id=lambda ids: ids["draft"], version=1)),
    Case(incidents.IncidentWorkspaceState, "load_list", "editor"),
    Case(incidents.IncidentWorkspaceState, "load", "editor"),
    Case(incidents.IncidentWorkspaceState, "set_form", None, ("title_ind", "x")),
    Case(incidents.IncidentWorkspaceState, "set_update", None, ("update_ind", "x")),
    Case(incidents.IncidentWorkspaceState, "open_incident", "editor",
         prepare=_set(form={"title_ind": "Gangguan uji", "first_update_ind": "Sedang diperiksa."}), writes=True),
    Case(incidents.IncidentWorkspaceState, "post_update", "editor",
         prepare=_set(incident_id=lambda ids: ids["incident"], update_ind="Pembaruan uji.", update_status="monitoring",
                      version=lambda ids: ids["incident_version"]), writes=True),
    Case(incidents.IncidentWorkspaceState, "restore", "editor",
         prepare=_set(incident_id=lambda ids: ids["incident"]), writes=True),
    Case(availability.AvailabilityEditorState, "load", "editor"),
    Case(availability.AvailabilityEditorState, "set_field", None, ("advice_ind", "x")),
    Case(availability.AvailabilityEditorState, "preview", "editor",
         prepare=_set(service="passport_application", province="51", availability="limited")),
    Case(availability.AvailabilityEditorState, "apply", "editor",
         prepare=_set(service="passport_application", province="51", availability="limited", preview_count=2),
         writes=True),
    Case(audit.AuditState, "load", "editor"),
    Case(audit.AuditState, "filter", "editor", ({"action": "notice."},)),
    Case(accounts_state.AccountsState, "load", "admin"),
    Case(accounts_state.AccountsState, "create", "admin",
         ({"username": "baru", "display_name": "Baru", "password": "sandi-yang-panjang", "role": "admin"},),
         writes=True),
    Case(accounts_state.AccountsState, "set_active", "admin", (lambda ids: ids["editor_account"], False),
         writes=True),
    Case(accounts_state.AccountsState, "change_password", "editor",
         ({"current": PASSWORD, "new": "sandi-baru-yang-panjang"},), writes=True),
    Case(maintenance_state.MaintenanceEditorState, "load", "editor"),
    Case(maintenance_state.MaintenanceEditorState, "set_field", None, ("title_ind", "x")),
    Case(maintenance_state.MaintenanceEditorState, "schedule", "editor",
         prepare=_set(service="passport_application", province="51", title_ind="Pemeliharaan uji",
                      starts="2099-01-01T22:00", ends="2099-01-01T23:59", zone="WITA"), writes=True),
    Case(maintenance_state.MaintenanceEditorState, "cancel", "editor", (lambda ids: ids["maintenance"],), writes=True),
    Case(embed.EmbedSnippetState, "load", "editor"),
    Case(embed.EmbedSnippetState, "set_option", "editor", ("lang", "en")),
    Case(WebhooksState, "load", "editor"),
    Case(WebhooksState, "register", "admin", ({"name": "Mitra uji", "url": "https://mitra.example/hook"},),
         writes=True),
    Case(WebhooksState, "rotate", "admin", (lambda ids: ids["webhook"],), writes=True),
    Case(WebhooksState, "deactivate", "admin", (lambda ids: ids["webhook"],), writes=True),
    Case(SpecialDaysState, "load", "publisher"),
    Case(SpecialDaysState, "set_field", None, ("reason_ind", "x")),
    Case(SpecialDaysState, "save", "publisher",
         prepare=_set(day="2026-12-31", kind="closure", office_code="kanim-makassar", reason_ind="Uji otorisasi",
                      reason_en="Authorization test"), writes=True),
    Case(SpecialDaysState, "delete", "publisher", (lambda ids: ids["special_day"],), writes=True),
    Case(SignalsState, "load", "editor"),
    Case(SignalsState, "show_history", "editor", ("kanim-denpasar",)),
    Case(SignalsState, "confirm", "editor", (lambda ids: ids["signal"],), writes=True),
    Case(SignalsState, "create_token", "admin", ({"office_code": "kanim-putussibau"},), writes=True),
    Case(SignalsState, "rotate_token", "admin", ("kanim-denpasar",), writes=True),
    Case(SignalsState, "revoke_token", "admin", ("kanim-denpasar",), writes=True),
    Case(SignalsState, "add_check", "admin", ({"name": "Cek uji", "url": "https://pusat.example/health"},),
         writes=True),
    Case(SignalsState, "deactivate_check", "admin", (lambda ids: ids["check"],), writes=True),
    Case(SignalsState, "set_auto_marking", "admin", ("passport_application", True), writes=True),
    Case(SecondFactorState, "load", "editor"),
    # The publisher enrolled at sign-in (the fixture): an admin resets that colleague's key.
    Case(SecondFactorState, "reset_colleague", "admin", (lambda ids: ids["publisher_account"],), writes=True),
]
# The first hour of an outage: declare, resolve, the board, templates, the office picker, the language.
DENPASAR_STAY = FormLine(service="stay_permit", scope="offices", offices=[["kanim-denpasar", "Denpasar", "Denpasar"]],
                         availability="limited", advice_ind="Datang lebih awal.")
PICKED = _set(picker_results=[["kanim-denpasar", "Denpasar", "Denpasar"]], picked=[["kanim-makassar", "M", "M"]])
CASES += [
    Case(WorkspaceLanguageState, "load", "editor"),
    Case(WorkspaceLanguageState, "set_language", "editor", ("en",), writes=True),
    Case(BoardState, "load", "editor"),
    Case(BoardState, "set_filter", "editor", ("service", "passport_express")),
    Case(TemplatesState, "load", "editor"),
    Case(TemplatesState, "edit", "admin", ("office_closed",)),
    Case(TemplatesState, "set_form", None, ("advice_ind", "x")),
    Case(TemplatesState, "save", "admin", prepare=_set(editing="office_closed", _version=1,
                                                       form={"advice_ind": "{office} tutup."}), writes=True),
    Case(incidents.IncidentWorkspaceState, "resolve", "editor", prepare=_set(incident_id=lambda ids: ids["incident"]),
         writes=True),
    Case(DeclareState, "load", "editor"),
    Case(DeclareState, "set_field", None, ("title_ind", "x")),
    Case(DeclareState, "add_line", None),
    Case(DeclareState, "remove_line", None, (0,), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "set_line", None, (0, "availability", "unavailable"), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "toggle_code", None, (0, "tpi_airport"),
         prepare=_set(lines=[FormLine(service="border_crossing", scope="office_types")])),
    Case(DeclareState, "choose_offices_for", None, (0,), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "add_from_template", "editor", ("arrive_early_ports",)),
    Case(DeclareState, "apply_template", "editor", (0, "office_closed"), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "compose", "editor", prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "preview", "editor", prepare=_set(lines=[DENPASAR_STAY], body_ind="Isi.")),
    Case(DeclareState, "confirm", "editor", prepare=_set(
        lines=[DENPASAR_STAY], title_ind="Gangguan uji", body_ind="Isi uji.", preview_count=1,
        _seen_versions=lambda ids: ids["declare_versions"]), writes=True),
    *(Case(state, "search_offices", "editor", ("denpasar",))
      for state in (DeclareState, availability.AvailabilityEditorState, maintenance_state.MaintenanceEditorState,
                    notices_state.NoticeEditorState)),
    *(Case(state, handler, None, ("kanim-denpasar",), prepare=PICKED)
      for state in (DeclareState, availability.AvailabilityEditorState, maintenance_state.MaintenanceEditorState,
                    notices_state.NoticeEditorState)
      for handler in ("pick_office", "unpick_office")),
]
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


def fingerprint(url: str) -> str:
    digest = hashlib.sha256()
    with db.get_engine(url).connect() as conn:
        for table in sorted(SQLModel.metadata.tables):
            for row in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture
def world(cheap_argon2, db_url, monkeypatch):
    """Accounts of every role with live sessions, and notices in each workflow state."""
    # Cheap Argon2 parameters: these tests are about authorization, not hashing cost.
    tokens, ids = {}, {}
    with db.session_scope(db_url) as session:
        for role in ("editor", "publisher", "admin"):
            accounts.create_editor(session, username=f"{role}-x", display_name=role, password=PASSWORD, role=role,
                                   operator=True)
    with db.session_scope(db_url) as session:
        for role in ("editor", "publisher", "admin"):
            tokens[role] = signing.sign_in(session, username=f"{role}-x", password=PASSWORD,
                                            client_address="127.0.0.1")[1]
    with db.session_scope(db_url) as session:
        author = accounts.resolve_session(session, tokens["editor"])
        publisher = accounts.resolve_session(session, tokens["admin"])

        def notice(title: str):
            return notices.create_notice(session, notices.NoticeText.clean(title_ind=title, body_ind="Isi."),
                                         actor=author)

        ids["draft"] = notice("Draf rahasia satu").id
        in_review = notice("Draf rahasia dua")
        notices.submit_for_review(session, in_review.id, actor=author)
        ids["in_review"], ids["in_review_version"] = in_review.id, in_review.version
        published = notice("Terbit uji")
        notices.submit_for_review(session, published.id, actor=author)
        notices.approve(session, published.id, actor=publisher)
        ids["published"], ids["published_version"] = published.id, published.version
        corrected = notice("Terbit lalu dikoreksi")
        notices.submit_for_review(session, corrected.id, actor=author)
        notices.approve(session, corrected.id, actor=publisher)
        notices.update_notice(session, corrected.id, notices.NoticeText.clean(title_ind="Koreksi", body_ind="Isi."),
                              expected_version=corrected.version, actor=publisher)
        ids["corrected"], ids["corrected_version"] = corrected.id, corrected.version
        incident = session.exec(select(Incident)).first()
        ids["incident"], ids["incident_version"] = incident.id, incident.version
        ids["editor_account"] = accounts.resolve_session(session, tokens["editor"]).id
        ids["publisher_account"] = accounts.resolve_session(session, tokens["publisher"]).id
        ids["webhook"], ids["webhook_secret"] = webhooks.register_endpoint(
            session, publisher, name="Mitra", url="https://mitra.example/status")
        ids["maintenance"] = maintenance.schedule_maintenance(
            session, CellSelector(office_codes=("kanim-denpasar",)), title_ind="Pemeliharaan terjadwal",
            starts_at=datetime(2099, 1, 1, tzinfo=UTC), ends_at=datetime(2099, 1, 2, tzinfo=UTC),
            actor=author).id
        ids["special_day"] = special_days.create_special_day(
            session, special_days.SpecialDayScope(), day="2026-12-30", kind="closure", reason_ind="Uji",
            reason_en="Test", actor=publisher).id
        ids["heartbeat_token"] = heartbeats.create_token(session, publisher, "kanim-denpasar")
        ids["check"] = checks.add_check(session, publisher, name="Cek", url="https://pusat.example/health")
        now = datetime(2024, 6, 20, tzinfo=UTC)
        signal = Signal(kind="heartbeat_missing", since=now, opened_at=now)
        session.add(signal)
        session.flush()
        ids["signal"] = signal.id
        ids["declare_versions"] = declare.plan(session, author, [declare.Line(
            "stay_permit", "offices", ("kanim-denpasar",), "limited", "Datang lebih awal.")]).versions
    return tokens, ids


def call(state, case: Case, ids: dict):
    case.prepare(state, ids)
    return run_handler(state, case.handler, *(arg(ids) if callable(arg) else arg for arg in case.args))


def refused(state, result) -> bool:
    if state.error:
        return True
    # The sign-in check answers by sending the visitor to the sign-in page.
    return getattr(result, "fn", None) is not None or "masuk" in repr(result)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.state.__name__}.{c.handler}")
def test_without_a_session_nothing_changes_and_an_error_is_returned(world, db_url, case):
    before = fingerprint(db_url)
    _root, state = make_state(case.state, "")
    result = call(state, case, world[1])
    assert fingerprint(db_url) == before
    if case.role is not None:
        assert refused(state, result), f"{case.handler} gave no error"
        if case.handler != "require_sign_in":
            assert "masuk" in state.error.lower() or "sign in" in state.error.lower()


@pytest.mark.parametrize("case", [c for c in CASES if c.role in LOWER], ids=lambda c: f"{c.state.__name__}.{c.handler}")
def test_with_too_low_a_role_nothing_changes_and_an_error_is_returned(world, db_url, case):
    tokens, ids = world
    before = fingerprint(db_url)
    _root, state = make_state(case.state, tokens[LOWER[case.role]])
    call(state, case, ids)
    assert fingerprint(db_url) == before
    assert "Peran Anda tidak mengizinkan" in state.error


@pytest.mark.parametrize("case", [c for c in CASES if c.writes], ids=lambda c: f"{c.state.__name__}.{c.handler}")
def test_with_the_right_role_the_handler_does_write(world, db_url, case):
    tokens, ids = world
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
def test_a_forged_or_stale_token_is_no_session(world, db_url, forge):
    tokens, ids = world
    _root, state = make_state(notices_state.NoticeWorkspaceState, forge(tokens["editor"]))
    run_handler(state, "load")
    assert state.rows == [] and "masuk" in state.error.lower()
    # The same tab with the real token does see the notices: the refusal above was about the token.
    _root, state = make_state(notices_state.NoticeWorkspaceState, tokens["editor"])
    run_handler(state, "load")
    assert state.rows and state.error == ""


@pytest.mark.parametrize("token", [{"dict": 1}, ["list"], 12345, None, b"bytes"])
def test_a_token_that_is_not_text_is_no_session(world, db_url, token):
    with db.session_scope(db_url) as session:
        assert accounts.resolve_session(session, token) is None


def test_no_state_of_a_visitor_holds_hashes_tokens_or_drafts(world, db_url):
    """What Reflex would send to a browser that is not signed in, after it called every handler."""
    tokens, ids = world
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

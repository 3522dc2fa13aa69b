"""The table of every public handler of every editor state: the lowest role allowed to call it, what
it is called with, and whether it writes; the rows it acts on come from the handler_world fixture
(tests/ui/conftest.py)."""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from imigrasi_site.core import db
from imigrasi_site.ui import state as ui_state
from imigrasi_site.ui.state import accounts as accounts_state
from imigrasi_site.ui.state import audit, availability, embed, incidents
from imigrasi_site.ui.state import maintenance as maintenance_state
from imigrasi_site.ui.state import notices as notices_state
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.board import BoardState
from imigrasi_site.ui.state.declare import DeclareState, FormLine
from imigrasi_site.ui.state.language import WorkspaceLanguageState
from imigrasi_site.ui.state.second_factor import SecondFactorState
from imigrasi_site.ui.state.signals import SignalsState
from imigrasi_site.ui.state.special_days import SpecialDaysState
from imigrasi_site.ui.state.templates import TemplatesState
from imigrasi_site.ui.state.webhooks import WebhooksState

PASSWORD = "handler-test-password"


def with_subclasses(state_cls: type) -> list[type]:
    return [state_cls] + [sub for child in state_cls.__subclasses__() for sub in with_subclasses(child)]


# Every state of the workspace, found rather than listed: a new one is covered by the table below or fails.
for _module in pkgutil.iter_modules(ui_state.__path__):
    importlib.import_module(f"{ui_state.__name__}.{_module.name}")
EDITOR_STATES = tuple(with_subclasses(AuthState))


@dataclass
class Case:
    state: type
    handler: str
    # The lowest role allowed; None for a handler that needs no session: it only changes the caller's
    # own state (copies input, opens a form line, the sign-in page's on_load), reading nothing private.
    role: str | None
    args: tuple = ()
    prepare: Callable[[Any, dict], None] = lambda state, ids: None
    writes: bool = False


def _set(**values):
    def prepare(state, ids):
        for name, value in values.items():
            setattr(state, name, value(ids) if callable(value) else value)

    return prepare


def _form(**values):
    """Fill fields of a form that keeps them in its `form` dict (its keys are what set_field accepts)."""
    def prepare(state, _ids):
        state.form.update(values)

    return prepare


def _steps(*steps):
    def prepare(state, ids):
        for step in steps:
            step(state, ids)

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
    Case(
        notices_state.NoticeEditorState,
        "save",
        "editor",
        prepare=_set(title_ind="Judul uji otorisasi", body_ind="Isi uji."),
        writes=True,
    ),
    Case(notices_state.NoticeEditorState, "submit", "editor", prepare=_set(notice_id=lambda ids: ids["draft"]), writes=True),
    Case(
        notices_state.NoticeEditorState,
        "approve",
        "publisher",
        prepare=_set(notice_id=lambda ids: ids["in_review"], version=lambda ids: ids["in_review_version"]),
        writes=True,
    ),
    Case(
        notices_state.NoticeEditorState,
        "schedule",
        "publisher",
        prepare=_set(
            notice_id=lambda ids: ids["in_review"], version=lambda ids: ids["in_review_version"], schedule_at="2099-01-01T10:00"
        ),
        writes=True,
    ),
    Case(
        notices_state.NoticeEditorState,
        "return_to_draft",
        "publisher",
        prepare=_set(notice_id=lambda ids: ids["published"]),
        writes=True,
    ),
    Case(
        notices_state.NoticeEditorState, "archive", "publisher", prepare=_set(notice_id=lambda ids: ids["published"]), writes=True
    ),
    Case(
        notices_state.NoticeEditorState,
        "approve_correction",
        "publisher",
        prepare=_set(notice_id=lambda ids: ids["corrected"], version=lambda ids: ids["corrected_version"]),
        writes=True,
    ),
    Case(
        notices_state.NoticeEditorState,
        "discard_correction",
        "publisher",
        prepare=_set(notice_id=lambda ids: ids["corrected"]),
        writes=True,
    ),
    Case(
        notices_state.NoticeEditorState,
        "publish_urgent",
        "admin",
        prepare=_set(
            notice_id=lambda ids: ids["published"],
            version=lambda ids: ids["published_version"],
            title_ind="Terbit uji",
            body_ind="Isi yang dibetulkan segera.",
            urgent_reason="Nomor telepon yang terbit salah.",
        ),
        writes=True,
    ),
    Case(notices_state.NoticeEditorState, "compare", "editor", ("1",), prepare=_set(notice_id=lambda ids: ids["draft"], version=1)),
    Case(incidents.IncidentWorkspaceState, "load_list", "editor"),
    Case(incidents.IncidentWorkspaceState, "load", "editor"),
    Case(incidents.IncidentWorkspaceState, "set_form", None, ("title_ind", "x")),
    Case(incidents.IncidentWorkspaceState, "set_update", None, ("update_ind", "x")),
    Case(
        incidents.IncidentWorkspaceState,
        "open_incident",
        "editor",
        prepare=_form(title_ind="Gangguan uji", first_update_ind="Sedang diperiksa."),
        writes=True,
    ),
    Case(
        incidents.IncidentWorkspaceState,
        "post_update",
        "editor",
        prepare=_set(
            incident_id=lambda ids: ids["incident"],
            update_ind="Pembaruan uji.",
            update_status="monitoring",
            version=lambda ids: ids["incident_version"],
        ),
        writes=True,
    ),
    Case(incidents.IncidentWorkspaceState, "restore", "editor", prepare=_set(incident_id=lambda ids: ids["incident"]), writes=True),
    Case(availability.AvailabilityEditorState, "load", "editor"),
    Case(availability.AvailabilityEditorState, "set_field", None, ("advice_ind", "x")),
    Case(
        availability.AvailabilityEditorState,
        "preview",
        "editor",
        prepare=_form(service="passport_application", province="51", availability="limited"),
    ),
    Case(
        availability.AvailabilityEditorState,
        "apply",
        "editor",
        prepare=_steps(_form(service="passport_application", province="51", availability="limited"),
                       _set(preview_count=2)),
        writes=True,
    ),
    Case(audit.AuditState, "load", "editor"),
    Case(audit.AuditState, "filter", "editor", ({"action": "notice."},)),
    Case(accounts_state.AccountsState, "load", "admin"),
    Case(
        accounts_state.AccountsState,
        "create",
        "admin",
        ({"username": "baru", "display_name": "Baru", "password": "sandi-yang-panjang", "role": "admin"},),
        writes=True,
    ),
    Case(accounts_state.AccountsState, "set_active", "admin", (lambda ids: ids["editor_account"], False), writes=True),
    Case(
        accounts_state.AccountsState,
        "change_password",
        "editor",
        ({"current": PASSWORD, "new": "sandi-baru-yang-panjang"},),
        writes=True,
    ),
    Case(maintenance_state.MaintenanceEditorState, "load", "editor"),
    Case(maintenance_state.MaintenanceEditorState, "set_field", None, ("title_ind", "x")),
    Case(
        maintenance_state.MaintenanceEditorState,
        "schedule",
        "editor",
        prepare=_form(
            service="passport_application",
            province="51",
            title_ind="Pemeliharaan uji",
            starts="2099-01-01T22:00",
            ends="2099-01-01T23:59",
            zone="WITA",
        ),
        writes=True,
    ),
    Case(maintenance_state.MaintenanceEditorState, "cancel", "editor", (lambda ids: ids["maintenance"],), writes=True),
    Case(embed.EmbedSnippetState, "load", "editor"),
    Case(embed.EmbedSnippetState, "set_option", "editor", ("lang", "en")),
    Case(WebhooksState, "load", "editor"),
    Case(WebhooksState, "register", "admin", ({"name": "Mitra uji", "url": "https://mitra.example/hook"},), writes=True),
    Case(WebhooksState, "rotate", "admin", (lambda ids: ids["webhook"],), writes=True),
    Case(WebhooksState, "deactivate", "admin", (lambda ids: ids["webhook"],), writes=True),
    Case(SpecialDaysState, "load", "publisher"),
    Case(SpecialDaysState, "set_field", None, ("reason_ind", "x")),
    Case(
        SpecialDaysState,
        "save",
        "publisher",
        prepare=_form(
            day="2026-12-31",
            kind="closure",
            office_code="kanim-makassar",
            reason_ind="Uji otorisasi",
            reason_en="Authorization test",
        ),
        writes=True,
    ),
    Case(SpecialDaysState, "delete", "publisher", (lambda ids: ids["special_day"],), writes=True),
    Case(SignalsState, "load", "editor"),
    Case(SignalsState, "show_history", "editor", ("kanim-denpasar",)),
    Case(SignalsState, "confirm", "editor", (lambda ids: ids["signal"],), writes=True),
    Case(SignalsState, "create_token", "admin", ({"office_code": "kanim-putussibau"},), writes=True),
    Case(SignalsState, "rotate_token", "admin", ("kanim-denpasar",), writes=True),
    Case(SignalsState, "revoke_token", "admin", ("kanim-denpasar",), writes=True),
    Case(SignalsState, "add_check", "admin", ({"name": "Cek uji", "url": "https://pusat.example/health"},), writes=True),
    Case(SignalsState, "deactivate_check", "admin", (lambda ids: ids["check"],), writes=True),
    Case(SignalsState, "set_auto_marking", "admin", ("passport_application", True), writes=True),
    Case(SecondFactorState, "load", "editor"),
    # The publisher enrolled at sign-in (the fixture): an admin resets that colleague's key.
    Case(SecondFactorState, "reset_colleague", "admin", (lambda ids: ids["publisher_account"],), writes=True),
]
# The first hour of an outage: declare, resolve, the board, templates, the office picker, the language.
DENPASAR_STAY = FormLine(
    service="stay_permit",
    scope="offices",
    offices=[["kanim-denpasar", "Denpasar", "Denpasar"]],
    availability="limited",
    advice_ind="Datang lebih awal.",
)
PICKED = _set(picker_results=[["kanim-denpasar", "Denpasar", "Denpasar"]], picked=[["kanim-makassar", "M", "M"]])
CASES += [
    Case(WorkspaceLanguageState, "load", "editor"),
    Case(WorkspaceLanguageState, "set_language", "editor", ("en",), writes=True),
    Case(BoardState, "load", "editor"),
    Case(BoardState, "set_filter", "editor", ("service", "passport_express")),
    Case(TemplatesState, "load", "editor"),
    Case(TemplatesState, "edit", "admin", ("office_closed",)),
    Case(TemplatesState, "set_form", None, ("advice_ind", "x")),
    Case(
        TemplatesState,
        "save",
        "admin",
        prepare=_set(editing="office_closed", _version=1, form={"advice_ind": "{office} tutup."}),
        writes=True,
    ),
    Case(incidents.IncidentWorkspaceState, "resolve", "editor", prepare=_set(incident_id=lambda ids: ids["incident"]), writes=True),
    Case(DeclareState, "load", "editor"),
    Case(DeclareState, "set_field", None, ("title_ind", "x")),
    Case(DeclareState, "add_line", None),
    Case(DeclareState, "remove_line", None, (0,), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "set_line", None, (0, "availability", "unavailable"), prepare=_set(lines=[DENPASAR_STAY])),
    Case(
        DeclareState,
        "toggle_code",
        None,
        (0, "tpi_airport"),
        prepare=_set(lines=[FormLine(service="border_crossing", scope="office_types")]),
    ),
    Case(DeclareState, "choose_offices_for", None, (0,), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "add_from_template", "editor", ("arrive_early_ports",)),
    Case(DeclareState, "apply_template", "editor", (0, "office_closed"), prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "compose", "editor", prepare=_set(lines=[DENPASAR_STAY])),
    Case(DeclareState, "preview", "editor", prepare=_set(lines=[DENPASAR_STAY], body_ind="Isi.")),
    Case(
        DeclareState,
        "confirm",
        "editor",
        prepare=_set(
            lines=[DENPASAR_STAY],
            title_ind="Gangguan uji",
            body_ind="Isi uji.",
            preview_count=1,
            _seen_versions=lambda ids: ids["declare_versions"],
        ),
        writes=True,
    ),
    *(
        Case(state, "search_offices", "editor", ("denpasar",))
        for state in (
            DeclareState,
            availability.AvailabilityEditorState,
            maintenance_state.MaintenanceEditorState,
            notices_state.NoticeEditorState,
        )
    ),
    *(
        Case(state, handler, None, ("kanim-denpasar",), prepare=PICKED)
        for state in (
            DeclareState,
            availability.AvailabilityEditorState,
            maintenance_state.MaintenanceEditorState,
            notices_state.NoticeEditorState,
        )
        for handler in ("pick_office", "unpick_office")
    ),
]


def fingerprint(url: str) -> str:
    """A digest of every row of every table: equal before and after means nothing was written."""
    digest = hashlib.sha256()
    with db.get_engine(url).connect() as conn:
        for table in sorted(SQLModel.metadata.tables):
            for row in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()

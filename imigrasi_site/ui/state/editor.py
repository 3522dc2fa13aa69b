"""States of the editor workspace. Each handler goes through AuthState._guarded, which
resolves the session and checks the role before any core call; the core checks again.

Form text lives in these states so a failed save (validation, conflict, database
down) keeps it in the form. Vars hold only what the signed-in editor's page shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session, func, select

from imigrasi_site.core import accounts, audit, incidents, maintenance, notices
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.availability import (
    CellSelector,
    apply_availability,
    plan_change,
    restore_incident,
    restore_targets,
)
from imigrasi_site.core.errors import ConflictError, InvalidInput
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE
from imigrasi_site.core.models import (
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceCell,
    Notice,
    NoticeOffice,
    Office,
    Province,
    Role,
    Service,
)
from imigrasi_site.core.presenters import format_period
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState

MAX_FIELD = 25_000
NOTICE_FIELDS = notices.TEXT_FIELDS
INCIDENT_FIELDS = ("title_id", "title_en", "summary_id", "summary_en", "first_update_id", "first_update_en")
STATUS_ORDER = ("draft", "in_review", "scheduled", "published", "archived")


def _text(value: object, limit: int = MAX_FIELD) -> str:
    return inputs.text(value, limit)


@dataclass
class NoticeListRow:
    id: int = 0
    title: str = ""
    status: str = ""
    updated: str = ""
    slug: str = ""


@dataclass
class RevisionRow:
    version: int = 0
    saved: str = ""


@dataclass
class DiffRow:
    name: str = ""
    lines: list[str] = field(default_factory=list)


def _notice_rows(session: Session, account: Account) -> list[NoticeListRow]:
    accounts.require(account, Role.EDITOR)
    rows = session.exec(select(Notice).order_by(Notice.updated_at.desc())).all()
    rows = sorted(rows, key=lambda n: STATUS_ORDER.index(n.status))
    return [NoticeListRow(n.id, n.title_id, n.status, inputs.when(n.updated_at), n.slug) for n in rows]


def _incident_options(session: Session) -> list[list[str]]:
    return [[str(i.id), i.title_id] for i in session.exec(select(Incident).order_by(Incident.started_at.desc())).all()]


class NoticeWorkspaceState(AuthState):
    rows: list[NoticeListRow] = []

    @rx.event
    async def load(self):
        ok, rows = await self._guarded(Role.EDITOR, _notice_rows)
        self.rows = rows if ok else []


def _load_notice(session: Session, account: Account, notice_id: int) -> dict:
    accounts.require(account, Role.EDITOR)
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise InvalidInput("Pengumuman tidak ditemukan. / Notice not found.")
    codes = session.exec(
        select(Office.code).join(NoticeOffice, NoticeOffice.office_id == Office.id)
        .where(NoticeOffice.notice_id == notice.id)
    ).all()
    return {
        "id": notice.id, "version": notice.version, "status": notice.status, "slug": notice.slug,
        "incident_id": str(notice.incident_id or ""), "office_codes": ", ".join(sorted(codes)),
        "publish_at": inputs.when(notice.publish_at), "published_at": inputs.when(notice.published_at),
        "texts": {name: getattr(notice, name) for name in NOTICE_FIELDS},
        "revisions": [RevisionRow(r.version, inputs.when(r.saved_at))
                      for r in notices.revisions(session, notice.id, actor=account)],
        "incidents": _incident_options(session),
    }


def _save_notice(session: Session, account: Account, notice_id: int | None, texts: dict[str, str],
                 expected_version: int, incident_id: int | None, office_codes: list[str]) -> tuple[int, int]:
    text = notices.NoticeText.clean(**texts)
    if notice_id is None:
        notice = notices.create_notice(session, text, incident_id=incident_id, office_codes=office_codes,
                                       actor=account)
    else:
        notice = notices.update_notice(session, notice_id, text, expected_version=expected_version, actor=account,
                                       incident_id=incident_id, office_codes=office_codes)
    return notice.id, notice.version


class NoticeEditorState(AuthState):
    """One notice being written: Indonesian and English side by side, with a live preview."""

    notice_id: int = 0
    version: int = 0
    status: str = "draft"
    slug: str = ""
    publish_at_text: str = ""
    published_at_text: str = ""
    title_id: str = ""
    lede_id: str = ""
    body_id: str = ""
    title_en: str = ""
    lede_en: str = ""
    body_en: str = ""
    incident_id: str = ""
    office_codes: str = ""
    schedule_at: str = ""
    incident_options: list[list[str]] = []
    revisions: list[RevisionRow] = []
    diff: list[DiffRow] = []
    # Set when a save was refused because someone else saved first: their text, to compare.
    conflict_version: int = 0
    conflict_texts: dict[str, str] = {}

    def _texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NOTICE_FIELDS}

    def _show(self, data: dict) -> None:
        self.notice_id, self.version, self.status, self.slug = data["id"], data["version"], data["status"], \
            data["slug"]
        self.incident_id, self.office_codes = data["incident_id"], data["office_codes"]
        self.publish_at_text, self.published_at_text = data["publish_at"], data["published_at"]
        for name, value in data["texts"].items():
            setattr(self, name, value)
        self.revisions = data["revisions"]
        self.incident_options = data["incidents"]
        self.conflict_version, self.conflict_texts = 0, {}

    def _clear(self) -> None:
        """An empty form: nothing of a previously opened notice may be saved over another one."""
        self.notice_id, self.version, self.status, self.slug = 0, 0, "draft", ""
        for name in NOTICE_FIELDS:
            setattr(self, name, "")
        self.incident_id = self.office_codes = self.publish_at_text = self.published_at_text = ""
        self.revisions, self.diff, self.incident_options = [], [], []
        self.conflict_version, self.conflict_texts = 0, {}

    @rx.event
    async def load(self):
        self._clear()
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if raw == "baru":
            ok, options = await self._guarded(Role.EDITOR, lambda session, _account: _incident_options(session))
            self.incident_options = options if ok else []
            return
        ok, data = await self._guarded(Role.EDITOR, _load_notice, inputs.positive_id(raw) or 0)
        if ok:
            self._show(data)

    @rx.event
    def set_field(self, name: str, value: str):
        """Keep what the editor types (the live preview reads these vars)."""
        if name in NOTICE_FIELDS or name in ("incident_id", "office_codes", "schedule_at"):
            setattr(self, name, _text(value))

    @rx.event
    async def save(self):
        try:
            ok, saved = await self._guarded(
                Role.EDITOR, _save_notice, self.notice_id or None, self._texts(), self.version,
                inputs.positive_id(self.incident_id), inputs.office_codes(self.office_codes),
            )
        except ConflictError as conflict:
            self.error = conflict.message
            self.conflict_version = conflict.current["version"]
            self.conflict_texts = {k: v for k, v in conflict.current.items() if k in NOTICE_FIELDS}
            return
        if not ok:
            return
        new = self.notice_id == 0
        self.notice_id, self.version = saved
        if new:
            return rx.redirect(f"/admin/pengumuman/{self.notice_id}")
        ok, data = await self._guarded(Role.EDITOR, _load_notice, self.notice_id)
        if ok:
            self._show(data)
            self.notice = "Tersimpan. / Saved."

    @rx.event
    def keep_mine(self):
        """After a conflict: save my text on top of theirs, knowingly."""
        if self.conflict_version:
            self.version = self.conflict_version
            self.conflict_version, self.conflict_texts = 0, {}
        return NoticeEditorState.save

    @rx.event
    def take_theirs(self):
        if self.conflict_version:
            for name, value in self.conflict_texts.items():
                setattr(self, name, value)
            self.version = self.conflict_version
            self.conflict_version, self.conflict_texts = 0, {}

    async def _transition(self, role: Role, action) -> None:
        if not self.notice_id:
            self.error = "Simpan pengumuman terlebih dahulu. / Save the notice first."
            return
        notice_id = self.notice_id
        ok, _ = await self._guarded(role, lambda session, account: action(session, notice_id, actor=account))
        if ok:
            ok, data = await self._guarded(Role.EDITOR, _load_notice, self.notice_id)
            if ok:
                self._show(data)
                self.notice = "Status diperbarui. / Status updated."

    @rx.event
    async def submit(self):
        await self._transition(Role.EDITOR, notices.submit_for_review)

    @rx.event
    async def approve(self):
        version = self.version
        try:
            await self._transition(
                Role.PUBLISHER, lambda session, notice_id, actor: notices.approve(
                    session, notice_id, actor=actor, expected_version=version))
        except ConflictError as conflict:
            self.error = conflict.message

    @rx.event
    async def schedule(self):
        try:
            local = datetime.fromisoformat(_text(self.schedule_at, 32))
        except ValueError:
            self.error = "Isi tanggal dan jam terbit (WIB). / Enter the publish date and time (WIB)."
            return
        moment = local.replace(tzinfo=ZoneInfo(NATIONAL_TIMEZONE)) if local.tzinfo is None else local
        version = self.version
        try:
            await self._transition(
                Role.PUBLISHER, lambda session, notice_id, actor: notices.approve(
                    session, notice_id, actor=actor, publish_at=moment, expected_version=version))
        except ConflictError as conflict:
            self.error = conflict.message

    @rx.event
    async def return_to_draft(self):
        await self._transition(Role.PUBLISHER, notices.return_to_draft)

    @rx.event
    async def archive(self):
        await self._transition(Role.PUBLISHER, notices.archive)

    @rx.event
    async def compare(self, version: str):
        old, notice_id, current = inputs.positive_id(version), self.notice_id, self.version
        if not notice_id or old is None:
            return
        ok, diff = await self._guarded(
            Role.EDITOR, lambda session, account: notices.diff_revisions(session, notice_id, old, current,
                                                                         actor=account))
        self.diff = [DiffRow(name, lines) for name, lines in diff.items()] if ok else []


@dataclass
class IncidentRow:
    id: int = 0
    title: str = ""
    status: str = ""
    started: str = ""
    cells: int = 0


@dataclass
class UpdateRow:
    status: str = ""
    posted: str = ""
    body: str = ""


def _incident_rows(session: Session, account: Account) -> list[IncidentRow]:
    accounts.require(account, Role.EDITOR)
    return [
        IncidentRow(i.id, i.title_id, i.status, inputs.when(i.started_at), len(restore_targets(session, i.id)))
        for i in session.exec(select(Incident).order_by(Incident.started_at.desc())).all()
    ]


def _load_incident(session: Session, account: Account, incident_id: int) -> dict:
    accounts.require(account, Role.EDITOR)
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise InvalidInput("Insiden tidak ditemukan. / Incident not found.")
    updates = session.exec(select(IncidentUpdate).where(IncidentUpdate.incident_id == incident.id)
                           .order_by(IncidentUpdate.posted_at.desc())).all()
    return {
        "id": incident.id, "title": incident.title_id, "status": incident.status, "version": incident.version,
        "updates": [UpdateRow(u.status, inputs.when(u.posted_at), u.body_id) for u in updates],
        "held_cells": len(restore_targets(session, incident.id)),
    }


class IncidentWorkspaceState(AuthState):
    """Incidents: open one, post updates through to resolved, restore what it changed."""

    rows: list[IncidentRow] = []
    form: dict[str, str] = {}
    incident_id: int = 0
    title: str = ""
    status: str = ""
    version: int = 0
    updates: list[UpdateRow] = []
    held_cells: int = 0
    update_status: str = "identified"
    update_id: str = ""
    update_en: str = ""

    @rx.event
    async def load_list(self):
        ok, rows = await self._guarded(Role.EDITOR, _incident_rows)
        self.rows = rows if ok else []

    @rx.event
    async def load(self):
        incident_id = inputs.positive_id(self.router.url.path.rstrip("/").rsplit("/", 1)[-1]) or 0
        ok, data = await self._guarded(Role.EDITOR, _load_incident, incident_id)
        if ok:
            self._show(data)

    def _show(self, data: dict) -> None:
        self.incident_id, self.title, self.status, self.version = data["id"], data["title"], data["status"], \
            data["version"]
        self.updates, self.held_cells = data["updates"], data["held_cells"]
        self.update_status = data["status"]  # the next update most often keeps the current status

    @rx.event
    def set_form(self, name: str, value: str):
        if name in INCIDENT_FIELDS:
            self.form = {**self.form, name: _text(value, 4000)}

    @rx.event
    def set_update(self, name: str, value: str):
        if name in ("update_status", "update_id", "update_en"):
            setattr(self, name, _text(value, 4000))

    @rx.event
    async def open_incident(self):
        form = dict(self.form)  # read here: the core runs in another thread
        ok, incident = await self._guarded(
            Role.EDITOR,
            lambda session, account: incidents.open_incident(
                session, title_id=form.get("title_id", ""), title_en=form.get("title_en", ""),
                summary_id=form.get("summary_id", ""), summary_en=form.get("summary_en", ""),
                first_update_id=form.get("first_update_id", ""), first_update_en=form.get("first_update_en", ""),
                actor=account).id,
        )
        if ok:
            self.form = {}
            return rx.redirect(f"/admin/insiden/{incident}")

    @rx.event
    async def post_update(self):
        incident_id, status, body_id, body_en, version = (
            self.incident_id, self.update_status, self.update_id, self.update_en, self.version)
        try:
            ok, _ = await self._guarded(
                Role.EDITOR,
                lambda session, account: incidents.post_update(
                    session, incident_id, status=status, body_id=body_id, body_en=body_en, actor=account,
                    expected_version=version),
            )
        except ConflictError as conflict:
            self.error = conflict.message
            ok, data = await self._guarded(Role.EDITOR, _load_incident, self.incident_id)
            if ok:
                self._show(data)
            return
        if ok:
            self.update_id = self.update_en = ""
            ok, data = await self._guarded(Role.EDITOR, _load_incident, self.incident_id)
            if ok:
                self._show(data)
                self.notice = "Pembaruan diterbitkan. / Update published."

    @rx.event
    async def restore(self):
        incident_id = self.incident_id
        ok, changes = await self._guarded(
            Role.EDITOR, lambda session, account: len(restore_incident(session, incident_id, actor=account)))
        if ok:
            ok, data = await self._guarded(Role.EDITOR, _load_incident, self.incident_id)
            if ok:
                self._show(data)
                self.notice = f"{changes} layanan dipulihkan. / {changes} office services restored."


@dataclass
class PreviewRow:
    office: str = ""
    service: str = ""
    now: str = ""


def _availability_options(session: Session, account: Account) -> dict:
    accounts.require(account, Role.EDITOR)
    return {
        "services": [[s.code, s.name_id] for s in session.exec(select(Service).order_by(Service.sort_order)).all()],
        "provinces": [[p.code, p.name] for p in session.exec(select(Province).order_by(Province.name)).all()],
        "incidents": _incident_options(session),
    }


def _selector(service: str, province: str, office_type: str, office_codes: str) -> CellSelector:
    """The cells a workspace form names: a service, a province, an office type, typed office codes."""
    return CellSelector(
        service_codes=(service,) if service else (),
        province_codes=(province,) if province else (),
        office_types=(office_type,) if office_type else (),
        office_codes=tuple(inputs.office_codes(office_codes)),
    )


class AvailabilityEditorState(AuthState):
    """Change one cell or many at once: preview the count, then apply (refused if cells moved meanwhile)."""

    service: str = ""
    province: str = ""
    office_type: str = ""
    office_codes: str = ""
    availability: str = "limited"
    advice_id: str = ""
    advice_en: str = ""
    incident_id: str = ""
    services: list[list[str]] = []
    provinces: list[list[str]] = []
    incidents: list[list[str]] = []
    preview_count: int = -1
    preview_rows: list[PreviewRow] = []
    _seen_versions: dict[int, int] = {}

    @rx.event
    async def load(self):
        ok, options = await self._guarded(Role.EDITOR, _availability_options)
        if ok:
            self.services, self.provinces, self.incidents = options["services"], options["provinces"], \
                options["incidents"]
            # A signal's link (/admin/sinyal) fills the form in; the editor still previews and applies.
            query = self.router.url.query_parameters
            if query.get("offices") or query.get("service"):
                self.office_codes = ", ".join(inputs.office_codes(query.get("offices")))
                known = {code for code, _name in self.services}
                self.service = query.get("service") if query.get("service") in known else ""
                self.province = self.office_type = ""
                if query.get("availability") in ("normal", "limited", "unavailable"):
                    self.availability = query.get("availability")
        self.preview_count = -1
        self.preview_rows = []

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("service", "province", "office_type", "office_codes", "availability", "advice_id", "advice_en",
                    "incident_id"):
            setattr(self, name, _text(value, 5000))
            self.preview_count = -1  # a preview is only good for the exact change it counted

    def _selector(self) -> CellSelector:
        return _selector(self.service, self.province, self.office_type, self.office_codes)

    @rx.event
    async def preview(self):
        selector, change = self._selector(), self._change()

        def plan(session: Session, account: Account):
            accounts.require(account, Role.EDITOR)
            changing, versions = plan_change(session, selector, **change)
            return versions, [PreviewRow(o.name, s.name_id, c.availability) for c, o, s in changing]

        ok, result = await self._guarded(Role.EDITOR, plan)
        if ok:
            self._seen_versions, rows = result
            self.preview_count = len(rows)
            self.preview_rows = rows[:50]

    def _change(self) -> dict:
        return {"availability": self.availability, "advice_id": self.advice_id, "advice_en": self.advice_en,
                "incident_id": inputs.positive_id(self.incident_id)}

    @rx.event
    async def apply(self):
        if self.preview_count < 0:
            self.error = "Lihat pratinjau dulu. / Preview the change first."
            return
        selector, seen, change = self._selector(), dict(self._seen_versions), self._change()
        try:
            ok, changes = await self._guarded(
                Role.EDITOR,
                lambda session, account: len(apply_availability(
                    session, selector, actor=account, expected_versions=seen, **change)),
            )
        except ConflictError as conflict:
            self.error = conflict.message + " Lihat pratinjau lagi. / Preview again."
            self.preview_count = -1
            return
        if ok:
            self.notice = f"{changes} layanan diubah. / {changes} office services changed."
            self.preview_count = -1
            self.preview_rows = []


@dataclass
class AuditView:
    at: str = ""
    actor: str = ""
    action: str = ""
    entity: str = ""
    before: str = ""
    after: str = ""


class AuditState(AuthState):
    rows: list[AuditView] = []
    action: str = ""
    entity_type: str = ""
    actor: str = ""

    @rx.event
    async def load(self):
        action, entity_type, actor = self.action, self.entity_type, self.actor

        def events(session: Session, account: Account):
            accounts.require(account, Role.EDITOR)
            return audit.list_events(session, action_prefix=action, entity_type=entity_type,
                                     actor_username=actor, limit=100)

        ok, rows = await self._guarded(Role.EDITOR, events)
        self.rows = [AuditView(inputs.when(r.at), r.actor, r.action, f"{r.entity_type} {r.entity_id}", _pretty(r.before),
                               _pretty(r.after)) for r in rows] if ok else []

    @rx.event
    async def filter(self, form_data: dict):
        if isinstance(form_data, dict):
            self.action = _text(form_data.get("action"), 64)
            self.entity_type = _text(form_data.get("entity_type"), 32)
            self.actor = _text(form_data.get("actor"), 64)
        await self.load()


def _pretty(raw: str) -> str:
    if not raw:
        return ""
    try:
        return ", ".join(f"{k}={v}" for k, v in json.loads(raw).items())[:500]
    except (ValueError, AttributeError):
        return raw[:500]


@dataclass
class AccountRow:
    id: int = 0
    username: str = ""
    name: str = ""
    role: str = ""
    active: bool = True


class AccountsState(AuthState):
    rows: list[AccountRow] = []

    async def _reload(self) -> None:
        ok, rows = await self._guarded(Role.ADMIN, accounts.list_accounts)
        self.rows = [AccountRow(a.id, a.username, a.display_name, a.role, active) for a, active in rows] if ok else []

    @rx.event
    async def load(self):
        await self._reload()

    @rx.event
    async def create(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        ok, _ = await self._guarded(
            Role.ADMIN,
            lambda session, account: accounts.create_editor(
                session, username=form.get("username"), display_name=form.get("display_name"),
                password=form.get("password"), role=form.get("role"), actor=account),
        )
        if ok:
            await self._reload()
            self.notice = "Akun dibuat. / Account created."

    @rx.event
    async def set_active(self, editor_id: int, active: bool):
        target = inputs.positive_id(editor_id)
        if target is None:
            self.error = "Akun tidak dikenal. / Unknown account."
            return
        ok, _ = await self._guarded(
            Role.ADMIN, lambda session, account: accounts.set_active(session, account, target, active is True))
        if ok:
            await self._reload()

    @rx.event
    async def change_password(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        token = self.session_token
        ok, _ = await self._guarded(
            Role.EDITOR,
            lambda session, account: accounts.change_password(
                session, account, current=form.get("current"), new=form.get("new"), token=token),
        )
        if ok:
            self.notice = "Kata sandi diganti; sesi lain telah diakhiri. / Password changed; other sessions ended."


@dataclass
class MaintenanceRow:
    id: int = 0
    title: str = ""
    status: str = ""
    period: str = ""
    cells: int = 0


ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def _maintenance_rows(session: Session, account: Account) -> list[MaintenanceRow]:
    accounts.require(account, Role.EDITOR)
    windows = session.exec(select(Maintenance).where(Maintenance.status.in_(["scheduled", "active"]))
                           .order_by(Maintenance.starts_at)).all()
    rows = []
    for w in windows:
        cells = session.exec(select(func.count()).select_from(MaintenanceCell)
                             .where(MaintenanceCell.maintenance_id == w.id)).one()
        rows.append(MaintenanceRow(w.id, w.title_id, w.status, format_period(w.starts_at, w.ends_at,
                                                                            NATIONAL_TIMEZONE, "id"), cells))
    return rows


class MaintenanceEditorState(AuthState):
    """Plan maintenance for a set of offices and services, entered in the offices' local time."""

    service: str = ""
    province: str = ""
    office_type: str = ""
    office_codes: str = ""
    title_id: str = ""
    title_en: str = ""
    availability: str = "unavailable"
    advice_id: str = ""
    advice_en: str = ""
    starts: str = ""
    ends: str = ""
    zone: str = "WIB"
    services: list[list[str]] = []
    provinces: list[list[str]] = []
    rows: list[MaintenanceRow] = []

    async def _reload_rows(self) -> None:
        ok, rows = await self._guarded(Role.EDITOR, _maintenance_rows)
        self.rows = rows if ok else []

    @rx.event
    async def load(self):
        ok, options = await self._guarded(Role.EDITOR, _availability_options)
        if ok:
            self.services, self.provinces = options["services"], options["provinces"]
            await self._reload_rows()

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("service", "province", "office_type", "office_codes", "title_id", "title_en", "availability",
                    "advice_id", "advice_en", "starts", "ends", "zone"):
            setattr(self, name, _text(value, 5000))

    def _moment(self, text: str) -> datetime | None:
        try:
            local = datetime.fromisoformat(_text(text, 32))
        except ValueError:
            return None
        return local.replace(tzinfo=ZoneInfo(ZONES.get(self.zone, NATIONAL_TIMEZONE))) if local.tzinfo is None \
            else None

    @rx.event
    async def schedule(self):
        starts, ends = self._moment(self.starts), self._moment(self.ends)
        if starts is None or ends is None:
            self.error = "Isi tanggal dan jam mulai serta selesai. / Enter the start and end date and time."
            return
        selector = _selector(self.service, self.province, self.office_type, self.office_codes)
        fields = {"title_id": self.title_id, "title_en": self.title_en, "availability": self.availability,
                  "advice_id": self.advice_id, "advice_en": self.advice_en}
        ok, window = await self._guarded(
            Role.EDITOR, lambda session, account: maintenance.schedule_maintenance(
                session, selector, starts_at=starts, ends_at=ends, actor=account, **fields).id)
        if ok:
            self.title_id = self.title_en = self.advice_id = self.advice_en = ""
            await self._reload_rows()
            self.notice = f"Pemeliharaan #{window} dijadwalkan. / Maintenance #{window} scheduled."

    @rx.event
    async def cancel(self, maintenance_id: int):
        target = inputs.positive_id(maintenance_id)
        if target is None:
            self.error = "Pemeliharaan tidak dikenal. / Unknown maintenance."
            return
        ok, restored = await self._guarded(
            Role.EDITOR, lambda session, account: maintenance.cancel_maintenance(session, target, actor=account))
        if ok:
            await self._reload_rows()
            self.notice = f"Dibatalkan; {restored} layanan dipulihkan. / Cancelled; {restored} services restored."

"""Incidents in the workspace: open one, post updates through to resolved, restore what it changed."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import declare, incidents, workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.availability import restore_incident
from imigrasi_site.core.db import row_id
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import IncidentDetail, IncidentRow, UpdateRow
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

MAX_FIELD = 4000
INCIDENT_FIELDS = ("title_ind", "title_en", "summary_ind", "summary_en", "first_update_ind", "first_update_en")
UPDATE_FIELDS = ("update_status", "update_ind", "update_en")


class IncidentWorkspaceState(AuthState):
    rows: list[IncidentRow] = []
    form: dict[str, str] = dict.fromkeys(INCIDENT_FIELDS, "")
    incident_id: int = 0
    title: str = ""
    status: str = ""
    version: int = 0
    updates: list[UpdateRow] = []
    held_cells: int = 0
    update_status: str = "identified"
    update_ind: str = ""
    update_en: str = ""
    resolution_notice: int = 0

    @rx.event
    async def load_list(self):
        done = await self._read(Role.EDITOR, workspace.incident_rows)
        self.rows = done.value if done else []

    @rx.event
    async def load(self):
        self.incident_id = inputs.positive_id(self.router.page.params.get("id")) or 0
        self.resolution_notice = 0
        await self._reload("", clear=True)

    async def _reload(self, message: str, clear: bool = False) -> None:
        """Show the incident as it is now; the message of the action before stays unless `clear`."""
        done = await self._read(Role.EDITOR, workspace.incident_detail, self.incident_id, clear=clear)
        if done:
            self._show(done.value)
            self.notice = message or self.notice

    def _show(self, data: IncidentDetail) -> None:
        self.incident_id, self.title, self.status, self.version = data.id, data.title, data.status, data.version
        self.updates, self.held_cells = data.updates, data.held_cells
        self.update_status = data.status  # the next update most often keeps the current status

    @rx.event
    def set_form(self, name: str, value: str):
        inputs.set_form_field(self.form, name, value, MAX_FIELD)

    @rx.event
    def set_update(self, name: str, value: str):
        if name in UPDATE_FIELDS:
            setattr(self, name, inputs.text(value, MAX_FIELD))

    @rx.event
    async def open_incident(self):
        form = dict(self.form)  # read here: the core runs in another thread

        def open_it(session: Session, account: Account) -> int:
            return row_id(incidents.open_incident(
                session, actor=account, title_ind=form["title_ind"], title_en=form["title_en"],
                summary_ind=form["summary_ind"], summary_en=form["summary_en"],
                first_update_ind=form["first_update_ind"], first_update_en=form["first_update_en"]))

        done = await self._write(Role.EDITOR, open_it)
        if done:
            self.form = dict.fromkeys(INCIDENT_FIELDS, "")
            return rx.redirect(f"/admin/insiden/{done.value}")

    @rx.event
    async def post_update(self):
        incident_id, status, body_ind, body_en, version = (
            self.incident_id, self.update_status, self.update_ind, self.update_en, self.version)
        done = await self._write(Role.EDITOR, lambda session, account: incidents.post_update(
            session, incident_id, status=status, body_ind=body_ind, body_en=body_en, actor=account,
            expected_version=version))
        if done:
            self.update_ind = self.update_en = ""
            await self._reload(t("ws_update_posted", await language_of(self)))
        elif self.incident_id:
            await self._reload("")  # after a conflict: what the other editor posted, with the message kept

    @rx.event
    async def restore(self):
        incident_id = self.incident_id
        done = await self._write(Role.EDITOR, lambda session, account: len(
            restore_incident(session, incident_id, actor=account)))
        if done:
            changes = done.value
            await self._reload(t("ws_cells_restored", await language_of(self), n=changes))
        elif self.incident_id:
            await self._reload("")  # someone restored first: show what the incident still holds

    @rx.event
    async def resolve(self):
        """Pulihkan: every cell back, the incident closed with a final update, the resolution notice drafted."""
        incident_id, lang = self.incident_id, await language_of(self)
        done = await self._write(Role.EDITOR, lambda session, account: declare.resolve(session, account, incident_id))
        if done:
            outcome = done.value
            self.resolution_notice = outcome.notice_id
            await self._reload(t("decl_resolved", lang, n=outcome.changed,
                                 status=t(f"ws_notice_status_{outcome.notice_status}", lang).lower()))
        elif self.incident_id:
            await self._reload("")

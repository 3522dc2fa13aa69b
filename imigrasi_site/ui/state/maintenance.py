"""Plan maintenance for a set of offices and services, entered in the offices' local time."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import maintenance, workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.db import row_id
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import MaintenanceRow
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.cell_selector import MAX_FIELD, CellSelectorMixin, selector_form
from imigrasi_site.ui.state.language import language_of

TEXT_FIELDS = ("title_ind", "title_en", "advice_ind", "advice_en")


class MaintenanceEditorState(CellSelectorMixin, AuthState):
    form: dict[str, str] = selector_form(**dict.fromkeys(TEXT_FIELDS, ""), availability="unavailable",
                                         starts="", ends="", zone="WIB")
    rows: list[MaintenanceRow] = []

    async def _reload_rows(self) -> None:
        done = await self._read(Role.EDITOR, workspace.maintenance_rows, clear=False)
        self.rows = done.value if done else []

    @rx.event
    async def load(self):
        if await self._load_selector_options():
            await self._reload_rows()

    @rx.event
    def set_field(self, name: str, value: str):
        inputs.set_form_field(self.form, name, value, MAX_FIELD)

    @rx.event
    async def schedule(self):
        selector, form = self._selector(), dict(self.form)  # copied here: the core runs in another thread

        def schedule_it(session: Session, account: Account) -> int:
            return row_id(maintenance.schedule_maintenance(
                session, selector, title_ind=form["title_ind"], title_en=form["title_en"],
                availability=form["availability"], advice_ind=form["advice_ind"], advice_en=form["advice_en"],
                starts_at=workspace.parse_local_time(form["starts"], form["zone"]),
                ends_at=workspace.parse_local_time(form["ends"], form["zone"]), actor=account))

        done = await self._write(Role.EDITOR, schedule_it)
        if done:
            self.form.update(dict.fromkeys(TEXT_FIELDS, ""))
            await self._reload_rows()
            self.notice = t("ws_maintenance_scheduled", await language_of(self), id=done.value)

    @rx.event
    async def cancel(self, maintenance_id: int):
        target = inputs.positive_id(maintenance_id)
        if target is None:
            self.error = t("ws_maintenance_unknown", await language_of(self))
            return
        done = await self._write(Role.EDITOR, lambda session, account: maintenance.cancel_maintenance(
            session, target, actor=account))
        if done:
            await self._reload_rows()
            self.notice = t("ws_maintenance_cancelled", await language_of(self), n=done.value)

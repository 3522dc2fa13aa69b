"""Accounts in the workspace: admins create and deactivate them; everyone changes their own password."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from imigrasi_site.core import accounts
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of


@dataclass
class AccountRow:
    id: int
    username: str
    name: str
    role: str
    active: bool


class AccountsState(AuthState):
    rows: list[AccountRow] = []

    async def _reload(self) -> None:
        done = await self._read(Role.ADMIN, accounts.list_accounts, clear=False)
        self.rows = [AccountRow(a.id, a.username, a.display_name, a.role, active)
                     for a, active in done.value] if done else []

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._reload()

    @rx.event
    async def create(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        done = await self._write(Role.ADMIN, lambda session, account: accounts.create_editor(
            session, username=form.get("username"), display_name=form.get("display_name"),
            password=form.get("password"), role=form.get("role"), actor=account))
        if done:
            await self._reload()
            self.notice = t("ac_created", await language_of(self))

    @rx.event
    async def set_active(self, editor_id: int, active: bool):
        target = inputs.positive_id(editor_id)
        if target is None:
            self.error = t("ac_unknown", await language_of(self))
            return
        if await self._write(Role.ADMIN, lambda session, account: accounts.set_active(
                session, account, target, active is True)):
            await self._reload()

    @rx.event
    async def change_password(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        token = self._session_token()
        if await self._write(Role.EDITOR, lambda session, account: accounts.change_password(
                session, account, current=form.get("current"), new=form.get("new"), token=token)):
            self.notice = t("ac_password_changed", await language_of(self))

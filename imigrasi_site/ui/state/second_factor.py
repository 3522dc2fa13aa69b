"""Two-step verification in the workspace: one's own state, and the admin's reset of a colleague's key.

Enrolment itself is a plain form POST (http/session_routes.py, ENROL_PATH): the key and the
recovery codes are shown in that answer and never pass through a state.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import accounts
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState


@dataclass
class SecondFactorRow:
    id: int
    username: str
    role: str
    state: str
    enrolled: bool


def _overview(session: Session, account: Account) -> tuple[bool, list[accounts.SecondFactorRow]]:
    """One's own state; for an admin, every account's too."""
    rows = accounts.list_second_factors(session, account) if account.has(Role.ADMIN) else []
    return accounts.has_second_factor(session, account.id), rows


class SecondFactorState(AuthState):
    mine_enrolled: bool = False
    rows: list[SecondFactorRow] = []

    def _row(self, row: accounts.SecondFactorRow) -> SecondFactorRow:
        lang = self._lang()
        if row.enrolled:
            state = t("tfa_on", lang, count=row.recovery_codes_left)
        else:
            state = t("tfa_off_required" if row.required else "tfa_off_optional", lang)
        return SecondFactorRow(row.id, row.username, row.role, state, row.enrolled)

    async def _reload(self) -> None:
        done = await self._read(Role.EDITOR, _overview, clear=False)
        mine, rows = done.value if done else (False, [])
        self.mine_enrolled = mine
        self.rows = [self._row(row) for row in rows]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._reload()

    @rx.event
    async def reset_colleague(self, editor_id: int):
        target = inputs.positive_id(editor_id)
        if target is None:
            self.error = t("tfa_unknown_account", self._lang())
            return
        done = await self._write(Role.ADMIN, lambda session, account: accounts.reset_second_factor(
            session, account, target))
        if done:
            username = next((row.username for row in self.rows if row.id == target), str(target))
            await self._reload()
            self.notice = t("tfa_reset_done", self._lang(), username=username)

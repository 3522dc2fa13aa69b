"""/admin/papan: the status board, every office x service, filtered; a publisher's home page."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import BoardRow, IncidentRow
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

FILTER_LENGTH = 48


class BoardState(AuthState):
    filters: dict[str, str] = dict.fromkeys(("province", "office_type", "service", "availability"), "")
    columns: list[list[str]] = []
    rows: list[BoardRow] = []
    counts_line: str = ""
    shown_line: str = ""
    services: list[list[str]] = []
    provinces: list[list[str]] = []
    ongoing: list[IncidentRow] = []

    @rx.event
    async def load(self):
        await self._reload()

    async def _reload(self) -> None:
        filters = dict(self.filters)  # copied here: the core runs in another thread
        lang = await language_of(self)

        def read(session: Session, account: Account):
            options = workspace.selector_options(session, account)
            ongoing = [row for row in workspace.incident_rows(session, account) if row.status != "resolved"]
            return workspace.board(session, account, lang=lang, **filters), options, ongoing

        done = await self._read(Role.EDITOR, read)
        if not done:
            self.rows, self.columns = [], []
            return
        board, options, self.ongoing = done.value
        self.columns, self.rows = board.services, board.rows
        self.services, self.provinces = options.services, options.provinces
        self.counts_line = t("board_counts", lang, **{k: board.counts.get(k, 0) for k in workspace.BOARD_AVAILABILITIES})
        self.shown_line = t("board_offices_shown", lang, n=board.offices)

    @rx.event
    async def set_filter(self, name: str, value: str):
        if not inputs.set_form_field(self.filters, name, value, FILTER_LENGTH):
            self.error = t("em_unknown_option", await language_of(self))
            return
        await self._reload()

"""Special days in the workspace: publishers enter closures and extra openings and delete mistakes.

Every handler goes through AuthState._read or _write with the publisher role; the core checks the
role again and validates the day, the scope and the hours (core/special_days.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import special_days, workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role, utcnow
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

MAX_FIELD = 1000
# The list starts a month back: recent closures stay visible for corrections.
LIST_FROM = timedelta(days=31)


@dataclass
class SpecialRow:
    id: int
    day: str
    kind: str
    scope: str
    hours: str
    reason: str


def _overview(session: Session, account: Account, lang: str) -> tuple[list[SpecialRow], list[list[str]]]:
    rows = [
        SpecialRow(r.id, r.day, t(f"special_day_{r.kind}", lang), r.scope or t("special_day_nationwide", lang),
                   r.hours, (r.reason_en or r.reason_ind) if lang == "en" else r.reason_ind)
        for r in special_days.list_special_days(session, actor=account, since=date.today() - LIST_FROM)
    ]
    return rows, workspace.selector_options(session, account).provinces


class SpecialDaysState(AuthState):
    form: dict[str, str] = {**dict.fromkeys(("day", "office_code", "province", "office_type", "opens", "closes",
                                             "reason_ind", "reason_en"), ""), "kind": "closure"}
    rows: list[SpecialRow] = []
    provinces: list[list[str]] = []

    async def _reload(self) -> None:
        outcome = await self._read(Role.PUBLISHER, _overview, await language_of(self))
        self.rows, self.provinces = outcome.value if outcome else ([], [])

    @rx.event
    async def load(self):
        await self._reload()

    @rx.event
    def set_field(self, name: str, value: str):
        inputs.set_form_field(self.form, name, value, MAX_FIELD)

    @rx.event
    async def save(self):
        form = dict(self.form)  # copied here: the core runs in another thread
        scope = special_days.SpecialDayScope(form["office_code"], form["province"], form["office_type"])
        opening = form["kind"] == "opening"
        values = {"day": form["day"], "kind": form["kind"], "reason_ind": form["reason_ind"],
                  "reason_en": form["reason_en"], "opens": form["opens"] if opening else None,
                  "closes": form["closes"] if opening else None}
        saved = await self._write(
            Role.PUBLISHER, lambda session, account: special_days.create_special_day(
                session, scope, actor=account, now=utcnow(), **values))
        if not saved:
            return  # the form keeps what was typed
        self.form.update(reason_ind="", reason_en="")
        await self._reload()
        self.notice = t("special_day_saved", await language_of(self))

    @rx.event
    async def delete(self, special_day_id: int):
        target = inputs.positive_id(special_day_id)
        deleted = await self._write(
            Role.PUBLISHER, lambda session, account: special_days.delete_special_day(session, target, actor=account))
        if deleted:
            await self._reload()
            self.notice = t("special_day_deleted", await language_of(self))

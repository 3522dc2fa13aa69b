"""Change one cell or many at once: preview the count, then apply (refused if cells moved meanwhile)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import accounts, workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.availability import ChangeFields, apply_availability, plan_change
from imigrasi_site.core.i18n import name_in, t
from imigrasi_site.core.models import Availability, Role
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.cell_selector import MAX_FIELD, CellSelectorMixin, selector_form
from imigrasi_site.ui.state.language import language_of

PREVIEW_ROWS = 50


@dataclass
class PreviewRow:
    office: str
    service: str
    now: str


class AvailabilityEditorState(CellSelectorMixin, AuthState):
    form: dict[str, str] = selector_form(availability="limited", advice_ind="", advice_en="", incident_id="")
    incidents: list[list[str]] = []
    preview_count: int = -1
    preview_rows: list[PreviewRow] = []
    _seen_versions: dict[int, int] = {}

    @rx.event
    async def load(self):
        self.preview_count = -1
        self.preview_rows = []
        if await self._load_selector_options():
            done = await self._read(Role.EDITOR, workspace.incident_options)
            self.incidents = done.value if done else []
            self._prefill_from_signal()
            await self._show_office_codes()

    def _prefill_from_signal(self) -> None:
        """A signal's link (/admin/sinyal) fills the form in; the editor still previews and applies."""
        query = self.router.url.query_parameters
        if not (query.get("offices") or query.get("service")):
            return
        known = {code for code, _name in self.services}
        self.form.update(office_codes=", ".join(inputs.office_codes(query.get("offices"))), province="", office_type="",
                         service=query.get("service", "") if query.get("service") in known else "")
        if query.get("availability") in {a.value for a in Availability}:
            self.form["availability"] = query.get("availability", "")

    @rx.event
    def set_field(self, name: str, value: str):
        if inputs.set_form_field(self.form, name, value, MAX_FIELD):
            self.preview_count = -1  # a preview is only good for the exact change it counted

    def _change(self) -> ChangeFields:
        form = self.form
        return {"availability": form["availability"], "advice_ind": form["advice_ind"], "advice_en": form["advice_en"],
                "incident_id": inputs.positive_id(form["incident_id"])}

    @rx.event
    async def preview(self):
        selector, change, lang = self._selector(), self._change(), await language_of(self)

        def plan(session: Session, account: Account):
            accounts.require(account, Role.EDITOR)
            changing, versions = plan_change(session, selector, **change)
            return versions, [PreviewRow(o.name, name_in(s, lang), c.availability) for c, o, s in changing]

        done = await self._read(Role.EDITOR, plan)
        if done:
            self._seen_versions, rows = done.value
            self.preview_count = len(rows)
            self.preview_rows = rows[:PREVIEW_ROWS]

    def _preview_again(self, lang: str) -> None:
        self.error += " " + t("ws_preview_again", lang)
        self.preview_count = -1

    @rx.event
    async def apply(self):
        lang = await language_of(self)
        if self.preview_count < 0:
            self.error = t("ws_preview_first", lang)
            return
        selector, seen, change = self._selector(), dict(self._seen_versions), self._change()
        done = await self._write(
            Role.EDITOR,
            lambda session, account: len(apply_availability(
                session, selector, actor=account, expected_versions=seen, **change)),
            on_conflict=lambda _conflict: self._preview_again(lang),
        )
        if done:
            self.notice = t("ws_cells_changed", lang, n=done.value)
            self.preview_count = -1
            self.preview_rows = []

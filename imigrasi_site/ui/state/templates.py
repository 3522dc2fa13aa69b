"""/admin/templat: the situation templates; admins change their wording."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import templates
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import name_in, t
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

EDITABLE = (*templates.TEXT_LIMITS, "availability", "service_code", "office_types")


@dataclass
class TemplateRow:
    code: str
    kind: str
    name: str
    availability: str


def _rows(session: Session, account: Account, lang: str) -> list[TemplateRow]:
    return [TemplateRow(tpl.code, tpl.kind, name_in(tpl, lang), tpl.availability)
            for tpl in templates.list_templates(session, account)]


class TemplatesState(AuthState):
    rows: list[TemplateRow] = []
    editing: str = ""
    form: dict[str, str] = dict.fromkeys(EDITABLE, "")
    _version: int = 0

    @rx.event
    async def load(self):
        lang = await language_of(self)
        done = await self._read(Role.EDITOR, _rows, lang)
        self.rows = done.value if done else []

    @rx.event
    async def edit(self, code: str):
        """Open one template's wording in the form (admins only: the form is for changing it)."""
        def read(session: Session, account: Account) -> tuple[dict[str, str], int]:
            tpl = templates.get_template(session, code)
            return {name: str(getattr(tpl, name)) for name in EDITABLE}, tpl.version

        done = await self._read(Role.ADMIN, read)
        if done:
            self.form, self._version = done.value
            self.editing = inputs.text(code, 48)

    @rx.event
    def set_form(self, name: str, value: str):
        inputs.set_form_field(self.form, name, value, 4000)

    @rx.event
    async def save(self):
        code, values, version, lang = self.editing, dict(self.form), self._version, await language_of(self)
        done = await self._write(Role.ADMIN, lambda session, account: templates.save_template(
            session, account, code, values, expected_version=version).version)
        if done:
            self._version = done.value
            self.notice = t("tpl_saved", lang)
            reread = await self._read(Role.EDITOR, _rows, lang, clear=False)
            self.rows = reread.value if reread else self.rows


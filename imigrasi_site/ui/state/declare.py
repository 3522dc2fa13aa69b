"""/admin/nyatakan: declare an outage in one form, preview every cell, confirm once; resolve it in one click."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import declare, templates, workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.declare import Line, PlannedCell
from imigrasi_site.core.i18n import name_in, t
from imigrasi_site.core.models import Availability, Role
from imigrasi_site.core.notices import NoticeText
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of
from imigrasi_site.ui.state.office_picker import OfficePickerMixin

MAX_FIELD = 20_000
OWN_FIELDS = ("title_ind", "title_en", "lede_ind", "lede_en", "body_ind", "body_en")
LINE_FIELDS = ("service", "scope", "availability", "advice_ind", "advice_en")
PREVIEW_ROWS = 200
AVAILABILITIES = tuple(a.value for a in Availability)


@dataclass
class FormLine:
    """One line of the form: a service, where, and what it becomes."""

    service: str = ""
    scope: str = "nationwide"
    codes: list[str] = field(default_factory=list)
    offices: list[list[str]] = field(default_factory=list)  # [code, name, city] when the scope is offices
    availability: str = "limited"
    advice_ind: str = ""
    advice_en: str = ""
    template: str = ""


def _core_line(line: FormLine) -> Line:
    codes = [row[0] for row in line.offices] if line.scope == "offices" else line.codes
    return Line(line.service, line.scope, tuple(codes), line.availability, line.advice_ind, line.advice_en,
                line.template)


def _form_line(line: Line, offices: list[list[str]]) -> FormLine:
    return FormLine(line.service_code, line.scope, list(line.codes), offices, line.availability, line.advice_ind,
                    line.advice_en, line.template_code)


def _signed_in(_session: Session, _account: Account) -> None:
    """Nothing to read: the guard's own check of the session and role is the point."""


class DeclareState(OfficePickerMixin, AuthState):
    title_ind: str = ""
    title_en: str = ""
    lede_ind: str = ""
    lede_en: str = ""
    body_ind: str = ""
    body_en: str = ""
    lines: list[FormLine] = []
    # The line whose offices the picker chooses.
    picker_line: int = -1
    services: list[list[str]] = []
    provinces: list[list[str]] = []
    template_choices: list[list[str]] = []  # [code, name] of the declare templates
    preview_count: int = -1
    preview_rows: list[PlannedCell] = []
    preview_line: str = ""
    # What the last confirm made, to link to: the incident (where it is resolved) and its notice.
    declared_incident: int = 0
    declared_notice: int = 0
    _seen_versions: dict[int, int] = {}

    @rx.event
    async def load(self):
        self.preview_count, self.preview_rows, self.picker_line = -1, [], -1
        self.declared_incident = self.declared_notice = 0
        lang = await language_of(self)

        def options(session: Session, account: Account):
            picked = workspace.selector_options(session, account)
            names = [[tpl.code, name_in(tpl, lang)]
                     for tpl in templates.list_templates(session, account, kind="declare")]
            return picked, names

        done = await self._read(Role.EDITOR, options)
        if done:
            picked, self.template_choices = done.value
            self.services, self.provinces = picked.services, picked.provinces

    def _changed(self) -> None:
        self.preview_count = -1  # a preview is only good for the exact declaration it listed

    @rx.event
    def set_field(self, name: str, value: str):
        if name in OWN_FIELDS:
            setattr(self, name, inputs.text(value, MAX_FIELD))
            self._changed()

    def _line_index(self, index: object) -> int | None:
        number = index if isinstance(index, int) and not isinstance(index, bool) else None
        return number if number is not None and 0 <= number < len(self.lines) else None

    def _replace_line(self, index: int, line: FormLine) -> None:
        self.lines = [line if i == index else other for i, other in enumerate(self.lines)]
        self._changed()

    @rx.event
    def add_line(self):
        if len(self.lines) < declare.MAX_LINES:
            self.lines = [*self.lines, FormLine()]
            self._changed()

    @rx.event
    def remove_line(self, index: int):
        if (i := self._line_index(index)) is not None:
            self.lines = [line for n, line in enumerate(self.lines) if n != i]
            self.picker_line = -1
            self._changed()

    @rx.event
    def set_line(self, index: int, name: str, value: str):
        i = self._line_index(index)
        if i is None or name not in LINE_FIELDS:
            return
        line = self.lines[i]
        value = inputs.text(value, 1000)
        if name == "scope" and value != line.scope:
            line = FormLine(**{**line.__dict__, "scope": value, "codes": [], "offices": []})
            self.picker_line = i if value == "offices" else -1
            self.picked, self.picker_query, self.picker_results = [], "", []
        else:
            line = FormLine(**{**line.__dict__, name: value})
        self._replace_line(i, line)

    @rx.event
    def toggle_code(self, index: int, code: str):
        """A province or an office type ticked or unticked on the line."""
        i = self._line_index(index)
        if i is None or not isinstance(code, str):
            return
        line = self.lines[i]
        known = {c for c, _n in self.provinces} if line.scope == "provinces" else set(templates.OFFICE_TYPE_CODES)
        if line.scope not in ("provinces", "office_types") or code not in known:
            return
        codes = [c for c in line.codes if c != code] if code in line.codes else [*line.codes, code]
        self._replace_line(i, FormLine(**{**line.__dict__, "codes": codes}))

    @rx.event
    def choose_offices_for(self, index: int):
        """Point the picker at this line's offices."""
        if (i := self._line_index(index)) is not None and self.lines[i].scope == "offices":
            self.picker_line = i
            self.picked, self.picker_query, self.picker_results = list(self.lines[i].offices), "", []

    def _picked_changed(self) -> None:
        if (i := self._line_index(self.picker_line)) is not None and self.lines[i].scope == "offices":
            self._replace_line(i, FormLine(**{**self.lines[i].__dict__, "offices": list(self.picked)}))

    async def _filled(self, template: object, line: Line | None) -> Line | None:
        done = await self._read(Role.EDITOR, lambda session, account: declare.fill_line(
            session, account, template, line))
        return done.value if done else None

    @rx.event
    async def add_from_template(self, template: str):
        """A whole line from one choice: the template's service, office types, status and advice."""
        if not await self._read(Role.EDITOR, _signed_in):
            return
        if not template or len(self.lines) >= declare.MAX_LINES:
            key = "decl_too_many_lines" if template else "decl_choose_template"
            self.error = t(key, await language_of(self), max=declare.MAX_LINES)
            return
        line = await self._filled(inputs.text(template, 48), None)
        if line is not None:
            self.lines = [*self.lines, _form_line(line, [])]
            self._changed()

    @rx.event
    async def apply_template(self, index: int, template: str):
        """The line keeps its service and scope; the template gives its status and advice."""
        if not await self._read(Role.EDITOR, _signed_in):
            return
        i = self._line_index(index)
        if i is None:
            self.error = t("decl_no_such_line", await language_of(self))
            return
        if not template:
            self._replace_line(i, FormLine(**{**self.lines[i].__dict__, "template": ""}))
            return
        line = await self._filled(inputs.text(template, 48), _core_line(self.lines[i]))
        if line is not None:
            self._replace_line(i, _form_line(line, self.lines[i].offices))

    def _lines(self) -> list[Line]:
        return [_core_line(line) for line in self.lines]

    @rx.event
    async def compose(self):
        """The first notice, from the lines' templates; the editor may change every word of it."""
        title_ind, title_en, lines = self.title_ind, self.title_en, self._lines()
        done = await self._read(Role.EDITOR, lambda session, account: declare.compose_notice(
            session, account, title_ind, title_en, lines))
        if done:
            for name in ("lede_ind", "lede_en", "body_ind", "body_en"):
                setattr(self, name, done.value[name])
            self.title_ind, self.title_en = title_ind or done.value["title_ind"], title_en or done.value["title_en"]

    @rx.event
    async def preview(self):
        if not (self.body_ind or self.lede_ind):
            await self.compose()
            if self.error:
                return
        lines = self._lines()
        done = await self._read(Role.EDITOR, lambda session, account: declare.plan(session, account, lines))
        if done:
            self._seen_versions = dict(done.value.versions)
            self.preview_count = len(done.value.cells)
            self.preview_rows = done.value.cells[:PREVIEW_ROWS]
            lang = await language_of(self)
            self.preview_line = t("decl_will_change", lang, n=self.preview_count) + (
                " " + t("decl_more_rows", lang, n=self.preview_count - PREVIEW_ROWS)
                if self.preview_count > PREVIEW_ROWS else "")

    def _preview_again(self, _conflict) -> None:
        self.preview_count = -1

    @rx.event
    async def confirm(self):
        lang = await language_of(self)
        if self.preview_count < 0:
            self.error = t("decl_preview_first", lang)
            return
        lines, seen = self._lines(), dict(self._seen_versions)
        title_ind, title_en = self.title_ind, self.title_en
        texts = {name: getattr(self, name) for name in OWN_FIELDS}

        def declare_it(session: Session, account: Account) -> declare.Outcome:
            return declare.declare(session, account, title_ind=title_ind, title_en=title_en, lines=lines,
                                   notice_text=NoticeText.clean(**texts), expected_versions=seen)

        done = await self._write(Role.EDITOR, declare_it, on_conflict=self._preview_again)
        if done:
            outcome = done.value
            self.notice = t("decl_declared", lang, n=outcome.changed,
                            status=t(f"ws_notice_status_{outcome.notice_status}", lang).lower())
            for name in OWN_FIELDS:
                setattr(self, name, "")
            self.lines, self.preview_count, self.preview_rows, self.picker_line = [], -1, [], -1
            self.declared_incident, self.declared_notice = outcome.incident_id, outcome.notice_id

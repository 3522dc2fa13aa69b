"""The notices of the workspace: the list, and one notice being written, reviewed and published.

Form text lives in the state so a failed save (validation, conflict, database down)
keeps it in the form. Every handler goes through AuthState's guard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import notices, workspace
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.db import row_id
from imigrasi_site.core.errors import ConflictError
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Notice, Role
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.workspace import NoticeDetail, NoticeListRow, RevisionRow
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of
from imigrasi_site.ui.state.office_picker import OfficePickerMixin

MAX_FIELD = 25_000
NOTICE_FIELDS = notices.TEXT_FIELDS
NEW_NOTICE = "baru"


@dataclass
class DiffRow:
    name: str
    lines: list[str]


class NoticeWorkspaceState(AuthState):
    rows: list[NoticeListRow] = []

    @rx.event
    async def load(self):
        done = await self._read(Role.EDITOR, workspace.notice_rows)
        self.rows = done.value if done else []


def _save_notice(session: Session, account: Account, notice_id: int | None, texts: dict[str, str],
                 expected_version: int, incident_id: int | None, office_codes: list[str],
                 urgent_reason: str | None = None) -> tuple[int, int]:
    text = notices.NoticeText.clean(**texts)
    if notice_id is None:
        notice = notices.create_notice(session, text, incident_id=incident_id, office_codes=office_codes,
                                       actor=account)
    else:
        notice = notices.update_notice(session, notice_id, text, expected_version=expected_version, actor=account,
                                       incident_id=incident_id, office_codes=office_codes,
                                       urgent_reason=urgent_reason)
    return row_id(notice), notice.version


def _detail(session: Session, account: Account,
            notice_id: int) -> tuple[NoticeDetail, notices.PendingCorrection | None]:
    """The notice, and the correction of it that waits for a second person, if any."""
    return (workspace.notice_detail(session, account, notice_id),
            notices.pending_correction(session, notice_id, actor=account))


class NoticeEditorState(OfficePickerMixin, AuthState):
    """One notice being written: Indonesian and English side by side, with a live preview."""

    notice_id: int = 0
    version: int = 0
    status: str = "draft"
    slug: str = ""
    publish_at_text: str = ""
    published_at_text: str = ""
    title_ind: str = ""
    lede_ind: str = ""
    body_ind: str = ""
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
    # A published notice's edit waits for a second person (unless single-person publishing is on);
    # the form then shows the waiting correction, not the live text.
    corrections_reviewed: bool = True
    correction_pending: bool = False
    urgent_reason: str = ""

    def _texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NOTICE_FIELDS}

    def _show(self, shown: tuple[NoticeDetail, notices.PendingCorrection | None]) -> None:
        data, correction = shown
        self.notice_id, self.version, self.status, self.slug = data.id, data.version, data.status, data.slug
        self.incident_id, self.office_codes = data.incident_id, data.office_codes
        self.picked = [list(row) for row in data.offices]
        self.publish_at_text, self.published_at_text = data.publish_at, data.published_at
        texts = correction.texts if correction is not None else data.texts
        for name, value in texts.items():
            setattr(self, name, value)
        if correction is not None:
            self.incident_id = str(correction.incident_id or "")
            self.office_codes = ", ".join(correction.office_codes)
        self.correction_pending = correction is not None
        self.corrections_reviewed = not get_settings().single_person_publishing
        self.urgent_reason = ""
        self.revisions = data.revisions
        self.incident_options = data.incidents
        self.conflict_version, self.conflict_texts = 0, {}

    def _clear(self) -> None:
        """An empty form: nothing of a previously opened notice may be saved over another one."""
        self.notice_id, self.version, self.status, self.slug = 0, 0, "draft", ""
        for name in NOTICE_FIELDS:
            setattr(self, name, "")
        self.incident_id = self.office_codes = self.publish_at_text = self.published_at_text = ""
        self.revisions, self.diff, self.incident_options = [], [], []
        self.picked, self.picker_query, self.picker_results = [], "", []
        self.conflict_version, self.conflict_texts = 0, {}
        self.correction_pending, self.urgent_reason = False, ""

    async def _reload(self, message: str) -> None:
        """Show the notice as saved, keeping the message of the action that came before."""
        done = await self._read(Role.EDITOR, _detail, self.notice_id, clear=False)
        if done:
            self._show(done.value)
            self.notice = message

    @rx.event
    async def load(self):
        self._clear()
        raw = inputs.text(self.router.page.params.get("id", ""), 16)
        if raw == NEW_NOTICE:
            done = await self._read(Role.EDITOR, workspace.incident_options)
            self.incident_options = done.value if done else []
            return
        done = await self._read(Role.EDITOR, _detail, inputs.positive_id(raw) or 0)
        if done:
            self._show(done.value)

    @rx.event
    def set_field(self, name: str, value: str):
        """Keep what the editor types (the live preview reads these vars)."""
        if name in NOTICE_FIELDS or name in ("incident_id", "office_codes", "schedule_at", "urgent_reason"):
            setattr(self, name, inputs.text(value, MAX_FIELD))

    def _picked_changed(self) -> None:
        self.office_codes = ", ".join(self._picked_codes())

    def _keep_theirs_for_comparison(self, conflict: ConflictError) -> None:
        self.conflict_version = conflict.current["version"]
        self.conflict_texts = {k: v for k, v in conflict.current.items() if k in NOTICE_FIELDS}

    @rx.event
    async def save(self):
        done = await self._write(
            Role.EDITOR, _save_notice, self.notice_id or None, self._texts(), self.version,
            inputs.positive_id(self.incident_id), inputs.office_codes(self.office_codes),
            on_conflict=self._keep_theirs_for_comparison,
        )
        if not done:
            return
        new = self.notice_id == 0
        self.notice_id, self.version = done.value
        if new:
            return rx.redirect(f"/admin/pengumuman/{self.notice_id}")
        await self._reload(t("ne_saved_msg", await language_of(self)))
        if self.correction_pending:
            self.notice = t("correction_submitted", await language_of(self))

    @rx.event
    async def publish_urgent(self):
        """An admin's correction of a published notice that cannot wait: live at once, its reason audited."""
        if not self.notice_id:
            self.error = t("ne_save_first", await language_of(self))
            return
        done = await self._write(
            Role.ADMIN, _save_notice, self.notice_id, self._texts(), self.version,
            inputs.positive_id(self.incident_id), inputs.office_codes(self.office_codes),
            inputs.text(self.urgent_reason, MAX_FIELD), on_conflict=self._keep_theirs_for_comparison,
        )
        if done:
            self.version = done.value[1]
            await self._reload(t("correction_urgent_done", await language_of(self)))

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

    async def _transition(self, role: Role, action: Callable[..., Notice], message_key: str = "ne_status_updated",
                          **options: Any) -> None:
        """Run a workflow step of the core, `action(session, notice_id, actor=account, **options)`."""
        lang = await language_of(self)
        if not self.notice_id:
            self.error = t("ne_save_first", lang)
            return
        if await self._write(role, lambda session, account, notice_id: action(session, notice_id, actor=account,
                                                                              **options), self.notice_id):
            await self._reload(t(message_key, lang))

    @rx.event
    async def submit(self):
        await self._transition(Role.EDITOR, notices.submit_for_review)

    @rx.event
    async def approve(self):
        await self._transition(Role.PUBLISHER, notices.approve, expected_version=self.version)

    @rx.event
    async def approve_correction(self):
        await self._transition(Role.PUBLISHER, notices.approve_correction, "correction_approved",
                               expected_version=self.version)

    @rx.event
    async def discard_correction(self):
        await self._transition(Role.PUBLISHER, notices.discard_correction, "correction_discarded")

    @rx.event
    async def schedule(self):
        version, typed = self.version, self.schedule_at

        def approve_for_later(session: Session, notice_id: int, *, actor: Account) -> Notice:
            # Publish times are entered in WIB, as the form says next to the field.
            moment = workspace.parse_local_time(typed, "WIB")
            return notices.approve(session, notice_id, actor=actor, publish_at=moment, expected_version=version)

        await self._transition(Role.PUBLISHER, approve_for_later)

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
        done = await self._read(Role.EDITOR, lambda session, account: notices.diff_revisions(
            session, notice_id, old, current, actor=account))
        self.diff = [DiffRow(name, lines) for name, lines in done.value.items()] if done else []

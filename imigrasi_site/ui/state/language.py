"""The workspace's language: one at a time, Indonesian unless the person switched, remembered per account."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core import preferences
from imigrasi_site.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state.auth import AuthState


def one_language(message: str, lang: str) -> str:
    """A message the core writes in both languages (Indonesian, a spaced slash, English) in the one wanted;
    any other message as it is."""
    parts = message.split(" / ")
    if len(parts) != 2:
        return message
    return parts[1] if lang == "en" else parts[0]


class WorkspaceLanguageState(AuthState):
    lang: str = DEFAULT_LANGUAGE

    @rx.var
    def error_text(self) -> str:
        """The editor's message in their language (core errors come in both)."""
        return one_language(self.error, self.lang)

    @rx.var
    def notice_text(self) -> str:
        return one_language(self.notice, self.lang)

    @rx.event
    async def load(self):
        """on_load of every workspace page, after the sign-in check: the account's own language."""
        done = await self._read(Role.EDITOR, preferences.workspace_language, clear=False)
        if done:
            self.lang = done.value

    @rx.event
    async def set_language(self, lang: str):
        if lang not in LANGUAGES:
            self.error = t("em_unknown_option", self.lang)
            return
        done = await self._write(Role.EDITOR, preferences.set_workspace_language, lang)
        if done:
            self.lang = done.value
            self.notice = t("ws_language_saved", self.lang)


async def language_of(state: rx.State) -> str:
    """The language this tab's workspace shows, for the messages a state writes."""
    return (await state.get_state(WorkspaceLanguageState)).lang

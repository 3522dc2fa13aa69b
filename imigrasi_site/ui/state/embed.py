"""The snippet builder of the editor workspace: an <iframe> for a press page, with a live preview.

Everything it shows is public (offices from the read model, the embed's address), but it
is part of the workspace, so every handler authorizes like the other editor states.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import accounts
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.embed_options import (
    EMBED_SIZES,
    THEMES,
    EmbedOptions,
    embed_url,
    iframe_snippet,
)
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import LANGUAGES, t
from imigrasi_site.core.models import Role
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import public_store
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

NATIONAL = ""  # the office choice that means the national summary


@dataclass
class OfficeOption:
    code: str
    name: str


def _office_options(session: Session, account: Account) -> list[OfficeOption]:
    accounts.require(account, Role.EDITOR)
    return [OfficeOption(o.code, o.name) for o in public_store().get().offices]


# The values each option may take, as the page's selects send them.
CHOICES: dict[str, tuple[str, ...]] = {"size": tuple(EMBED_SIZES), "lang": LANGUAGES, "theme": THEMES,
                                       "compact": ("0", "1")}


def _choice(session: Session, account: Account, name: object, value: object, ws_lang: str) -> tuple[str, str | bool]:
    """The option an editor picked, checked against what the embed accepts."""
    accounts.require(account, Role.EDITOR)
    if not isinstance(name, str) or not isinstance(value, str):
        raise InvalidInput(t("em_unknown_option", ws_lang))  # any client can send anything
    if name == "office_code":
        if value != NATIONAL and public_store().get().office(value) is None:
            raise InvalidInput(t("hb_office_unknown", ws_lang))
        return name, value
    if name not in CHOICES or value not in CHOICES[name]:
        raise InvalidInput(t("em_unknown_option", ws_lang))
    return name, (value == "1") if name == "compact" else value


class EmbedSnippetState(AuthState):
    office_code: str = NATIONAL
    size: str = "medium"
    lang: str = "id"
    theme: str = "light"
    compact: bool = False
    offices: list[OfficeOption] = []

    @rx.event
    async def load(self):
        done = await self._read(Role.EDITOR, _office_options)
        self.offices = done.value if done else []

    @rx.event
    async def set_option(self, name: str, value: str):
        done = await self._read(Role.EDITOR, _choice, name, value, await language_of(self))
        if done:
            setattr(self, *done.value)

    @rx.var
    def frame_src(self) -> str:
        options = EmbedOptions(lang=self.lang, theme=self.theme, compact=self.compact)
        return embed_url(get_settings().public_url, self.office_code or None, options)

    @rx.var
    def frame_width(self) -> int:
        return EMBED_SIZES[self.size].width

    @rx.var
    def frame_height(self) -> int:
        size = EMBED_SIZES[self.size]
        return size.compact_height if self.compact else size.height

    @rx.var
    def frame_title(self) -> str:
        office = next((o.name for o in self.offices if o.code == self.office_code), "")
        return f"{t('site_name', self.lang)}: {office or t('national_summary', self.lang)}"

    @rx.var
    def snippet(self) -> str:
        return iframe_snippet(self.frame_src, self.frame_title, EMBED_SIZES[self.size], self.compact)

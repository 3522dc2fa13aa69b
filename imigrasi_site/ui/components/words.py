"""The workspace's words in the language of the signed-in person: one language at a time."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.i18n import STRINGS
from imigrasi_site.ui.state.language import WorkspaceLanguageState


def word(key: str) -> rx.Var:
    """The catalogue entry `key` in the workspace's language (a missing key fails at build time)."""
    text_ind, text_en = STRINGS[key]
    return rx.cond(WorkspaceLanguageState.lang == "en", text_en, text_ind)


def word_of(prefix: str, value: rx.Var, keys: tuple[str, ...]) -> rx.Component:
    """A stored code (a status, a role) shown as a word: `prefix + code` for each of the known codes."""
    return rx.match(value, *((code, word(f"{prefix}{code}")) for code in keys), value)



def as_words(text: str | rx.Var) -> str | rx.Var:
    """A catalogue key as its words; anything else (a var, a code, a name) as it is."""
    return word(text) if isinstance(text, str) and text in STRINGS else text

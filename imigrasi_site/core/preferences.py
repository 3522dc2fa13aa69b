"""What a person chose for their own workspace: its language, remembered per account."""

from __future__ import annotations

from sqlmodel import Session

from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, both
from imigrasi_site.core.models import Editor, Role


def workspace_language(session: Session, account: Account) -> str:
    require(account, Role.EDITOR)
    editor = session.get(Editor, account.id)
    return editor.language if editor is not None and editor.language in LANGUAGES else DEFAULT_LANGUAGE


def set_workspace_language(session: Session, account: Account, lang: object) -> str:
    """Remember the language for this account (its own choice only: there is no editor id to pass)."""
    require(account, Role.EDITOR)
    if lang not in LANGUAGES:
        raise InvalidInput(both("ws_language_unknown"), field="lang")
    editor = session.get(Editor, account.id)
    if editor is not None:
        editor.language = str(lang)
        session.add(editor)
    return str(lang)

"""Errors the core raises for the people using it; each message can be shown as it is."""

from __future__ import annotations

from typing import Any

from imigrasi_site.core.i18n import Phrase


class DomainError(Exception):
    """Base class: written for the person who caused it.

    Given a catalogue Phrase, `text(lang)` says it in the reader's language (public pages, mail);
    `message` is both languages on one line, as the editor workspace shows it today. A plain
    string (older call sites) is the same in both.
    """

    def __init__(self, message: str | Phrase) -> None:
        self.phrase = message if isinstance(message, Phrase) else None
        self.message = message.both() if isinstance(message, Phrase) else message
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        return self.phrase.text(lang) if self.phrase else self.message


class InvalidInput(DomainError):
    def __init__(self, message: str | Phrase, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ConflictError(DomainError):
    """Someone else saved the same thing first; `current` is what they saved."""

    def __init__(self, message: str | Phrase, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current

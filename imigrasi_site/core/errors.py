"""Errors the core raises for the people using it; each message can be shown as it is."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: `message` is written for the person who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ConflictError(DomainError):
    """Someone else saved the same thing first; `current` is what they saved."""

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current

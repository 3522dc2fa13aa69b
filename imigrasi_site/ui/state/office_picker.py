"""The searchable office picker: offices found by name, city or code, chosen one click each.

A mixin, like the cell selector: every form that chooses offices keeps its own choice.
"""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core import workspace
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state import inputs

MAX_PICKED = 500


class OfficePickerMixin(rx.State, mixin=True):
    picker_query: str = ""
    picker_results: list[list[str]] = []  # [code, name, city]
    picked: list[list[str]] = []

    def _picked_codes(self) -> list[str]:
        return [row[0] for row in self.picked]

    def _picked_changed(self) -> None:
        """Hook for the form: the chosen offices changed."""

    @rx.event
    async def search_offices(self, query: str):
        self.picker_query = inputs.text(query, 100)
        done = await self._read(Role.EDITOR, workspace.office_choices, self.picker_query)  # type: ignore[attr-defined]
        self.picker_results = done.value if done else []

    @rx.event
    def pick_office(self, code: str):
        """Choose one of the offices the search found (only those: the client names a code, nothing more)."""
        if code in self._picked_codes() or len(self.picked) >= MAX_PICKED:
            return
        found = next((row for row in self.picker_results if row[0] == code), None)
        if found is not None:
            self.picked = [*self.picked, found]
            self._picked_changed()

    @rx.event
    def unpick_office(self, code: str):
        self.picked = [row for row in self.picked if row[0] != code]
        self._picked_changed()

    async def _show_picked(self, codes: list[str]) -> None:
        """Fill the chosen offices from codes (a link's query, a line being edited), with their names."""
        codes = [c for c in codes if isinstance(c, str)][:MAX_PICKED]
        if not codes:
            self.picked = []
            return
        done = await self._read(Role.EDITOR, workspace.office_labels, codes, clear=False)  # type: ignore[attr-defined]
        self.picked = done.value if done else []

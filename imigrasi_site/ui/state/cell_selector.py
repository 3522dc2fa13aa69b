"""The cells a workspace form names: one selector shared by the availability and maintenance forms.

A mixin rather than a parent state: each form keeps its own choices (a parent state's
vars would be one copy shared by both pages). The selector's fields live in the form's `form`
dict beside the form's own (see selector_form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imigrasi_site.core import workspace
from imigrasi_site.core.availability import CellSelector
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.office_picker import OfficePickerMixin

SELECTOR_FIELDS = ("service", "province", "office_type", "office_codes")
MAX_FIELD = 5000


def selector_form(**own: str) -> dict[str, str]:
    """A form's fields as they start: the selector's (empty means any), then the form's own."""
    return {**dict.fromkeys(SELECTOR_FIELDS, ""), **own}


class CellSelectorMixin(OfficePickerMixin, mixin=True):
    services: list[list[str]] = []
    provinces: list[list[str]] = []
    if TYPE_CHECKING:
        form: dict[str, str]  # each form's own var, starting from selector_form()

    def _selector(self) -> CellSelector:
        """A service, a province, an office type, the offices picked: empty means any."""
        form = self.form
        return CellSelector(
            service_codes=(form["service"],) if form["service"] else (),
            province_codes=(form["province"],) if form["province"] else (),
            office_types=(form["office_type"],) if form["office_type"] else (),
            office_codes=tuple(inputs.office_codes(form["office_codes"])),
        )

    def _picked_changed(self) -> None:
        # The picker is how offices are chosen; the codes stay the selector's one source.
        self.form["office_codes"] = ", ".join(self._picked_codes())

    async def _show_office_codes(self) -> None:
        """After a link filled `office_codes` in: show those offices in the picker, with their names."""
        await self._show_picked(inputs.office_codes(self.form["office_codes"]))

    async def _load_selector_options(self) -> bool:
        done = await self._read(Role.EDITOR, workspace.selector_options)  # type: ignore[attr-defined]
        if done:
            self.services, self.provinces = done.value.services, done.value.provinces
        return bool(done)

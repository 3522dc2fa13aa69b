"""The cells a workspace form names: one selector shared by the availability and maintenance forms.

A mixin rather than a parent state: each form keeps its own choices (a parent state's
vars would be one copy shared by both pages).
"""

from __future__ import annotations

from imigrasi_site.core import workspace
from imigrasi_site.core.availability import CellSelector
from imigrasi_site.core.models import Role
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.office_picker import OfficePickerMixin

SELECTOR_FIELDS = ("service", "province", "office_type", "office_codes")
MAX_FIELD = 5000


class CellSelectorMixin(OfficePickerMixin, mixin=True):
    service: str = ""
    province: str = ""
    office_type: str = ""
    office_codes: str = ""
    services: list[list[str]] = []
    provinces: list[list[str]] = []

    def _selector(self) -> CellSelector:
        """A service, a province, an office type, the offices picked: empty means any."""
        return CellSelector(
            service_codes=(self.service,) if self.service else (),
            province_codes=(self.province,) if self.province else (),
            office_types=(self.office_type,) if self.office_type else (),
            office_codes=tuple(inputs.office_codes(self.office_codes)),
        )

    def _picked_changed(self) -> None:
        # The picker is how offices are chosen; the codes stay the selector's one source.
        self.office_codes = ", ".join(self._picked_codes())

    async def _show_office_codes(self) -> None:
        """After a link filled `office_codes` in: show those offices in the picker, with their names."""
        await self._show_picked(inputs.office_codes(self.office_codes))

    def _set_form_field(self, name: object, value: object, own_fields: tuple[str, ...]) -> bool:
        """Keep a typed value if `name` is a selector field or one of the form's own; False otherwise."""
        if not isinstance(name, str) or (name not in SELECTOR_FIELDS and name not in own_fields):
            return False
        setattr(self, name, inputs.text(value, MAX_FIELD))
        return True

    async def _load_selector_options(self) -> bool:
        done = await self._read(Role.EDITOR, workspace.selector_options)  # type: ignore[attr-defined]
        if done:
            self.services, self.provinces = done.value.services, done.value.provinces
        return bool(done)

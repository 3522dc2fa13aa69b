"""Changing the availability of services at offices, one cell or many at once.

Every change writes the new state, a history row and an audit event in the
caller's transaction, and marks the public read model stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Required, TypedDict, Unpack
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit, events
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.db import bump_public_revision, row_id
from imigrasi_site.core.errors import ConflictError, InvalidInput
from imigrasi_site.core.i18n import Phrase, name_in
from imigrasi_site.core.models import (
    Availability,
    Incident,
    Office,
    OfficeService,
    Role,
    Service,
    StatusChange,
    utcnow,
)
from imigrasi_site.core.sanitize import clean_plain

MAX_ADVICE_LENGTH = 1000


@dataclass(frozen=True)
class CellSelector:
    """Which office x service cells a change applies to; empty fields mean 'any'."""

    service_codes: tuple[str, ...] = ()
    office_codes: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    office_types: tuple[str, ...] = ()
    # Exact cells, for changes that were chosen earlier (planned maintenance, restores).
    cell_ids: tuple[int, ...] = ()

    def is_empty(self) -> bool:
        return not (self.service_codes or self.office_codes or self.province_codes or self.office_types
                    or self.cell_ids)


def parse_availability(value: object) -> Availability:
    try:
        return Availability(value)
    except ValueError:
        raise InvalidInput(
            Phrase("availability_invalid"),
            field="availability",
        ) from None


def _clean_advice(text: object, field: str) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InvalidInput(Phrase("advice_not_text"), field=field)
    text = clean_plain(text)
    if len(text) > MAX_ADVICE_LENGTH:
        raise InvalidInput(
            Phrase("advice_too_long", {"max": MAX_ADVICE_LENGTH}),
            field=field,
        )
    return text


class ChangeFields(TypedDict, total=False):
    """What a change sets on each selected cell: the fields an editor's form, a maintenance window,
    a signal or a restore give to `apply_availability` and to its preview, `plan_change`."""

    availability: Required[object]
    advice_ind: object
    advice_en: object
    incident_id: int | None


class _CheckedChange(NamedTuple):
    availability: str
    advice_ind: str
    advice_en: str
    incident_id: int | None


def _checked_change(session: Session, change: ChangeFields) -> _CheckedChange:
    """The availability and advice a change writes; InvalidInput names what is wrong (the preview
    refuses what the write would)."""
    new = parse_availability(change["availability"])
    incident_id = change.get("incident_id")
    if incident_id is not None and (not isinstance(incident_id, int) or session.get(Incident, incident_id) is None):
        raise InvalidInput(Phrase("incident_unknown"), field="incident_id")
    return _CheckedChange(new.value, _clean_advice(change.get("advice_ind", ""), "advice_ind"),
                          _clean_advice(change.get("advice_en", ""), "advice_en"), incident_id)


def select_cells(session: Session, selector: CellSelector, *, at: datetime | None = None
                 ) -> list[tuple[OfficeService, Office, Service]]:
    """The cells a selector names, in a stable order (office code, then service order), at offices
    that exist on the local day of `at` (default now): a change in June 2024 does not reach an
    office opened in 2026, nor does one today reach a UKK closed since."""
    if selector.is_empty():
        raise InvalidInput(Phrase("availability_choose_cells"))
    query = (
        select(OfficeService, Office, Service)
        .join(Office, col(Office.id) == OfficeService.office_id)
        .join(Service, col(Service.id) == OfficeService.service_id)
        .where(Office.is_active == True)  # noqa: E712  (SQL comparison)
    )
    if selector.service_codes:
        query = query.where(col(Service.code).in_(selector.service_codes))
    if selector.office_codes:
        query = query.where(col(Office.code).in_(selector.office_codes))
    if selector.province_codes:
        query = query.where(col(Office.province_code).in_(selector.province_codes))
    if selector.office_types:
        query = query.where(col(Office.type).in_(selector.office_types))
    if selector.cell_ids:
        query = query.where(col(OfficeService.id).in_(selector.cell_ids))
    query = query.order_by(col(Office.code), col(Service.sort_order))
    at = at or utcnow()
    return [row for row in session.exec(query).all()
            if row[1].in_service_on(at.astimezone(ZoneInfo(row[1].timezone)).date())]


def _cell_state(cell: OfficeService) -> dict[str, object]:
    return {
        "availability": cell.availability,
        "advice_ind": cell.advice_ind,
        "advice_en": cell.advice_en,
        "incident_id": cell.incident_id,
        "version": cell.version,
    }


def apply_availability(
    session: Session,
    selector: CellSelector,
    *,
    actor: Account | None = None,
    at: datetime | None = None,
    expected_versions: Mapping[int, int] | None = None,
    maintenance_id: int | None = None,
    **change: Unpack[ChangeFields],
) -> list[StatusChange]:
    """Set the availability and advice of every selected cell that differs from it.

    `expected_versions` maps an office_service id to the version the editor saw;
    if any cell moved on since, nothing is written and ConflictError says what it is now.
    `actor` None means the system (seed data, planned maintenance).
    """
    if actor is not None:
        require(actor, Role.EDITOR)
    actor_id = actor.id if actor else None
    availability, advice_ind, advice_en, incident_id = _checked_change(session, change)
    at = at or utcnow()
    rows = select_cells(session, selector, at=at)
    if expected_versions:
        for cell, office, service in rows:
            seen = expected_versions.get(row_id(cell))
            if seen is not None and seen != cell.version:
                raise ConflictError(
                    _changed_meanwhile(service, office),
                    current=_cell_state(cell),
                )
    changes: list[StatusChange] = []
    described: list[dict[str, object]] = []
    for cell, office, service in rows:
        if not _differs(cell, availability, advice_ind, advice_en, incident_id):
            continue
        before = _cell_state(cell)
        _claim_version(session, cell, office, service)
        written = StatusChange(
            office_service_id=row_id(cell),
            old_availability=cell.availability,
            new_availability=availability,
            old_advice_ind=cell.advice_ind,
            old_advice_en=cell.advice_en,
            old_incident_id=cell.incident_id,
            advice_ind=advice_ind,
            advice_en=advice_en,
            changed_at=at,
            changed_by_id=actor_id,
            incident_id=incident_id,
            maintenance_id=maintenance_id,
        )
        described.append({"office_code": office.code, "service_code": service.code, "old": cell.availability,
                          "new": availability, "advice": {"id": advice_ind, "en": advice_en or None},
                          "incident_id": incident_id, "maintenance_id": maintenance_id, "at": at.isoformat()})
        if cell.availability != availability:
            cell.since = at
        cell.availability = availability
        cell.advice_ind = advice_ind
        cell.advice_en = advice_en
        cell.incident_id = incident_id
        cell.changed_by_id = actor_id
        session.add(cell)
        session.add(written)
        changes.append(written)
        audit.record(
            session,
            actor_id=actor_id,
            action="availability.change",
            entity_type="office_service",
            entity_id=row_id(cell),
            before=before,
            after=_cell_state(cell),
        )
    if changes:
        bump_public_revision(session)
        events.emit(session, events.AVAILABILITY_CHANGED, {"changes": described}, at)
    return changes


def _changed_meanwhile(service: Service, office: Office) -> Phrase:
    """"X at Y was just changed by someone else", the service named in the reader's language."""
    return Phrase("availability_changed_meanwhile", {
        "service": lambda lang: name_in(service, lang), "office": office.name})


def _claim_version(session: Session, cell: OfficeService, office: Office, service: Service) -> None:
    """Move the cell from the version read in this transaction to the next, in one conditional
    UPDATE: of two writers racing on the same cell, the second finds the version gone."""
    seen = cell.version
    claimed = session.exec(
        sa.update(OfficeService).where(col(OfficeService.id) == cell.id, col(OfficeService.version) == seen)
        .values(version=seen + 1).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        session.refresh(cell)
        raise ConflictError(
            _changed_meanwhile(service, office),
            current=_cell_state(cell),
        )
    cell.version = seen + 1


def _differs(cell: OfficeService, availability: str, advice_ind: str, advice_en: str, incident_id: int | None) -> bool:
    return (cell.availability, cell.advice_ind, cell.advice_en, cell.incident_id) != (
        availability, advice_ind, advice_en, incident_id)


def plan_change(
    session: Session, selector: CellSelector, **change: Unpack[ChangeFields],
) -> tuple[list[tuple[OfficeService, Office, Service]], dict[int, int]]:
    """The editor's preview: the cells a change would touch (exactly those apply_availability
    writes), and the version of every selected cell, to pass back as `expected_versions`."""
    checked = _checked_change(session, change)
    rows = select_cells(session, selector)
    changing = [row for row in rows if _differs(row[0], *checked)]
    return changing, {row_id(cell): cell.version for cell, _o, _s in rows}


def restore_targets(session: Session, incident_id: int) -> list[tuple[OfficeService, StatusChange]]:
    """The cells an incident still holds, each with the change that first moved it into the incident.

    That change's "old" values are what the cell was before the incident touched it.
    """
    first_change: dict[int, StatusChange] = {}
    for change in session.exec(
        select(StatusChange).where(StatusChange.incident_id == incident_id).order_by(col(StatusChange.changed_at),
                                                                                    col(StatusChange.id))
    ).all():
        first_change.setdefault(change.office_service_id, change)
    cells = session.exec(select(OfficeService).where(OfficeService.incident_id == incident_id)).all()
    return [(cell, first_change[cell.id]) for cell in cells if cell.id in first_change]


def restore_incident(session: Session, incident_id: int, *, actor: Account | None,
                     at: datetime | None = None) -> list[StatusChange]:
    """Put every cell the incident still holds back to how it was before the incident."""
    if actor is not None:
        require(actor, Role.EDITOR)
    # Cells going back to the same state are restored together: one change event, not one per cell.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for cell, first in restore_targets(session, incident_id):
        key = (first.old_availability or Availability.NORMAL.value, first.old_advice_ind, first.old_advice_en,
               first.old_incident_id)
        groups[key].append(row_id(cell))
    changes: list[StatusChange] = []
    for (availability, advice_ind, advice_en, old_incident), cell_ids in groups.items():
        changes += apply_availability(session, CellSelector(cell_ids=tuple(cell_ids)), availability=availability,
                                      advice_ind=advice_ind, advice_en=advice_en, incident_id=old_incident,
                                      actor=actor, at=at)
    return changes

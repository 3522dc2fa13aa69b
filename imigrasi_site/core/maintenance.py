"""Planned maintenance: announced ahead, switched on at its start and back at its end by itself.

`run_due` is called by a background loop in every backend worker; each window moves on
through a conditional UPDATE, so only one worker applies a start or an end, once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.availability import CellSelector, apply_availability, parse_availability, select_cells
from imigrasi_site.core.db import bump_public_revision, row_id
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.i18n import Phrase
from imigrasi_site.core.models import (
    Availability,
    Maintenance,
    MaintenanceCell,
    MaintenanceStatus,
    OfficeService,
    Role,
    StatusChange,
    utcnow,
)
from imigrasi_site.core.sanitize import clean_plain

MAX_TITLE = 200
MAX_ADVICE = 1000
MAX_LENGTH = timedelta(days=14)


@dataclass(frozen=True)
class MaintenanceRun:
    maintenance_id: int
    action: str  # "started", "ended" or "skipped" (its whole window passed unseen)
    cells_changed: int


def _limited(text: str, field: str, limit: int) -> str:
    if len(text) > limit:
        raise InvalidInput(Phrase("text_at_most", {"limit": limit}), field=field)
    return text


def schedule_maintenance(
    session: Session,
    selector: CellSelector,
    *,
    title_ind: object,
    title_en: object = "",
    availability: object = Availability.UNAVAILABLE.value,
    advice_ind: object = "",
    advice_en: object = "",
    starts_at: datetime,
    ends_at: datetime,
    actor: Account,
    now: datetime | None = None,
) -> Maintenance:
    require(actor, Role.EDITOR)
    now = now or utcnow()
    title = _limited(clean_plain(title_ind), "title_ind", MAX_TITLE)
    if not title:
        raise InvalidInput(Phrase("maintenance_title_required"), field="title_ind")
    state = parse_availability(availability)
    if state is Availability.NORMAL:
        raise InvalidInput(Phrase("maintenance_not_normal"), field="availability")
    if not all(isinstance(t, datetime) and t.tzinfo is not None for t in (starts_at, ends_at)):
        raise InvalidInput(Phrase("maintenance_times_need_zone"), field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput(Phrase("maintenance_end_before_start"),
                           field="ends_at")
    if ends_at <= now:
        raise InvalidInput(Phrase("maintenance_end_past"), field="ends_at")
    if ends_at - starts_at > MAX_LENGTH:
        raise InvalidInput(Phrase("maintenance_too_long"), field="ends_at")
    cells = select_cells(session, selector)
    if not cells:
        raise InvalidInput(Phrase("maintenance_no_cells"))
    window = Maintenance(
        title_ind=title, title_en=_limited(clean_plain(title_en), "title_en", MAX_TITLE), availability=state.value,
        advice_ind=_limited(clean_plain(advice_ind), "advice_ind", MAX_ADVICE),
        advice_en=_limited(clean_plain(advice_en), "advice_en", MAX_ADVICE),
        starts_at=starts_at, ends_at=ends_at, created_by_id=actor.id, created_at=now,
    )
    session.add(window)
    session.flush()
    for cell, _office, _service in cells:
        session.add(MaintenanceCell(maintenance_id=row_id(window), office_service_id=row_id(cell)))
    audit.record(session, actor_id=actor.id, action="maintenance.schedule", entity_type="maintenance",
                 entity_id=row_id(window), after={"title_ind": window.title_ind, "starts_at": starts_at,
                                                  "ends_at": ends_at, "cells": len(cells)})
    bump_public_revision(session)  # announced on the public pages from now on
    return window


def _claim(session: Session, window_id: int, from_status: str, to_status: str) -> bool:
    moved = session.exec(
        sa.update(Maintenance).where(col(Maintenance.id) == window_id, col(Maintenance.status) == from_status)
        .values(status=to_status, version=Maintenance.version + 1)
    )
    return moved.rowcount == 1


def _cell_ids(session: Session, window_id: int) -> list[int]:
    return list(session.exec(select(MaintenanceCell.office_service_id)
                             .where(col(MaintenanceCell.maintenance_id) == window_id)).all())


def _start(session: Session, window: Maintenance, now: datetime) -> int:
    target = Availability(window.availability)
    # Only cells that get worse: a service already unavailable stays so, with its own advice.
    # A cell keeps its incident, so restoring that incident meanwhile still finds it.
    by_incident: dict[int | None, list[int]] = defaultdict(list)
    for cell in session.exec(select(OfficeService).where(col(OfficeService.id).in_(_cell_ids(session, row_id(window))))):
        if Availability(cell.availability).severity < target.severity:
            by_incident[cell.incident_id].append(row_id(cell))
    return sum(
        len(apply_availability(session, CellSelector(cell_ids=tuple(ids)), availability=target.value,
                               advice_ind=window.advice_ind, advice_en=window.advice_en, incident_id=incident_id,
                               at=now, maintenance_id=row_id(window)))
        for incident_id, ids in by_incident.items()
    )


def _end(session: Session, window: Maintenance, now: datetime) -> int:
    """Undo the start on every cell still showing maintenance work that is over.

    A cell an editor changed during the work keeps the editor's word. A cell whose last change
    came from another window that has already ended (overlapping windows) goes back too, to
    how it was before this window began.
    """
    starts = session.exec(select(StatusChange).where(col(StatusChange.maintenance_id) == window.id)
                          .order_by(col(StatusChange.id))).all()
    finished = {window.id} | set(session.exec(select(Maintenance.id).where(col(Maintenance.status).in_(
        [MaintenanceStatus.COMPLETED.value, MaintenanceStatus.CANCELLED.value]))).all())
    # Cells going back to the same state are restored together: one change event, not one per cell.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for change in starts:
        latest = session.exec(select(StatusChange)
                              .where(col(StatusChange.office_service_id) == change.office_service_id)
                              .order_by(col(StatusChange.changed_at).desc(), col(StatusChange.id).desc())).first()
        if latest is None or latest.maintenance_id not in finished:
            continue  # an editor (or running work) changed it since: their word stands
        key = (change.old_availability or Availability.NORMAL.value, change.old_advice_ind, change.old_advice_en,
               change.old_incident_id)
        groups[key].append(change.office_service_id)
    return sum(
        len(apply_availability(session, CellSelector(cell_ids=tuple(ids)), availability=availability,
                               advice_ind=advice_ind, advice_en=advice_en, incident_id=incident_id, at=now,
                               maintenance_id=window.id))
        for (availability, advice_ind, advice_en, incident_id), ids in groups.items()
    )


def run_due(session: Session, now: datetime | None = None) -> list[MaintenanceRun]:
    """Start the windows whose time has come and end those that are over."""
    now = now or utcnow()
    runs: list[MaintenanceRun] = []
    due = session.exec(select(Maintenance).where(
        sa.or_(
            sa.and_(col(Maintenance.status) == MaintenanceStatus.SCHEDULED.value, col(Maintenance.starts_at) <= now),
            sa.and_(col(Maintenance.status) == MaintenanceStatus.ACTIVE.value, col(Maintenance.ends_at) <= now),
        )
    ).order_by(col(Maintenance.starts_at))).all()
    for window in due:
        window_id = row_id(window)
        if window.status == MaintenanceStatus.SCHEDULED.value and window.ends_at <= now:
            if _claim(session, window_id, "scheduled", "completed"):
                runs.append(MaintenanceRun(window_id, "skipped", 0))
                bump_public_revision(session)
            continue
        if window.status == MaintenanceStatus.SCHEDULED.value:
            if _claim(session, window_id, "scheduled", "active"):
                runs.append(MaintenanceRun(window_id, "started", _start(session, window, now)))
                bump_public_revision(session)
        elif _claim(session, window_id, "active", "completed"):
            runs.append(MaintenanceRun(window_id, "ended", _end(session, window, now)))
            bump_public_revision(session)
    return runs


def cancel_maintenance(session: Session, window_id: int, *, actor: Account, now: datetime | None = None) -> int:
    """Call off a window; if it is under way, its cells go back now. Returns the cells restored."""
    require(actor, Role.EDITOR)
    now = now or utcnow()
    window = session.get(Maintenance, window_id) if isinstance(window_id, int) else None
    if window is None:
        raise NotFound(Phrase("maintenance_not_found"))
    restored = 0
    if _claim(session, window_id, "active", "cancelled"):
        restored = _end(session, window, now)
    elif not _claim(session, window_id, "scheduled", "cancelled"):
        raise InvalidInput(Phrase("maintenance_over"))
    audit.record(session, actor_id=actor.id, action="maintenance.cancel", entity_type="maintenance",
                 entity_id=window_id, after={"restored": restored})
    bump_public_revision(session)
    return restored

"""The audit trail: who changed what, when, and the values before and after.

Callers pass the session of their own transaction, so the event is written
together with the change or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from imigrasi_site.core.db import row_id
from imigrasi_site.core.models import AuditEvent, Editor, SystemCheck, WebhookEndpoint, utcnow


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=_dump(before),
        after=_dump(after),
    )
    session.add(event)
    return event


def deactivate(session: Session, row: SystemCheck | WebhookEndpoint, *, actor_id: int | None, action: str,
               entity_type: str) -> bool:
    """Switch a row off and record it; False (and nothing written) when it was off already."""
    if not row.is_active:
        return False
    row.is_active = False
    session.add(row)
    record(session, actor_id=actor_id, action=action, entity_type=entity_type, entity_id=str(row.id),
           before={"is_active": True}, after={"is_active": False})
    return True


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    before: str
    after: str


def list_events(
    session: Session,
    *,
    action_prefix: str = "",
    entity_type: str = "",
    actor_username: str = "",
    limit: int = 50,
    before_id: int | None = None,
) -> list[AuditRow]:
    """Newest first, filtered; page on with `before_id` (the last id shown). Callers authorize."""
    query = select(AuditEvent, Editor.username).join(Editor, col(Editor.id) == AuditEvent.actor_id, isouter=True)
    if action_prefix:
        query = query.where(col(AuditEvent.action).startswith(action_prefix[:64], autoescape=True))
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type[:32])
    if actor_username:
        query = query.where(Editor.username == actor_username[:64])
    if before_id is not None:
        query = query.where(col(AuditEvent.id) < before_id)
    query = query.order_by(col(AuditEvent.id).desc()).limit(max(1, min(limit, 200)))
    return [
        AuditRow(row_id(e), e.at, username or "sistem", e.action, e.entity_type, e.entity_id, e.before or "", e.after or "")
        for e, username in session.exec(query).all()
    ]

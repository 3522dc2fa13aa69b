"""The audit trail: who changed what, when, and the values before and after.

Callers pass the session of their own transaction, so the event is written
together with the change or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from imigrasi_site.core.models import AuditEvent, utcnow


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

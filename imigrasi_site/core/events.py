"""Events for subscribers (email, webhooks), written in the transaction of the change they describe.

A background worker fans them out later (core/notify.py), so an editor never waits for
mail servers or partner endpoints, and an event exists exactly when its change does.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session

from imigrasi_site.core.models import NotificationEvent, utcnow

AVAILABILITY_CHANGED = "availability.changed"
NOTICE_PUBLISHED = "notice.published"


def emit(session: Session, kind: str, payload: dict[str, Any], at: datetime | None = None) -> NotificationEvent:
    event = NotificationEvent(kind=kind, payload=json.dumps(payload, ensure_ascii=False, default=str),
                              created_at=at or utcnow())
    session.add(event)
    return event

"""Incidents and their timeline of updates."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from imigrasi_site.core import audit
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.db import bump_public_revision, row_id
from imigrasi_site.core.errors import ConflictError, InvalidInput, NotFound
from imigrasi_site.core.i18n import Phrase
from imigrasi_site.core.models import Incident, IncidentStatus, IncidentUpdate, Role, utcnow
from imigrasi_site.core.sanitize import clean_markdown, clean_plain

MAX_TITLE = 200
MAX_SUMMARY = 2000
MAX_UPDATE = 4000


def _required(text: str, field: str, limit: int, label: str) -> str:
    if not text:
        raise InvalidInput(Phrase("text_required", {"label": Phrase(label)}), field=field)
    return _limited(text, field, limit, label)


def _limited(text: str, field: str, limit: int, label: str) -> str:
    if len(text) > limit:
        raise InvalidInput(
            Phrase("text_too_long", {"label": Phrase(label), "limit": limit, "length": len(text)}),
            field=field,
        )
    return text


def parse_status(value: object) -> IncidentStatus:
    try:
        return IncidentStatus(value)
    except ValueError:
        raise InvalidInput(Phrase("incident_status_unknown"), field="status") from None


def open_incident(
    session: Session,
    *,
    title_ind: object,
    title_en: object = "",
    summary_ind: object = "",
    summary_en: object = "",
    first_update_ind: object,
    first_update_en: object = "",
    status: object = IncidentStatus.INVESTIGATING.value,
    started_at: datetime | None = None,
    actor: Account | None = None,
) -> Incident:
    """Open an incident with its first timeline entry. `actor` None means the system (seed data)."""
    if actor is not None:
        require(actor, Role.EDITOR)
    actor_id = actor.id if actor else None
    started_at = started_at or utcnow()
    incident = Incident(
        title_ind=_required(clean_plain(title_ind), "title_ind", MAX_TITLE, "incident_field_title_ind"),
        title_en=_limited(clean_plain(title_en), "title_en", MAX_TITLE, "incident_field_title_en"),
        summary_ind=_limited(clean_markdown(summary_ind), "summary_ind", MAX_SUMMARY, "incident_field_summary_ind"),
        summary_en=_limited(clean_markdown(summary_en), "summary_en", MAX_SUMMARY, "incident_field_summary_en"),
        status=parse_status(status).value,
        started_at=started_at,
        updated_at=started_at,
        created_by_id=actor_id,
    )
    session.add(incident)
    session.flush()
    audit.record(session, actor_id=actor_id, action="incident.open", entity_type="incident",
                 entity_id=row_id(incident), after={"title_ind": incident.title_ind, "status": incident.status})
    post_update(session, row_id(incident), status=incident.status, body_ind=first_update_ind, body_en=first_update_en,
                posted_at=started_at, actor=actor)
    return incident


def post_update(
    session: Session,
    incident_id: int,
    *,
    status: object,
    body_ind: object,
    body_en: object = "",
    posted_at: datetime | None = None,
    actor: Account | None = None,
    expected_version: int | None = None,
) -> IncidentUpdate:
    """Add a timeline entry; it moves the incident to the entry's status.

    With `expected_version`, the update is refused when someone else changed the incident meanwhile.
    """
    if actor is not None:
        require(actor, Role.EDITOR)
    actor_id = actor.id if actor else None
    incident = session.get(Incident, incident_id) if isinstance(incident_id, int) else None
    if incident is None:
        raise NotFound(Phrase("incident_not_found"))
    if expected_version is not None and expected_version != incident.version:
        raise ConflictError(
            Phrase("incident_conflict"),
            current={"version": incident.version, "status": incident.status},
        )
    new_status = parse_status(status)
    posted_at = posted_at or utcnow()
    update = IncidentUpdate(
        incident_id=row_id(incident),
        status=new_status.value,
        body_ind=_required(clean_markdown(body_ind), "body_ind", MAX_UPDATE, "incident_field_body_ind"),
        body_en=_limited(clean_markdown(body_en), "body_en", MAX_UPDATE, "incident_field_body_en"),
        posted_at=posted_at,
        author_id=actor_id,
    )
    before = {"status": incident.status}
    incident.status = new_status.value
    incident.updated_at = posted_at
    incident.resolved_at = posted_at if new_status is IncidentStatus.RESOLVED else None
    incident.version += 1
    session.add(incident)
    session.add(update)
    session.flush()
    audit.record(session, actor_id=actor_id, action="incident.update", entity_type="incident",
                 entity_id=row_id(incident), before=before, after={"status": incident.status, "update_ind": update.id})
    bump_public_revision(session)
    return update

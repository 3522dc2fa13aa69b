"""Notices in the workflow tests: a text, a draft, one in review, its public copy and its audit trail."""

from __future__ import annotations

from sqlmodel import select

from imigrasi_site.core import notices
from imigrasi_site.core.models import AuditEvent, Notice
from imigrasi_site.core.notices import NoticeText


def text(title="Jam layanan berubah", body="Kantor buka pukul 08.00.", **more) -> NoticeText:
    return NoticeText.clean(title_ind=title, body_ind=body, **more)


def draft(session, author, title="Jam layanan berubah", body="Kantor buka pukul 08.00.", **kwargs) -> Notice:
    return notices.create_notice(session, text(title, body), actor=author, **kwargs)


def in_review(session, author, **kwargs) -> Notice:
    notice = draft(session, author, **kwargs)
    return notices.submit_for_review(session, notice.id, actor=author)


def public_notice(store, slug):
    store.refresh_if_changed()
    return store.get().notice(slug)


def events_for(session, notice: Notice) -> list[tuple[str, int | None]]:
    rows = session.exec(
        select(AuditEvent).where(AuditEvent.entity_type == "notice", AuditEvent.entity_id == str(notice.id)).order_by(AuditEvent.id)
    ).all()
    return [(e.action, e.actor_id) for e in rows]

"""Notices: news-style announcements, from draft to published.

A published notice is corrected under the same four-eyes rule as its first publication: a
publisher's edit becomes a correction (`NoticeCorrection`, its text a revision) that someone
else approves, and the published text stays live until then. Single-person publishing lets
the edit go live at once; so may an admin's urgent correction, with its reason in the audit log.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit, events
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.db import bump_public_revision, row_id
from imigrasi_site.core.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from imigrasi_site.core.i18n import Phrase, text_field
from imigrasi_site.core.models import (
    Incident,
    Notice,
    NoticeCorrection,
    NoticeOffice,
    NoticeRevision,
    NoticeStatus,
    Office,
    Role,
    utcnow,
)
from imigrasi_site.core.sanitize import clean_markdown, clean_plain
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.text import fold

MAX_TITLE = 200
MAX_LEDE = 600
MAX_BODY = 20_000
MAX_SLUG = 80
# An urgent correction's reason, as recorded in the audit log.
MIN_REASON, MAX_REASON = 10, 500


@dataclass(frozen=True)
class NoticeText:
    """The bilingual text of a notice, cleaned and checked."""

    title_ind: str
    lede_ind: str
    body_ind: str
    title_en: str = ""
    lede_en: str = ""
    body_en: str = ""

    @classmethod
    def clean(cls, *, title_ind: object, lede_ind: object = "", body_ind: object = "", title_en: object = "",
              lede_en: object = "", body_en: object = "") -> NoticeText:
        text = cls(
            title_ind=clean_plain(title_ind),
            lede_ind=clean_plain(lede_ind),
            body_ind=clean_markdown(body_ind),
            title_en=clean_plain(title_en),
            lede_en=clean_plain(lede_en),
            body_en=clean_markdown(body_en),
        )
        text._check()
        return text

    def _check(self) -> None:
        if not self.title_ind:
            raise InvalidInput(Phrase("notice_title_required"), field="title_ind")
        if not self.body_ind:
            raise InvalidInput(Phrase("notice_body_required"), field="body_ind")
        limits = (("title", MAX_TITLE), ("lede", MAX_LEDE), ("body", MAX_BODY))
        for name, limit in limits:
            for lang in ("id", "en"):
                value = getattr(self, text_field(name, lang))
                if len(value) > limit:
                    raise InvalidInput(
                        Phrase("text_too_long", {"label": text_field(name, lang), "limit": limit, "length": len(value)}),
                        field=text_field(name, lang),
                    )
        if (self.title_en or self.body_en) and not (self.title_en and self.body_en):
            raise InvalidInput(
                Phrase("notice_english_incomplete"),
                field="title_en" if not self.title_en else "body_en",
            )


def slugify(title: str) -> str:
    slug = "-".join(fold(title).split())[:MAX_SLUG].strip("-")
    return slug or "pengumuman"


def _unique_slug(session: Session, base: str, own_id: int | None = None) -> str:
    slug, n = base, 2
    while session.exec(select(Notice.id).where(Notice.slug == slug, Notice.id != own_id)).first() is not None:
        suffix = f"-{n}"
        slug = base[: MAX_SLUG - len(suffix)] + suffix
        n += 1
    return slug


def _office_ids(session: Session, office_codes: Iterable[str]) -> list[int]:
    codes = sorted(set(office_codes))
    rows = session.exec(select(Office.id, Office.code).where(col(Office.code).in_(codes))).all()
    missing = set(codes) - {code for _id, code in rows}
    if missing:
        raise InvalidInput(Phrase("notice_offices_unknown", {"codes": ", ".join(sorted(missing))}), field="offices")
    return [office_id for office_id, _code in rows if office_id is not None]  # a primary key: never null


TEXT_FIELDS = ("title_ind", "lede_ind", "body_ind", "title_en", "lede_en", "body_en")
_PUBLIC = {NoticeStatus.PUBLISHED.value}


def _text_of(notice: Notice | NoticeRevision) -> dict[str, str]:
    return {name: getattr(notice, name) for name in TEXT_FIELDS}


def _add_revision(session: Session, notice: Notice, actor_id: int | None, at: datetime) -> None:
    text: dict[str, Any] = _text_of(notice)  # the text fields by name, which mypy cannot match to keywords
    session.add(NoticeRevision(notice_id=row_id(notice), version=notice.version, saved_at=at, saved_by_id=actor_id,
                               **text))


def _get(session: Session, notice_id: object) -> Notice:
    notice = session.get(Notice, notice_id) if isinstance(notice_id, int) else None
    if notice is None:
        raise NotFound(Phrase("notice_not_found"))
    return notice


def _check_incident(session: Session, incident_id: object) -> int | None:
    if incident_id in (None, "", 0):
        return None
    if not isinstance(incident_id, int) or session.get(Incident, incident_id) is None:
        raise InvalidInput(Phrase("incident_unknown"), field="incident_id")
    return incident_id


def _set_offices(session: Session, notice: Notice, office_codes: Iterable[str]) -> None:
    wanted = set(_office_ids(session, office_codes))
    for link in session.exec(select(NoticeOffice).where(NoticeOffice.notice_id == notice.id)).all():
        if link.office_id not in wanted:
            session.delete(link)
        wanted.discard(link.office_id)
    for office_id in wanted:
        session.add(NoticeOffice(notice_id=row_id(notice), office_id=office_id))


def create_notice(
    session: Session,
    text: NoticeText,
    *,
    incident_id: int | None = None,
    office_codes: Iterable[str] = (),
    actor: Account | None = None,
    at: datetime | None = None,
) -> Notice:
    """A new draft with its first revision. `actor` None means the system (seed data)."""
    if actor is not None:
        require(actor, Role.EDITOR)
    at = at or utcnow()
    notice = Notice(
        slug=_unique_slug(session, slugify(text.title_ind)),
        status=NoticeStatus.DRAFT.value,
        incident_id=_check_incident(session, incident_id),
        created_at=at,
        updated_at=at,
        author_id=actor.id if actor else None,
        **asdict(text),
    )
    session.add(notice)
    session.flush()
    _set_offices(session, notice, office_codes)
    _add_revision(session, notice, notice.author_id, at)
    audit.record(session, actor_id=notice.author_id, action="notice.create", entity_type="notice",
                 entity_id=row_id(notice), after={"slug": notice.slug, **_text_of(notice)})
    return notice


def update_notice(
    session: Session,
    notice_id: int,
    text: NoticeText,
    *,
    expected_version: object,
    actor: Account,
    incident_id: int | None = None,
    office_codes: Iterable[str] = (),
    urgent_reason: object = None,
) -> Notice:
    """Save new text. Refused with ConflictError when someone saved since `expected_version`.

    On a published notice the text becomes a correction waiting for a second person, unless
    single-person publishing is on, or an admin gives `urgent_reason` (then it goes live at once).
    """
    require(actor, Role.EDITOR)
    notice = _get(session, notice_id)
    if notice.status == NoticeStatus.ARCHIVED.value:
        raise InvalidInput(Phrase("notice_archived"))
    if notice.status in (NoticeStatus.PUBLISHED.value, NoticeStatus.SCHEDULED.value):
        require(actor, Role.PUBLISHER)
    reason = _urgent_reason(actor, urgent_reason) if urgent_reason is not None else None
    if reason is not None and notice.status != NoticeStatus.PUBLISHED.value:
        raise InvalidInput(Phrase("correction_none"))
    _claim_version(session, notice, expected_version,
                   Phrase("notice_conflict_save"))
    at = utcnow()
    incident_id = _check_incident(session, incident_id)
    office_codes = sorted(set(office_codes))
    if (notice.status == NoticeStatus.PUBLISHED.value and reason is None
            and not get_settings().single_person_publishing):
        return _propose_correction(session, notice, text, actor, at, incident_id, office_codes)
    before = _text_of(notice)
    for name, value in asdict(text).items():
        setattr(notice, name, value)
    if notice.published_at is None:
        # The address follows the title until the notice is first published; then it never changes.
        notice.slug = _unique_slug(session, slugify(text.title_ind), own_id=notice.id)
    notice.incident_id = incident_id
    if notice.status == NoticeStatus.SCHEDULED.value:
        # Approved text was scheduled; changed text needs a new approval before it goes out.
        notice.status, notice.publish_at = NoticeStatus.IN_REVIEW.value, None
    notice.updated_at = at
    session.add(notice)
    _set_offices(session, notice, office_codes)
    _add_revision(session, notice, actor.id, at)
    _drop_correction(session, notice)  # this edit supersedes one that was waiting
    after = _text_of(notice) | ({"reason": reason} if reason is not None else {})
    audit.record(session, actor_id=actor.id, action="notice.correct_urgent" if reason is not None else "notice.edit",
                 entity_type="notice", entity_id=row_id(notice), before=before, after=after)
    if notice.status in _PUBLIC:
        bump_public_revision(session)
    return notice


def _urgent_reason(actor: Account, reason: object) -> str:
    require(actor, Role.ADMIN)
    cleaned = clean_plain(reason)
    if not MIN_REASON <= len(cleaned) <= MAX_REASON:
        raise InvalidInput(Phrase("correction_urgent_reason_needed", {"min": MIN_REASON, "max": MAX_REASON}),
                           field="urgent_reason")
    return cleaned


def _propose_correction(session: Session, notice: Notice, text: NoticeText, actor: Account, at: datetime,
                        incident_id: int | None, office_codes: list[str]) -> Notice:
    """Keep the new text as a revision and a correction waiting for approval; the live text stays."""
    _office_ids(session, office_codes)  # unknown offices are refused now, not at approval
    before = _current_text(session, notice)
    session.add(NoticeRevision(notice_id=row_id(notice), version=notice.version, saved_at=at, saved_by_id=actor.id,
                               **asdict(text)))
    correction = session.get(NoticeCorrection, notice.id) or NoticeCorrection(notice_id=row_id(notice), version=0,
                                                                              proposed_at=at)
    correction.version, correction.incident_id = notice.version, incident_id
    correction.office_codes, correction.proposed_by_id, correction.proposed_at = json.dumps(office_codes), actor.id, at
    session.add(correction)
    session.add(notice)
    audit.record(session, actor_id=actor.id, action="notice.correction_submit", entity_type="notice",
                 entity_id=row_id(notice), before=before, after=asdict(text))
    return notice


@dataclass(frozen=True)
class PendingCorrection:
    """A correction waiting for approval, as the notice editor shows it."""

    version: int
    texts: dict[str, str]
    incident_id: int | None
    office_codes: list[str]
    proposed_by_id: int | None


def pending_correction(session: Session, notice_id: int, *, actor: Account) -> PendingCorrection | None:
    require(actor, Role.EDITOR)
    correction = session.get(NoticeCorrection, notice_id)
    if correction is None:
        return None
    return PendingCorrection(correction.version, _correction_text(session, correction), correction.incident_id,
                             json.loads(correction.office_codes), correction.proposed_by_id)


def _correction_text(session: Session, correction: NoticeCorrection) -> dict[str, str]:
    revision = session.exec(select(NoticeRevision).where(NoticeRevision.notice_id == correction.notice_id,
                                                         NoticeRevision.version == correction.version)).one()
    return _text_of(revision)


def _current_text(session: Session, notice: Notice) -> dict[str, str]:
    """The latest text saved: a waiting correction's, else the notice's own."""
    correction = session.get(NoticeCorrection, notice.id)
    return _correction_text(session, correction) if correction is not None else _text_of(notice)


def _drop_correction(session: Session, notice: Notice) -> bool:
    correction = session.get(NoticeCorrection, notice.id)
    if correction is not None:
        session.delete(correction)
    return correction is not None


def approve_correction(session: Session, notice_id: int, *, actor: Account,
                       expected_version: int | None = None) -> Notice:
    """A second person puts a waiting correction live (the proposer may not, unless single-person
    publishing is on). With `expected_version`, only the version they read."""
    require(actor, Role.PUBLISHER)
    notice = _get(session, notice_id)
    correction = session.get(NoticeCorrection, notice.id)
    if correction is None or notice.status != NoticeStatus.PUBLISHED.value:
        raise InvalidInput(Phrase("correction_none"))
    if expected_version is not None:
        _claim_version(session, notice, expected_version, Phrase("notice_conflict_approve"))
    else:
        notice.version += 1
    if actor.id == correction.proposed_by_id and not get_settings().single_person_publishing:
        raise PermissionDenied(Phrase("correction_own"))
    at = utcnow()
    before = _text_of(notice)
    for name, value in _correction_text(session, correction).items():
        setattr(notice, name, value)
    notice.incident_id = correction.incident_id
    notice.updated_at = at
    session.add(notice)
    _set_offices(session, notice, json.loads(correction.office_codes))
    session.delete(correction)
    audit.record(session, actor_id=actor.id, action="notice.correction_approve", entity_type="notice",
                 entity_id=row_id(notice), before=before,
                 after=_text_of(notice) | {"proposed_by": correction.proposed_by_id})
    bump_public_revision(session)
    return notice


def discard_correction(session: Session, notice_id: int, *, actor: Account) -> Notice:
    """Drop a waiting correction (its text stays in the revisions); the published text stays."""
    require(actor, Role.PUBLISHER)
    notice = _get(session, notice_id)
    if not _drop_correction(session, notice):
        raise InvalidInput(Phrase("correction_none"))
    notice.version += 1  # a form still showing the correction must not save over the live text unawares
    notice.updated_at = utcnow()
    session.add(notice)
    audit.record(session, actor_id=actor.id, action="notice.correction_discard", entity_type="notice",
                 entity_id=row_id(notice))
    return notice


def _claim_version(session: Session, notice: Notice, expected: object, message: Phrase) -> None:
    """Move the notice from the version the person saw to the next one, or raise ConflictError.

    One conditional UPDATE: of two saves racing on the same version, the database lets exactly
    one through (the other waits for it, then finds the version gone), so no save is lost.
    """
    if not isinstance(expected, int) or session.exec(
        sa.update(Notice).where(col(Notice.id) == notice.id, col(Notice.version) == expected)
        .values(version=expected + 1).execution_options(synchronize_session=False)
    ).rowcount != 1:
        session.refresh(notice)
        raise ConflictError(message, current={"version": notice.version, **_current_text(session, notice)})
    notice.version = expected + 1
    session.add(notice)


def _move(session: Session, notice: Notice, to: NoticeStatus, actor_id: int | None, action: str,
          at: datetime) -> Notice:
    was_public = notice.status in _PUBLIC
    before = {"status": notice.status}
    notice.status = to.value
    notice.updated_at = at
    notice.version += 1
    session.add(notice)
    audit.record(session, actor_id=actor_id, action=action, entity_type="notice", entity_id=row_id(notice),
                 before=before, after={"status": notice.status, "publish_at": notice.publish_at})
    if was_public or notice.status in _PUBLIC:
        bump_public_revision(session)
    return notice


def _expect_status(notice: Notice, *allowed: NoticeStatus) -> None:
    if notice.status not in {s.value for s in allowed}:
        raise InvalidInput(
            Phrase("notice_status_not_possible", {"status": notice.status}),
            field="status",
        )


def submit_for_review(session: Session, notice_id: int, *, actor: Account) -> Notice:
    require(actor, Role.EDITOR)
    notice = _get(session, notice_id)
    _expect_status(notice, NoticeStatus.DRAFT)
    return _move(session, notice, NoticeStatus.IN_REVIEW, actor.id, "notice.submit", utcnow())


def approve(session: Session, notice_id: int, *, actor: Account, publish_at: datetime | None = None,
            now: datetime | None = None, expected_version: int | None = None) -> Notice:
    """A publisher approves a notice in review: it is published now, or scheduled for `publish_at`.

    Four eyes: the approver must be neither the author nor the last person who changed the
    text, unless single-person publishing is on. With `expected_version`, the publisher
    approves only the version they read.
    """
    require(actor, Role.PUBLISHER)
    now = now or utcnow()
    notice = _get(session, notice_id)
    _expect_status(notice, NoticeStatus.IN_REVIEW)
    if expected_version is not None:
        _claim_version(session, notice, expected_version,
                       Phrase("notice_conflict_approve"))
    last_writer = session.exec(select(NoticeRevision.saved_by_id).where(NoticeRevision.notice_id == notice.id)
                               .order_by(col(NoticeRevision.version).desc())).first()
    if actor.id in (notice.author_id, last_writer) and not get_settings().single_person_publishing:
        raise PermissionDenied(
            Phrase("notice_needs_other_publisher")
        )
    if publish_at is not None and publish_at.tzinfo is None:
        raise InvalidInput(Phrase("notice_publish_at_zone"), field="publish_at")
    notice.approved_by_id = actor.id
    if publish_at is not None and publish_at > now:
        notice.publish_at = publish_at
        return _move(session, notice, NoticeStatus.SCHEDULED, actor.id, "notice.schedule", now)
    return _publish(session, notice, actor.id, now)


def _publish(session: Session, notice: Notice, actor_id: int | None, at: datetime) -> Notice:
    notice.publish_at = notice.publish_at or at
    notice.published_at = notice.published_at or at
    _announce(session, notice, at)
    return _move(session, notice, NoticeStatus.PUBLISHED, actor_id, "notice.publish", at)


def _announce(session: Session, notice: Notice, at: datetime) -> None:
    office_codes = session.exec(select(Office.code).join(NoticeOffice, col(NoticeOffice.office_id) == Office.id)
                                .where(NoticeOffice.notice_id == notice.id)).all()
    events.emit(session, events.NOTICE_PUBLISHED, {
        "slug": notice.slug, "title": {"id": notice.title_ind, "en": notice.title_en or None},
        "lede": {"id": notice.lede_ind, "en": notice.lede_en or None}, "office_codes": sorted(office_codes),
        "incident_id": notice.incident_id, "published_at": (notice.published_at or at).isoformat(),
    }, at)


def publish_seed_notice(session: Session, notice: Notice, at: datetime) -> Notice:
    """Publish demo content as the system (no editor): used by the seed only."""
    return _publish(session, notice, None, at)


def publish_due(session: Session, now: datetime | None = None) -> list[str]:
    """Publish every scheduled notice whose time has come; returns their slugs.

    Safe when several workers run it at once: each row is moved by a conditional
    UPDATE, and only the worker whose UPDATE changed the row records it.
    """
    now = now or utcnow()
    published = []
    due = session.exec(select(Notice).where(Notice.status == NoticeStatus.SCHEDULED.value,
                                            col(Notice.publish_at) <= now)).all()
    for notice in due:
        moved = session.exec(
            sa.update(Notice)
            .where(col(Notice.id) == notice.id, col(Notice.status) == NoticeStatus.SCHEDULED.value)
            .values(status=NoticeStatus.PUBLISHED.value, published_at=notice.publish_at, updated_at=now,
                    version=Notice.version + 1)
        )
        if moved.rowcount == 1:
            _announce(session, notice, notice.publish_at or now)  # never None: chosen by publish_at <= now
            audit.record(session, actor_id=None, action="notice.publish_scheduled", entity_type="notice",
                         entity_id=row_id(notice), before={"status": "scheduled"}, after={"status": "published"})
            published.append(notice.slug)
    if published:
        bump_public_revision(session)
    return published


def return_to_draft(session: Session, notice_id: int, *, actor: Account) -> Notice:
    """Send a notice in review back for changes, cancel a schedule, or unpublish."""
    require(actor, Role.PUBLISHER)
    notice = _get(session, notice_id)
    _expect_status(notice, NoticeStatus.IN_REVIEW, NoticeStatus.SCHEDULED, NoticeStatus.PUBLISHED)
    action = "notice.unpublish" if notice.status == NoticeStatus.PUBLISHED.value else "notice.return"
    notice.publish_at = None
    _drop_correction(session, notice)  # the draft is edited directly; the correction's text is in the revisions
    return _move(session, notice, NoticeStatus.DRAFT, actor.id, action, utcnow())


def archive(session: Session, notice_id: int, *, actor: Account) -> Notice:
    require(actor, Role.PUBLISHER)
    notice = _get(session, notice_id)
    _expect_status(notice, NoticeStatus.DRAFT, NoticeStatus.PUBLISHED)
    _drop_correction(session, notice)
    return _move(session, notice, NoticeStatus.ARCHIVED, actor.id, "notice.archive", utcnow())


def revisions(session: Session, notice_id: int, *, actor: Account) -> list[NoticeRevision]:
    require(actor, Role.EDITOR)
    _get(session, notice_id)
    return list(session.exec(select(NoticeRevision).where(NoticeRevision.notice_id == notice_id)
                             .order_by(col(NoticeRevision.version).desc())).all())


def diff_revisions(session: Session, notice_id: int, old_version: int, new_version: int, *,
                   actor: Account) -> dict[str, list[str]]:
    """Line diffs per changed field between two saved versions of a notice."""
    by_version = {r.version: r for r in revisions(session, notice_id, actor=actor)}
    if old_version not in by_version or new_version not in by_version:
        raise NotFound(Phrase("notice_revision_not_found"))
    old, new = _text_of(by_version[old_version]), _text_of(by_version[new_version])
    return {
        name: list(difflib.unified_diff(old[name].splitlines(), new[name].splitlines(), lineterm="", n=1))[2:]
        for name in TEXT_FIELDS
        if old[name] != new[name]
    }

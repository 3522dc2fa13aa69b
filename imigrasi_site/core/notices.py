"""Notices: news-style announcements, from draft to published."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from imigrasi_site.core import audit
from imigrasi_site.core.db import bump_public_revision
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.models import Incident, Notice, NoticeOffice, NoticeRevision, NoticeStatus, Office, utcnow
from imigrasi_site.core.sanitize import clean_markdown, clean_plain
from imigrasi_site.core.text import fold

MAX_TITLE = 200
MAX_LEDE = 600
MAX_BODY = 20_000
MAX_SLUG = 80


@dataclass(frozen=True)
class NoticeText:
    """The bilingual text of a notice, cleaned and checked."""

    title_id: str
    lede_id: str
    body_id: str
    title_en: str = ""
    lede_en: str = ""
    body_en: str = ""

    @classmethod
    def clean(cls, *, title_id: object, lede_id: object = "", body_id: object = "", title_en: object = "",
              lede_en: object = "", body_en: object = "") -> "NoticeText":
        text = cls(
            title_id=clean_plain(title_id),
            lede_id=clean_plain(lede_id),
            body_id=clean_markdown(body_id),
            title_en=clean_plain(title_en),
            lede_en=clean_plain(lede_en),
            body_en=clean_markdown(body_en),
        )
        text._check()
        return text

    def _check(self) -> None:
        if not self.title_id:
            raise InvalidInput("Judul (Indonesia) wajib diisi. / The Indonesian title is required.", field="title_id")
        if not self.body_id:
            raise InvalidInput("Isi (Indonesia) wajib diisi. / The Indonesian body is required.", field="body_id")
        limits = (("title", MAX_TITLE), ("lede", MAX_LEDE), ("body", MAX_BODY))
        for name, limit in limits:
            for lang in ("id", "en"):
                value = getattr(self, f"{name}_{lang}")
                if len(value) > limit:
                    raise InvalidInput(
                        f"{name}_{lang}: paling banyak {limit} karakter (sekarang {len(value)}). / "
                        f"{name}_{lang}: limited to {limit} characters (now {len(value)}).",
                        field=f"{name}_{lang}",
                    )
        if (self.title_en or self.body_en) and not (self.title_en and self.body_en):
            raise InvalidInput(
                "Versi Inggris perlu judul dan isi, atau kosongkan keduanya. / "
                "The English version needs both a title and a body, or neither.",
                field="title_en" if not self.title_en else "body_en",
            )


def slugify(title: str) -> str:
    slug = "-".join(fold(title).split())[:MAX_SLUG].strip("-")
    return slug or "pengumuman"


def _unique_slug(session: Session, base: str) -> str:
    slug, n = base, 2
    while session.exec(select(Notice.id).where(Notice.slug == slug)).first() is not None:
        suffix = f"-{n}"
        slug = base[: MAX_SLUG - len(suffix)] + suffix
        n += 1
    return slug


def _office_ids(session: Session, office_codes: Iterable[str]) -> list[int]:
    codes = sorted(set(office_codes))
    rows = session.exec(select(Office.id, Office.code).where(Office.code.in_(codes))).all()
    missing = set(codes) - {code for _id, code in rows}
    if missing:
        raise InvalidInput(f"Kantor tidak dikenal / Unknown offices: {', '.join(sorted(missing))}", field="offices")
    return [office_id for office_id, _code in rows]


def _snapshot_revision(session: Session, notice: Notice, actor_id: int | None, at: datetime) -> None:
    session.add(
        NoticeRevision(
            notice_id=notice.id, version=notice.version, title_id=notice.title_id, lede_id=notice.lede_id,
            body_id=notice.body_id, title_en=notice.title_en, lede_en=notice.lede_en, body_en=notice.body_en,
            saved_at=at, saved_by_id=actor_id,
        )
    )


def create_notice(
    session: Session,
    text: NoticeText,
    *,
    incident_id: int | None = None,
    office_codes: Iterable[str] = (),
    actor_id: int | None = None,
    at: datetime | None = None,
) -> Notice:
    """A new draft, with its first revision."""
    at = at or utcnow()
    if incident_id is not None and session.get(Incident, incident_id) is None:
        raise InvalidInput("Insiden tidak dikenal. / Unknown incident.", field="incident_id")
    notice = Notice(
        slug=_unique_slug(session, slugify(text.title_id)),
        status=NoticeStatus.DRAFT.value,
        incident_id=incident_id,
        created_at=at,
        updated_at=at,
        author_id=actor_id,
        **text.__dict__,
    )
    session.add(notice)
    session.flush()
    for office_id in _office_ids(session, office_codes):
        session.add(NoticeOffice(notice_id=notice.id, office_id=office_id))
    _snapshot_revision(session, notice, actor_id, at)
    audit.record(session, actor_id=actor_id, action="notice.create", entity_type="notice", entity_id=notice.id,
                 after={"slug": notice.slug, "title_id": notice.title_id})
    return notice


def publish_notice(session: Session, notice_id: int, *, actor_id: int | None = None,
                   at: datetime | None = None) -> Notice:
    """Make a notice public now. (Who may do so is decided by the caller's workflow.)"""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("Pengumuman tidak ditemukan. / Notice not found.")
    at = at or utcnow()
    before = {"status": notice.status}
    notice.status = NoticeStatus.PUBLISHED.value
    notice.published_at = notice.published_at or at
    notice.updated_at = at
    notice.approved_by_id = actor_id
    session.add(notice)
    audit.record(session, actor_id=actor_id, action="notice.publish", entity_type="notice", entity_id=notice.id,
                 before=before, after={"status": notice.status})
    bump_public_revision(session)
    return notice

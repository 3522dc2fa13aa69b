"""What the editor workspace reads: lists and forms, as rows ready to show.

The writes live with their feature (notices, incidents, availability, maintenance,
accounts); these are the reads the workspace pages need, so the UI layer holds no
query. Each function checks the role itself, like the writes do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, func, select

from imigrasi_site.core import notices
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.availability import restore_targets
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, Phrase, both, format_datetime
from imigrasi_site.core.models import (
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceCell,
    Notice,
    NoticeOffice,
    Office,
    Province,
    Role,
    Service,
)
from imigrasi_site.core.presenters import format_period

STATUS_ORDER = ("draft", "in_review", "scheduled", "published", "archived")
# The zones a time may be entered in, by the name the workspace shows.
ENTRY_ZONES = {"WIB": NATIONAL_TIMEZONE, "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_MAX_TIME_TEXT = 32
# The words as the workspace shows them today (both languages); the error itself carries the phrase.
BAD_TIME = both("workspace_datetime_format")


def when(moment: datetime | None) -> str:
    """A time as the workspace shows it: national time, with its zone."""
    return format_datetime(moment, NATIONAL_TIMEZONE) if moment else ""


def parse_local_time(text: object, zone: str = "WIB") -> datetime:
    """A date and time typed in a workspace form (as a datetime-local input sends it), in `zone`.

    An explicit UTC offset is refused rather than silently preferred over the zone the
    form shows next to the field: one way to say which zone is meant, never two.
    """
    raw = text.strip()[:_MAX_TIME_TEXT] if isinstance(text, str) else ""
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(Phrase("workspace_datetime_format")) from None
    if local.tzinfo is not None or zone not in ENTRY_ZONES:
        raise InvalidInput(Phrase("workspace_datetime_format"))
    return local.replace(tzinfo=ZoneInfo(ENTRY_ZONES[zone]))


@dataclass
class NoticeListRow:
    id: int = 0
    title: str = ""
    status: str = ""
    updated: str = ""
    slug: str = ""


@dataclass
class RevisionRow:
    version: int = 0
    saved: str = ""


@dataclass
class NoticeDetail:
    id: int
    version: int
    status: str
    slug: str
    incident_id: str
    office_codes: str
    publish_at: str
    published_at: str
    texts: dict[str, str]
    revisions: list[RevisionRow]
    incidents: list[list[str]]


def notice_rows(session: Session, account: Account) -> list[NoticeListRow]:
    require(account, Role.EDITOR)
    rows = session.exec(select(Notice).order_by(Notice.updated_at.desc())).all()
    rows = sorted(rows, key=lambda n: STATUS_ORDER.index(n.status))
    return [NoticeListRow(n.id, n.title_id, n.status, when(n.updated_at), n.slug) for n in rows]


def incident_options(session: Session, account: Account) -> list[list[str]]:
    """[id, title] of every incident, newest first, for the "linked incident" selects."""
    require(account, Role.EDITOR)
    return [[str(i.id), i.title_id] for i in session.exec(select(Incident).order_by(Incident.started_at.desc())).all()]


def notice_detail(session: Session, account: Account, notice_id: int) -> NoticeDetail:
    require(account, Role.EDITOR)
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise InvalidInput(Phrase("notice_not_found"))
    codes = session.exec(
        select(Office.code).join(NoticeOffice, NoticeOffice.office_id == Office.id)
        .where(NoticeOffice.notice_id == notice.id)
    ).all()
    return NoticeDetail(
        id=notice.id, version=notice.version, status=notice.status, slug=notice.slug,
        incident_id=str(notice.incident_id or ""), office_codes=", ".join(sorted(codes)),
        publish_at=when(notice.publish_at), published_at=when(notice.published_at),
        texts={name: getattr(notice, name) for name in notices.TEXT_FIELDS},
        revisions=[RevisionRow(r.version, when(r.saved_at))
                   for r in notices.revisions(session, notice.id, actor=account)],
        incidents=incident_options(session, account),
    )


@dataclass
class IncidentRow:
    id: int = 0
    title: str = ""
    status: str = ""
    started: str = ""
    cells: int = 0


@dataclass
class UpdateRow:
    status: str = ""
    posted: str = ""
    body: str = ""


@dataclass
class IncidentDetail:
    id: int
    title: str
    status: str
    version: int
    updates: list[UpdateRow]
    held_cells: int


def incident_rows(session: Session, account: Account) -> list[IncidentRow]:
    require(account, Role.EDITOR)
    return [
        IncidentRow(i.id, i.title_id, i.status, when(i.started_at), len(restore_targets(session, i.id)))
        for i in session.exec(select(Incident).order_by(Incident.started_at.desc())).all()
    ]


def incident_detail(session: Session, account: Account, incident_id: int) -> IncidentDetail:
    require(account, Role.EDITOR)
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise InvalidInput(Phrase("incident_not_found"))
    updates = session.exec(select(IncidentUpdate).where(IncidentUpdate.incident_id == incident.id)
                           .order_by(IncidentUpdate.posted_at.desc())).all()
    return IncidentDetail(
        id=incident.id, title=incident.title_id, status=incident.status, version=incident.version,
        updates=[UpdateRow(u.status, when(u.posted_at), u.body_id) for u in updates],
        held_cells=len(restore_targets(session, incident.id)),
    )


@dataclass
class SelectorOptions:
    """The choices of the cell selector shared by the availability and maintenance forms: [code, name]."""

    services: list[list[str]] = field(default_factory=list)
    provinces: list[list[str]] = field(default_factory=list)


def selector_options(session: Session, account: Account) -> SelectorOptions:
    require(account, Role.EDITOR)
    return SelectorOptions(
        services=[[s.code, s.name_id] for s in session.exec(select(Service).order_by(Service.sort_order)).all()],
        provinces=[[p.code, p.name] for p in session.exec(select(Province).order_by(Province.name)).all()],
    )


@dataclass
class MaintenanceRow:
    id: int = 0
    title: str = ""
    status: str = ""
    period: str = ""
    cells: int = 0


def maintenance_rows(session: Session, account: Account) -> list[MaintenanceRow]:
    """Windows still to come or under way, soonest first, with how many cells each holds."""
    require(account, Role.EDITOR)
    cells = (select(MaintenanceCell.maintenance_id, func.count().label("cells"))
             .group_by(MaintenanceCell.maintenance_id).subquery())
    windows = session.exec(
        select(Maintenance, func.coalesce(cells.c.cells, 0))
        .join(cells, cells.c.maintenance_id == Maintenance.id, isouter=True)
        .where(Maintenance.status.in_(["scheduled", "active"])).order_by(Maintenance.starts_at)
    ).all()
    return [MaintenanceRow(w.id, w.title_id, w.status, format_period(w.starts_at, w.ends_at, NATIONAL_TIMEZONE, "id"),
                           count) for w, count in windows]

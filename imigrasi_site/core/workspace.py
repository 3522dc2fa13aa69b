"""What the editor workspace reads: lists and forms, as rows ready to show.

The writes live with their feature (notices, incidents, availability, maintenance,
accounts); these are the reads the workspace pages need, so the UI layer holds no
query. Each function checks the role itself, like the writes do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from imigrasi_site.core import notices
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.availability import restore_targets
from imigrasi_site.core.db import row_id
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, Phrase, both, format_datetime, name_in, t
from imigrasi_site.core.models import (
    Availability,
    Editor,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceCell,
    Notice,
    NoticeOffice,
    NoticeStatus,
    Office,
    OfficeService,
    OfficeType,
    Province,
    Role,
    Service,
    utcnow,
)
from imigrasi_site.core.presenters import format_period
from imigrasi_site.core.text import fold, query_tokens

STATUS_ORDER = tuple(status.value for status in NoticeStatus)
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
    id: int
    title: str
    status: str
    updated: str
    slug: str


@dataclass
class RevisionRow:
    version: int
    saved: str


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
    offices: list[list[str]]  # [code, name, city] of the offices concerned


def notice_rows(session: Session, account: Account) -> list[NoticeListRow]:
    require(account, Role.EDITOR)
    rows = session.exec(select(Notice).order_by(col(Notice.updated_at).desc())).all()
    rows = sorted(rows, key=lambda n: STATUS_ORDER.index(n.status))
    return [NoticeListRow(row_id(n), n.title_ind, n.status, when(n.updated_at), n.slug) for n in rows]


def incident_options(session: Session, account: Account) -> list[list[str]]:
    """[id, title] of every incident, newest first, for the "linked incident" selects."""
    require(account, Role.EDITOR)
    return [[str(i.id), i.title_ind] for i in session.exec(select(Incident).order_by(col(Incident.started_at).desc())).all()]


def notice_detail(session: Session, account: Account, notice_id: int) -> NoticeDetail:
    require(account, Role.EDITOR)
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise InvalidInput(Phrase("notice_not_found"))
    offices = session.exec(
        select(Office).join(NoticeOffice, col(NoticeOffice.office_id) == Office.id)
        .where(NoticeOffice.notice_id == notice.id).order_by(Office.code)
    ).all()
    codes = [o.code for o in offices]
    return NoticeDetail(
        id=row_id(notice), version=notice.version, status=notice.status, slug=notice.slug,
        incident_id=str(notice.incident_id or ""), office_codes=", ".join(sorted(codes)),
        publish_at=when(notice.publish_at), published_at=when(notice.published_at),
        texts={name: getattr(notice, name) for name in notices.TEXT_FIELDS},
        revisions=[RevisionRow(r.version, when(r.saved_at))
                   for r in notices.revisions(session, row_id(notice), actor=account)],
        incidents=incident_options(session, account),
        offices=[[o.code, o.name, o.city] for o in offices],
    )


@dataclass
class IncidentRow:
    id: int
    title: str
    status: str
    started: str
    cells: int


@dataclass
class UpdateRow:
    status: str
    posted: str
    body: str


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
        IncidentRow(row_id(i), i.title_ind, i.status, when(i.started_at), len(restore_targets(session, row_id(i))))
        for i in session.exec(select(Incident).order_by(col(Incident.started_at).desc())).all()
    ]


def incident_detail(session: Session, account: Account, incident_id: int) -> IncidentDetail:
    require(account, Role.EDITOR)
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise InvalidInput(Phrase("incident_not_found"))
    updates = session.exec(select(IncidentUpdate).where(IncidentUpdate.incident_id == incident.id)
                           .order_by(col(IncidentUpdate.posted_at).desc())).all()
    return IncidentDetail(
        id=row_id(incident), title=incident.title_ind, status=incident.status, version=incident.version,
        updates=[UpdateRow(u.status, when(u.posted_at), u.body_ind) for u in updates],
        held_cells=len(restore_targets(session, row_id(incident))),
    )


@dataclass
class SelectorOptions:
    """The choices of the cell selector shared by the availability and maintenance forms: [code, name]."""

    services: list[list[str]]
    provinces: list[list[str]]


def selector_options(session: Session, account: Account) -> SelectorOptions:
    require(account, Role.EDITOR)
    return SelectorOptions(
        services=[[s.code, s.name_ind] for s in session.exec(select(Service).order_by(col(Service.sort_order))).all()],
        provinces=[[p.code, p.name] for p in session.exec(select(Province).order_by(Province.name)).all()],
    )


@dataclass
class MaintenanceRow:
    id: int
    title: str
    status: str
    period: str
    cells: int


def maintenance_rows(session: Session, account: Account) -> list[MaintenanceRow]:
    """Windows still to come or under way, soonest first, with how many cells each holds."""
    require(account, Role.EDITOR)
    cells = (select(MaintenanceCell.maintenance_id, func.count().label("cells"))
             .group_by(col(MaintenanceCell.maintenance_id)).subquery())
    windows = session.exec(
        select(Maintenance, func.coalesce(cells.c.cells, 0))
        .join(cells, cells.c.maintenance_id == Maintenance.id, isouter=True)
        .where(col(Maintenance.status).in_(["scheduled", "active"])).order_by(col(Maintenance.starts_at))
    ).all()
    return [MaintenanceRow(row_id(w), w.title_ind, w.status, format_period(w.starts_at, w.ends_at, NATIONAL_TIMEZONE, "id"),
                           count) for w, count in windows]


# --- The status board: the office x service matrix, a publisher's home page ---

BOARD_AVAILABILITIES = tuple(availability.value for availability in Availability)
MAX_BOARD_ROWS = 300
MAX_WHY = 120


@dataclass
class BoardCell:
    """One cell of the board; only `service` set, the cell of a service the office does not offer."""

    service: str
    availability: str = ""
    label: str = ""
    who: str = ""
    when: str = ""
    why: str = ""
    edit: str = ""


@dataclass
class BoardRow:
    code: str
    name: str
    place: str
    cells: list[BoardCell]


@dataclass
class Board:
    services: list[list[str]]  # [code, name] of the columns shown
    rows: list[BoardRow]
    counts: dict[str, int]
    offices: int


def _pick_filter(value: object, allowed: set[str]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def board(session: Session, account: Account, *, province: object = "", office_type: object = "",
          service: object = "", availability: object = "", lang: str = "id") -> Board:
    """Every office in service today x every service it offers, with who changed each cell, when and why.

    Filters that are not known values are ignored (any client can send anything). Counts are over the
    cells shown; an availability filter keeps the offices with at least one such cell.
    """
    require(account, Role.EDITOR)
    lang = "en" if lang == "en" else "id"
    services = list(session.exec(select(Service).order_by(col(Service.sort_order))).all())
    provinces = {p.code: p.name for p in session.exec(select(Province)).all()}
    service = _pick_filter(service, {s.code for s in services})
    province = _pick_filter(province, set(provinces))
    office_type = _pick_filter(office_type, {o.value for o in OfficeType})
    availability = _pick_filter(availability, set(BOARD_AVAILABILITIES))
    shown = [s for s in services if not service or s.code == service]
    # sqlmodel's select() is typed for at most four columns; at run time it takes any number.
    query = (select(OfficeService, Office, Service, Editor.display_name, Incident.title_ind,  # type: ignore[call-overload]
                    Incident.title_en)
             .join(Office, Office.id == OfficeService.office_id)
             .join(Service, Service.id == OfficeService.service_id)
             .join(Editor, Editor.id == OfficeService.changed_by_id, isouter=True)
             .join(Incident, Incident.id == OfficeService.incident_id, isouter=True)
             .where(Office.is_active == True)  # noqa: E712  (SQL comparison)
             .where(col(Service.id).in_([s.id for s in shown]))
             .order_by(Office.province_code, Office.name, Service.sort_order))
    if province:
        query = query.where(Office.province_code == province)
    if office_type:
        query = query.where(Office.type == office_type)
    by_office: dict[int, BoardRow] = {}
    keep: set[int] = set()
    counts = dict.fromkeys(BOARD_AVAILABILITIES, 0)
    for cell, office, svc, editor_name, incident_id_title, incident_en_title in session.exec(query).all():
        if not office.in_service_on(utcnow().astimezone(ZoneInfo(office.timezone)).date()):
            continue
        row = by_office.setdefault(office.id, BoardRow(office.code, office.name,
                                                                   provinces.get(office.province_code, ""), []))
        advice = (cell.advice_en or cell.advice_ind) if lang == "en" else cell.advice_ind
        incident = (incident_en_title or incident_id_title) if lang == "en" else incident_id_title
        why = " — ".join(part for part in (incident or "", advice) if part)
        if len(why) > MAX_WHY:  # the board is a glance; the full advice is one click away
            why = why[:MAX_WHY - 1].rstrip() + "…"
        row.cells.append(BoardCell(
            svc.code, cell.availability, t(f"availability_{cell.availability}", lang),
            editor_name or t("board_system", lang), format_datetime(cell.since, NATIONAL_TIMEZONE, lang), why,
            f"/admin/status?{urlencode({'offices': office.code, 'service': svc.code, 'availability': cell.availability})}",
        ))
        if not availability or cell.availability == availability:
            keep.add(office.id)
    rows = [row for office_id, row in by_office.items() if office_id in keep]
    for row in rows:
        for cell in row.cells:
            counts[cell.availability] = counts.get(cell.availability, 0) + 1
    # A column per service shown; an office that does not offer one gets an empty cell in its place.
    columns = [s.code for s in shown]
    for row in rows:
        have = {c.service: c for c in row.cells}
        row.cells = [have.get(code, BoardCell(code)) for code in columns]
    return Board(services=[[s.code, name_in(s, lang)] for s in shown],
                 rows=rows[:MAX_BOARD_ROWS], counts=counts, offices=len(rows))


# --- The office picker: offices by name, city or code ---

MAX_PICKER_RESULTS = 20


def office_choices(session: Session, account: Account, query: object) -> list[list[str]]:
    """[code, name, city] of the offices in service whose name, city or code holds every word typed."""
    require(account, Role.EDITOR)
    words = query_tokens(query)
    if not words:
        return []
    found = []
    for office in session.exec(select(Office).where(Office.is_active == True).order_by(Office.name)).all():  # noqa: E712
        haystack = fold(f"{office.name} {office.city} {office.code}")
        if all(word in haystack for word in words):
            found.append([office.code, office.name, office.city])
            if len(found) == MAX_PICKER_RESULTS:
                break
    return found


def office_labels(session: Session, account: Account, codes: list[str]) -> list[list[str]]:
    """[code, name, city] of the given office codes that exist, in the order given."""
    require(account, Role.EDITOR)
    known = {o.code: o for o in session.exec(select(Office).where(col(Office.code).in_(codes[:500]))).all()}
    return [[code, known[code].name, known[code].city] for code in codes if code in known]

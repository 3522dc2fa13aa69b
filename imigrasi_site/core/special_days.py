"""Special days entered by publishers: a closure or an extra opening, for one office or a scope.

Each write validates, writes the row and an audit event in the caller's transaction, and
bumps the public revision, so the public hours (core/hours.py) change within a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from imigrasi_site.core import audit
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.db import bump_public_revision, row_id
from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.hours import SPECIAL_DAY_YEARS, Interval, checked_intervals, clock_text, parse_clock
from imigrasi_site.core.i18n import Phrase
from imigrasi_site.core.models import Office, OfficeType, Province, Role, SpecialDay, SpecialDayKind, utcnow
from imigrasi_site.core.sanitize import clean_plain

MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class SpecialDayScope:
    """One office, or any of province and office type; all empty means nationwide."""

    office_code: str | None = None
    province_code: str | None = None
    office_type: str | None = None


def parse_day(value: object, field: str = "day") -> date:
    day: date | None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    else:
        try:
            day = date.fromisoformat(value.strip()) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            raise InvalidInput(Phrase("special_day_date_format"), field=field)
    if day.year not in SPECIAL_DAY_YEARS:
        first, last = SPECIAL_DAY_YEARS[0], SPECIAL_DAY_YEARS[-1]
        raise InvalidInput(Phrase("special_day_year_range", {"first": first, "last": last}), field=field)
    return day


def _reason(value: object, field: str) -> str:
    text = clean_plain(value)
    if not text:
        raise InvalidInput(Phrase("special_day_reason_required"),
                           field=field)
    if len(text) > MAX_REASON:
        raise InvalidInput(Phrase("text_at_most", {"limit": MAX_REASON}), field=field)
    return text


def _optional(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _scope_ids(session: Session, scope: SpecialDayScope) -> tuple[int | None, str | None, str | None]:
    office_code, province_code, office_type = (_optional(scope.office_code), _optional(scope.province_code),
                                               _optional(scope.office_type))
    if office_code is not None:
        if province_code is not None or office_type is not None:
            raise InvalidInput(Phrase("special_day_scope_conflict"), field="office_code")
        office = session.exec(select(Office).where(Office.code == office_code[:64])).first()
        if office is None or not office.is_active:
            raise InvalidInput(Phrase("special_day_office_unknown", {"code": repr(office_code)}), field="office_code")
        return office.id, None, None
    if province_code is not None and session.get(Province, province_code[:2]) is None:
        raise InvalidInput(Phrase("special_day_province_unknown", {"code": repr(province_code)}),
                           field="province_code")
    if office_type is not None and office_type not in {t.value for t in OfficeType}:
        raise InvalidInput(Phrase("special_day_type_unknown", {"code": repr(office_type)}), field="office_type")
    return None, province_code, office_type


def create_special_day(
    session: Session,
    scope: SpecialDayScope,
    *,
    day: object,
    kind: object,
    reason_ind: object,
    reason_en: object,
    opens: object = None,
    closes: object = None,
    actor: Account,
    now: datetime | None = None,
) -> SpecialDay:
    require(actor, Role.PUBLISHER)
    now = now or utcnow()
    the_day = parse_day(day)
    if not isinstance(kind, str) or kind not in {k.value for k in SpecialDayKind}:
        raise InvalidInput(Phrase("special_day_kind_required"), field="kind")
    office_id, province_code, office_type = _scope_ids(session, scope)
    text_ind, text_en = _reason(reason_ind, "reason_ind"), _reason(reason_en, "reason_en")
    # `== None` compiles to IS NULL, so this finds rows of exactly the same scope.
    same_scope = session.exec(select(SpecialDay).where(
        SpecialDay.day == the_day, SpecialDay.office_id == office_id, SpecialDay.province_code == province_code,
        SpecialDay.office_type == office_type,
    )).all()
    opens_at = closes_at = None
    if kind == SpecialDayKind.OPENING.value:
        interval = Interval(parse_clock(opens, "opens"), parse_clock(closes, "closes"))
        if any(s.kind == SpecialDayKind.CLOSURE.value for s in same_scope):
            raise InvalidInput(Phrase("special_day_closed_already"), field="day")
        # Refuses an end before the start, and an overlap with openings already entered.
        checked_intervals([interval, *(Interval(parse_clock(s.opens, "opens"), parse_clock(s.closes, "closes"))
                                       for s in same_scope)], "opens")
        opens_at, closes_at = clock_text(interval.opens, "en"), clock_text(interval.closes, "en")
    elif same_scope:
        raise InvalidInput(Phrase("special_day_exists"), field="day")
    row = SpecialDay(day=the_day, kind=kind, office_id=office_id, province_code=province_code,
                     office_type=office_type, opens=opens_at, closes=closes_at, reason_ind=text_ind,
                     reason_en=text_en, created_by_id=actor.id, created_at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.id, action="special_day.create", entity_type="special_day",
                 entity_id=row_id(row), after={"day": the_day.isoformat(), "kind": kind, "office_id": office_id,
                                               "province_code": province_code, "office_type": office_type,
                                               "opens": opens_at, "closes": closes_at, "reason_ind": text_ind,
                                               "reason_en": text_en})
    bump_public_revision(session)
    return row


def delete_special_day(session: Session, special_day_id: object, *, actor: Account) -> None:
    require(actor, Role.PUBLISHER)
    row = session.get(SpecialDay, special_day_id) if isinstance(special_day_id, int) else None
    if row is None:
        raise NotFound(Phrase("special_day_not_found"))
    before = {"day": row.day.isoformat(), "kind": row.kind, "office_id": row.office_id,
              "province_code": row.province_code, "office_type": row.office_type, "opens": row.opens,
              "closes": row.closes, "reason_ind": row.reason_ind, "reason_en": row.reason_en}
    session.delete(row)
    audit.record(session, actor_id=actor.id, action="special_day.delete", entity_type="special_day",
                 entity_id=row_id(row), before=before)
    bump_public_revision(session)


@dataclass(frozen=True, slots=True)
class SpecialDayRow:
    """One special day as the workspace lists it."""

    id: int
    day: str
    kind: str
    scope: str  # office code, or "province / type", or "" for nationwide
    hours: str
    reason_ind: str
    reason_en: str


def list_special_days(session: Session, *, actor: Account, since: date | None = None,
                      limit: int = 200) -> list[SpecialDayRow]:
    require(actor, Role.PUBLISHER)
    query = select(SpecialDay, Office.code).join(Office, col(Office.id) == SpecialDay.office_id, isouter=True)
    if since is not None:
        query = query.where(SpecialDay.day >= since)
    rows = session.exec(query.order_by(col(SpecialDay.day), col(SpecialDay.id)).limit(limit)).all()
    return [
        SpecialDayRow(
            row_id(s), s.day.isoformat(), s.kind,
            code or " / ".join(p for p in (s.province_code, s.office_type) if p),
            f"{s.opens}-{s.closes}" if s.opens else "", s.reason_ind, s.reason_en,
        )
        for s, code in rows
    ]

"""Loading the office network and the demo content from the files in imigrasi_site/data/.

Idempotent: reference rows (provinces, services, offices, what each office offers)
are upserted by their natural keys, and the demo content is added only once, so
running it again changes nothing and never resets a status an editor set.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from imigrasi_site.core import incidents, notices
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.db import bump_public_revision, row_id
from imigrasi_site.core.models import Incident, Office, OfficeService, OfficeType, Province, Service, utcnow

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class SeedReport:
    provinces: int
    services: int
    offices: int
    cells_added: int
    demo_added: bool


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(value: str, field: str, code: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValueError(f"offices.csv {code}: {field} {value!r} is not a date (YYYY-MM-DD)") from None


def _upsert(session: Session, model, key: dict, values: dict):
    row = session.exec(select(model).filter_by(**key)).first()
    if row is None:
        row = model(**key, **values)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    session.add(row)
    return row


def load_reference_data(session: Session, *, since: datetime | None = None) -> tuple[int, int, int, int]:
    """Provinces, services, offices and the services each offers. Returns counts and cells added.

    New office services start as normal `since` the given moment (default: now).
    """
    provinces = {}
    for row in _read_csv("provinces.csv"):
        provinces[row["code"]] = _upsert(
            session, Province, {"code": row["code"]}, {"name": row["name"], "timezone": row["timezone"]}
        )
    services = {}
    for row in _read_csv("services.csv"):
        services[row["code"]] = _upsert(
            session,
            Service,
            {"code": row["code"]},
            {
                "name_ind": row["name_ind"],
                "name_en": row["name_en"],
                "description_ind": row["description_ind"],
                "description_en": row["description_en"],
                "sort_order": int(row["sort_order"]),
            },
        )
    session.flush()
    office_rows = _read_csv("offices.csv")
    offices = {}
    for row in office_rows:
        OfficeType(row["type"])  # fail loudly on a typo in the data file
        opened_on = _date(row["opened_on"], "opened_on", row["code"])
        closed_on = _date(row["closed_on"], "closed_on", row["code"])
        offices[row["code"]] = _upsert(
            session,
            Office,
            {"code": row["code"]},
            {
                "type": row["type"],
                "office_class": row["office_class"] or None,
                "name": row["name"],
                "province_code": row["province_code"],
                "city": row["city"],
                "address": row["address"],
                "address_source": row["address_source"],
                "opened_on": opened_on,
                "closed_on": closed_on,
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "timezone": provinces[row["province_code"]].timezone,
            },
        )
    # A post listed once but never built is taken off the public site (its rows, if any, stay).
    for row in _read_csv("offices_withdrawn.csv"):
        withdrawn = session.exec(select(Office).where(Office.code == row["code"])).first()
        if withdrawn is not None and withdrawn.is_active:
            withdrawn.is_active = False
            session.add(withdrawn)
    session.flush()
    existing = {(c.office_id, c.service_id) for c in session.exec(select(OfficeService)).all()}
    added = 0
    now = since or utcnow()
    for row in office_rows:
        office = offices[row["code"]]
        # An office opened later runs normally from its first morning, not from before it existed.
        start = now if office.opened_on is None else max(
            now, datetime.combine(office.opened_on, time(0), ZoneInfo(office.timezone)))
        for service_code in filter(None, (s.strip() for s in row["services"].split(";"))):
            key = (office.id, services[service_code].id)
            if key not in existing:
                session.add(OfficeService(office_id=office.id, service_id=key[1], since=start))
                existing.add(key)
                added += 1
    if added:
        bump_public_revision(session)
    return len(provinces), len(services), len(offices), added


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"demo time without a zone: {value}")
    return moment


def load_demo_content(session: Session) -> bool:
    """The June 2024 national data centre disruption, once. True when it was added now."""
    demo = _demo()
    spec = demo["incident"]
    if session.exec(select(Incident.id).where(Incident.title_ind == spec["title_ind"])).first() is not None:
        return False
    first, *rest = spec["updates"]
    incident = incidents.open_incident(
        session,
        title_ind=spec["title_ind"],
        title_en=spec["title_en"],
        summary_ind=spec["summary_ind"],
        summary_en=spec["summary_en"],
        first_update_ind=first["body_ind"],
        first_update_en=first["body_en"],
        status=first["status"],
        started_at=_moment(first["posted_at"]),
    )
    for update in rest:
        incidents.post_update(
            session, row_id(incident), status=update["status"], body_ind=update["body_ind"], body_en=update["body_en"],
            posted_at=_moment(update["posted_at"]),
        )
    for change in demo["status_changes"]:
        apply_availability(
            session,
            CellSelector(
                service_codes=tuple(change.get("services", ())),
                office_codes=tuple(change.get("office_codes", ())),
                office_types=tuple(change.get("office_types", ())),
            ),
            availability=change["availability"],
            advice_ind=change.get("advice_ind", ""),
            advice_en=change.get("advice_en", ""),
            incident_id=incident.id if change.get("incident", True) else None,
            at=_moment(change["at"]),
        )
    for spec_notice in demo["notices"]:
        published_at = _moment(spec_notice["published_at"])
        notice = notices.create_notice(
            session,
            notices.NoticeText.clean(
                title_ind=spec_notice["title_ind"],
                lede_ind=spec_notice.get("lede_ind", ""),
                body_ind=spec_notice["body_ind"],
                title_en=spec_notice.get("title_en", ""),
                lede_en=spec_notice.get("lede_en", ""),
                body_en=spec_notice.get("body_en", ""),
            ),
            incident_id=incident.id if spec_notice.get("incident") else None,
            office_codes=spec_notice.get("office_codes", ()),
            at=published_at,
        )
        notices.publish_seed_notice(session, notice, published_at)
    return True


def _demo() -> dict:
    return json.loads((DATA_DIR / "demo.json").read_text(encoding="utf-8"))


def seed(session: Session, *, demo: bool = True) -> SeedReport:
    # In the demo, the network was running normally before the disruption began.
    since = _moment(_demo()["network_normal_since"]) if demo else None
    provinces, services, offices, added = load_reference_data(session, since=since)
    demo_added = load_demo_content(session) if demo else False
    return SeedReport(provinces, services, offices, added, demo_added)

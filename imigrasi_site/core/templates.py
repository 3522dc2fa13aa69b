"""Bilingual templates for recurring situations, with {office}, {service}, {time} and {zone} placeholders.

The declare and resolve actions fill them in; an admin edits them. Every use is audited
(`record_use`), together with the action that used it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import audit
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.availability import parse_availability
from imigrasi_site.core.errors import ConflictError, InvalidInput, NotFound
from imigrasi_site.core.i18n import both, format_date, format_time, zone_abbreviation
from imigrasi_site.core.models import Role, SituationTemplate, utcnow
from imigrasi_site.core.sanitize import clean_plain

PLACEHOLDERS = ("office", "service", "time", "zone")
# The editable texts and their limits (the columns' lengths).
TEXT_LIMITS = {"name_ind": 120, "name_en": 120, "advice_ind": 1000, "advice_en": 1000, "title_ind": 200,
               "title_en": 200, "body_ind": 4000, "body_en": 4000}
OFFICE_TYPE_CODES = ("kanim", "ulp", "ukk", "tpi_airport", "tpi_seaport", "tpi_land")


@dataclass(frozen=True)
class Fill:
    """What the placeholders stand for, in one language."""

    office: str
    service: str
    time: str
    zone: str

    @classmethod
    def at(cls, moment: datetime, tz_name: str, lang: str, *, office: str, service: str) -> Fill:
        clock = format_time(moment, tz_name, lang).rsplit(" ", 1)[0]  # the zone goes in {zone}
        return cls(office=office, service=service, time=f"{format_date(moment, tz_name, lang)} {clock}",
                   zone=zone_abbreviation(tz_name))


def check_placeholders(text: str, field: str) -> str:
    """The text if its braces name only known placeholders; a clear refusal otherwise."""
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        names = ["{"]
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        raise InvalidInput(both("tpl_bad_placeholder", field=field, names=", ".join(unknown),
                                known=", ".join("{" + p + "}" for p in PLACEHOLDERS)), field=field)
    return text


def render(text: str, fill: Fill) -> str:
    """The template text with its placeholders filled (checked on save, so nothing else can appear)."""
    return text.format(office=fill.office, service=fill.service, time=fill.time, zone=fill.zone)


def list_templates(session: Session, account: Account, kind: str | None = None) -> list[SituationTemplate]:
    require(account, Role.EDITOR)
    query = select(SituationTemplate).order_by(SituationTemplate.kind, SituationTemplate.name_ind)
    if kind is not None:
        query = query.where(SituationTemplate.kind == kind)
    return list(session.exec(query).all())


def get_template(session: Session, code: object) -> SituationTemplate:
    found = session.exec(select(SituationTemplate).where(SituationTemplate.code == code)).first() \
        if isinstance(code, str) else None
    if found is None:
        raise NotFound(both("tpl_not_found"))
    return found


def save_template(session: Session, account: Account, code: object, values: Mapping[str, object], *,
                  expected_version: object) -> SituationTemplate:
    """An admin's edit of a template's wording, suggested availability, service and office types."""
    require(account, Role.ADMIN)
    template = get_template(session, code)
    changed: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        value = clean_plain(values.get(name, getattr(template, name)))
        if len(value) > limit:
            raise InvalidInput(both("tpl_too_long", field=name, limit=limit), field=name)
        changed[name] = check_placeholders(value, name)
    for name in ("name_ind", "name_en"):
        if not changed[name]:
            raise InvalidInput(both("tpl_name_required"), field=name)
    if template.kind == "resolve" and not changed["body_ind"]:
        raise InvalidInput(both("tpl_body_required"), field="body_ind")
    changed["availability"] = parse_availability(values.get("availability", template.availability)).value
    service_code = clean_plain(values.get("service_code", template.service_code))[:48]
    types = [t.strip() for t in clean_plain(values.get("office_types", template.office_types)).split(",") if t.strip()]
    if any(t not in OFFICE_TYPE_CODES for t in types):
        raise InvalidInput(both("tpl_bad_office_type", known=", ".join(OFFICE_TYPE_CODES)), field="office_types")
    changed["service_code"], changed["office_types"] = service_code, ",".join(types)
    claimed = isinstance(expected_version, int) and session.exec(
        sa.update(SituationTemplate)
        .where(col(SituationTemplate.id) == template.id, col(SituationTemplate.version) == expected_version)
        .values(version=expected_version + 1).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        session.refresh(template)
        raise ConflictError(both("tpl_conflict"), current={"version": template.version})
    before = {name: getattr(template, name) for name in changed}
    for name, value in changed.items():
        setattr(template, name, value)
    template.version = expected_version + 1  # type: ignore[operator]
    template.updated_at, template.updated_by_id = utcnow(), account.id
    session.add(template)
    audit.record(session, actor_id=account.id, action="template.edit", entity_type="situation_template",
                 entity_id=template.code, before=before, after=changed)
    return template


def record_use(session: Session, account: Account, template: SituationTemplate, *, incident_id: int,
               notice_id: int | None, purpose: str) -> None:
    """Audit one use of a template, in the transaction of the action that used it."""
    audit.record(session, actor_id=account.id, action="template.use", entity_type="situation_template",
                 entity_id=template.code, after={"purpose": purpose, "incident_id": incident_id,
                                                 "notice_id": notice_id, "version": template.version})

"""Declaring an outage in one action, and resolving it in one action.

Declare: the services x scopes the editor names are planned with the bulk-change planning
(`availability.plan_change`), shown cell by cell, then written in ONE transaction: the
incident, the statuses (each changed cell linked to it) and the first bilingual notice
(linked to the incident), sent for review, or published at once where single-person
publishing is on. Resolve: the existing restore hands every cell back, a final update closes
the incident, and the resolution notice is drafted from its template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from imigrasi_site.core import audit, incidents, notices, templates
from imigrasi_site.core.accounts import Account, require
from imigrasi_site.core.availability import (
    CellSelector,
    apply_availability,
    parse_availability,
    plan_change,
    restore_incident,
    restore_targets,
)
from imigrasi_site.core.db import row_id
from imigrasi_site.core.errors import ConflictError, InvalidInput, NotFound
from imigrasi_site.core.i18n import LANGUAGES, NATIONAL_TIMEZONE, both, name_in, t, text_field
from imigrasi_site.core.models import (
    Incident,
    IncidentStatus,
    Office,
    OfficeService,
    Province,
    Role,
    Service,
    utcnow,
)
from imigrasi_site.core.settings import get_settings

SCOPES = ("nationwide", "provinces", "office_types", "offices")
MAX_LINES = 20
MAX_CODES = 500
RESOLVE_TEMPLATE = "service_restored"
# Up to this many offices are named in a text; more are counted.
NAMED_OFFICES = 3


@dataclass(frozen=True)
class Line:
    """One service and where it changes, with its new availability and advice."""

    service_code: str
    scope: str = "nationwide"
    codes: tuple[str, ...] = ()
    availability: str = "limited"
    advice_ind: str = ""
    advice_en: str = ""
    template_code: str = ""

    def selector(self) -> CellSelector:
        by_scope = {"provinces": "province_codes", "office_types": "office_types", "offices": "office_codes"}
        extra: dict[str, Any] = {by_scope[self.scope]: self.codes} if self.scope in by_scope else {}
        return CellSelector(service_codes=(self.service_code,), **extra)


@dataclass
class PlannedCell:
    office: str
    office_code: str
    service: str
    now: str
    new: str


@dataclass
class Plan:
    cells: list[PlannedCell] = field(default_factory=list)
    # office_service id -> version seen, for every cell a line names (passed back on confirm)
    versions: dict[int, int] = field(default_factory=dict)
    # per line, the ids of the cells it changes
    cell_ids: list[list[int]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    incident_id: int
    notice_id: int
    notice_status: str
    changed: int


def _services(session: Session) -> dict[str, Service]:
    return {s.code: s for s in session.exec(select(Service)).all()}


def check_line(session: Session, line: Line, index: int) -> Line:
    """The line with its advice cleaned, or a refusal naming the line (1-based) and the field."""
    label = index + 1
    if line.service_code not in _services(session):
        raise InvalidInput(both("decl_line_service", n=label), field=f"line{index}.service")
    if line.scope not in SCOPES:
        raise InvalidInput(both("decl_line_scope", n=label), field=f"line{index}.scope")
    codes = tuple(dict.fromkeys(c for c in line.codes if isinstance(c, str) and c))[:MAX_CODES]
    if line.scope == "nationwide":
        codes = ()
    elif not codes:
        raise InvalidInput(both("decl_line_codes", n=label), field=f"line{index}.codes")
    known = {
        "provinces": lambda: set(session.exec(select(Province.code)).all()),
        "office_types": lambda: set(templates.OFFICE_TYPE_CODES),
        "offices": lambda: set(session.exec(select(Office.code).where(col(Office.code).in_(codes))).all()),
    }
    if line.scope in known:
        unknown = sorted(set(codes) - known[line.scope]())
        if unknown:
            raise InvalidInput(both("decl_line_unknown", n=label, codes=", ".join(unknown[:10])),
                               field=f"line{index}.codes")
    parse_availability(line.availability)
    return Line(line.service_code, line.scope, codes, line.availability, line.advice_ind, line.advice_en,
                line.template_code)


def plan(session: Session, account: Account, lines: list[Line]) -> Plan:
    """Exactly the office x service cells the declaration will change, and what each becomes.

    A cell already in its new state (normal and normal, say) is left out, and out of the incident.
    Two lines may not name the same cell.
    """
    require(account, Role.EDITOR)
    if not lines:
        raise InvalidInput(both("decl_no_lines"))
    if len(lines) > MAX_LINES:
        raise InvalidInput(both("decl_too_many_lines", max=MAX_LINES))
    result = Plan()
    seen_by: dict[int, int] = {}  # cell id -> the line that names it
    for index, line in enumerate(lines):
        line = check_line(session, line, index)
        changing, versions = plan_change(session, line.selector(), availability=line.availability,
                                         advice_ind=line.advice_ind, advice_en=line.advice_en)
        for cell_id in versions:
            if cell_id in seen_by:
                raise InvalidInput(both("decl_overlap", a=seen_by[cell_id] + 1, b=index + 1))
            seen_by[cell_id] = index
        result.versions.update(versions)
        result.cell_ids.append([row_id(cell) for cell, _o, _s in changing])
        result.cells += [PlannedCell(office.name, office.code, service.name_ind, cell.availability, line.availability)
                         for cell, office, service in changing]
    return result


def scope_words(session: Session, line: Line, lang: str) -> str:
    """Where a line applies, as a text says it: "semua kantor", "Bali dan Papua", "setiap pemeriksaan bandara"."""
    if line.scope == "nationwide" or not line.codes:
        return t("decl_scope_all_offices", lang)
    if line.scope == "provinces":
        names = list(session.exec(select(Province.name).where(col(Province.code).in_(line.codes))
                                  .order_by(Province.name)).all())
    elif line.scope == "office_types":
        names = [t(f"office_type_{code}", lang).lower() for code in line.codes]
        return t("decl_scope_every", lang, types=_join(names, lang))
    else:
        names = list(session.exec(select(Office.name).where(col(Office.code).in_(line.codes))
                                  .order_by(Office.name)).all())
        if len(names) > NAMED_OFFICES:
            return t("decl_scope_n_offices", lang, n=len(names))
    return _join(names, lang)


def _join(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('decl_and', lang)} {names[-1]}"


def fill_line(session: Session, account: Account, template_code: object, line: Line | None = None, *,
              at: datetime | None = None) -> Line:
    """A line filled from a template: its service and office types when the template suggests them and
    the line has none, its availability, and its advice with the placeholders filled in."""
    require(account, Role.EDITOR)
    template = templates.get_template(session, template_code)
    line = line or Line(service_code="")
    service_code = line.service_code or template.service_code
    scope, codes = line.scope, line.codes
    if template.office_types and not line.service_code:
        scope, codes = "office_types", tuple(template.office_types.split(","))
    service = _services(session).get(service_code)
    filled = Line(service_code, scope, codes, template.availability, template_code=template.code)
    advice = {}
    for lang in LANGUAGES:
        fill = templates.Fill.at(at or utcnow(), NATIONAL_TIMEZONE, lang, office=scope_words(session, filled, lang),
                                 service=name_in(service, lang) if service else t("decl_the_service", lang))
        advice[lang] = templates.render(getattr(template, text_field("advice", lang)), fill)
    return Line(service_code, scope, codes, template.availability, advice["id"], advice["en"], template.code)


def compose_notice(session: Session, account: Account, title_ind: str, title_en: str, lines: list[Line], *,
                   at: datetime | None = None) -> dict[str, str]:
    """The first notice, in both languages, from the lines' templates (and a sentence for lines without one)."""
    require(account, Role.EDITOR)
    services = _services(session)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        paragraphs, first_title, names = [], "", []
        for index, line in enumerate(lines):
            line = check_line(session, line, index)
            service = services[line.service_code]
            names.append(name_in(service, lang))
            fill = templates.Fill.at(at or utcnow(), NATIONAL_TIMEZONE, lang, office=scope_words(session, line, lang),
                                     service=name_in(service, lang))
            template = templates.get_template(session, line.template_code) if line.template_code else None
            if template is not None and getattr(template, text_field("body", lang)):
                paragraphs.append(templates.render(getattr(template, text_field("body", lang)), fill))
                first_title = first_title or templates.render(getattr(template, text_field("title", lang)), fill)
            else:
                paragraphs.append(t(f"decl_line_{line.availability}", lang, service=fill.service, office=fill.office))
            advice = line.advice_en if lang == "en" else line.advice_ind
            if advice:
                paragraphs[-1] += " " + advice
        title = ((title_en if lang == "en" else title_ind) or first_title
                 or t("decl_default_title", lang, services=_join(names, lang)))
        texts[text_field("title", lang)] = title
        texts[text_field("lede", lang)] = paragraphs[0] if paragraphs else ""
        texts[text_field("body", lang)] = "\n\n".join(paragraphs)
    return texts


def _to_review(session: Session, account: Account, notice_id: int) -> str:
    """The usual review; published at once where single-person publishing lets this person do it."""
    notice = notices.submit_for_review(session, notice_id, actor=account)
    if get_settings().single_person_publishing and account.has(Role.PUBLISHER):
        notice = notices.approve(session, notice_id, actor=account)
    return notice.status


def declare(session: Session, account: Account, *, title_ind: object, title_en: object, lines: list[Line],
            notice_text: notices.NoticeText, expected_versions: dict[int, int], at: datetime | None = None
            ) -> Outcome:
    """The declaration, in the caller's one transaction: incident, statuses, first notice.

    `expected_versions` is the plan the editor saw: if any of those cells moved since, or the plan now
    names other cells, nothing is written and ConflictError asks for a new preview.
    """
    require(account, Role.EDITOR)
    at = at or utcnow()
    fresh = plan(session, account, lines)
    if fresh.versions != expected_versions:
        raise ConflictError(both("decl_plan_changed"), current={"cells": len(fresh.cells)})
    incident = incidents.open_incident(session, title_ind=title_ind, title_en=title_en,
                                       first_update_ind=notice_text.body_ind, first_update_en=notice_text.body_en,
                                       started_at=at, actor=account)
    changed = 0
    for index, line in enumerate(lines):
        line = check_line(session, line, index)
        if fresh.cell_ids[index]:
            changed += len(apply_availability(
                session, CellSelector(cell_ids=tuple(fresh.cell_ids[index])), availability=line.availability,
                advice_ind=line.advice_ind, advice_en=line.advice_en, incident_id=incident.id, actor=account, at=at,
                expected_versions={cid: expected_versions[cid] for cid in fresh.cell_ids[index]}))
    office_codes = sorted({code for line in lines if line.scope == "offices" for code in line.codes})
    notice = notices.create_notice(session, notice_text, incident_id=incident.id, office_codes=office_codes,
                                   actor=account, at=at)
    for code in sorted({line.template_code for line in lines if line.template_code}):
        templates.record_use(session, account, templates.get_template(session, code),
                             incident_id=row_id(incident), notice_id=notice.id, purpose="declare")
    audit.record(session, actor_id=account.id, action="incident.declare", entity_type="incident",
                 entity_id=row_id(incident), after={"notice_id": notice.id, "cells": changed,
                                                    "lines": [line.__dict__ for line in lines]})
    return Outcome(row_id(incident), row_id(notice), _to_review(session, account, row_id(notice)), changed)


def resolve(session: Session, account: Account, incident_id: object, *, at: datetime | None = None) -> Outcome:
    """Every cell the incident still holds goes back; a final update closes it; the resolution notice is
    drafted from its template (and sent on like the first one)."""
    require(account, Role.EDITOR)
    incident = session.get(Incident, incident_id) if isinstance(incident_id, int) else None
    if incident is None:
        raise NotFound(both("decl_incident_not_found"))
    if incident.status == IncidentStatus.RESOLVED.value:
        raise InvalidInput(both("decl_already_resolved"))
    at = at or utcnow()
    held = restore_targets(session, row_id(incident))
    service_ids = {cell.service_id for cell, _first in held}
    office_ids = {cell.office_id for cell, _first in held}
    services = [s for s in session.exec(select(Service).order_by(col(Service.sort_order))).all() if s.id in service_ids]
    template = templates.get_template(session, RESOLVE_TEMPLATE)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        names = _join([name_in(s, lang) for s in services], lang) or t("decl_the_service", lang)
        offices = _offices_words(session, office_ids, lang)
        fill = templates.Fill.at(at, NATIONAL_TIMEZONE, lang, office=offices, service=names)
        texts[text_field("title", lang)] = templates.render(getattr(template, text_field("title", lang)), fill)
        texts[text_field("body", lang)] = templates.render(getattr(template, text_field("body", lang)), fill)
    restored = len(restore_incident(session, row_id(incident), actor=account, at=at))
    incidents.post_update(session, row_id(incident), status=IncidentStatus.RESOLVED.value, body_ind=texts["body_ind"],
                          body_en=texts["body_en"], posted_at=at, actor=account)
    notice = notices.create_notice(session, notices.NoticeText.clean(
        title_ind=texts["title_ind"], lede_ind=texts["body_ind"], body_ind=texts["body_ind"], title_en=texts["title_en"],
        lede_en=texts["body_en"], body_en=texts["body_en"]), incident_id=incident.id, actor=account, at=at)
    templates.record_use(session, account, template, incident_id=row_id(incident), notice_id=notice.id,
                         purpose="resolve")
    return Outcome(row_id(incident), row_id(notice), _to_review(session, account, row_id(notice)), restored)


def _offices_words(session: Session, office_ids: set[int], lang: str) -> str:
    total = len(session.exec(select(OfficeService.office_id).distinct()).all())
    if not office_ids or len(office_ids) >= total:
        return t("decl_scope_all_offices", lang)
    if len(office_ids) > NAMED_OFFICES:
        return t("decl_scope_n_offices", lang, n=len(office_ids))
    return _join(sorted(session.exec(select(Office.name).where(col(Office.id).in_(office_ids))).all()), lang)

"""Declaring the June 2024 disruption in one transaction, and resolving it in one action."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from imigrasi_site.core import declare, templates
from imigrasi_site.core.availability import CellSelector, apply_availability, restore_incident
from imigrasi_site.core.declare import Line
from imigrasi_site.core.errors import ConflictError, InvalidInput, PermissionDenied
from imigrasi_site.core.models import (
    AuditEvent,
    Incident,
    Notice,
    Office,
    OfficeService,
    Service,
    SituationTemplate,
)
from imigrasi_site.core.notices import NoticeText

SEEDED = {"central_system_disruption", "passport_express_suspended", "arrive_early_ports", "office_closed",
          "service_restored"}


@pytest.fixture
def people(people, session):
    """The workflow's cast on a calm morning: the demo's own June 2024 disruption is over and every cell is back."""
    for incident in session.exec(select(Incident)).all():
        restore_incident(session, incident.id, actor=None)
    return people


def june_2024(session, account) -> list[Line]:
    express = declare.fill_line(session, account, "passport_express_suspended")
    ports = declare.fill_line(session, account, "arrive_early_ports")
    return [express, ports, Line("passport_interview_biometrics", availability="normal")]


def cells(session) -> dict[int, tuple]:
    return {c.id: (c.availability, c.advice_ind, c.advice_en, c.incident_id)
            for c in session.exec(select(OfficeService)).all()}


def cell_of(session, service_code: str, office_types: tuple[str, ...] = ()) -> list[OfficeService]:
    query = (select(OfficeService).join(Service, Service.id == OfficeService.service_id)
             .join(Office, Office.id == OfficeService.office_id).where(Service.code == service_code,
                                                                       Office.is_active == True))  # noqa: E712
    if office_types:
        query = query.where(Office.type.in_(office_types))
    return list(session.exec(query).all())


def test_the_five_situations_are_seeded_by_the_migration(session, people):
    assert {t.code for t in templates.list_templates(session, people.editor)} >= SEEDED


def test_a_template_fills_the_whole_line(session, people):
    line = declare.fill_line(session, people.editor, "arrive_early_ports")
    assert (line.service_code, line.scope, line.codes, line.availability) == (
        "border_crossing", "office_types", ("tpi_airport", "tpi_seaport"), "limited")
    assert "3 jam" in line.advice_ind and "3 hours" in line.advice_en
    office = declare.fill_line(session, people.editor, "office_closed",
                               Line("stay_permit", "offices", ("kanim-denpasar",)))
    assert office.service_code == "stay_permit" and office.codes == ("kanim-denpasar",)
    assert "Izin tinggal" in office.advice_ind and "WIB" in office.advice_ind and "{" not in office.advice_en


def test_the_plan_is_exactly_what_the_declaration_writes(session, people):
    lines = june_2024(session, people.publisher)
    plan = declare.plan(session, people.publisher, lines)
    express, ports = cell_of(session, "passport_express"), cell_of(session, "border_crossing",
                                                                 ("tpi_airport", "tpi_seaport"))
    expected = {c.id for c in express} | {c.id for c in ports}
    assert {cid for ids in plan.cell_ids for cid in ids} == expected
    assert len(plan.cells) == len(expected) and plan.cell_ids[2] == []  # interviews are normal already
    before = cells(session)
    text = NoticeText.clean(**declare.compose_notice(session, people.publisher, "Gangguan PDN", "", lines))
    outcome = declare.declare(session, people.publisher, title_ind="Gangguan Pusat Data Nasional", title_en="",
                              lines=lines, notice_text=text, expected_versions=plan.versions)
    after = cells(session)
    changed = {cid for cid in after if after[cid] != before[cid]}
    assert changed == expected and outcome.changed == len(expected)
    assert all(after[cid][3] == outcome.incident_id for cid in changed)
    assert all(after[c.id][0] == "unavailable" for c in express)
    assert all(after[c.id][0] == "limited" and "3 jam" in after[c.id][1] for c in ports)
    notice = session.get(Notice, outcome.notice_id)
    assert notice.status == "in_review" and notice.incident_id == outcome.incident_id
    assert notice.title_ind == "Gangguan PDN" and notice.title_en == "Express passport suspended"
    assert "Wawancara dan foto biometrik di semua kantor berjalan normal." in notice.body_ind
    assert "every airport checkpoint and seaport checkpoint" in notice.body_en
    uses = session.exec(select(AuditEvent).where(AuditEvent.action == "template.use")).all()
    assert {u.entity_id for u in uses} == {"passport_express_suspended", "arrive_early_ports"}
    assert all(json.loads(u.after)["incident_id"] == outcome.incident_id for u in uses)


def test_resolve_hands_every_cell_back_and_drafts_the_resolution_notice(session, people):
    before = cells(session)
    lines = june_2024(session, people.editor)
    plan = declare.plan(session, people.editor, lines)
    text = NoticeText.clean(**declare.compose_notice(session, people.editor, "Gangguan PDN", "", lines))
    declared = declare.declare(session, people.editor, title_ind="Gangguan PDN", title_en="", lines=lines,
                               notice_text=text, expected_versions=plan.versions)
    resolved = declare.resolve(session, people.editor, declared.incident_id)
    assert cells(session) == before
    assert resolved.changed == declared.changed
    incident = session.get(Incident, declared.incident_id)
    assert incident.status == "resolved" and incident.resolved_at is not None
    notice = session.get(Notice, resolved.notice_id)
    assert notice.status == "in_review" and notice.incident_id == incident.id
    assert notice.title_ind.startswith("Layanan kembali normal") and "Border-crossing clearance" in notice.title_en
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "template.use",
                                                 AuditEvent.entity_id == "service_restored")).first()
    with pytest.raises(InvalidInput):
        declare.resolve(session, people.editor, declared.incident_id)


def test_single_person_publishing_publishes_the_declaration_at_once(session, people, monkeypatch):
    monkeypatch.setenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", "1")
    lines = june_2024(session, people.publisher)
    plan = declare.plan(session, people.publisher, lines)
    text = NoticeText.clean(**declare.compose_notice(session, people.publisher, "Gangguan", "", lines))
    outcome = declare.declare(session, people.publisher, title_ind="Gangguan", title_en="", lines=lines,
                              notice_text=text, expected_versions=plan.versions)
    assert outcome.notice_status == "published"
    # An editor cannot publish, even then: their draft goes to review.
    lines = [Line("stay_permit", "offices", ("kanim-denpasar",), "limited")]
    plan = declare.plan(session, people.editor, lines)
    text = NoticeText.clean(**declare.compose_notice(session, people.editor, "Izin tinggal", "", lines))
    assert declare.declare(session, people.editor, title_ind="Izin tinggal", title_en="", lines=lines,
                           notice_text=text, expected_versions=plan.versions).notice_status == "in_review"


def test_a_cell_changed_after_the_preview_stops_the_whole_declaration(session, people):
    lines = june_2024(session, people.editor)
    plan = declare.plan(session, people.editor, lines)
    apply_availability(session, CellSelector(service_codes=("passport_express",), office_codes=("kanim-denpasar",)),
                       availability="limited", actor=people.publisher)
    text = NoticeText.clean(**declare.compose_notice(session, people.editor, "Gangguan", "", lines))
    incidents_before = len(session.exec(select(Incident)).all())
    with pytest.raises(ConflictError):
        declare.declare(session, people.editor, title_ind="Gangguan", title_en="", lines=lines, notice_text=text,
                        expected_versions=plan.versions)
    assert len(session.exec(select(Incident)).all()) == incidents_before


@pytest.mark.parametrize("lines, message", [
    ([], "setidaknya satu layanan"),
    ([Line("no_such_service")], "Baris 1: pilih layanan"),
    ([Line("stay_permit", "provinces", ())], "Baris 1: pilih setidaknya satu"),
    ([Line("stay_permit", "offices", ("kanim-nowhere",))], "kanim-nowhere"),
    ([Line("stay_permit", "galaxy")], "pilih cakupan"),
    ([Line("stay_permit", availability="broken")], "Status harus"),
    ([Line("border_crossing"), Line("border_crossing", "office_types", ("tpi_airport",))], "Baris 1 dan 2"),
])
def test_a_bad_declaration_is_refused_with_the_line_it_is_about(session, people, lines, message):
    with pytest.raises(InvalidInput) as refused:
        declare.plan(session, people.editor, lines)
    assert message in refused.value.message


def test_templates_are_edited_by_admins_with_known_placeholders_only(session, people):
    tpl = templates.get_template(session, "office_closed")
    with pytest.raises(PermissionDenied):
        templates.save_template(session, people.publisher, "office_closed", {}, expected_version=tpl.version)
    with pytest.raises(InvalidInput) as refused:
        templates.save_template(session, people.admin, "office_closed", {"advice_ind": "Tutup {kota}"},
                                expected_version=tpl.version)
    assert "{kota}" not in refused.value.message and "kota" in refused.value.message
    with pytest.raises(InvalidInput):
        templates.save_template(session, people.admin, "office_closed", {"body_en": "Closed {office"},
                                expected_version=tpl.version)
    saved = templates.save_template(session, people.admin, "office_closed",
                                    {"advice_ind": "{office} tutup sejak {time} {zone}."}, expected_version=tpl.version)
    assert saved.version == 2 and session.get(SituationTemplate, saved.id).advice_ind.startswith("{office} tutup")
    with pytest.raises(ConflictError):
        templates.save_template(session, people.admin, "office_closed", {}, expected_version=1)
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "template.edit")).first()

"""Incidents change many cells at once and can put them back; every change is in the audit trail."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import func, select

from imigrasi_site.core import audit
from imigrasi_site.core.availability import (
    CellSelector,
    apply_availability,
    plan_change,
    restore_incident,
    restore_targets,
    select_cells,
)
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.incidents import open_incident
from imigrasi_site.core.models import AuditEvent, Incident, NotificationEvent, OfficeService, StatusChange, utcnow

BALI_PASSPORTS = CellSelector(province_codes=("51",), service_codes=("passport_application",))
BALI_EXPRESS = CellSelector(province_codes=("51",), service_codes=("passport_express",))


@pytest.fixture
def outage(session, people) -> Incident:
    return open_incident(session, title_ind="Gangguan jaringan di Bali", title_en="Network outage in Bali",
                         first_update_ind="Sistem kantor di Bali tidak dapat terhubung.", actor=people.editor)


@pytest.fixture
def demo_incident(session) -> Incident:
    return session.exec(select(Incident)).one()


def state(session, selector: CellSelector) -> dict[tuple[str, str], tuple]:
    return {
        (office.code, service.code): (cell.availability, cell.advice_ind, cell.advice_en, cell.incident_id)
        for cell, office, service in select_cells(session, selector)
    }


def count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


# Restoring an incident


def test_restore_puts_every_cell_back_exactly_as_it_was(session, people, outage):
    apply_availability(session, CellSelector(office_codes=("kanim-denpasar",), service_codes=("passport_application",)),
                       availability="limited", advice_ind="Antrean panjang, datang pagi.",
                       advice_en="Long queues, come early.", actor=people.editor)
    before = state(session, BALI_PASSPORTS)
    assert before[("kanim-denpasar", "passport_application")][0] == "limited"
    assert len(before) >= 3

    preview = len(plan_change(session, BALI_PASSPORTS, availability="unavailable")[0])
    changes = apply_availability(session, BALI_PASSPORTS, availability="unavailable",
                                 advice_ind="Sistem tidak dapat diakses.", advice_en="The system is unreachable.",
                                 incident_id=outage.id, actor=people.editor)
    assert preview == len(changes) == len(before)
    during = state(session, BALI_PASSPORTS)
    assert set(during.values()) == {("unavailable", "Sistem tidak dapat diakses.", "The system is unreachable.",
                                     outage.id)}

    targets = restore_targets(session, outage.id)
    assert len(targets) == len(before)
    restored = restore_incident(session, outage.id, actor=people.editor)
    assert len(restored) == len(targets)
    assert state(session, BALI_PASSPORTS) == before
    assert state(session, BALI_PASSPORTS)[("kanim-denpasar", "passport_application")] == (
        "limited", "Antrean panjang, datang pagi.", "Long queues, come early.", None)
    assert restore_targets(session, outage.id) == []
    assert restore_incident(session, outage.id, actor=people.editor) == []


def test_restore_uses_the_state_before_the_first_change_of_the_incident(session, people, outage):
    before = state(session, BALI_PASSPORTS)
    apply_availability(session, BALI_PASSPORTS, availability="limited", advice_ind="Lambat.", incident_id=outage.id,
                       actor=people.editor)
    apply_availability(session, BALI_PASSPORTS, availability="unavailable", advice_ind="Mati total.",
                       incident_id=outage.id, actor=people.editor)
    assert len(restore_targets(session, outage.id)) == len(before)
    restore_incident(session, outage.id, actor=people.editor)
    assert state(session, BALI_PASSPORTS) == before


def test_a_cell_changed_again_outside_the_incident_is_left_alone(session, people, outage):
    apply_availability(session, BALI_PASSPORTS, availability="unavailable", incident_id=outage.id, actor=people.editor)
    denpasar = CellSelector(office_codes=("kanim-denpasar",), service_codes=("passport_application",))
    apply_availability(session, denpasar, availability="limited", advice_ind="Dibuka sebagian.", actor=people.editor)
    held = {cell.id for cell, _first in restore_targets(session, outage.id)}
    assert len(held) == len(state(session, BALI_PASSPORTS)) - 1
    restore_incident(session, outage.id, actor=people.editor)
    assert state(session, denpasar)[("kanim-denpasar", "passport_application")] == (
        "limited", "Dibuka sebagian.", "", None)


def test_restoring_the_demo_incident_brings_express_passports_back_everywhere(session, demo_incident):
    express = CellSelector(service_codes=("passport_express",))
    assert {s[0] for s in state(session, express).values()} == {"unavailable"}
    held = len(restore_targets(session, demo_incident.id))
    changes = restore_incident(session, demo_incident.id, actor=None)
    assert len(changes) == held
    assert set(state(session, express).values()) == {("normal", "", "", None)}
    assert count(session, OfficeService, OfficeService.incident_id == demo_incident.id) == 0


def test_a_restore_is_recorded_with_who_did_it(session, people, outage):
    apply_availability(session, BALI_PASSPORTS, availability="unavailable", incident_id=outage.id, actor=people.editor)
    history = count(session, StatusChange)
    restored = restore_incident(session, outage.id, actor=people.publisher)
    assert count(session, StatusChange) == history + len(restored)
    assert {change.changed_by_id for change in restored} == {people.publisher.id}
    assert {change.new_availability for change in restored} == {"normal"}
    assert [row.actor for row in audit.list_events(session, actor_username="citra")] == ["citra"] * len(restored)


def test_restoring_a_later_incident_hands_its_cells_back_to_the_earlier_one(session, people, demo_incident,
                                                                          outage):
    before = state(session, BALI_EXPRESS)
    assert {s[3] for s in before.values()} == {demo_incident.id}
    apply_availability(session, BALI_EXPRESS, availability="limited", advice_ind="Antrean panjang.",
                       incident_id=outage.id, actor=people.editor)
    restore_incident(session, outage.id, actor=people.editor)
    assert state(session, BALI_EXPRESS) == before
    restore_incident(session, demo_incident.id, actor=people.editor)
    assert {s[0] for s in state(session, BALI_EXPRESS).values()} == {"normal"}


# Changes that must not happen


@pytest.mark.parametrize("incident_id", [987_654, "1", -1])
def test_a_change_naming_an_unknown_incident_is_refused_and_writes_nothing(session, people, incident_id):
    before = state(session, BALI_PASSPORTS)
    history, events = count(session, StatusChange), count(session, AuditEvent)
    with pytest.raises(InvalidInput) as caught:
        apply_availability(session, BALI_PASSPORTS, availability="unavailable", incident_id=incident_id,
                           actor=people.editor)
    assert caught.value.field == "incident_id"
    assert state(session, BALI_PASSPORTS) == before
    assert (count(session, StatusChange), count(session, AuditEvent)) == (history, events)


def test_the_preview_counts_only_cells_whose_status_changes(session, people):
    denpasar = CellSelector(office_codes=("kanim-denpasar",), service_codes=("passport_application",))
    apply_availability(session, denpasar, availability="limited", actor=people.editor)
    cells = len(state(session, BALI_PASSPORTS))
    assert len(plan_change(session, BALI_PASSPORTS, availability="limited")[0]) == cells - 1
    assert len(plan_change(session, BALI_PASSPORTS, availability="normal")[0]) == 1
    with pytest.raises(InvalidInput):
        plan_change(session, BALI_PASSPORTS, availability="tutup")
    # The preview refuses what the write would: an incident that does not exist.
    with pytest.raises(InvalidInput) as refused:
        plan_change(session, BALI_PASSPORTS, availability="limited", incident_id=999_999)
    assert refused.value.field == "incident_id"


# The audit trail


def test_each_availability_change_records_the_state_before_and_after(session, people, outage):
    changes = apply_availability(session, BALI_PASSPORTS, availability="limited", advice_ind="Antre.",
                                 advice_en="Queue.", incident_id=outage.id, actor=people.editor)
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "availability.change",
                                                   AuditEvent.actor_id == people.editor.id)
                          .order_by(AuditEvent.id)).all()
    assert [int(e.entity_id) for e in events] == [c.office_service_id for c in changes]
    for event in events:
        assert event.entity_type == "office_service"
        before, after = json.loads(event.before), json.loads(event.after)
        assert before == {"availability": "normal", "advice_ind": "", "advice_en": "", "incident_id": None,
                          "version": before["version"]}
        assert after == {"availability": "limited", "advice_ind": "Antre.", "advice_en": "Queue.",
                         "incident_id": outage.id, "version": before["version"] + 1}


def test_events_are_listed_newest_first_and_filtered_by_action_prefix(session, people, outage):
    apply_availability(session, BALI_PASSPORTS, availability="limited", incident_id=outage.id, actor=people.editor)
    availability = audit.list_events(session, action_prefix="availability.")
    assert availability and all(row.action == "availability.change" for row in availability)
    ids = [row.id for row in availability]
    assert ids == sorted(ids, reverse=True)
    incident_rows = audit.list_events(session, action_prefix="incident.", limit=200)
    assert {row.action for row in incident_rows} == {"incident.open", "incident.update"}
    assert audit.list_events(session, action_prefix="notice.publish", limit=200)
    assert all(row.action.startswith("notice.publish") for row in audit.list_events(session,
                                                                                     action_prefix="notice.publish"))


@pytest.mark.parametrize("prefix", ["%", "_", "availability%", "a_ailability", "nonexistent."])
def test_the_action_prefix_is_matched_literally(session, prefix):
    assert audit.list_events(session, action_prefix=prefix) == []


def test_events_are_filtered_by_entity_type_and_actor(session, people, outage):
    apply_availability(session, BALI_PASSPORTS, availability="limited", actor=people.publisher)
    incident_rows = audit.list_events(session, entity_type="incident", actor_username="ayu")
    assert [(r.action, r.actor, r.entity_id) for r in incident_rows] == [
        ("incident.update", "ayu", str(outage.id)),
        ("incident.open", "ayu", str(outage.id)),
    ]
    by_publisher = audit.list_events(session, actor_username="citra")
    assert by_publisher and {(r.actor, r.entity_type) for r in by_publisher} == {("citra", "office_service")}
    assert audit.list_events(session, actor_username="nobody") == []
    system = audit.list_events(session, entity_type="office_service", limit=200)
    assert "sistem" in {r.actor for r in system}  # the seed's changes were made by the system


def test_paging_with_before_id_walks_through_every_event_once(session):
    total = count(session, AuditEvent)
    assert total > 50
    seen, before_id = [], None
    while True:
        page = audit.list_events(session, limit=50, before_id=before_id)
        if not page:
            break
        assert len(page) <= 50
        seen += [row.id for row in page]
        before_id = page[-1].id
    assert len(seen) == len(set(seen)) == total
    assert seen == sorted(seen, reverse=True)


def test_the_page_size_is_kept_within_bounds(session):
    assert len(audit.list_events(session, limit=0)) == 1
    assert len(audit.list_events(session, limit=-5)) == 1
    assert len(audit.list_events(session, limit=10_000)) == min(200, count(session, AuditEvent))


def test_an_incident_change_is_audited_with_the_editor_and_time(session, people):
    start = utcnow()
    incident = open_incident(session, title_ind="Listrik padam", first_update_ind="Kantor gelap.",
                             actor=people.editor)
    [opened] = audit.list_events(session, action_prefix="incident.open", actor_username="ayu")
    assert opened.entity_id == str(incident.id) and "Listrik padam" in opened.after
    assert start - timedelta(seconds=1) <= opened.at <= utcnow() + timedelta(seconds=1)


def test_restoring_an_incident_sends_one_event_per_kind_of_change_not_per_cell(session):
    incident = session.exec(select(Incident)).first()
    before = session.exec(select(func.count()).select_from(NotificationEvent)).one()
    changes = restore_incident(session, incident.id, actor=None)
    events = session.exec(select(func.count()).select_from(NotificationEvent)).one() - before
    assert len(changes) > 100
    assert 0 < events <= 10

"""Changing availability: one cell or many, with history, audit and conflict detection."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlmodel import func, select

from imigrasi_site.core import db
from imigrasi_site.core.availability import CellSelector, apply_availability, plan_change
from imigrasi_site.core.errors import ConflictError, InvalidInput
from imigrasi_site.core.models import AuditEvent, Office, OfficeService, StatusChange
from imigrasi_site.core.seed import seed


def _cell(session, office_code: str, service_code: str) -> OfficeService:
    from imigrasi_site.core.models import Service

    return session.exec(
        select(OfficeService)
        .join(Office, Office.id == OfficeService.office_id)
        .join(Service, Service.id == OfficeService.service_id)
        .where(Office.code == office_code, Service.code == service_code)
    ).one()


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_province_wide_change_writes_history_and_audit(session):
    selector = CellSelector(service_codes=("passport_application",), province_codes=("51",))
    # The editor's preview counts the cells the change would touch (what the form shows).
    expected = len(plan_change(session, selector, availability="limited")[0])
    assert expected >= 2
    history, audits = _count(session, StatusChange), _count(session, AuditEvent)
    changes = apply_availability(session, selector, availability="limited", advice_ind="Antre", advice_en="Queue")
    assert len(changes) == expected
    assert _count(session, StatusChange) == history + expected
    assert _count(session, AuditEvent) == audits + expected
    event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert json.loads(event.before)["availability"] == "normal"
    assert json.loads(event.after)["availability"] == "limited"
    # Applying the same change again changes nothing.
    assert apply_availability(session, selector, availability="limited", advice_ind="Antre", advice_en="Queue") == []


def test_since_moves_only_when_availability_changes(session):
    cell = _cell(session, "kanim-denpasar", "passport_express")
    since = cell.since
    selector = CellSelector(service_codes=("passport_express",), office_codes=("kanim-denpasar",))
    apply_availability(session, selector, availability="unavailable", advice_ind="Teks baru")
    assert cell.since == since and cell.advice_ind == "Teks baru"


def test_a_stale_version_is_refused_and_nothing_is_written(session):
    cell = _cell(session, "kanim-denpasar", "passport_application")
    seen = cell.version
    selector = CellSelector(service_codes=("passport_application",), office_codes=("kanim-denpasar",))
    apply_availability(session, selector, availability="limited", expected_versions={cell.id: seen})
    history = _count(session, StatusChange)
    with pytest.raises(ConflictError) as caught:
        apply_availability(session, selector, availability="unavailable", expected_versions={cell.id: seen})
    assert caught.value.current["availability"] == "limited"
    assert _count(session, StatusChange) == history
    assert cell.availability == "limited"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"availability": "closed"},
        {"availability": None},
        {"availability": "limited", "advice_ind": "x" * 1001},
        {"availability": "limited", "advice_en": {"not": "text"}},
    ],
)
def test_bad_input_is_refused_with_a_message(session, kwargs):
    selector = CellSelector(service_codes=("passport_application",))
    with pytest.raises(InvalidInput) as caught:
        apply_availability(session, selector, **kwargs)
    assert "/" in caught.value.message  # said in Indonesian and English


def test_an_empty_selector_is_refused(session):
    with pytest.raises(InvalidInput):
        apply_availability(session, CellSelector(), availability="normal")


def test_two_writers_racing_on_one_cell_cannot_both_win(postgres_url):
    """On PostgreSQL, the second transaction waits for the first, then finds the version gone."""
    db.migrate(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
    selector = CellSelector(service_codes=("passport_application",), office_codes=("kanim-denpasar",))
    outcome = {}
    with db.session_scope(postgres_url) as first:
        # Both read the cell at the same version before either writes.
        _cell(first, "kanim-denpasar", "passport_application")

        def second_writer():
            try:
                with db.session_scope(postgres_url) as second:
                    _cell(second, "kanim-denpasar", "passport_application")
                    time.sleep(0.3)
                    apply_availability(second, selector, availability="unavailable", advice_ind="Dari kedua")
                outcome["second"] = "saved"
            except ConflictError:
                outcome["second"] = "conflict"

        thread = threading.Thread(target=second_writer)
        thread.start()
        apply_availability(first, selector, availability="limited", advice_ind="Dari pertama")
        time.sleep(0.6)  # the second writer is now waiting on the row
    thread.join(timeout=20)
    assert outcome == {"second": "conflict"}
    with db.session_scope(postgres_url) as session:
        cell = _cell(session, "kanim-denpasar", "passport_application")
        assert (cell.availability, cell.advice_ind) == ("limited", "Dari pertama")

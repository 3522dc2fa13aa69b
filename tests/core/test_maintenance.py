"""Planned maintenance switches services by itself at its start and back at its end (controllable clock)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from imigrasi_site.core import accounts, db, maintenance
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.models import Maintenance, Office, OfficeService, Service, StatusChange
from imigrasi_site.core.seed import seed
from imigrasi_site.core.snapshot import SnapshotStore

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2024, 6, 25, 12, 0, tzinfo=WIB)
START = datetime(2024, 6, 25, 22, 0, tzinfo=WIB)
END = datetime(2024, 6, 25, 23, 59, tzinfo=WIB)
DENPASAR = CellSelector(office_codes=("kanim-denpasar",), service_codes=("passport_application", "stay_permit"))


@pytest.fixture
def editor(cheap_argon2, session, monkeypatch):
    return accounts.create_editor(session, username="teknisi", display_name="Teknisi", password="x" * 12,
                                  operator=True)


def cell(session, office: str, service: str) -> OfficeService:
    return session.exec(select(OfficeService).join(Office, Office.id == OfficeService.office_id)
                        .join(Service, Service.id == OfficeService.service_id)
                        .where(Office.code == office, Service.code == service)).one()


def schedule(session, editor, **overrides):
    values = dict(title_ind="Pemeliharaan jaringan", title_en="Network maintenance", availability="unavailable",
                  advice_ind="Datang besok pagi.", advice_en="Come tomorrow morning.", starts_at=START, ends_at=END,
                  actor=editor, now=NOW)
    values.update(overrides)
    return maintenance.schedule_maintenance(session, DENPASAR, **values)


def test_switches_at_the_start_and_back_at_the_end(session, editor):
    window = schedule(session, editor)
    assert maintenance.run_due(session, START - timedelta(minutes=1)) == []
    assert cell(session, "kanim-denpasar", "passport_application").availability == "normal"

    [run] = maintenance.run_due(session, START)
    assert (run.action, run.cells_changed) == ("started", 2)
    passport = cell(session, "kanim-denpasar", "passport_application")
    assert (passport.availability, passport.advice_ind) == ("unavailable", "Datang besok pagi.")
    assert passport.since == START
    assert maintenance.run_due(session, START + timedelta(minutes=5)) == []  # once, not on every round

    [run] = maintenance.run_due(session, END)
    assert (run.action, run.cells_changed) == ("ended", 2)
    passport = cell(session, "kanim-denpasar", "passport_application")
    assert (passport.availability, passport.advice_ind, passport.since) == ("normal", "", END)
    assert session.get(Maintenance, window.id).status == "completed"


def test_two_workers_running_the_same_round_apply_it_once(cheap_argon2, postgres_url, monkeypatch):
    """Two transactions at once on PostgreSQL: the second waits on the row, then finds it claimed."""
    db.migrate(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
        schedule(session, accounts.create_editor(session, username="teknisi", display_name="T",
                                                 password="x" * 12, operator=True))
    runs = []
    with db.session_scope(postgres_url) as first:
        runs += maintenance.run_due(first, START)
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(lambda: _run_in_own_transaction(postgres_url))
            time.sleep(0.5)  # the second worker is now waiting on the row the first one holds
            first.commit()
            runs += second.result(timeout=20)
    assert [r.action for r in runs] == ["started"]
    with db.session_scope(postgres_url) as session:
        changed = session.exec(select(func.count()).select_from(StatusChange)
                               .where(StatusChange.maintenance_id.is_not(None))).one()
    assert changed == 2


def _run_in_own_transaction(url):
    with db.session_scope(url) as session:
        return maintenance.run_due(session, START)


def test_a_cell_already_worse_is_left_alone_and_keeps_its_incident(session, editor, snapshot):
    incident_id = snapshot.open_incidents[0].id
    # Express passports are unavailable in the demo incident; maintenance asks only for "limited".
    selector = CellSelector(office_codes=("kanim-denpasar",), service_codes=("passport_express",))
    maintenance.schedule_maintenance(session, selector, title_ind="Pemeliharaan", availability="limited",
                                     starts_at=START, ends_at=END, actor=editor, now=NOW)
    [run] = maintenance.run_due(session, START)
    assert run.cells_changed == 0
    express = cell(session, "kanim-denpasar", "passport_express")
    assert (express.availability, express.incident_id) == ("unavailable", incident_id)


def test_an_editor_change_during_the_work_is_not_undone(session, editor):
    schedule(session, editor)
    maintenance.run_due(session, START)
    apply_availability(session, CellSelector(office_codes=("kanim-denpasar",), service_codes=("stay_permit",)),
                       availability="limited", advice_ind="Diperpanjang sampai pagi.", actor=editor,
                       at=START + timedelta(minutes=30))
    maintenance.run_due(session, END)
    assert cell(session, "kanim-denpasar", "stay_permit").advice_ind == "Diperpanjang sampai pagi."
    assert cell(session, "kanim-denpasar", "passport_application").availability == "normal"


def test_cancelling_under_way_restores_now(session, editor):
    window = schedule(session, editor)
    maintenance.run_due(session, START)
    assert maintenance.cancel_maintenance(session, window.id, actor=editor, now=START + timedelta(minutes=10)) == 2
    assert cell(session, "kanim-denpasar", "passport_application").availability == "normal"
    assert maintenance.run_due(session, END) == []


def test_a_window_missed_entirely_changes_nothing(session, editor):
    window = schedule(session, editor)
    [run] = maintenance.run_due(session, END + timedelta(hours=1))
    assert run.action == "skipped"
    assert cell(session, "kanim-denpasar", "passport_application").availability == "normal"
    assert session.get(Maintenance, window.id).status == "completed"


def test_it_is_announced_in_the_read_model_until_it_is_over(db_url, session, editor, tmp_path):
    schedule(session, editor)
    session.commit()
    store = SnapshotStore(db_url, copy_path=tmp_path / "s.json")
    [window] = store.get().maintenance_for("kanim-denpasar")
    assert (window.starts_at, window.ends_at, window.status) == (START, END, "scheduled")
    assert {c.service_code for c in window.cells} == {"passport_application", "stay_permit"}
    assert store.get().maintenance_for("kanim-jayapura") == ()
    with db.session_scope(db_url) as other:
        maintenance.run_due(other, END + timedelta(minutes=1))
    store.refresh_if_changed()
    assert store.get().maintenance_for("kanim-denpasar") == ()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title_ind": ""}, "title_ind"),
        ({"availability": "normal"}, "availability"),
        ({"ends_at": START}, "ends_at"),
        ({"starts_at": START - timedelta(days=2), "ends_at": NOW - timedelta(minutes=1)}, "ends_at"),
        ({"ends_at": START + timedelta(days=15)}, "ends_at"),
        ({"starts_at": datetime(2024, 6, 25, 22, 0)}, "starts_at"),
    ],
)
def test_bad_windows_are_refused_with_a_message(session, editor, overrides, field):
    with pytest.raises(InvalidInput) as caught:
        schedule(session, editor, **overrides)
    assert caught.value.field == field and "/" in caught.value.message


def test_times_are_kept_as_instants(db_url, session, editor):
    window = schedule(session, editor, starts_at=datetime(2024, 6, 25, 23, 0, tzinfo=ZoneInfo("Asia/Makassar")))
    session.commit()
    # Read back from the database in a session of its own, not the object still in memory.
    with db.session_scope(db_url) as fresh:
        starts_at = fresh.get(Maintenance, window.id).starts_at
        stored = fresh.connection().execute(sa.text("SELECT starts_at FROM maintenance WHERE id = :id"),
                                            {"id": window.id}).scalar_one()
    assert starts_at == datetime(2024, 6, 25, 15, 0, tzinfo=UTC)
    assert starts_at.utcoffset() == timedelta(0)
    assert str(stored).startswith("2024-06-25 15:00")  # the UTC instant, not 23:00 in Makassar


def test_overlapping_windows_leave_nothing_behind(session, editor):
    wide = schedule(session, editor, availability="limited", starts_at=START, ends_at=END)
    narrow = schedule(session, editor, availability="unavailable", starts_at=START + timedelta(minutes=30),
                      ends_at=START + timedelta(minutes=60))
    maintenance.run_due(session, START)
    maintenance.run_due(session, START + timedelta(minutes=30))
    assert cell(session, "kanim-denpasar", "passport_application").availability == "unavailable"
    maintenance.run_due(session, START + timedelta(minutes=60))
    assert cell(session, "kanim-denpasar", "passport_application").availability == "limited"
    maintenance.run_due(session, END)
    passport = cell(session, "kanim-denpasar", "passport_application")
    assert (passport.availability, passport.advice_ind) == ("normal", "")
    assert {session.get(Maintenance, w.id).status for w in (wide, narrow)} == {"completed"}


def test_a_cell_keeps_its_incident_during_the_work(session, editor, snapshot):
    incident_id = snapshot.open_incidents[0].id
    # Border checks at Ngurah Rai are limited in the demo incident; the work makes them unavailable.
    selector = CellSelector(office_codes=("tpi-bandara-ngurah-rai",), service_codes=("border_crossing",))
    maintenance.schedule_maintenance(session, selector, title_ind="Ganti perangkat", availability="unavailable",
                                     starts_at=START, ends_at=END, actor=editor, now=NOW)
    maintenance.run_due(session, START)
    border = cell(session, "tpi-bandara-ngurah-rai", "border_crossing")
    assert (border.availability, border.incident_id) == ("unavailable", incident_id)
    maintenance.run_due(session, END)
    border = cell(session, "tpi-bandara-ngurah-rai", "border_crossing")
    assert (border.availability, border.incident_id) == ("limited", incident_id)

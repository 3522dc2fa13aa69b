"""Fault 8 of docs/reliability.md: a worker paused across a maintenance window's start.

Two workers share PostgreSQL. One of them stops (SIGSTOP, a frozen VM, a long GC pause)
just after it read the windows that are due and before it switched one; while it is
stopped, the other worker starts the window; the paused one then resumes, its clock having
jumped. Also the other way round: the paused worker wakes up past the window's end. Each
switch happens exactly once: one change per cell to the maintenance state and one back.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from imigrasi_site.core import accounts, db, maintenance
from imigrasi_site.core.availability import CellSelector
from imigrasi_site.core.models import Maintenance, StatusChange
from imigrasi_site.core.seed import seed

START = datetime(2030, 3, 1, 14, 0, tzinfo=UTC)
END = START + timedelta(hours=2)
CELLS = CellSelector(office_codes=("kanim-denpasar",), service_codes=("passport_application", "stay_permit"))
PAUSED = "paused-worker"


@pytest.fixture
def window(cheap_argon2, postgres_url):
    db.migrate(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
        editor = accounts.create_editor(session, username="teknisi", display_name="Teknisi", password="x" * 12,
                                        operator=True)
        window = maintenance.schedule_maintenance(
            session, CELLS, title_ind="Pemeliharaan jaringan", availability="unavailable", starts_at=START,
            ends_at=END, actor=editor, now=START - timedelta(days=1))
        return postgres_url, window.id


@pytest.fixture
def pause_before_switching(monkeypatch):
    """The worker thread named PAUSED stops just before its conditional switch, until resumed."""
    arrived, resume = threading.Event(), threading.Event()
    claim = maintenance._claim

    def paused_claim(*args, **kwargs):
        if threading.current_thread().name == PAUSED and not resume.is_set():
            arrived.set()
            assert resume.wait(20), "the test never resumed the paused worker"
        return claim(*args, **kwargs)

    monkeypatch.setattr(maintenance, "_claim", paused_claim)
    return arrived, resume


def _run(url: str, now: datetime) -> list[maintenance.MaintenanceRun]:
    with db.session_scope(url) as session:
        return maintenance.run_due(session, now)


def _paused_worker(url: str, now: datetime, results: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: results.extend(_run(url, now)), name=PAUSED)
    thread.start()
    return thread


def _changes(url: str, window_id: int) -> dict[str, int]:
    """The window's changes to cells: to the maintenance state and back, by new availability."""
    with db.session_scope(url) as session:
        rows = session.exec(select(StatusChange.new_availability, func.count())
                            .where(StatusChange.maintenance_id == window_id)
                            .group_by(StatusChange.new_availability)).all()
    return dict(rows)


def _status(url: str, window_id: int) -> str:
    with db.session_scope(url) as session:
        return session.get(Maintenance, window_id).status


def test_a_worker_paused_across_the_start_does_not_switch_the_window_again(window, pause_before_switching):
    url, window_id = window
    arrived, resume = pause_before_switching
    paused_runs: list = []
    # The paused worker read the due windows a moment after the start, then stopped.
    thread = _paused_worker(url, START + timedelta(seconds=1), paused_runs)
    assert arrived.wait(20)
    # Meanwhile the other worker starts the window, and goes on running every few seconds.
    [started] = _run(url, START + timedelta(seconds=2))
    assert (started.action, started.cells_changed) == ("started", 2)
    assert _run(url, START + timedelta(seconds=7)) == []
    resume.set()  # the paused worker wakes up, its clock well past the start
    thread.join(20)
    assert paused_runs == []
    assert _status(url, window_id) == "active"
    assert _changes(url, window_id) == {"unavailable": 2}
    # Its next round, with the clock jumped by an hour, changes nothing either.
    assert _run(url, START + timedelta(hours=1)) == []
    assert _changes(url, window_id) == {"unavailable": 2}


def test_a_worker_waking_up_past_the_end_ends_the_window_once(window, pause_before_switching):
    url, window_id = window
    arrived, resume = pause_before_switching
    [started] = _run(url, START)
    assert started.action == "started"
    paused_runs: list = []
    thread = _paused_worker(url, END + timedelta(minutes=30), paused_runs)  # the clock jumped past the end
    assert arrived.wait(20)
    [ended] = _run(url, END)  # the other worker ends the window on time
    assert (ended.action, ended.cells_changed) == ("ended", 2)
    resume.set()
    thread.join(20)
    assert paused_runs == []
    assert _status(url, window_id) == "completed"
    assert _changes(url, window_id) == {"unavailable": 2, "normal": 2}

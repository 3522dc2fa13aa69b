"""Faults 4 and 5 of docs/reliability.md: the disk refuses the snapshot copy; the copy is corrupt at start.

The disk is made to refuse for real: RLIMIT_FSIZE caps the size of any file this process
writes, so the kernel fails the copy's write with EFBIG, as a full disk fails it with ENOSPC
(both are an OSError to the store). No privileges needed.
"""

from __future__ import annotations

import logging
import resource
import signal
from contextlib import contextmanager

from starlette.testclient import TestClient

from imigrasi_site.core import db
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.snapshot import COPY_ERROR_LOG_EVERY, SnapshotStore, snapshot_from_json
from imigrasi_site.http.routes import PublicRoutes
from tests.support.routes import reflex_stand_in

SNAPSHOT_LOG = "imigrasi_site.core.snapshot"


@contextmanager
def disk_refuses_files_over(limit: int):
    """Every write past `limit` bytes of a file fails in this process, as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the kernel's signal, else the process dies
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _change(db_url: str, availability: str) -> None:
    with db.session_scope(db_url) as session:
        apply_availability(session, CellSelector(office_codes=("kanim-denpasar",),
                                                 service_codes=("passport_application",)), availability=availability)


def _failures(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == SNAPSHOT_LOG and "could not save the snapshot copy" in r.message]


def test_a_refused_copy_keeps_the_previous_one_logs_once_a_minute_and_the_site_answers(db_url, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger=SNAPSHOT_LOG)
    copy = tmp_path / "copy" / "public-snapshot.json"
    store = SnapshotStore(db_url, copy_path=copy)
    first = store.get()
    saved = copy.read_bytes()
    assert snapshot_from_json(saved.decode()) == first
    clock = [1000.0]
    store._clock = lambda: clock[0]
    client = TestClient(PublicRoutes(reflex_stand_in, store), base_url="http://site.test")

    # Twenty writes by editors, each followed by this worker's rebuild, with the disk refusing.
    for i in range(20):
        _change(db_url, "limited" if i % 2 == 0 else "unavailable")
        with disk_refuses_files_over(len(saved) // 2):
            assert store.refresh_if_changed() is True
        clock[0] += 1
        response = client.get("/api/v1/offices/kanim-denpasar")
        assert response.status_code == 200  # from memory, the newest change included
        services = {s["code"]: s["availability"] for s in response.json()["data"]["services"]}
        assert services["passport_application"] == ("limited" if i % 2 == 0 else "unavailable")

    assert copy.read_bytes() == saved, "the previous copy must stay intact"
    assert not list(copy.parent.glob("*.partial")), "no half-written file may stay behind"
    assert len(_failures(caplog)) == 1
    assert "previous copy is kept" in _failures(caplog)[0].message

    clock[0] += COPY_ERROR_LOG_EVERY
    _change(db_url, "normal")
    with disk_refuses_files_over(len(saved) // 2):
        store.refresh_if_changed()
    assert len(_failures(caplog)) == 2 and "21 failed saves" in _failures(caplog)[1].message

    # Space again: the next rebuild saves the newest snapshot and says so.
    _change(db_url, "limited")
    store.refresh_if_changed()
    assert snapshot_from_json(copy.read_text()) == store.get()
    assert any("saved to" in r.message and "again" in r.message for r in caplog.records)


def _valid_copy(db_url: str, tmp_path) -> bytes:
    path = tmp_path / "valid.json"
    SnapshotStore(db_url, copy_path=path).get()
    return path.read_bytes()


def test_a_corrupt_or_truncated_copy_at_start_is_replaced_from_the_database(db_url, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger=SNAPSHOT_LOG)
    valid = _valid_copy(db_url, tmp_path)
    for name, damaged in (("truncated", valid[: len(valid) // 3]), ("garbage", b"\x00\xff not json"),
                          ("empty", b""), ("wrong shape", b'{"format": 1, "snapshot": {"offices": 3}}')):
        caplog.clear()
        copy = tmp_path / f"{name}.json"
        copy.write_bytes(damaged)
        store = SnapshotStore(db_url, copy_path=copy)
        started = store.get()
        assert started.offices, name
        [warning] = [r for r in caplog.records if "unreadable" in r.message]
        assert "started from the database" in warning.message and str(copy) in warning.message
        assert snapshot_from_json(copy.read_text()) == started, f"{name}: a new copy must be written"

"""The last good copy of the read model: saved after every rebuild, served when the database is gone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imigrasi_site.core import db
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.snapshot import (
    RENEW_AFTER,
    SnapshotStore,
    SnapshotUnavailable,
    is_stale,
    snapshot_from_json,
    snapshot_to_json,
)

CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:9/nothing"


def test_a_snapshot_survives_the_round_trip_to_disk(snapshot):
    restored = snapshot_from_json(snapshot_to_json(snapshot))
    assert restored == snapshot
    assert restored.office("kanim-putussibau") == snapshot.office("kanim-putussibau")
    assert restored.notice(snapshot.notices[0].slug).body_id == snapshot.notices[0].body_id
    assert restored.incident(snapshot.incidents[0].id).updates == snapshot.incidents[0].updates
    assert restored.summary == snapshot.summary


def test_every_rebuild_is_saved_and_a_new_process_starts_from_it_without_a_database(store, db_url, tmp_path):
    first = store.get()
    copy = tmp_path / "snapshot.json"
    assert snapshot_from_json(copy.read_text()) == first
    with db.session_scope(db_url) as session:
        apply_availability(session, CellSelector(service_codes=("passport_application",),
                                                 office_codes=("kanim-denpasar",)), availability="limited")
    store.refresh_if_changed()
    # A process started while the database is unreachable answers from the copy, newest change included.
    cold = SnapshotStore(CLOSED_PORT_URL, copy_path=copy)
    served = cold.get()
    assert served.office("kanim-denpasar").cell("passport_application").availability == "limited"
    assert served.revision == store.get().revision


def test_no_database_and_no_copy_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotUnavailable):
        SnapshotStore(CLOSED_PORT_URL, copy_path=tmp_path / "missing.json").get()


def test_an_outage_keeps_the_snapshot_and_it_turns_stale(store):
    current = store.get()
    outage = SnapshotStore(CLOSED_PORT_URL, copy_path=store._copy_path)
    outage._snapshot = current
    with pytest.raises(Exception):
        outage.refresh_if_changed()
    assert outage.get() is current
    assert not is_stale(current, current.built_at + timedelta(seconds=30))
    assert is_stale(current, current.built_at + timedelta(minutes=5))


def test_an_unchanged_snapshot_is_reconfirmed_every_minute(store):
    first = store.get()
    assert store.refresh_if_changed(now=first.built_at + timedelta(seconds=5)) is False
    assert store.get() is first
    later = first.built_at + RENEW_AFTER + timedelta(seconds=1)
    assert store.refresh_if_changed(now=later) is False
    renewed = store.get()
    assert renewed.built_at == later and renewed.revision == first.revision
    assert renewed.offices == first.offices

"""The last good copy of the read model: saved after every rebuild, served when the database is gone."""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from datetime import timedelta

import pytest
import sqlalchemy as sa

from imigrasi_site.core import db
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.snapshot import (
    RENEW_AFTER,
    SNAPSHOT_VERSION,
    OldSnapshotCopy,
    SnapshotStore,
    SnapshotUnavailable,
    is_stale,
    snapshot_from_json,
    snapshot_to_json,
)
from imigrasi_site.core.views import OfficeView

CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:9/nothing"


def test_a_snapshot_survives_the_round_trip_to_disk(snapshot):
    restored = snapshot_from_json(snapshot_to_json(snapshot))
    assert restored == snapshot
    assert restored.office("kanim-putussibau") == snapshot.office("kanim-putussibau")
    assert restored.notice(snapshot.notices[0].slug).body_ind == snapshot.notices[0].body_ind
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
    with pytest.raises(sa.exc.OperationalError):  # the database cannot be reached
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


def _old_copy(snapshot, path):
    """The copy as the app wrote it before the declared codec: format 1, an office without its search text."""
    document = json.loads(snapshot_to_json(snapshot))
    for office in document["snapshot"]["offices"]:
        del office["search_text"]
    path.write_text(json.dumps({"format": 1, "snapshot": document["snapshot"]}))
    return path


def test_the_copy_names_its_version_and_saves_every_field_of_the_views(snapshot):
    document = json.loads(snapshot_to_json(snapshot))
    assert document["version"] == SNAPSHOT_VERSION
    office = document["snapshot"]["offices"][0]
    assert set(office) == {f.name for f in fields(OfficeView)}
    assert office["cells"][0]["since"].endswith("Z")


def test_a_copy_of_another_version_is_refused_with_a_clear_log_line(snapshot, tmp_path, caplog):
    copy = _old_copy(snapshot, tmp_path / "old.json")
    with pytest.raises(OldSnapshotCopy, match="version None"):
        snapshot_from_json(copy.read_text())
    cold = SnapshotStore(CLOSED_PORT_URL, copy_path=copy)
    with caplog.at_level(logging.ERROR, logger="imigrasi_site.core.snapshot"), pytest.raises(SnapshotUnavailable):
        cold.get()
    (line,) = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert str(copy) in line and SNAPSHOT_VERSION in line


def test_with_an_old_copy_the_app_rebuilds_from_the_database_and_saves_a_current_one(db_url, snapshot, tmp_path):
    copy = _old_copy(snapshot, tmp_path / "old.json")
    store = SnapshotStore(db_url, copy_path=copy)
    built = store.get()
    assert built.office("kanim-putussibau") is not None
    assert snapshot_from_json(copy.read_text()) == built

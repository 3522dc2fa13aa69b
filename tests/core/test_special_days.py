"""Special days: publishers enter closures and extra openings; they are checked, audited and public."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from imigrasi_site.core import accounts, hours, special_days
from imigrasi_site.core.errors import InvalidInput, PermissionDenied
from imigrasi_site.core.models import AuditEvent, SpecialDay
from imigrasi_site.core.snapshot import OldSnapshotCopy, snapshot_from_json, snapshot_to_json
from imigrasi_site.core.special_days import SpecialDayScope

WITA = ZoneInfo("Asia/Makassar")
MAKASSAR = SpecialDayScope(office_code="kanim-makassar")


@pytest.fixture
def publisher(cheap_argon2, session, monkeypatch):
    return accounts.create_editor(session, username="penerbit", display_name="Penerbit", password="x" * 12,
                                  role="publisher", operator=True)


@pytest.fixture
def editor(session, publisher):
    return accounts.create_editor(session, username="penulis", display_name="Penulis", password="x" * 12,
                                  role="editor", operator=True)


def _closure(session, actor, scope=MAKASSAR, day="2026-12-07", **extra):
    values = dict(day=day, kind="closure", reason_ind="Banjir di sekitar kantor", reason_en="Flooding near the office",
                  actor=actor)
    values.update(extra)
    return special_days.create_special_day(session, scope, **values)


def test_a_closure_is_audited_public_and_closes_the_office(session, store, publisher):
    row = _closure(session, publisher)
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "special_day.create")).one()
    assert event.actor_id == publisher.id and json.loads(event.after)["reason_en"] == "Flooding near the office"
    snapshot = store.get()
    office = snapshot.office("kanim-makassar")
    (view,) = snapshot.special_days_for(office)
    assert (view.id, view.day, view.kind, view.office_code) == (row.id, "2026-12-07", "closure", "kanim-makassar")
    assert snapshot.special_days_for(snapshot.office("kanim-jakarta-selatan")) == ()
    monday_morning = datetime(2026, 12, 7, 10, 0, tzinfo=WITA)
    assert hours.open_now(office, monday_morning, snapshot.special_days_for(office)) is False
    summary = hours.office_hours_summary(snapshot, office, monday_morning, "en")
    assert summary.today_notes == "Flooding near the office" and summary.line == "Closed · opens Tuesday 08:00 WITA"
    # The saved copy keeps special days.
    assert snapshot_from_json(snapshot_to_json(snapshot)).special_days == snapshot.special_days


def test_a_saturday_opening_for_a_province_and_type(session, store, publisher):
    scope = SpecialDayScope(province_code="73", office_type="kanim")
    special_days.create_special_day(session, scope, day="2026-12-12", kind="opening", opens="08:00", closes="12:00",
                                    reason_ind="Layanan paspor hari Sabtu", reason_en="Saturday passport service",
                                    actor=publisher)
    session.commit()
    snapshot = store.get()
    office = snapshot.office("kanim-makassar")
    day = hours.day_hours(office, date(2026, 12, 12), snapshot.special_days_for(office))
    assert day.status == "open" and [i.text("id") for i in day.intervals] == ["08.00–12.00"]
    other = snapshot.office("kanim-jakarta-selatan")
    assert hours.day_hours(other, date(2026, 12, 12), snapshot.special_days_for(other)).is_closed


@pytest.mark.parametrize("values, field, message", [
    (dict(opens="12:00", closes="08:00"), "opens", "must come after"),
    (dict(opens="09:00", closes="11:00"), "opens", "overlap"),
    (dict(opens="8", closes="12:00"), "opens", "HH:MM"),
    (dict(day="2031-01-04"), "day", "2024-2030"),
    (dict(day="2023-12-30"), "day", "2024-2030"),
    (dict(day="04-01-2026"), "day", "YYYY-MM-DD"),
    (dict(reason_en=""), "reason_en", "both languages"),
])
def test_bad_special_days_are_refused_with_a_clear_message(session, publisher, values, field, message):
    special_days.create_special_day(session, MAKASSAR, day="2026-12-12", kind="opening", opens="08:00",
                                    closes="10:00", reason_ind="Sabtu", reason_en="Saturday", actor=publisher)
    attempt = dict(day="2026-12-12", kind="opening", opens="10:00", closes="12:00", reason_ind="Sabtu",
                   reason_en="Saturday", actor=publisher)
    attempt.update(values)
    with pytest.raises(InvalidInput, match=message) as error:
        special_days.create_special_day(session, MAKASSAR, **attempt)
    assert error.value.field == field
    assert len(session.exec(select(SpecialDay)).all()) == 1


def test_scope_and_role_are_checked(session, publisher, editor):
    with pytest.raises(PermissionDenied):
        _closure(session, editor)
    with pytest.raises(InvalidInput, match="No office has the code"):
        _closure(session, publisher, SpecialDayScope(office_code="kanim-atlantis"))
    with pytest.raises(InvalidInput, match="not both"):
        _closure(session, publisher, SpecialDayScope(office_code="kanim-makassar", province_code="73"))
    with pytest.raises(InvalidInput, match="Unknown office type"):
        _closure(session, publisher, SpecialDayScope(office_type="embassy"))
    _closure(session, publisher)
    with pytest.raises(InvalidInput, match="already has a special day"):
        _closure(session, publisher)


def test_deleting_a_special_day_is_audited(session, store, publisher):
    row = _closure(session, publisher, SpecialDayScope())
    session.commit()
    assert len(store.get().special_days) == 1
    special_days.delete_special_day(session, row.id, actor=publisher)
    session.commit()
    assert store.refresh_if_changed() is True
    assert store.get().special_days == ()
    deleted = session.exec(select(AuditEvent).where(AuditEvent.action == "special_day.delete")).one()
    assert json.loads(deleted.before)["kind"] == "closure"
    listed = special_days.list_special_days(session, actor=publisher)
    assert listed == []


def test_a_copy_saved_before_special_days_existed_is_refused(session, store, publisher):
    # Read with a default, it would say "no closures" while the database holds one.
    _closure(session, publisher)
    session.commit()
    document = json.loads(snapshot_to_json(store.get()))
    del document["snapshot"]["special_days"]
    document["version"] = "written-before-special-days"
    with pytest.raises(OldSnapshotCopy):
        snapshot_from_json(json.dumps(document))

"""Two editors restore the same incident at the same moment: one restore goes in, the other is told."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlmodel import func, select

from imigrasi_site.core import accounts, availability, db
from imigrasi_site.core.models import Incident, OfficeService, StatusChange
from imigrasi_site.core.seed import seed
from imigrasi_site.ui.state.incidents import IncidentWorkspaceState
from tests.support import accounts as signing
from tests.support.states import make_state

PASSWORD = "kata-sandi-balapan"


@pytest.fixture(params=["sqlite", "postgresql"])
def race_db(request, monkeypatch):
    if request.param == "sqlite":
        return request.getfixturevalue("db_url")
    url = request.getfixturevalue("postgres_url")
    db.migrate(url)
    with db.session_scope(url) as session:
        seed(session)
    monkeypatch.setenv("IMIGRASI_DB_URL", url)
    return url


def test_two_restores_at_once_restore_each_cell_once_and_tell_the_second_editor(cheap_argon2, race_db, monkeypatch):
    with db.session_scope(race_db) as session:
        for name in ("pemulih-a", "pemulih-b"):
            accounts.create_editor(session, username=name, display_name=name, password=PASSWORD, operator=True)
    with db.session_scope(race_db) as session:
        tokens = [signing.sign_in(session, username=name, password=PASSWORD, client_address="t")[1]
                  for name in ("pemulih-a", "pemulih-b")]
        incident = session.exec(select(Incident)).first()
        held = len(availability.restore_targets(session, incident.id))
        changes_before = session.exec(select(func.count()).select_from(StatusChange)).one()
    assert held > 0

    # Both restores have read what the incident holds before either writes: the race, every time.
    both_read = threading.Barrier(2, timeout=10)
    real_targets = availability.restore_targets

    def targets_then_wait(session, incident_id):
        found = real_targets(session, incident_id)
        both_read.wait()
        return found

    monkeypatch.setattr(availability, "restore_targets", targets_then_wait)
    states = []
    for token in tokens:
        _root, state = make_state(IncidentWorkspaceState, token)
        state.incident_id = incident.id
        states.append(state)

    async def race():
        await asyncio.gather(*(state.event_handlers["restore"].fn(state) for state in states))

    asyncio.run(race())  # no exception reaches the event loop
    monkeypatch.setattr(availability, "restore_targets", real_targets)

    winners = [s for s in states if s.error == ""]
    losers = [s for s in states if s.error != ""]
    assert len(winners) == 1 and len(losers) == 1
    assert winners[0].notice == f"{held} layanan dipulihkan."
    loser = losers[0]
    assert "baru saja diubah orang lain" in loser.error and "was just changed by someone else" in loser.error
    assert loser.notice == ""
    # The second editor sees what is true now: nothing left to restore.
    assert loser.held_cells == 0 and winners[0].held_cells == 0
    with db.session_scope(race_db) as session:
        assert session.exec(select(func.count()).select_from(StatusChange)).one() == changes_before + held
        assert session.exec(select(OfficeService).where(OfficeService.incident_id == incident.id)).all() == []

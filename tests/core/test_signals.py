"""Signals on a controllable clock, with a simulated fleet of offices sending heartbeats.

The fleet is bounded (20 offices, a heartbeat every 30 s each, local and in process); the
rules run every 15 s of simulated time, as the background loop would.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from imigrasi_site.core import accounts, checks, db, heartbeats, signal_rows, signals
from imigrasi_site.core.errors import PermissionDenied
from imigrasi_site.core.models import (
    AuditEvent,
    NotificationEvent,
    Office,
    OfficeService,
    OutboxMessage,
    Service,
    Signal,
    SignalOffice,
)
from imigrasi_site.core.presenters import office_detail
from imigrasi_site.core.settings import HeartbeatSettings, Settings, SignalSettings
from imigrasi_site.core.snapshot import SnapshotStore

T0 = datetime(2024, 6, 20, 1, 0, tzinfo=UTC)  # 08.00 WIB
SETTINGS = Settings(heartbeats=HeartbeatSettings(missing_minutes=5),
                    signals=SignalSettings(check_failures=3, group_min=5,
                                           oncall_emails=("piket1@imigrasi.example", "piket2@imigrasi.example")))
WINDOW = SETTINGS.heartbeats.missing_window


@pytest.fixture(autouse=True)
def oncall_emails(monkeypatch):
    monkeypatch.setenv("IMIGRASI_ONCALL_EMAILS", ",".join(SETTINGS.signals.oncall_emails))

class Fleet:
    """Offices with their tokens; `beat` sends one heartbeat from each office that is up."""

    settings = SETTINGS

    def __init__(self, db_url: str, operator_admin, size: int) -> None:
        self.db_url = db_url
        with db.session_scope(db_url) as session:
            self.codes = list(session.exec(select(Office.code).order_by(Office.code).limit(size)).all())
            self.tokens = {code: heartbeats.create_token(session, operator_admin, code, now=T0) for code in self.codes}
        self.down: set[str] = set()
        self.reports: dict[str, dict] = {}

    def beat(self, now: datetime) -> None:
        with db.session_scope(self.db_url) as session:
            for code in self.codes:
                if code not in self.down:
                    report = heartbeats.parse_report(json.dumps(self.reports.get(code, {})).encode())
                    assert heartbeats.ingest(session, code, self.tokens[code], report, now=now,
                                             missing_window=WINDOW) == heartbeats.ACCEPTED

    def run(self, start: datetime, seconds: int) -> datetime:
        """Heartbeats every 30 s and the rules every 15 s, from `start` for `seconds`; returns the end."""
        now = start
        while now < start + timedelta(seconds=seconds):
            if int((now - T0).total_seconds()) % 30 == 0:
                self.beat(now)
            with db.session_scope(self.db_url) as session:
                signals.evaluate(session, now=now, settings=self.settings)
            now += timedelta(seconds=15)
        return now


def _signals(db_url: str) -> list[Signal]:
    with db.session_scope(db_url) as session:
        return list(session.exec(select(Signal).order_by(Signal.id)).all())


def _mails(db_url: str) -> list[OutboxMessage]:
    with db.session_scope(db_url) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def _events(db_url: str, kind_prefix: str = "signal.") -> list[dict]:
    with db.session_scope(db_url) as session:
        return [json.loads(e.payload) | {"kind_": e.kind} for e in session.exec(
            select(NotificationEvent).order_by(NotificationEvent.id)).all() if e.kind.startswith(kind_prefix)]


def test_a_grouped_signal_appears_after_the_window_clears_on_recovery_and_notifies_once_each_way(db_url, operator_admin):
    fleet = Fleet(db_url, operator_admin, 20)
    seeded_changes = len(_events(db_url, "availability."))
    now = fleet.run(T0, 120)
    assert _signals(db_url) == []
    stopped = fleet.codes[:8]
    fleet.down = set(stopped)
    last_beat = now - timedelta(seconds=30)  # the fleet's last heartbeat before they stopped
    now = fleet.run(now, int(WINDOW.total_seconds()) - 30)
    assert _signals(db_url) == [], "no signal before the window has passed"
    now = fleet.run(now, 45)
    [signal] = _signals(db_url)
    assert signal.kind == "heartbeat_missing" and signal.cleared_at is None
    assert last_beat + WINDOW < signal.opened_at <= last_beat + WINDOW + timedelta(seconds=15)
    with db.session_scope(db_url) as session:
        members = session.exec(select(Office.code).join(SignalOffice, SignalOffice.office_id == Office.id)
                               .where(SignalOffice.signal_id == signal.id)).all()
        assert sorted(members) == sorted(stopped)
        assert signals.describe(session, signal, "id", SETTINGS) == \
            "8 kantor kehilangan kontak sejak 08.01 WIB: kemungkinan penyebab pusat"
        assert signals.describe(session, signal, "en", SETTINGS) == \
            "8 offices lost contact since 08:01 WIB: probably a central cause"
    mails = _mails(db_url)
    assert sorted(m.to_email for m in mails) == sorted(SETTINGS.signals.oncall_emails)
    assert "8 kantor kehilangan kontak" in mails[0].subject and "8 offices lost contact" in mails[0].body
    assert [e["kind_"] for e in _events(db_url)] == ["signal.opened"]
    assert sorted(_events(db_url)[0]["office_codes"]) == sorted(stopped)

    # Still down for a while: nothing more is sent, and nothing public changed.
    now = fleet.run(now, 600)
    assert len(_mails(db_url)) == 2 and len(_events(db_url)) == 1
    assert len(_events(db_url, "availability.")) == seeded_changes

    fleet.down = set()
    back = now if int((now - T0).total_seconds()) % 30 == 0 else now + timedelta(seconds=15)
    now = fleet.run(now, 60)
    [signal] = _signals(db_url)
    assert signal.cleared_at is not None and signal.cleared_at <= back + timedelta(seconds=15)
    mails = _mails(db_url)
    assert len(mails) == 4 and all("Pulih" in m.subject for m in mails[2:])
    lasted = round((signal.cleared_at - signal.since).total_seconds() / 60)
    assert f"setelah {lasted} menit" in mails[2].body and f"after {lasted} minutes" in mails[2].body
    assert [e["kind_"] for e in _events(db_url)] == ["signal.opened", "signal.cleared"]
    with db.session_scope(db_url) as session:
        history = heartbeats.office_history(session, operator_admin, stopped[0])
    assert len(history) == 1 and history[0].stopped == last_beat and history[0].resumed == back

    fleet.run(now, 300)
    assert len(_mails(db_url)) == 4 and len(_events(db_url)) == 2


def test_a_few_offices_are_named_in_the_signal(db_url, operator_admin):
    fleet = Fleet(db_url, operator_admin, 6)
    now = fleet.run(T0, 60)
    fleet.down = {fleet.codes[0]}
    fleet.run(now, 420)
    [signal] = _signals(db_url)
    with db.session_scope(db_url) as session:
        name = session.exec(select(Office.name).where(Office.code == fleet.codes[0])).one()
        assert signals.describe(session, signal, "id", SETTINGS).startswith(f"{name} kehilangan kontak sejak ")


def test_the_signals_page_names_a_large_group_briefly_and_shows_check_addresses_to_admins_only(db_url, operator_admin):
    fleet = Fleet(db_url, operator_admin, 20)
    now = fleet.run(T0, 60)
    fleet.down = set(fleet.codes[:15])
    fleet.run(now, 420)
    with db.session_scope(db_url) as session:
        checks.add_check(session, operator_admin, name="SIMKIM", url="https://simkim.example/health")
        editor = accounts.create_editor(session, username="penyunting-sinyal", display_name="Penyunting",
                                        password="x" * 12, role="editor", operator=True)
    with db.session_scope(db_url) as session:
        [row] = signal_rows.overview(session, operator_admin, "en").signals
        listed, _services = row.where.split(" · ") if " · " in row.where else (row.where, "")
        assert listed.endswith("… (+3)") and len(listed.split(", ")) == signal_rows.MAX_LISTED_OFFICES
        assert row.is_open and row.state == "open"
        assert [c.url for c in signal_rows.overview(session, operator_admin, "en").checks] == ["https://simkim.example/health"]
        assert [c.url for c in signal_rows.overview(session, editor, "en").checks] == [""]
        [gap] = signal_rows.heartbeat_gaps(session, operator_admin, fleet.codes[0], "en")
        assert gap.stopped and gap.resumed == "not yet"


def test_degraded_reports_make_a_signal_per_service(db_url, operator_admin):
    fleet = Fleet(db_url, operator_admin, 4)
    fleet.reports = {code: {"services": {"passport_application": "degraded"}} for code in fleet.codes[:2]}
    now = fleet.run(T0, 60)
    [signal] = _signals(db_url)
    assert signal.kind == "service_degraded" and signal.services == "passport_application"
    with db.session_scope(db_url) as session:
        assert "dilaporkan terganggu oleh 2 kantor" in signals.describe(session, signal, "id", SETTINGS)
    fleet.reports = {}
    fleet.run(now, 60)
    [signal] = _signals(db_url)
    assert signal.cleared_at is not None


def _cells(db_url: str, office_code: str) -> dict[str, tuple[str, str]]:
    with db.session_scope(db_url) as session:
        rows = session.exec(select(Service.code, OfficeService.availability, OfficeService.advice_ind)
                            .join(OfficeService, OfficeService.service_id == Service.id)
                            .join(Office, Office.id == OfficeService.office_id).where(Office.code == office_code))
        return {code: (availability, advice) for code, availability, advice in rows}


def test_automatic_marking_changes_only_the_chosen_service_and_says_so(db_url, operator_admin, tmp_path):
    with db.session_scope(db_url) as session:
        with pytest.raises(PermissionDenied):
            signals.set_auto_marking(session, None, "passport_application", True)
        signals.set_auto_marking(session, operator_admin, "passport_application", True)
        # Offices that offer passport services and have them all normal now.
        normal = set(session.exec(select(Office.code).join(OfficeService, OfficeService.office_id == Office.id)
                                  .join(Service, Service.id == OfficeService.service_id)
                                  .where(Service.code == "passport_application",
                                         OfficeService.availability == "normal")).all())
    fleet = Fleet(db_url, operator_admin, 60)
    fleet.codes = [c for c in fleet.codes if c in normal][:3]
    down, up = fleet.codes[0], fleet.codes[1]
    before_down, before_up = _cells(db_url, down), _cells(db_url, up)
    assert len(before_down) > 1
    now = fleet.run(T0, 60)
    fleet.down = {down}
    now = fleet.run(now, 420)
    after = _cells(db_url, down)
    advice_ind, advice_en = signals.auto_advice()
    assert after["passport_application"] == ("limited", advice_ind)
    assert {k: v for k, v in after.items() if k != "passport_application"} == \
        {k: v for k, v in before_down.items() if k != "passport_application"}
    assert _cells(db_url, up) == before_up

    snapshot = SnapshotStore(db_url, copy_path=tmp_path / "s.json").get()
    cell = snapshot.office(down).cell("passport_application")
    assert cell.detected_automatically and not snapshot.office(up).cell("passport_application").detected_automatically
    detail = office_detail(snapshot, snapshot.office(down), "en")
    [row] = [c for c in detail.cells if c.service_code == "passport_application"]
    assert row.availability == "limited" and row.what_to_do == advice_en and "detected automatically" in advice_en
    with db.session_scope(db_url) as session:
        marks = [e for e in session.exec(select(AuditEvent).where(AuditEvent.action == "availability.change")).all()
                 if advice_ind in (e.after or "")]
        assert len(marks) == 1 and marks[0].actor_id is None

    fleet.down = set()
    fleet.run(now, 60)
    assert _cells(db_url, down) == before_down
    snapshot = SnapshotStore(db_url, copy_path=tmp_path / "s2.json").get()
    assert not snapshot.office(down).cell("passport_application").detected_automatically


def test_without_opt_in_a_signal_changes_nothing_public(db_url, operator_admin):
    fleet = Fleet(db_url, operator_admin, 3)
    before = {code: _cells(db_url, code) for code in fleet.codes}
    seeded_changes = len(_events(db_url, "availability."))
    now = fleet.run(T0, 60)
    fleet.down = set(fleet.codes)
    fleet.run(now, 420)
    assert len(_signals(db_url)) == 1
    assert {code: _cells(db_url, code) for code in fleet.codes} == before
    assert len(_events(db_url, "availability.")) == seeded_changes


def test_rules_run_once_per_interval_across_workers(db_url, operator_admin):
    assert signals.run_rules(now=T0, url=db_url, settings=SETTINGS) is not None
    assert signals.run_rules(now=T0 + timedelta(seconds=1), url=db_url, settings=SETTINGS) is None
    assert signals.run_rules(now=T0 + signals.RULES_INTERVAL, url=db_url, settings=SETTINGS) is not None


def test_two_workers_starting_at_once_evaluate_once_and_raise_nothing(postgres_url):
    from imigrasi_site.core.seed import seed
    from tests.support.concurrency import in_parallel

    db.migrate(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
    results = in_parallel(lambda: signals.run_rules(now=T0, url=postgres_url, settings=SETTINGS), workers=2)
    assert sorted(result is None for result in results) == [False, True]


def test_the_prefill_link_names_the_offices_and_the_service(db_url, operator_admin):
    fleet = Fleet(db_url, operator_admin, 3)
    now = fleet.run(T0, 60)
    fleet.down = set(fleet.codes[:2])
    now = fleet.run(now, 420)
    with db.session_scope(db_url) as session:
        [info] = signals.list_signals(session, operator_admin, now=now)
        signals.confirm(session, operator_admin, info.id)
    assert info.prefill_path == "/admin/status?availability=limited&offices=" + "%2C".join(sorted(fleet.codes[:2]))
    with db.session_scope(db_url) as session:
        [info] = signals.list_signals(session, operator_admin, now=now)
        assert info.confirmed_by == "Admin"
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "signal.confirm")).first() is not None
    assert signals.prefill_path((), ("border_crossing",)) == "/admin/status?availability=limited&service=border_crossing"


def test_a_read_model_copy_saved_before_the_field_existed_still_loads(snapshot):
    from imigrasi_site.core.snapshot import snapshot_from_json, snapshot_to_json

    document = json.loads(snapshot_to_json(snapshot))
    for office in document["snapshot"]["offices"]:
        for cell in office["cells"]:
            del cell["detected_automatically"]
    loaded = snapshot_from_json(json.dumps(document))
    assert loaded.office("kanim-putussibau").cell("passport_application").detected_automatically is False


def test_the_oncall_webhook_gets_one_event_each_way_and_other_partners_none(db_url, operator_admin, caplog, monkeypatch):
    from imigrasi_site.core import notify, webhooks
    from imigrasi_site.core.models import WebhookDelivery

    oncall_team = dataclasses.replace(SETTINGS.signals, oncall_webhooks=("Piket",))
    monkeypatch.setattr(Fleet, "settings", dataclasses.replace(SETTINGS, signals=oncall_team))
    with db.session_scope(db_url) as session:
        oncall = webhooks.register_endpoint(session, operator_admin, name="Piket", url="https://piket.example/hook", now=T0)[0]
        webhooks.register_endpoint(session, operator_admin, name="Media mitra", url="https://media.example/hook", now=T0)
    fleet = Fleet(db_url, operator_admin, 6)
    now = fleet.run(T0, 60)
    fleet.down = {fleet.codes[0]}
    now = fleet.run(now, 420)
    fleet.down = set()
    fleet.run(now, 60)
    with db.session_scope(db_url) as session:
        deliveries = session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        assert {d.endpoint_id for d in deliveries} == {oncall}
        bodies = [json.loads(d.body) for d in deliveries]
        with caplog.at_level("WARNING"):
            notify.fan_out(session, now=now)
    assert [b["type"] for b in bodies] == ["signal.opened", "signal.cleared"]
    assert bodies[0]["data"]["office_codes"] == [fleet.codes[0]] and "lost contact" in bodies[0]["data"]["summary"]["en"]
    assert "unknown kind" not in caplog.text

"""System checks against a local HTTP server that starts failing, on a controllable clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from imigrasi_site.core import checks, db, signals
from imigrasi_site.core.errors import InvalidInput, PermissionDenied
from imigrasi_site.core.models import CheckResult, OutboxMessage, Signal
from imigrasi_site.core.settings import HeartbeatSettings, Settings, SignalSettings

T0 = datetime(2024, 6, 20, 1, 0, tzinfo=UTC)
SETTINGS = Settings(heartbeats=HeartbeatSettings(missing_minutes=5),
                    signals=SignalSettings(check_failures=3, group_min=5, oncall_emails=("piket@imigrasi.example",)))


class CentralSystem:
    """A stand-in for a central system on 127.0.0.1: healthy until `failing` is set."""

    def __init__(self) -> None:
        self.failing = False
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(self.path)
                if self.path == "/elsewhere":
                    self.send_response(302)
                    self.send_header("Location", "http://localhost.invalid/health")
                elif self.path == "/moved":
                    self.send_response(301)
                    self.send_header("Location", "/health")
                elif outer.failing:
                    self.send_response(503)
                else:
                    self.send_response(200)
                body = b"" if self.path != "/health" or outer.failing else b"status: SEHAT"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def central():
    system = CentralSystem()
    yield system
    system.close()


def _add(db_url, operator_admin, **fields) -> int:
    with db.session_scope(db_url) as session:
        return checks.add_check(session, operator_admin, **({"name": "SIMKIM pusat", "interval_seconds": 60,
                                                    "timeout_seconds": 2, "now": T0} | fields))


def _results(db_url, check_id) -> list[CheckResult]:
    with db.session_scope(db_url) as session:
        return list(session.exec(select(CheckResult).where(CheckResult.check_id == check_id)
                                 .order_by(CheckResult.id)).all())


def test_failing_checks_make_a_signal_after_m_in_a_row_and_clear_when_it_passes(db_url, operator_admin, central):
    check_id = _add(db_url, operator_admin, url=central.url + "/health", expected_text="SEHAT",
                    service_code="passport_application")
    now = T0
    for _ in range(2):
        assert checks.run_due(now=now, url=db_url) == 1
        assert checks.run_due(now=now, url=db_url) == 0  # claimed: not again before its interval
        now += timedelta(seconds=60)
    central.failing = True
    for i in range(3):
        checks.run_due(now=now, url=db_url)
        with db.session_scope(db_url) as session:
            signals.evaluate(session, now=now, settings=SETTINGS)
        assert len(list(_signal_rows(db_url))) == (1 if i == 2 else 0)
        now += timedelta(seconds=60)
    results = _results(db_url, check_id)
    assert [r.ok for r in results] == [True, True, False, False, False]
    assert results[-1].status_code == 503 and results[-1].latency_ms >= 0
    [signal] = _signal_rows(db_url)
    assert signal.services == "passport_application" and signal.since == T0 + timedelta(seconds=120)
    with db.session_scope(db_url) as session:
        assert signals.describe(session, signal, "id", SETTINGS) == \
            "Pemeriksaan SIMKIM pusat gagal 3 kali berturut-turut sejak 08.02 WIB"
    central.failing = False
    checks.run_due(now=now, url=db_url)
    with db.session_scope(db_url) as session:
        signals.evaluate(session, now=now, settings=SETTINGS)
    [signal] = _signal_rows(db_url)
    assert signal.cleared_at == now
    with db.session_scope(db_url) as session:
        assert signals.describe(session, signal, "en", SETTINGS) == \
            "Check SIMKIM pusat failed 3 times in a row since 08:02 WIB. Recovered 08:05 WIB, after 3 minutes"
    with db.session_scope(db_url) as session:
        mails = session.exec(select(OutboxMessage)).all()
    assert len(mails) == 2 and "[Pulih]" in mails[1].subject


def _signal_rows(db_url):
    with db.session_scope(db_url) as session:
        return list(session.exec(select(Signal)).all())


def test_a_missing_text_fails_and_redirects_stay_on_the_same_host(db_url, operator_admin, central):
    moved = _add(db_url, operator_admin, name="Dipindah", url=central.url + "/moved", expected_text="SEHAT")
    away = _add(db_url, operator_admin, name="Ke luar", url=central.url + "/elsewhere")
    plain = _add(db_url, operator_admin, name="Teks", url=central.url + "/other", expected_text="SEHAT")
    assert checks.run_due(now=T0, url=db_url) == 3
    assert _results(db_url, moved)[0].ok
    [result] = _results(db_url, away)
    assert not result.ok and result.status_code == 302 and "another host" in result.error
    assert _results(db_url, plain)[0].error == "expected text not found"
    assert "/health" in central.requests  # the same-host redirect was followed, the other one not


def test_an_unreachable_system_is_a_failure_with_its_error(db_url, operator_admin, central):
    url = central.url + "/health"
    central.close()
    check_id = _add(db_url, operator_admin, url=url)
    checks.run_due(now=T0, url=db_url)
    [result] = _results(db_url, check_id)
    assert not result.ok and result.status_code is None and "ConnectError" in result.error


def test_only_admins_add_checks_and_bad_input_names_the_field(db_url, operator_admin):
    with db.session_scope(db_url) as session:
        with pytest.raises(PermissionDenied):
            checks.add_check(session, None, name="x", url="https://pusat.example/health")
        for fields, field in (({"url": "ftp://pusat.example"}, "url"), ({"url": "https://u:p@pusat.example"}, "url"),
                              ({"method": "POST"}, "method"), ({"interval_seconds": 5}, "interval_seconds"),
                              ({"timeout_seconds": "lama"}, "timeout_seconds"), ({"name": ""}, "name"),
                              ({"service_code": "tidak_ada"}, "service_code")):
            with pytest.raises(InvalidInput) as error:
                checks.add_check(session, operator_admin, **({"name": "Cek", "url": "https://pusat.example/health"} | fields))
            assert error.value.field == field and " / " in error.value.message


def test_results_are_kept_ninety_days(db_url, operator_admin, central):
    check_id = _add(db_url, operator_admin, url=central.url + "/health")
    checks.run_due(now=T0, url=db_url)
    checks.run_due(now=T0 + timedelta(days=89), url=db_url)
    with db.session_scope(db_url) as session:
        signals.purge_old(session, now=T0 + timedelta(days=91))
    assert [r.at for r in _results(db_url, check_id)] == [T0 + timedelta(days=89)]


def test_a_failing_check_that_names_no_service_marks_nothing(db_url, operator_admin, central):
    from imigrasi_site.core.models import OfficeService

    with db.session_scope(db_url) as session:
        signals.set_auto_marking(session, operator_admin, "passport_application", True)
        before = sorted((c.id, c.availability, c.advice_ind) for c in session.exec(select(OfficeService)).all())
    _add(db_url, operator_admin, url=central.url + "/health")
    central.failing = True
    now = T0
    for _ in range(3):
        checks.run_due(now=now, url=db_url)
        now += timedelta(seconds=60)
    with db.session_scope(db_url) as session:
        evaluation = signals.evaluate(session, now=now, settings=SETTINGS)
        after = sorted((c.id, c.availability, c.advice_ind) for c in session.exec(select(OfficeService)).all())
    assert len(evaluation.opened) == 1 and evaluation.auto_marked == 0 and after == before

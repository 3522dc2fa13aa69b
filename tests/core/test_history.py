"""Per-day labels of a service's past, in the office's own calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from imigrasi_site.core.history import service_history
from imigrasi_site.core.views import CellView, ChangePoint

UTC = UTC


def cell(*points: ChangePoint, now_state: str = "normal") -> CellView:
    return CellView("passport_application", now_state, "", "", points[-1].at if points else datetime(2024, 1, 1,
                                                                                                     tzinfo=UTC),
                    None, tuple(points))


# 20 June 2024 16:30 UTC is 23.30 WIB on the 20th, but 00.30 WITA and 01.30 WIT on the 21st.
LATE_EVENING = datetime(2024, 6, 20, 16, 30, tzinfo=UTC)
RECOVERY = datetime(2024, 6, 21, 3, 0, tzinfo=UTC)  # 10.00 WIB / 11.00 WITA on the 21st
NOW = datetime(2024, 6, 23, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "zone, disrupted_days",
    [
        ("Asia/Jakarta", [date(2024, 6, 20), date(2024, 6, 21)]),
        ("Asia/Makassar", [date(2024, 6, 21)]),
        ("Asia/Jayapura", [date(2024, 6, 21)]),
    ],
)
def test_a_day_is_the_office_s_local_day(zone, disrupted_days):
    history = service_history(
        cell(ChangePoint(LATE_EVENING, "normal", "unavailable"), ChangePoint(RECOVERY, "unavailable", "normal")),
        zone, days=5, now=NOW)
    assert [d.day for d in history.disrupted_days] == disrupted_days
    assert all(d.worst == "unavailable" for d in history.disrupted_days)
    assert history.days[-1].day == NOW.astimezone(ZoneInfo(zone)).date()
    assert len(history.days) == 5


def test_the_worst_moment_labels_the_day_and_the_normal_share_counts_time():
    morning = datetime(2024, 6, 22, 1, 0, tzinfo=UTC)
    history = service_history(
        cell(ChangePoint(morning, "normal", "limited"),
             ChangePoint(morning.replace(hour=2), "limited", "unavailable"),
             ChangePoint(morning.replace(hour=3), "unavailable", "normal")),
        "Asia/Jakarta", days=2, now=datetime(2024, 6, 23, 16, 0, tzinfo=UTC))  # 23 June 23.00 WIB
    assert [(d.day, d.worst) for d in history.days] == [(date(2024, 6, 22), "unavailable"),
                                                         (date(2024, 6, 23), "normal")]
    # 47 hours since 22 June 00.00 WIB, two of them not normal.
    assert history.normal_share == pytest.approx(45 / 47, abs=1e-4)


def test_a_disruption_that_began_before_the_window_counts_from_its_first_day():
    history = service_history(cell(ChangePoint(datetime(2024, 5, 1, tzinfo=UTC), "normal", "limited"),
                                   now_state="limited"), "Asia/Jakarta", days=3, now=NOW)
    assert [d.worst for d in history.days] == ["limited"] * 3
    assert history.normal_share == 0.0


def test_a_service_that_never_changed_is_normal_throughout(snapshot):
    office = snapshot.office("kanim-jayapura")
    visa = office.cell("passport_interview_biometrics")
    history = service_history(visa, office.timezone, days=90, now=NOW)
    assert {d.worst for d in history.days} == {"normal"} and history.normal_share == 1.0


def test_the_demo_incident_shows_in_the_seeded_history(snapshot):
    office = snapshot.office("kanim-putussibau")
    history = service_history(office.cell("passport_application"), office.timezone, days=10, now=NOW)
    assert [d.day for d in history.disrupted_days] == [date(2024, 6, 21), date(2024, 6, 22), date(2024, 6, 23)]
    assert 0 < history.normal_share < 1


@pytest.mark.parametrize("days", [0, -1, 367])
def test_the_window_is_bounded(days):
    with pytest.raises(ValueError):
        service_history(cell(), "Asia/Jakarta", days=days, now=NOW)


def test_a_day_the_office_was_closed_is_not_a_disruption():
    from imigrasi_site.core.hours import recent_closed_days
    from imigrasi_site.core.views import OfficeView

    office = OfficeView(code="kanim-jakarta-selatan", type="kanim", office_class=None, name="", province_code="31",
                        province_name="", city="", address="", latitude=0.0, longitude=0.0,
                        timezone="Asia/Jakarta", cells=())
    # Unavailable all of Independence Day 2024 (a Saturday) and all of Monday 19 August.
    outage = cell(ChangePoint(datetime(2024, 8, 16, 17, 0, tzinfo=UTC), "normal", "unavailable"),
                  ChangePoint(datetime(2024, 8, 19, 17, 0, tzinfo=UTC), "unavailable", "normal"))
    now = datetime(2024, 8, 20, 12, 0, tzinfo=UTC)  # 19.00 WIB on 20 August
    closed = recent_closed_days(office, now, 5, ())
    # The holiday and the Sunday are closed days for a Kantor Imigrasi.
    assert sorted(closed) == [date(2024, 8, 17), date(2024, 8, 18)]
    history = service_history(outage, office.timezone, days=5, now=now, closed_days=closed)
    assert [(d.day, d.worst, d.closed) for d in history.days] == [
        (date(2024, 8, 16), "normal", False), (date(2024, 8, 17), "unavailable", True),
        (date(2024, 8, 18), "unavailable", True), (date(2024, 8, 19), "unavailable", False),
        (date(2024, 8, 20), "normal", False)]
    assert [d.day for d in history.disrupted_days] == [date(2024, 8, 19)]
    assert [d.day for d in history.closed_days] == [date(2024, 8, 17), date(2024, 8, 18)]
    # Open time: 16 August (24 h, normal), 19 August (24 h, down), 20 August to 19.00 (19 h, normal).
    assert history.normal_share == pytest.approx(43 / 67, abs=1e-4)
    # Without the hours, every down day counts.
    assert len(service_history(outage, office.timezone, days=5, now=now).disrupted_days) == 3

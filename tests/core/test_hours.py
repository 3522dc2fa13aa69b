"""Opening hours on a controllable clock: every instant is given, in the office's own zone or another."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from imigrasi_site.core import hours
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.hours import Interval, day_hours, hours_summary, next_change, open_now
from imigrasi_site.core.views import OfficeView, SpecialDayView

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")


def _office(code: str, type_: str, tz: str, province: str = "31") -> OfficeView:
    return OfficeView(code=code, type=type_, office_class=None, name=code, province_code=province,
                      province_name="", city="", address="", latitude=0.0, longitude=0.0, timezone=tz, cells=())


JAKARTA = _office("kanim-jakarta-selatan", "kanim", "Asia/Jakarta", "31")
MAKASSAR = _office("kanim-makassar", "kanim", "Asia/Makassar", "73")
JAYAPURA = _office("kanim-jayapura", "kanim", "Asia/Jayapura", "91")
SOETTA = _office("tpi-bandara-soekarno-hatta", "tpi_airport", "Asia/Jakarta", "36")
SEAPORT = _office("tpi-pelabuhan-soekarno-hatta-makassar", "tpi_seaport", "Asia/Makassar", "73")
MOTAAIN = _office("plbn-motaain", "tpi_land", "Asia/Makassar", "53")


def _special(id_: int, day: str, kind: str, *, office: str | None = None, province: str | None = None,
             office_type: str | None = None, opens: str | None = None, closes: str | None = None) -> SpecialDayView:
    return SpecialDayView(id_, day, kind, office, province, office_type, opens, closes, f"Alasan {id_}",
                          f"Reason {id_}")


@pytest.mark.parametrize("office, zone", [(JAKARTA, WIB), (MAKASSAR, WITA), (JAYAPURA, WIT)])
def test_open_and_closed_at_the_edges_of_the_hours_in_each_zone(office, zone):
    monday = date(2026, 12, 7)
    assert open_now(office, datetime(2026, 12, 7, 7, 59, 59, tzinfo=zone)) is False
    assert open_now(office, datetime(2026, 12, 7, 8, 0, tzinfo=zone)) is True
    assert open_now(office, datetime(2026, 12, 7, 15, 59, 59, tzinfo=zone)) is True
    assert open_now(office, datetime(2026, 12, 7, 16, 0, tzinfo=zone)) is False
    assert next_change(office, datetime(2026, 12, 7, 7, 0, tzinfo=zone)) == datetime(2026, 12, 7, 8, 0, tzinfo=zone)
    assert next_change(office, datetime(2026, 12, 7, 8, 0, tzinfo=zone)) == datetime(2026, 12, 7, 16, 0, tzinfo=zone)
    assert day_hours(office, monday).intervals == (Interval(8 * 60, 16 * 60),)


def test_the_same_instant_is_read_in_each_office_s_own_zone():
    # 07.30 WIB is 08.30 WITA and 09.30 WIT: only the Jakarta office is still closed.
    moment = datetime(2026, 12, 7, 7, 30, tzinfo=WIB)
    assert [open_now(o, moment) for o in (JAKARTA, MAKASSAR, JAYAPURA)] == [False, True, True]
    # 14.30 WIB is 16.30 WIT: Jayapura has closed, Jakarta has not.
    moment = datetime(2026, 12, 7, 14, 30, tzinfo=WIB)
    assert [open_now(o, moment) for o in (JAKARTA, MAKASSAR, JAYAPURA)] == [True, True, False]


def test_a_wit_office_at_23_30_wib_on_31_december_is_on_new_year_s_day():
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=WIB)  # 01.30 WIT on Friday 1 January 2027
    assert hours.local_day(JAYAPURA, moment) == date(2027, 1, 1)
    assert open_now(JAYAPURA, moment) is False
    new_year = day_hours(JAYAPURA, date(2027, 1, 1))
    assert new_year.is_closed
    assert [(n.kind, n.name_ind, n.name_en) for n in new_year.notes] == [
        ("holiday", "Tahun Baru Masehi", "New Year's Day")]
    # No joint-leave decree for 2027 is public: the day says its calendar is incomplete.
    assert new_year.calendar_complete is False
    # Friday is the holiday, then the weekend: it opens on Monday 4 January at 08.00 WIT.
    assert next_change(JAYAPURA, moment) == datetime(2027, 1, 4, 8, 0, tzinfo=WIT)
    summary = hours_summary(JAYAPURA, moment, "id")
    assert summary.line == "Tutup · buka Senin 08.00 WIT"
    assert summary.today_notes == "Tahun Baru Masehi"
    assert hours_summary(JAYAPURA, moment, "en").line == "Closed · opens Monday 08:00 WIT"


def test_a_holiday_on_a_weekend_is_named_and_the_office_stays_closed():
    christmas = date(2027, 12, 25)  # a Saturday
    assert christmas.weekday() == 5
    office_day = day_hours(JAKARTA, christmas)
    assert office_day.is_closed
    assert [n.name_ind for n in office_day.notes] == ["Hari Raya Natal"]
    airport_day = day_hours(SOETTA, christmas)
    assert airport_day.status == "open" and airport_day.intervals == (Interval(0, 24 * 60),)
    assert [n.name_en for n in airport_day.notes] == ["Christmas Day"]


def test_a_joint_leave_day_closes_a_kantor_imigrasi_and_not_an_airport():
    moment = datetime(2026, 12, 24, 10, 0, tzinfo=WIB)  # Thursday, cuti bersama Natal (SKB 2026)
    office_day = day_hours(JAKARTA, moment.date())
    assert office_day.is_closed
    assert [(n.kind, n.name_ind) for n in office_day.notes] == [("joint_leave", "Cuti bersama Hari Raya Natal")]
    assert open_now(JAKARTA, moment) is False
    assert open_now(SOETTA, moment) is True
    assert next_change(SOETTA, moment) is None  # round the clock
    assert hours_summary(SOETTA, moment, "id").line == "Buka 24 jam"


def test_next_change_across_a_holiday_weekend():
    # Wednesday 23 December 2026; then joint leave (24th), Christmas (25th), the weekend.
    assert next_change(JAKARTA, datetime(2026, 12, 23, 15, 0, tzinfo=WIB)) == datetime(2026, 12, 23, 16, 0,
                                                                                         tzinfo=WIB)
    assert next_change(JAKARTA, datetime(2026, 12, 23, 16, 0, tzinfo=WIB)) == datetime(2026, 12, 28, 8, 0,
                                                                                         tzinfo=WIB)
    # Idul Fitri 2025: joint leave Friday 28 March, Nyepi on Saturday, Idul Fitri 31 March and 1 April,
    # joint leave 2-4 and 7 April. Closing on Thursday 27 March, a WITA office opens again on 8 April.
    assert next_change(MAKASSAR, datetime(2025, 3, 27, 16, 0, tzinfo=WITA)) == datetime(2025, 4, 8, 8, 0, tzinfo=WITA)
    line = hours_summary(MAKASSAR, datetime(2025, 3, 27, 16, 0, tzinfo=WITA), "id").line
    assert line == "Tutup · buka Selasa 08.00 WITA"


def test_an_editor_closure_overrides_the_weekly_hours():
    monday = datetime(2026, 12, 7, 10, 0, tzinfo=WITA)
    flood = [_special(1, "2026-12-07", "closure", office="kanim-makassar")]
    assert open_now(MAKASSAR, monday) is True
    assert open_now(MAKASSAR, monday, flood) is False
    day = day_hours(MAKASSAR, monday.date(), flood)
    assert day.is_closed and day.confidence == "editor"
    assert [(n.kind, n.name_ind, n.name_en) for n in day.notes] == [("closure", "Alasan 1", "Reason 1")]
    assert next_change(MAKASSAR, monday, flood) == datetime(2026, 12, 8, 8, 0, tzinfo=WITA)
    # Another office is not touched by it.
    assert open_now(JAKARTA, datetime(2026, 12, 7, 10, 0, tzinfo=WIB), flood) is True


def test_an_extra_opening_for_a_scope_and_the_most_specific_scope_wins():
    saturday = date(2026, 12, 12)
    specials = [
        _special(1, "2026-12-12", "opening", office_type="kanim", opens="08:00", closes="12:00"),
        _special(2, "2026-12-12", "closure", office="kanim-makassar"),
    ]
    assert day_hours(JAKARTA, saturday).is_closed
    opened = day_hours(JAKARTA, saturday, specials)
    assert opened.status == "open" and opened.intervals == (Interval(8 * 60, 12 * 60),)
    assert open_now(JAKARTA, datetime(2026, 12, 12, 11, 59, tzinfo=WIB), specials) is True
    assert open_now(JAKARTA, datetime(2026, 12, 12, 12, 0, tzinfo=WIB), specials) is False
    assert day_hours(MAKASSAR, saturday, specials).is_closed  # its own closure beats the type-wide opening
    assert day_hours(SOETTA, saturday, specials).intervals == (Interval(0, 24 * 60),)  # not a kanim


def test_hours_that_cannot_be_confirmed_are_said_to_be_unknown():
    moment = datetime(2026, 12, 7, 10, 0, tzinfo=WITA)
    assert open_now(SEAPORT, moment) is None
    assert next_change(SEAPORT, moment) is None
    summary = hours_summary(SEAPORT, moment, "id")
    assert summary.status == "unknown"
    assert summary.line == "Jam layanan belum dikonfirmasi"
    assert summary.unconfirmed_text == "Jam layanan belum dikonfirmasi"
    # A Kantor Imigrasi has the common weekday pattern, but it is flagged as not confirmed.
    assert hours_summary(MAKASSAR, moment, "en").unconfirmed_text == "Service hours not confirmed"
    # A land border post with a reported source is confirmed, in its own zone.
    motaain = hours_summary(MOTAAIN, moment, "id")
    assert motaain.confirmed and motaain.line == "Buka · tutup pukul 17.00 WITA"
    assert "detikBali" in motaain.source


def test_the_summary_lists_the_next_seven_days_and_the_week():
    summary = hours_summary(JAKARTA, datetime(2026, 12, 21, 9, 0, tzinfo=WIB), "id")
    assert summary.line == "Buka · tutup pukul 16.00 WIB"
    assert [d.label for d in summary.days][:1] == ["Senin, 21 Desember 2026"]
    assert [(d.hours, d.notes) for d in summary.days[3:5]] == [
        ("Tutup", "Cuti bersama Hari Raya Natal"), ("Tutup", "Hari Raya Natal")]
    assert summary.days[0].is_today and not summary.days[1].is_today
    assert [(w.weekday, w.hours) for w in summary.week] == [
        ("Senin", "08.00–16.00 WIB"), ("Selasa", "08.00–16.00 WIB"), ("Rabu", "08.00–16.00 WIB"),
        ("Kamis", "08.00–16.00 WIB"), ("Jumat", "08.00–16.00 WIB"), ("Sabtu", "Tutup"), ("Minggu", "Tutup")]


def test_hours_that_overlap_or_end_before_they_start_are_refused():
    with pytest.raises(InvalidInput, match="must come after"):
        hours.checked_intervals([Interval(16 * 60, 8 * 60)], "closes")
    with pytest.raises(InvalidInput, match="overlap"):
        hours.checked_intervals([Interval(8 * 60, 12 * 60), Interval(11 * 60, 16 * 60)], "opens")
    with pytest.raises(InvalidInput, match="HH:MM"):
        hours.parse_clock("24:30", "closes")
    assert hours.parse_clock("24:00", "closes") == 24 * 60


def test_every_hours_row_names_a_source_unless_it_says_it_is_unconfirmed():
    for key, week in hours.hours_table().items():
        assert week.confidence in ("official", "reported", "unconfirmed"), key
        if week.confidence != "unconfirmed":
            assert week.source, key
    for office_type, rule in hours.closure_rules().items():
        if rule.confidence != "unconfirmed":
            assert rule.source, office_type
    assert not hours.closure_rules()["tpi_airport"].public_holiday_closed
    assert not hours.closure_rules()["tpi_seaport"].joint_leave_closed


def test_joint_leave_days_match_the_decrees():
    decrees = hours.joint_leave_decrees()
    counts = {year: sum(1 for d in hours.joint_leave_days() if d.year == year) for year in (2024, 2025, 2026, 2027)}
    # 10 days in 2024 and 2025, 8 in 2026 (as the decrees say); 2027's decree is not public.
    assert counts == {2024: 10, 2025: 10, 2026: 8, 2027: 0}
    assert all(decrees[y].published and "Nomor" in decrees[y].title for y in (2024, 2025, 2026))
    assert not decrees[2027].published and "2027" in decrees[2027].source
    assert [hours.calendar_complete(y) for y in (2024, 2026, 2027, 2028)] == [True, True, False, False]
    assert hours.public_holidays()[date(2027, 8, 17)].name_en == "Independence Day"
    assert [n.kind for n in hours.calendar_notes(date(2026, 12, 24))] == ["joint_leave"]
    assert hours.calendar_notes(date(2026, 12, 23)) == ()


def test_instants_are_aware_and_carry_the_office_zone():
    change = next_change(MAKASSAR, datetime(2026, 12, 7, 0, 0, tzinfo=UTC))
    assert change is not None and change.utcoffset().total_seconds() == 8 * 3600


def test_a_passport_window_and_an_overlap_in_the_data(monkeypatch):
    rows = hours._read("opening_hours.csv") + [
        {"scope": "office", "key": "kanim-makassar", "window": "passport", "days": "mon;tue;wed;thu;fri",
         "opens": "08:00", "closes": "12:00", "confidence": "reported", "source": "test source", "note": ""}]
    read = hours._read
    monkeypatch.setattr(hours, "_read", lambda name: rows if name == "opening_hours.csv" else read(name))
    hours.hours_table.cache_clear()
    try:
        week = hours.weekly_hours(MAKASSAR)
        assert week.passport is not None and week.passport[0] == (Interval(8 * 60, 12 * 60),)
        assert day_hours(MAKASSAR, date(2026, 12, 7)).passport == (Interval(8 * 60, 12 * 60),)
        assert hours_summary(MAKASSAR, datetime(2026, 12, 7, 9, 0, tzinfo=WITA), "id").week[0].passport == \
            "08.00–12.00 WITA"
        rows.append({**rows[-1], "opens": "11:00", "closes": "13:00"})
        hours.hours_table.cache_clear()
        with pytest.raises(ValueError, match="overlap"):
            hours.hours_table()
    finally:
        hours.hours_table.cache_clear()

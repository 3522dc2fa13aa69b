"""Display rows: wording, zones and language fallbacks, decided once for every page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from imigrasi_site.core import presenters
from imigrasi_site.core.i18n import STRINGS


def test_summary_sentences_in_both_languages(snapshot):
    express = next(s for s in snapshot.summary if s.service_code == "passport_express")
    row = presenters.summary_row(snapshot, express, "id")
    assert row.label == "Tidak tersedia" and row.icon == "✕"
    assert row.sentence == f"Dari {express.offered_at} kantor: {express.unavailable} tidak tersedia. " \
                           "Terganggu sejak 20 Juni 2024 06.00 WIB."
    english = presenters.summary_row(snapshot, express, "en")
    assert english.service_name == "Same-day express passport"
    assert english.sentence.endswith("Disrupted since 20 June 2024 06:00 WIB.")
    visa = next(s for s in snapshot.summary if s.service_code == "visa_on_arrival")
    assert presenters.summary_row(snapshot, visa, "id").sentence.startswith("Berjalan normal di semua")


def test_cells_say_what_to_do_and_since_when_in_local_time(snapshot):
    office = snapshot.office("tpi-bandara-ngurah-rai")
    row = presenters.office_detail(snapshot, office, "en")
    assert row.zone == "WITA"
    border = next(c for c in row.cells if c.service_code == "border_crossing")
    assert border.label == "Limited" and border.since == "since 20 June 2024 07:00 WITA"
    assert border.what_to_do.startswith("Checks are done by hand")
    visa = next(c for c in row.cells if c.service_code == "visa_on_arrival")
    assert visa.what_to_do == "" and visa.label == "Normal"


def test_a_disruption_without_advice_still_says_what_to_do(snapshot):
    from dataclasses import replace

    office = snapshot.office("kanim-denpasar")
    cell = replace(office.cells[0], availability="limited", advice_ind="", advice_en="")
    row = presenters.cell_row(snapshot, cell, office.timezone, "id")
    assert row.what_to_do == STRINGS["what_to_do_default_limited"][0]


def test_notice_falls_back_to_indonesian_and_says_so(snapshot):
    indonesian_only = next(n for n in snapshot.notices if not n.has_english)
    detail = presenters.notice_detail(snapshot, indonesian_only, "en")
    assert detail.english_missing and detail.title == indonesian_only.title_ind
    bilingual = next(n for n in snapshot.notices if n.has_english)
    detail = presenters.notice_detail(snapshot, bilingual, "en")
    assert not detail.english_missing and detail.title == bilingual.title_en
    assert detail.incident_title == "National Data Centre disruption affects immigration services"
    assert presenters.notice_detail(snapshot, bilingual, "id").english_missing is False


def test_every_interface_string_exists_in_both_languages():
    for key, (text_ind, text_en) in STRINGS.items():
        assert text_ind.strip() and text_en.strip(), key
        assert text_ind.count("{") == text_en.count("{"), key


def test_planned_maintenance_is_written_in_the_office_zone(snapshot):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from imigrasi_site.core.views import AffectedCell, MaintenanceView

    wita = ZoneInfo("Asia/Makassar")
    window = MaintenanceView(1, "Pemeliharaan server", "Server maintenance", "unavailable", "Datang besok.",
                             "Come tomorrow.", datetime(2024, 6, 25, 22, 0, tzinfo=wita),
                             datetime(2024, 6, 25, 23, 59, tzinfo=wita), "scheduled",
                             (AffectedCell("kanim-denpasar", "passport_application", "unavailable"),))
    with_window = replace(snapshot, maintenance=(window,))
    office = with_window.office("kanim-denpasar")
    [row] = presenters.planned_rows(with_window, office, "id")
    assert row.period == "25 Juni 2024 22.00-23.59 WITA"
    assert (row.status_label, row.effect, row.services) == ("Terjadwal", "Tidak tersedia", "Permohonan paspor")
    detail = presenters.office_detail(with_window, office, "en")
    passport = next(c for c in detail.cells if c.service_code == "passport_application")
    assert passport.planned == "Planned, unavailable: 25 June 2024 22:00-23:59 WITA"
    assert all(c.planned == "" for c in detail.cells if c.service_code != "passport_application")


def test_history_rows_write_out_the_disrupted_stretches(snapshot):
    from datetime import datetime

    office = snapshot.office("kanim-putussibau")
    rows = presenters.history_rows(snapshot, office, "id", days=30, now=datetime(2024, 7, 1, tzinfo=UTC))
    passport = next(r for r in rows if r.service_code == "passport_application")
    assert len(passport.strip) == 30 and passport.strip[-1] == "unavailable" and passport.strip[0] == "normal"
    assert passport.periods == ["21 Juni 2024 - 1 Juli 2024: tidak tersedia"]
    assert passport.share.startswith("Normal ") and "dari waktu dalam 30 hari terakhir" in passport.share
    interviews = next(r for r in rows if r.service_code == "passport_interview_biometrics")
    assert interviews.periods == ["Normal setiap hari dalam 30 hari terakhir."]
    assert set(interviews.strip) == {"normal"}


def test_distances_are_written_with_each_languages_thousands_separator(snapshot):
    office = snapshot.office("kanim-denpasar")
    assert presenters.office_row(snapshot, office, "id", distance_km=1234.4).distance == "1.234 km"
    assert presenters.office_row(snapshot, office, "en", distance_km=1234.4).distance == "1,234 km"
    assert presenters.office_row(snapshot, office, "id", distance_km=12.0).distance == "12 km"


def test_history_shares_use_each_languages_decimal_mark(snapshot):
    import re
    from datetime import datetime

    office = snapshot.office("kanim-putussibau")
    now = datetime(2024, 7, 1, tzinfo=UTC)
    [indonesian] = [r for r in presenters.history_rows(snapshot, office, "id", days=30, now=now)
                    if r.service_code == "passport_application"]
    [english] = [r for r in presenters.history_rows(snapshot, office, "en", days=30, now=now)
                 if r.service_code == "passport_application"]
    assert re.fullmatch(r"Normal \d{1,3},\d% dari waktu dalam 30 hari terakhir\.", indonesian.share)
    assert re.fullmatch(r"Normal \d{1,3}\.\d% of the time in the last 30 days\.", english.share)

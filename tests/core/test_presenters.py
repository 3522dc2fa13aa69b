"""Display rows: wording, zones and language fallbacks, decided once for every page."""

from __future__ import annotations

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
    cell = replace(office.cells[0], availability="limited", advice_id="", advice_en="")
    row = presenters.cell_row(snapshot, cell, office.timezone, "id")
    assert row.what_to_do == STRINGS["what_to_do_default_limited"][0]


def test_notice_falls_back_to_indonesian_and_says_so(snapshot):
    indonesian_only = next(n for n in snapshot.notices if not n.has_english)
    detail = presenters.notice_detail(snapshot, indonesian_only, "en")
    assert detail.english_missing and detail.title == indonesian_only.title_id
    bilingual = next(n for n in snapshot.notices if n.has_english)
    detail = presenters.notice_detail(snapshot, bilingual, "en")
    assert not detail.english_missing and detail.title == bilingual.title_en
    assert detail.incident_title == "National Data Centre disruption affects immigration services"
    assert presenters.notice_detail(snapshot, bilingual, "id").english_missing is False


def test_every_interface_string_exists_in_both_languages():
    for key, (text_id, text_en) in STRINGS.items():
        assert text_id.strip() and text_en.strip(), key
        assert text_id.count("{") == text_en.count("{"), key

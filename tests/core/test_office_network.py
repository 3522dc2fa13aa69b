"""The office network as it stands today, checked against the figures the public sources give.

The data lives in imigrasi_site/data/offices.csv (a `source` and an `address_source` per row),
offices_withdrawn.csv (posts listed once that never existed) and office_channels.csv.
Where the research has not confirmed something yet, the gap is named here, so it can only shrink:
each list below must match the data exactly.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from imigrasi_site.core import history, hours
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.channels import CHANNEL_KINDS, LINK_KINDS, office_channels
from imigrasi_site.core.models import Office, OfficeService, StatusChange
from imigrasi_site.core.seed import DATA_DIR
from imigrasi_site.core.snapshot import build_snapshot

# Ditjen Imigrasi, 26 January 2026: with the 18 new offices the network counts 151 Kantor Imigrasi (133 before).
# https://www.toprilis.com/2026/01/menteri-imipas-janjikan-tiap-kabupaten.html ;
# https://hallonews.com/utama/ditjen-imigrasi-bentuk-18-kantor-baru-2
KANIM_TOTAL = 151
KANIM_OPENED_26_JAN_2026 = 18
# The 133 before 2026 match the 126 offices that opened on Saturday 5 August 2023 for the nationwide passport day
# and the 7 whose forming MenPAN-RB approved on 1 July 2024.
# https://www.pronewsnusantara.com/5-agustus-2023-imigrasi-manado-buka-layanan-paspor-merdeka-bagi-40-pemohon/ ;
# https://surabaya.inews.id/amp/462924/kantor-imigrasi-bakal-buka-baru-di-banyuwangi-totalnya-jadi-sepuluh-di-jawa-timur/2 ;
# https://triknews.co/?p=132527
# Five of those 7 are known by name but not in the data yet: the day each opened is not found, and three of them grew
# out of a Unit Kerja Keimigrasian that the data still lists (Balangan, Muara Bungo, Gunungsitoli for Nias), which
# closes that same day. Banyuwangi and Bontang, the other two, are in the data, still without their opening day
# (Banyuwangi has served since January 2025).
# The approval is MenPAN-RB B/792/M.KT.01/2024 (the article misprints the year as 224). On 21 December 2024 Mandailing
# Natal still served as Sibolga's UKK (opened 26 January 2022, not in the data either), not yet as a Kantor Imigrasi.
# https://batakpost.com/imigrasi-sibolga-terus-berkomitmen-meningkatkan-kualitas-layanan-di-ukk-mandailing-natal/
# The Nias office, in Gunungsitoli, calls itself Kantor Imigrasi Kelas III TPI Nias and served by 29 October 2025
# (Sibolga's own history calls it Kelas III TPI Gunungsitoli).
# https://www.koreksinews.com/2025/10/perkuat-pengawasan-orang-asing-di.html ;
# https://imigrasisibolga.kemenkumham.go.id/profil-4/tentang-satuan-kerja/sejarah-kantor
KANIM_NAMED_NOT_YET_IN_DATA = {"Bungo", "Kotawaringin Barat", "Balangan", "Mandailing Natal", "Nias"}
# Of the 126 older offices, these many are not identified by name in the data yet.
KANIM_NOT_YET_IDENTIFIED = 3
# KM 37/2025 (8 August 2025): 36 public airports are international.
# https://news.ddtc.co.id/berita/nasional/1813116/genjot-ekonomi-daerah-kemenhub-tetapkan-36-bandara-internasional
INTERNATIONAL_AIRPORTS = 36
# KM 38/2025 of the same day left those 36 unchanged: it let three special airports (Sultan Syarief Haroen Setia
# Negara in Pelalawan, Weda Bay, IMIP Morowali) take direct foreign flights now and then, with immigration officers
# sent for each flight, so none of them is a standing checkpoint. KM 55/2025 (13 October 2025) revoked it and kept
# only Pelalawan on those terms.
# https://www.inews.id/news/nasional/bunyi-aturan-lengkap-bandara-imip-berstatus-internasional-sejak-agustus-2025/all ;
# https://soalindonesia.com/?p=8086
# The President, 2 October 2024: 15 PLBN built from 2015 to 2024 (7 until 2019, 8 since), 7 inaugurated that day.
# https://bicaraindonesia.id/news/20196/tujuh-plbn-terpadu-diresmikan-presiden-sebagai-buffer-zone-pertahanan-negara/
LAND_BORDER_POSTS = 15

# New offices whose class the public sources do not state yet (the decree's annex is not public).
# Lombok Timur is reported as "Kelas II" with neither TPI nor Non TPI, which leaves its class open:
# https://lombokita.id/kantor-imigrasi-kelas-ii-lombok-timur-diresmikan-menteri-imigrasi
CLASS_NOT_YET_PUBLISHED = {
    "kanim-bantaeng", "kanim-bengkulu-utara", "kanim-bone", "kanim-kulon-progo", "kanim-lombok-timur",
    "kanim-lubuklinggau", "kanim-mempawah", "kanim-padangsidimpuan", "kanim-pohuwato", "kanim-tapanuli-utara",
}

# Offices whose street address no public source found so far has confirmed: their address is still the place.
ADDRESS_NOT_YET_CONFIRMED = {
    "kanim-bantaeng", "kanim-bima", "kanim-blora", "kanim-bone", "kanim-bontang", "kanim-cianjur",
    "kanim-kulon-progo", "kanim-lombok-timur", "kanim-lubuklinggau", "kanim-mempawah", "kanim-padangsidimpuan",
    "kanim-pasuruan", "kanim-pohuwato", "kanim-sorong", "ukk-pasuruan",
    # A town and its regency, no street or landmark:
    "kanim-banggai", "kanim-batulicin", "kanim-labuan-bajo", "ukk-balangan", "ukk-muara-bungo", "ukk-tembagapura",
    "ukk-wamena", "ulp-kelapa-gading",
}

# Street addresses and landmarks already in the data before this research, whose source is not found yet.
ADDRESS_SOURCE_NOT_YET_FOUND = {"tpi-pelabuhan-probolinggo", "ulp-kota-kasablanka"}

# Words that make an address more than a place name: a street, a building, a site.
_STREET_OR_LANDMARK = re.compile(
    r"(?<!\w)(Jl\.|No\.)|\b(Jalan|Km|Kompleks|Komplek|Kawasan|Gedung|Bekas|Ruko|Bandara|Pelabuhan|Terminal|Mal|Mall|"
    r"Plaza|Plasa|Town Square|Pasar|PLBN|Perkantoran|Desa|Kelurahan)\b|[0-9]", re.IGNORECASE)


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


OFFICES = _rows("offices.csv")
TODAY = date(2026, 12, 2)


def _in_service(row: dict[str, str], day: date) -> bool:
    opened, closed = row["opened_on"], row["closed_on"]
    return (not opened or date.fromisoformat(opened) <= day) and (not closed or day < date.fromisoformat(closed))


def _count(type_: str, day: date = TODAY) -> int:
    return sum(1 for r in OFFICES if r["type"] == type_ and _in_service(r, day))


def test_kantor_imigrasi_counts_match_the_directorate():
    assert _count("kanim") == KANIM_TOTAL - KANIM_NOT_YET_IDENTIFIED - len(KANIM_NAMED_NOT_YET_IN_DATA)
    # A named office that joins the data leaves the list.
    names = {r["name"] for r in OFFICES if r["type"] == "kanim"}
    assert not {town for town in KANIM_NAMED_NOT_YET_IN_DATA if any(n.endswith(" " + town) for n in names)}
    opened = [r["code"] for r in OFFICES if r["type"] == "kanim" and r["opened_on"] == "2026-01-26"]
    assert len(opened) == KANIM_OPENED_26_JAN_2026
    # The day before, none of them existed.
    assert _count("kanim", date(2026, 1, 25)) == _count("kanim") - KANIM_OPENED_26_JAN_2026


def test_checkpoint_counts_match_the_decrees():
    assert _count("tpi_airport") == INTERNATIONAL_AIRPORTS
    assert _count("tpi_land") == LAND_BORDER_POSTS


def test_the_post_that_was_never_built_is_withdrawn():
    withdrawn = {r["code"]: r for r in _rows("offices_withdrawn.csv")}
    assert "plbn-long-midang" in withdrawn and withdrawn["plbn-long-midang"]["source"]
    assert not {r["code"] for r in OFFICES} & set(withdrawn)


def test_no_office_is_both_open_and_closed():
    for row in OFFICES:
        if row["opened_on"] and row["closed_on"]:
            assert date.fromisoformat(row["opened_on"]) < date.fromisoformat(row["closed_on"]), row["code"]
        if row["closed_on"]:
            assert not _in_service(row, date.fromisoformat(row["closed_on"])), row["code"]


def test_dated_rows_and_checkpoints_name_their_source():
    for row in OFFICES:
        if row["opened_on"] or row["closed_on"] or row["type"] in ("tpi_airport", "tpi_land"):
            assert row["source"], f"{row['code']} has dates or is a checkpoint but names no source"


def test_every_kantor_imigrasi_has_a_class_unless_not_yet_published():
    without = {r["code"] for r in OFFICES if r["type"] == "kanim" and not r["office_class"]}
    assert without == CLASS_NOT_YET_PUBLISHED


def _place_only(row: dict[str, str]) -> bool:
    address, city = row["address"], row["city"]
    return address == city or (address.endswith(", " + city) and not _STREET_OR_LANDMARK.search(address))


def test_no_office_has_only_its_place_as_address_beyond_the_listed_gaps():
    assert {r["code"] for r in OFFICES if _place_only(r)} == ADDRESS_NOT_YET_CONFIRMED


def test_every_street_address_names_its_source():
    unsourced = {r["code"] for r in OFFICES if not _place_only(r) and not r["address_source"]}
    assert unsourced == ADDRESS_SOURCE_NOT_YET_FOUND
    for row in OFFICES:
        if row["address_source"]:
            assert row["address_source"].startswith("http"), f"{row['code']}: the source is not a link"


def test_every_channel_is_well_formed_and_names_its_source():
    codes = {r["code"] for r in OFFICES}
    channels = office_channels()
    assert channels, "no channels at all"
    for code, items in channels.items():
        assert code in codes, f"channel for unknown office {code}"
        for channel in items:
            assert channel.kind in CHANNEL_KINDS and channel.source.startswith("http")
            if channel.kind in LINK_KINDS:
                assert channel.value.startswith("https://")


@pytest.fixture
def demo_session(session):
    return session


def test_the_2024_demo_reached_only_offices_that_existed_then(demo_session):
    offices = {o.code: o for o in demo_session.exec(select(Office)).all()}
    touched = {offices_by_id.code for offices_by_id in (
        demo_session.get(Office, demo_session.get(OfficeService, change.office_service_id).office_id)
        for change in demo_session.exec(select(StatusChange)).all())}
    assert "kanim-jakarta-selatan" in touched  # passport_express failed everywhere on 20 June 2024
    for code in ("kanim-garut", "kanim-pasuruan", "ukk-pasuruan", "tpi-bandara-juwata", "plbn-serasan"):
        assert code in offices and code not in touched, code


def test_the_read_model_lists_offices_in_service_and_keeps_closed_ones_for_history(demo_session):
    then = build_snapshot(demo_session, now=datetime(2025, 6, 1, 3, tzinfo=UTC))
    assert then.office("ukk-pasuruan") is not None and then.office("kanim-pasuruan") is None
    assert then.office("kanim-garut") is None  # not opened yet: no page, no API row
    now = build_snapshot(demo_session, now=datetime(2026, 12, 2, 3, tzinfo=UTC))
    assert now.office("ukk-pasuruan") is None and now.office("kanim-pasuruan") is not None
    assert now.office_ever("ukk-pasuruan").closed_on == date(2026, 1, 26)
    assert all(o.closed_on is None or o.closed_on > TODAY for o in now.offices)
    # The closed unit's row and cells stay in the database.
    ukk = demo_session.exec(select(Office).where(Office.code == "ukk-pasuruan")).one()
    assert demo_session.exec(select(OfficeService).where(OfficeService.office_id == ukk.id)).first() is not None


def test_a_new_office_s_history_starts_on_its_opening_day(demo_session):
    snapshot = build_snapshot(demo_session, now=datetime(2026, 2, 10, 3, tzinfo=UTC))
    garut = snapshot.office("kanim-garut")
    closed = hours.recent_closed_days(garut, snapshot.built_at, 90, snapshot.special_days_for(garut))
    cell = garut.cell("passport_application")
    days = history.service_history(cell, garut.timezone, days=90, now=snapshot.built_at, closed_days=closed).days
    assert all(d.closed for d in days if d.day < date(2026, 1, 26))
    assert cell.since >= datetime(2026, 1, 25, 17, tzinfo=UTC)  # 26 January 00.00 WIB


def test_a_change_today_does_not_reach_a_closed_unit(demo_session):
    changes = apply_availability(demo_session, CellSelector(service_codes=("passport_application",),
                                                            office_codes=("ukk-pasuruan", "kanim-pasuruan")),
                                 availability="limited", at=datetime(2026, 12, 2, 3, tzinfo=UTC))
    touched = {demo_session.get(Office, demo_session.get(OfficeService, c.office_service_id).office_id).code
               for c in changes}
    assert touched == {"kanim-pasuruan"}

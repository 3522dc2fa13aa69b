"""The seeded office network: complete, consistent, and loaded idempotently."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from imigrasi_site.core import db
from imigrasi_site.core.models import Office, OfficeService, OfficeType, Province, Service
from imigrasi_site.core.seed import seed

# Time zones follow province borders in Indonesia.
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def expected_zone(province_code: str) -> str:
    if province_code in WIT_PROVINCES:
        return "Asia/Jayapura"
    if province_code in WITA_PROVINCES:
        return "Asia/Makassar"
    return "Asia/Jakarta"


def test_all_38_provinces_with_their_zone(session):
    provinces = session.exec(select(Province)).all()
    assert len(provinces) == 38
    for province in provinces:
        assert province.timezone == expected_zone(province.code), province.name


def test_network_is_large_and_covers_every_province(session):
    offices = session.exec(select(Office)).all()
    assert len(offices) >= 120
    assert {o.province_code for o in offices} == {p.code for p in session.exec(select(Province)).all()}
    types = {o.type for o in offices}
    assert {"kanim", "ulp", "tpi_airport", "tpi_seaport", "tpi_land"} <= types


def test_every_office_is_valid(session):
    provinces = {p.code: p for p in session.exec(select(Province)).all()}
    offered = {}
    for cell in session.exec(select(OfficeService)).all():
        offered.setdefault(cell.office_id, 0)
        offered[cell.office_id] += 1
    for office in session.exec(select(Office)).all():
        assert office.province_code in provinces, office.code
        assert office.timezone == provinces[office.province_code].timezone, office.code
        assert offered.get(office.id, 0) >= 1, f"{office.code} offers no service"
        assert -11.5 <= office.latitude <= 6.5 and 94.5 <= office.longitude <= 141.5, office.code
        OfficeType(office.type)
        # Only a Kantor Imigrasi has a class; one whose class is not public yet is listed in test_office_network.
        assert office.office_class is None or office.type == "kanim", office.code


def test_checkpoints_and_offices_named_in_the_brief(session):
    codes = set(session.exec(select(Office.code)).all())
    for code in ("kanim-putussibau", "tpi-bandara-soekarno-hatta", "tpi-bandara-ngurah-rai", "tpi-bandara-juanda",
                 "tpi-bandara-kualanamu", "tpi-bandara-hang-nadim", "tpi-pelabuhan-batam-centre", "plbn-entikong",
                 "plbn-aruk", "plbn-badau", "plbn-motaain", "plbn-skouw"):
        assert code in codes
    putussibau = session.exec(select(Office).where(Office.code == "kanim-putussibau")).one()
    assert putussibau.name == "Kantor Imigrasi Kelas III TPI Putussibau"
    assert putussibau.office_class == "III_TPI"
    assert putussibau.timezone == "Asia/Jakarta"


def test_kelas_iii_offices_offer_no_express_passport(session):
    express = session.exec(select(Service).where(Service.code == "passport_express")).one()
    offering = set(session.exec(select(OfficeService.office_id).where(OfficeService.service_id == express.id)).all())
    for office in session.exec(select(Office).where(Office.office_class.in_(["III_TPI", "III_NON_TPI"]))).all():
        assert office.id not in offering, office.code


def _table_contents(session) -> dict[str, list[tuple]]:
    contents = {}
    for table in ("province", "service", "office", "office_service", "status_change", "incident",
                  "incident_update", "notice", "notice_office", "notice_revision", "audit_event"):
        rows = session.exec(sa.text(f"SELECT * FROM {table} ORDER BY 1")).all()
        contents[table] = [tuple(row) for row in rows]
    return contents


def test_seeding_twice_leaves_the_same_rows(session):
    before = _table_contents(session)
    report = seed(session)
    session.flush()
    assert report.cells_added == 0 and not report.demo_added
    assert _table_contents(session) == before


def test_the_database_refuses_an_unknown_office_class(db_url):
    update = sa.text("UPDATE office SET office_class = :value WHERE code = 'kanim-putussibau'")
    with db.get_engine(db_url).begin() as conn:
        conn.execute(update, {"value": None})  # an office without a class is allowed
        conn.execute(update, {"value": "II_NON_TPI"})
    with pytest.raises(sa.exc.IntegrityError, match="ck_office_class|CHECK"):
        with db.get_engine(db_url).begin() as conn:
            conn.execute(update, {"value": "IV_TPI"})
    with db.get_engine(db_url).connect() as conn:
        assert conn.execute(sa.text("SELECT office_class FROM office WHERE code = 'kanim-putussibau'")).scalar() \
            == "II_NON_TPI"

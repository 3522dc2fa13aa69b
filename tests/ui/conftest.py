"""The accounts and rows every handler of the table in tests/support/handlers.py acts on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from imigrasi_site.core import accounts, checks, db, declare, heartbeats, maintenance, notices, special_days, webhooks
from imigrasi_site.core.availability import CellSelector
from imigrasi_site.core.models import Incident, Signal
from tests.support import accounts as signing
from tests.support.handlers import PASSWORD


@pytest.fixture
def handler_world(cheap_argon2, db_url, monkeypatch):
    """Accounts of every role with live sessions, and notices in each workflow state."""
    # Cheap Argon2 parameters: these tests are about authorization, not hashing cost.
    tokens, ids = {}, {}
    with db.session_scope(db_url) as session:
        for role in ("editor", "publisher", "admin"):
            accounts.create_editor(session, username=f"{role}-x", display_name=role, password=PASSWORD, role=role, operator=True)
    with db.session_scope(db_url) as session:
        for role in ("editor", "publisher", "admin"):
            tokens[role] = signing.sign_in(session, username=f"{role}-x", password=PASSWORD, client_address="127.0.0.1")[1]
    with db.session_scope(db_url) as session:
        author = accounts.resolve_session(session, tokens["editor"])
        publisher = accounts.resolve_session(session, tokens["admin"])

        def notice(title: str):
            return notices.create_notice(session, notices.NoticeText.clean(title_ind=title, body_ind="Isi."), actor=author)

        ids["draft"] = notice("Draf rahasia satu").id
        in_review = notice("Draf rahasia dua")
        notices.submit_for_review(session, in_review.id, actor=author)
        ids["in_review"], ids["in_review_version"] = in_review.id, in_review.version
        published = notice("Terbit uji")
        notices.submit_for_review(session, published.id, actor=author)
        notices.approve(session, published.id, actor=publisher)
        ids["published"], ids["published_version"] = published.id, published.version
        corrected = notice("Terbit lalu dikoreksi")
        notices.submit_for_review(session, corrected.id, actor=author)
        notices.approve(session, corrected.id, actor=publisher)
        notices.update_notice(
            session,
            corrected.id,
            notices.NoticeText.clean(title_ind="Koreksi", body_ind="Isi."),
            expected_version=corrected.version,
            actor=publisher,
        )
        ids["corrected"], ids["corrected_version"] = corrected.id, corrected.version
        incident = session.exec(select(Incident)).first()
        ids["incident"], ids["incident_version"] = incident.id, incident.version
        ids["editor_account"] = accounts.resolve_session(session, tokens["editor"]).id
        ids["publisher_account"] = accounts.resolve_session(session, tokens["publisher"]).id
        ids["webhook"], ids["webhook_secret"] = webhooks.register_endpoint(
            session, publisher, name="Mitra", url="https://mitra.example/status"
        )
        ids["maintenance"] = maintenance.schedule_maintenance(
            session,
            CellSelector(office_codes=("kanim-denpasar",)),
            title_ind="Pemeliharaan terjadwal",
            starts_at=datetime(2099, 1, 1, tzinfo=UTC),
            ends_at=datetime(2099, 1, 2, tzinfo=UTC),
            actor=author,
        ).id
        ids["special_day"] = special_days.create_special_day(
            session,
            special_days.SpecialDayScope(),
            day="2026-12-30",
            kind="closure",
            reason_ind="Uji",
            reason_en="Test",
            actor=publisher,
        ).id
        ids["heartbeat_token"] = heartbeats.create_token(session, publisher, "kanim-denpasar")
        ids["check"] = checks.add_check(session, publisher, name="Cek", url="https://pusat.example/health")
        now = datetime(2024, 6, 20, tzinfo=UTC)
        signal = Signal(kind="heartbeat_missing", since=now, opened_at=now)
        session.add(signal)
        session.flush()
        ids["signal"] = signal.id
        ids["declare_versions"] = declare.plan(
            session, author, [declare.Line("stay_permit", "offices", ("kanim-denpasar",), "limited", "Datang lebih awal.")]
        ).versions
    return tokens, ids

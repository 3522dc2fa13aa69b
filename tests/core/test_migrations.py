"""The schema comes from the committed migrations, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from imigrasi_site.core.snapshot import SnapshotStore

EXPECTED_TABLES = {
    "province", "office", "service", "office_service", "status_change", "incident", "incident_update", "notice",
    "notice_office", "notice_revision", "editor", "editor_session", "audit_event", "public_revision", "special_day",
}


def _head() -> str:
    return ScriptDirectory.from_config(db.alembic_config()).get_current_head()


def _assert_schema_matches_models(url: str) -> None:
    with db.get_engine(url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_migrations_build_an_empty_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    db.migrate(url)
    assert db.current_revision(url) == _head()
    assert EXPECTED_TABLES <= set(sa.inspect(db.get_engine(url)).get_table_names())
    _assert_schema_matches_models(url)


def test_migrations_and_seed_on_postgresql(postgres_url):
    db.migrate(postgres_url)
    assert db.current_revision(postgres_url) == _head()
    assert EXPECTED_TABLES <= set(sa.inspect(db.get_engine(postgres_url)).get_table_names())
    _assert_schema_matches_models(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
    snapshot = SnapshotStore(postgres_url).get()
    office = snapshot.office("kanim-putussibau")
    assert office.cell("passport_application").availability == "unavailable"
    # PostgreSQL keeps the zone: times come back as the same UTC instants.
    assert office.cell("passport_application").since.utcoffset().total_seconds() == 0
    assert office.cell("passport_application").since.isoformat() == "2024-06-21T02:00:00+00:00"


def _upgrade_from_0001_with_rows(url: str) -> None:
    """A database at 0001 holding a pre-0002 webhook secret and subscription, then brought to the head."""
    from alembic import command

    command.upgrade(db.alembic_config(url), "0001")
    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO webhook_endpoint (name, url, secret, is_active, created_at) "
                             "VALUES ('Mitra', 'https://m.example/', 'lama-token_urlsafe-Rahasia', true, "
                             "CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO subscription (email, lang, token_hash, created_at) "
                             "VALUES ('a@contoh.id', 'id', 'h1', CURRENT_TIMESTAMP)"))
    command.upgrade(db.alembic_config(url), "head")


def _assert_0002_converted(url: str) -> None:
    import base64
    import hashlib
    import hmac

    from imigrasi_site.core import webhooks

    with db.get_engine(url).connect() as conn:
        secret = conn.execute(sa.text("SELECT secret FROM webhook_endpoint")).scalar_one()
        nonce = conn.execute(sa.text("SELECT token_nonce FROM subscription")).scalar_one()
    # The whsec_ form of the same key bytes: the partner's key does not change, only the scheme.
    assert secret == "whsec_" + base64.b64encode(b"lama-token_urlsafe-Rahasia").decode()
    expected = hmac.new(b"lama-token_urlsafe-Rahasia", b"msg_1.5.{}", hashlib.sha256).digest()
    assert webhooks.sign("msg_1", 5, b"{}", secret) == "v1," + base64.b64encode(expected).decode()
    assert len(nonce) >= 22


def test_0002_converts_webhook_secrets_and_gives_subscriptions_a_nonce_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade_from_0001_with_rows(url)
    _assert_0002_converted(url)
    _assert_schema_matches_models(url)


def test_0002_converts_webhook_secrets_and_gives_subscriptions_a_nonce_on_postgresql(postgres_url):
    _upgrade_from_0001_with_rows(postgres_url)
    _assert_0002_converted(postgres_url)
    _assert_schema_matches_models(postgres_url)


def _language_columns_keep_their_text(url: str) -> None:
    """A seeded database at 0008, with Indonesian text in *_id columns, brought to the head and back."""
    from alembic import command

    config = db.alembic_config(url)
    command.upgrade(config, "0008")
    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO service (code, name_id, name_en, description_id, description_en, sort_order) "
                             "VALUES ('uji', 'Layanan uji', 'Test service', 'Uraian', 'Description', 99)"))
    command.upgrade(config, "head")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT name_ind, name_en, description_ind FROM service WHERE code = 'uji'")).one()
    assert tuple(row) == ("Layanan uji", "Test service", "Uraian")
    command.downgrade(config, "0008")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name_id FROM service WHERE code = 'uji'")).scalar_one() == "Layanan uji"


def test_the_language_columns_are_renamed_with_their_data_on_sqlite(tmp_path):
    _language_columns_keep_their_text(f"sqlite:///{tmp_path / 'rename.db'}")


def test_the_language_columns_are_renamed_with_their_data_on_postgresql(postgres_url):
    _language_columns_keep_their_text(postgres_url)

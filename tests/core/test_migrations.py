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

"""Shared fixtures: a migrated and seeded SQLite database per test, copied from one template."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
import sqlalchemy as sa

from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from imigrasi_site.core.snapshot import SnapshotStore

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("IMIGRASI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("IMIGRASI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def skip_or_fail(reason: str) -> None:
    """A missing service skips on a developer machine and fails in CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    url = f"sqlite:///{path}"
    db.migrate(url)
    with db.session_scope(url) as session:
        seed(session)
    db.get_engine(url).dispose()
    return str(path)


@pytest.fixture
def db_url(seeded_template, tmp_path, monkeypatch) -> str:
    """A fresh seeded database for this test, also made the process default."""
    path = tmp_path / "test.db"
    shutil.copy(seeded_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("REFLEX_DB_URL", url)
    yield url
    db.get_engine(url).dispose()


@pytest.fixture
def session(db_url):
    with db.session_scope(db_url) as session:
        yield session


@pytest.fixture
def store(db_url) -> SnapshotStore:
    return SnapshotStore(db_url)


@pytest.fixture(scope="session")
def snapshot(seeded_template):
    """The read model of the seeded demo database (read-only: tests must not write through it)."""
    return SnapshotStore(f"sqlite:///{seeded_template}").get()


@pytest.fixture
def postgres_url():
    """An empty schema of its own in the PostgreSQL test database, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc.orig}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    yield url
    db.get_engine(url).dispose()
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()

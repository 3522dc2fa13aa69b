"""The services some tests need beside the app (PostgreSQL, Redis): where they are, and what a missing one does."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from imigrasi_site.core import db

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("IMIGRASI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("IMIGRASI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def skip_or_fail(reason: str) -> None:
    """A missing service skips on a developer machine and fails in CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@contextmanager
def postgres_schema(base_url: str = POSTGRES_URL):
    """An empty schema of its own in the PostgreSQL test database; yields (schema, url); dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {base_url}: {exc.orig}")
    url = f"{base_url}?options=-csearch_path%3D{schema}"
    try:
        yield schema, url
    finally:
        db.get_engine(url).dispose()
        db.quick_write_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

"""Engine, sessions and migrations.

The schema is created only by the Alembic migrations in alembic/ (the same ones
`reflex db migrate` applies), never by create_all, so every database has the
schema the migrations describe.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from imigrasi_site.core.models import PublicRevision, utcnow
from imigrasi_site.core.settings import PROJECT_ROOT, get_settings

# What a database outage looks like to callers: connection refused, server gone, file unreadable.
DATABASE_ERRORS = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DatabaseError)
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()
# When the database is down, callers should learn it within seconds. A refused connection says so
# at once; a data-centre failure may instead drop the packets, which without these the kernel would
# notice only after about 15 minutes: the connect timeout bounds a new connection, the user
# timeout a request no one acknowledges (ms), and keepalives an idle pooled connection.
POSTGRES_CONNECT_ARGS = {"connect_timeout": 3, "tcp_user_timeout": 5000, "keepalives": 1, "keepalives_idle": 30,
                         "keepalives_interval": 5, "keepalives_count": 3}


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets public reads continue while an editor writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().db_url
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                path = sa.engine.make_url(url).database
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
                sa.event.listen(engine, "connect", _enable_sqlite_pragmas)
            else:
                engine = sa.create_engine(url, pool_pre_ping=True, connect_args=POSTGRES_CONNECT_ARGS)
            _engines[url] = engine
        return engine


def _commit_without_flush(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit TO OFF")
    cursor.close()
    dbapi_connection.commit()  # psycopg opened a transaction for the SET until autocommit is on


def quick_write_engine(url: str | None = None) -> Engine:
    """For one-statement writes that the next one replaces (heartbeats): each in its own
    autocommit, on PostgreSQL without waiting for the commit's flush to disk, on connections
    that are not pinged first. One round trip a write; a write lost in a crash is replaced
    30 s later, and a connection the server dropped fails one write and empties the pool."""
    url = url or get_settings().db_url
    if url.startswith("sqlite"):
        return get_engine(url)
    key = f"quick:{url}"
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_recycle=600,
                                      connect_args=POSTGRES_CONNECT_ARGS)
            sa.event.listen(engine, "connect", _commit_without_flush)
            _engines[key] = engine
        return engine


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str | None = None):
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", (url or get_settings().db_url).replace("%", "%%"))
    return config


def migrate(url: str | None = None) -> None:
    """Bring the database to the newest schema."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def current_revision(url: str | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def row_id(row: _Stored) -> int:
    """The primary key of a row read from the database, or added and flushed.

    SQLModel types every `id` as optional, since a new row has none until it is flushed; a row
    used as stored without one is a programming error, named here rather than passed on as None.
    """
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: it was never flushed")
    return row.id


def bump_public_revision(session: Session) -> int:
    """Mark the public read model stale, inside the caller's transaction.

    The increment happens in the database (revision = revision + 1), so two writers
    committing at once always end on two different numbers: a worker that read between
    them sees the second number move and rebuilds.
    """
    now = utcnow()
    bumped = session.exec(
        sa.update(PublicRevision).where(col(PublicRevision.id) == 1)
        .values(revision=col(PublicRevision.revision) + 1, changed_at=now).returning(col(PublicRevision.revision))
    ).first()
    if bumped is not None:
        return bumped[0]
    session.add(PublicRevision(id=1, revision=1, changed_at=now))
    session.flush()
    return 1


def read_public_revision(session: Session) -> int:
    row = session.get(PublicRevision, 1)
    return row.revision if row else 0

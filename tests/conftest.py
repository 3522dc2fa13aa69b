"""Shared fixtures: a migrated and seeded SQLite database per test, copied from one template."""

from __future__ import annotations

import os
import shutil

import pytest
from argon2 import PasswordHasher

from imigrasi_site.core import accounts, db
from imigrasi_site.core.seed import seed
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import SnapshotStore
from tests.support.accounts import CHEAP_ARGON2, DEMO_PASSWORD
from tests.support.harness import LiveApp, start_live_app, stop_live_app
from tests.support.services import postgres_schema

# get_settings() reads the environment once per process. Tests change the environment with
# monkeypatch, also in the middle of a test: every change of a variable the settings read clears
# the cache, and so does the start and the end of every test (monkeypatch's undo writes
# os.environ directly).
_SETTINGS_VARIABLES = ("IMIGRASI_", "REFLEX_DB_URL", "REFLEX_REDIS_URL")
_monkeypatch_setenv, _monkeypatch_delenv = pytest.MonkeyPatch.setenv, pytest.MonkeyPatch.delenv


def _setenv(self: pytest.MonkeyPatch, name: str, value: str, prepend: str | None = None) -> None:
    _monkeypatch_setenv(self, name, value, prepend)
    if name.startswith(_SETTINGS_VARIABLES):
        get_settings.cache_clear()


def _delenv(self: pytest.MonkeyPatch, name: str, raising: bool = True) -> None:
    _monkeypatch_delenv(self, name, raising)
    if name.startswith(_SETTINGS_VARIABLES):
        get_settings.cache_clear()


pytest.MonkeyPatch.setenv = _setenv  # type: ignore[method-assign]
pytest.MonkeyPatch.delenv = _delenv  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _settings_as_the_environment_says():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _snapshot_copies_in_tmp(tmp_path_factory):
    """Read-model copies written during tests go to a temporary folder, never to the project's data/."""
    path = tmp_path_factory.mktemp("snapshots") / "public-snapshot.json"
    previous = os.environ.get("IMIGRASI_SNAPSHOT_PATH")
    os.environ["IMIGRASI_SNAPSHOT_PATH"] = str(path)
    get_settings.cache_clear()
    yield path
    if previous is None:
        os.environ.pop("IMIGRASI_SNAPSHOT_PATH", None)
    else:
        os.environ["IMIGRASI_SNAPSHOT_PATH"] = previous
    get_settings.cache_clear()


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
    # The core reads IMIGRASI_DB_URL first (rxconfig sets it when Reflex loads its config).
    monkeypatch.setenv("IMIGRASI_DB_URL", url)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    yield url
    db.get_engine(url).dispose()


@pytest.fixture
def cheap_argon2(monkeypatch):
    """Argon2 with the lowest cost, for tests about something other than hashing cost."""
    cheap = PasswordHasher(**CHEAP_ARGON2)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not-a-real-password"))


@pytest.fixture
def operator_admin(cheap_argon2, db_url):
    """An admin with the operator's pages too: webhooks, system checks, heartbeat tokens, automatic marking."""
    with db.session_scope(db_url) as session:
        return accounts.create_editor(session, username="admin-operator", display_name="Admin", password="x" * 12,
                                      role="admin", operator=True)


@pytest.fixture
def local_partners(monkeypatch):
    """Receivers on 127.0.0.1 are allowed, as IMIGRASI_WEBHOOK_ALLOWED_HOSTS allows intranet partners."""
    monkeypatch.setenv("IMIGRASI_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")


@pytest.fixture
def session(db_url):
    with db.session_scope(db_url) as session:
        yield session


@pytest.fixture
def store(db_url, tmp_path) -> SnapshotStore:
    return SnapshotStore(db_url, copy_path=tmp_path / "snapshot.json")


@pytest.fixture(scope="session")
def snapshot(seeded_template, tmp_path_factory):
    """The read model of the seeded demo database (read-only: tests must not write through it)."""
    copy = tmp_path_factory.mktemp("snapshot") / "snapshot.json"
    return SnapshotStore(f"sqlite:///{seeded_template}", copy_path=copy).get()


@pytest.fixture
def postgres_url():
    with postgres_schema() as (_schema, url):
        yield url


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, seeded_template) -> LiveApp:
    workdir = tmp_path_factory.mktemp("live")
    db_path = workdir / "live.db"
    shutil.copy(seeded_template, db_path)
    app = start_live_app(workdir, f"sqlite:///{db_path}")
    yield app
    stop_live_app(app)


@pytest.fixture(scope="session")
def live_accounts(live_app) -> dict[str, str]:
    """One account per role in the live app's database: role -> username (password DEMO_PASSWORD)."""
    names = {"editor": "editor1", "editor2": "editor2", "publisher": "penerbit1", "admin": "admin1"}
    with db.session_scope(live_app.db_url) as session:
        for key, username in names.items():
            accounts.create_editor(session, username=username, display_name=f"Uji {key}", password=DEMO_PASSWORD,
                                   role=key.rstrip("2"), operator=True)
    return names

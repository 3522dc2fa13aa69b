"""Shared fixtures: a migrated and seeded SQLite database per test, copied from one template."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
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


@pytest.fixture(scope="session", autouse=True)
def _snapshot_copies_in_tmp(tmp_path_factory):
    """Read-model copies written during tests go to a temporary folder, never to the project's data/."""
    path = tmp_path_factory.mktemp("snapshots") / "public-snapshot.json"
    previous = os.environ.get("IMIGRASI_SNAPSHOT_PATH")
    os.environ["IMIGRASI_SNAPSHOT_PATH"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("IMIGRASI_SNAPSHOT_PATH", None)
    else:
        os.environ["IMIGRASI_SNAPSHOT_PATH"] = previous


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
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url():
    with postgres_schema() as (_schema, url):
        yield url


PROJECT_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveApp:
    """The real app (`reflex run --env prod`) serving its own seeded database on a free port."""

    base_url: str
    db_url: str
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def own_web_dir(workdir: Path) -> Path:
    """A private copy of the built frontend folder, so a second app can build for its own port.

    Reflex bakes the backend port into the frontend bundle, so two apps must not share
    one .web folder. node_modules is hard-linked, not copied: it is large and never rewritten.
    """
    source = PROJECT_ROOT / ".web"
    target = workdir / "web"
    target.mkdir()
    for item in source.iterdir():
        if item.name == "node_modules":
            subprocess.run(["cp", "-al", str(item), str(target / item.name)], check=True)
        elif item.is_dir():
            shutil.copytree(item, target / item.name, symlinks=True)
        else:
            shutil.copy2(item, target / item.name)
    return target


def start_live_app(workdir: Path, db_url: str, extra_env: dict[str, str] | None = None, *,
                   web_dir: Path | None = None, backend_only: bool = False) -> LiveApp:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
        "REFLEX_USE_NPM": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_DB_URL": db_url,
        "IMIGRASI_DB_URL": db_url,
        "IMIGRASI_PUBLIC_URL": base_url,
        "IMIGRASI_SNAPSHOT_PATH": str(workdir / f"snapshot-{port}.json"),
        **({"REFLEX_WEB_WORKDIR": str(web_dir)} if web_dir else {}),
        **(extra_env or {}),
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    log_path = workdir / f"reflex-{port}.log"
    mode = ["--backend-only", "--backend-port", str(port)] if backend_only else [
        "--single-port", "--frontend-port", str(port)]
    process = subprocess.Popen(
        [str(VENV_BIN / "reflex"), "run", "--env", "prod", *mode, "--backend-host", "127.0.0.1"],
        cwd=PROJECT_ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )
    app = LiveApp(base_url, db_url, process, log_path)
    deadline = time.monotonic() + 420  # the first build on a fresh machine installs the npm packages
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(app.url("/ping"), timeout=2).text.strip() == '"pong"':
                return app
        except httpx.HTTPError:
            pass
        time.sleep(1)
    stop_live_app(app)
    raise RuntimeError(f"the app did not start in time:\n{log_path.read_text()[-4000:]}")


def stop_live_app(app: LiveApp) -> None:
    if app.process.poll() is None:
        os.killpg(app.process.pid, signal.SIGTERM)
        try:
            app.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.process.pid, signal.SIGKILL)
            app.process.wait()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, seeded_template) -> LiveApp:
    workdir = tmp_path_factory.mktemp("live")
    db_path = workdir / "live.db"
    shutil.copy(seeded_template, db_path)
    app = start_live_app(workdir, f"sqlite:///{db_path}")
    yield app
    stop_live_app(app)


DEMO_PASSWORD = "uji-kata-sandi-panjang"


@pytest.fixture(scope="session")
def live_accounts(live_app) -> dict[str, str]:
    """One account per role in the live app's database: role -> username (password DEMO_PASSWORD)."""
    from imigrasi_site.core.accounts import create_editor

    names = {"editor": "editor1", "editor2": "editor2", "publisher": "penerbit1", "admin": "admin1"}
    with db.session_scope(live_app.db_url) as session:
        for key, username in names.items():
            create_editor(session, username=username, display_name=f"Uji {key}", password=DEMO_PASSWORD,
                          role=key.rstrip("2"), operator=True)
    return names

"""Starting the real app (`reflex run --env prod`) on a free port: used by the tests and the benchmarks."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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


def private_web_dir(workdir: Path) -> Path | None:
    """A copy of the frontend folder when one is built (so a running `make run` is left alone), else None."""
    return own_web_dir(workdir) if (PROJECT_ROOT / ".web" / "node_modules").is_dir() else None

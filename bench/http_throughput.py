"""Requests per second and p99 latency of the JSON status endpoint, the office embed, and an office
page in its full and its light edition.

Three servers answer the same bytes on this machine, each measured with wrk, 64 connections:
  1. nginx serving the bytes as static files (the reference ceiling),
  2. the app (`reflex run --env prod`), which answers from its in-memory read model,
  3. the same endpoint computed from the database on every request (the floor this design avoids).
Targets: the app reaches >= 35 % of nginx's rate with p99 < 15 ms, and >= 20x the per-request rate.

Run:  .venv/bin/python -m bench.http_throughput [--duration 15] [--connections 64]
Needs wrk and nginx (apt-get install -y wrk nginx-light). Appends its figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from tests.support.harness import PROJECT_ROOT, VENV_BIN, free_port, private_web_dir, start_live_app, stop_live_app

STATUS_PATH = "/api/v1/status"
EMBED_PATH = "/embed/kantor/kanim-putussibau"
OFFICE_PATH = "/kantor/kanim-putussibau"
LIGHT_PATH = "/kantor/kanim-putussibau?versi=ringan"


def wrk(url: str, duration: int, connections: int) -> tuple[float, float]:
    """Requests per second and p99 latency in milliseconds."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return rps, p99


def start_nginx(root: Path, files: dict[str, tuple[bytes, str]]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    types = []
    for name, (body, content_type) in files.items():
        (root / "www" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "www" / name).write_bytes(body)
        types.append(f"location = /{name} {{ default_type \"{content_type}\"; }}")
    conf = root / "nginx.conf"
    conf.write_text(textwrap.dedent(f"""
        worker_processes auto;
        daemon off;
        pid {root}/nginx.pid;
        error_log {root}/error.log;
        events {{ worker_connections 1024; }}
        http {{
            access_log off;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 100000;
            client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
            uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
            server {{
                listen 127.0.0.1:{port};
                root {root}/www;
                {' '.join(types)}
            }}
        }}
    """))
    (root / "tmp").mkdir(exist_ok=True)
    # nginx's workers drop to an unprivileged user: they must be able to read the files.
    for folder in (root.parent, root, root / "www"):
        folder.chmod(0o755)
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(root)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT, start_new_session=True)
    wait_for(f"http://127.0.0.1:{port}/status.json")
    return process, port


def start_per_request_reference(db_url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "IMIGRASI_DB_URL": db_url, "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2", "--no-ws", "bench.per_request_app:app"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for(f"http://127.0.0.1:{port}{STATUS_PATH}")
    return process, port


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            print(f"{tool} is missing: apt-get install -y wrk nginx-light", file=sys.stderr)
            return 2

    work = Path(tempfile.mkdtemp(prefix="bench-http-"))
    db_url = f"sqlite:///{work / 'bench.db'}"
    db.migrate(db_url)
    with db.session_scope(db_url) as session:
        seed(session)
    # Two workers for two cores, as deployed with Redis (see docs/operations.md).
    app = start_live_app(work, db_url, {"GRANIAN_WORKERS": "2", "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/14"},
                         web_dir=private_web_dir(work))
    processes = []
    try:
        bodies = {
            "status.json": (httpx.get(app.url(STATUS_PATH)).content, "application/json"),
            "embed.html": (httpx.get(app.url(EMBED_PATH)).content, "text/html; charset=utf-8"),
            "office.html": (httpx.get(app.url(OFFICE_PATH)).content, "text/html; charset=utf-8"),
            "office-light.html": (httpx.get(app.url(LIGHT_PATH)).content, "text/html; charset=utf-8"),
        }
        nginx, nginx_port = start_nginx(work / "nginx", bodies)
        processes.append(nginx)
        reference, reference_port = start_per_request_reference(db_url)
        processes.append(reference)

        def measure(url: str) -> tuple[float, float]:
            wrk(url, 3, args.connections)  # warm-up
            return wrk(url, args.duration, args.connections)

        nginx_status = measure(f"http://127.0.0.1:{nginx_port}/status.json")
        app_status = measure(app.url(STATUS_PATH))
        nginx_embed = measure(f"http://127.0.0.1:{nginx_port}/embed.html")
        app_embed = measure(app.url(EMBED_PATH))
        nginx_office = measure(f"http://127.0.0.1:{nginx_port}/office.html")
        app_office = measure(app.url(OFFICE_PATH))
        nginx_light = measure(f"http://127.0.0.1:{nginx_port}/office-light.html")
        app_light = measure(app.url(LIGHT_PATH))
        per_request = measure(f"http://127.0.0.1:{reference_port}{STATUS_PATH}")
    finally:
        for process in processes:
            stop(process)
        stop_live_app(app)

    figures = [
        Figure("nginx, status.json (static file)", f"{nginx_status[0]:,.0f} req/s, p99 {nginx_status[1]:.2f} ms",
               "reference"),
        Figure(f"app, {STATUS_PATH}", f"{app_status[0]:,.0f} req/s, p99 {app_status[1]:.2f} ms",
               _verdict(app_status, nginx_status)),
        Figure("nginx, embed.html (static file)", f"{nginx_embed[0]:,.0f} req/s, p99 {nginx_embed[1]:.2f} ms",
               "reference"),
        Figure(f"app, {EMBED_PATH}", f"{app_embed[0]:,.0f} req/s, p99 {app_embed[1]:.2f} ms",
               _verdict(app_embed, nginx_embed)),
        Figure("nginx, office page, full edition (static file)",
               f"{nginx_office[0]:,.0f} req/s, p99 {nginx_office[1]:.2f} ms", "reference"),
        Figure(f"app, {OFFICE_PATH} (full edition)", f"{app_office[0]:,.0f} req/s, p99 {app_office[1]:.2f} ms",
               _verdict(app_office, nginx_office)),
        Figure("nginx, office page, light edition (static file)",
               f"{nginx_light[0]:,.0f} req/s, p99 {nginx_light[1]:.2f} ms", "reference"),
        Figure(f"app, {LIGHT_PATH}", f"{app_light[0]:,.0f} req/s, p99 {app_light[1]:.2f} ms",
               _verdict(app_light, nginx_light)),
        Figure("status computed from the database per request", f"{per_request[0]:,.0f} req/s, "
               f"p99 {per_request[1]:.2f} ms",
               f"app is {app_status[0] / per_request[0]:.1f}x this (target >= 20x): "
               f"{'met' if app_status[0] >= 20 * per_request[0] else 'NOT met'}"),
    ]
    append_results("HTTP throughput (wrk, 64 connections)",
                   f"{machine_line()}; wrk -t2 -c{args.connections} -d{args.duration}s on the same machine; "
                   "app with 2 Granian workers and Redis; database SQLite.", figures)
    for figure in figures:
        print(f"{figure.what:<55} {figure.value:<36} {figure.verdict}")
    return 0


def _verdict(app: tuple[float, float], nginx: tuple[float, float]) -> str:
    share = app[0] / nginx[0]
    ok = share >= 0.35 and app[1] < 15
    return f"{share:.0%} of nginx, p99 {'<' if app[1] < 15 else '>='} 15 ms: {'met' if ok else 'NOT met'}"


if __name__ == "__main__":
    sys.exit(main())

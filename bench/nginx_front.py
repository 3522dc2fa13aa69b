"""An office page through nginx configured as deploy/ says (one-second micro-cache in front of the
app), against nginx serving the same bytes as a static file, in the same run.

This is how production serves a surge: nginx answers almost every request from its cache and the
app renders the page about once a second. Measured with wrk, 64 connections, like http_throughput.

Run:  .venv/bin/python -m bench.nginx_front [--duration 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from bench.http_throughput import start_nginx, wait_for, wrk
from bench.report import Figure, append_results, machine_line
from deploy.render import render
from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from tests.support.harness import free_port, private_web_dir, start_live_app, stop_live_app

PATHS = ("/kantor/kanim-putussibau", "/kantor/kanim-putussibau?versi=ringan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        print("wrk or nginx is missing: apt-get install -y wrk nginx-light", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-front-"))
    db_url = f"sqlite:///{work / 'bench.db'}"
    db.migrate(db_url)
    with db.session_scope(db_url) as session:
        seed(session)
    app = start_live_app(work, db_url, {"GRANIAN_WORKERS": "2"}, web_dir=private_web_dir(work))
    front = None
    static = None
    figures = []
    try:
        prefix = work / "front"
        prefix.mkdir()
        port = free_port()
        (prefix / "nginx.conf").write_text(render(listen=f"127.0.0.1:{port}", server_name="_", prefix=str(prefix),
                                                  workers=[app.base_url.removeprefix("http://")]))
        user = " user root;" if os.geteuid() == 0 else ""
        front = subprocess.Popen(["nginx", "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g",
                                  "daemon off;" + user], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        wait_for(f"http://127.0.0.1:{port}/ping")
        bodies = {f"page{i}.html": (httpx.get(app.url(path)).content, "text/html; charset=utf-8")
                  for i, path in enumerate(PATHS)}
        static, static_port = start_nginx(work / "static", {"status.json": (b"{}", "application/json"), **bodies})
        for i, path in enumerate(PATHS):
            wrk(f"http://127.0.0.1:{port}{path}", 3, args.connections)  # warm-up
            through = wrk(f"http://127.0.0.1:{port}{path}", args.duration, args.connections)
            reference = wrk(f"http://127.0.0.1:{static_port}/page{i}.html", args.duration, args.connections)
            share = through[0] / reference[0]
            ok = share >= 0.35 and through[1] < 15
            figures += [
                Figure(f"nginx, static copy of {path}", f"{reference[0]:,.0f} req/s, p99 {reference[1]:.2f} ms",
                       "reference"),
                Figure(f"nginx (deploy/ config) in front of the app, {path}",
                       f"{through[0]:,.0f} req/s, p99 {through[1]:.2f} ms",
                       f"{share:.0%} of nginx, p99 {'<' if through[1] < 15 else '>='} 15 ms: "
                       f"{'met' if ok else 'NOT met'}"),
            ]
    finally:
        for process in (front, static):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
        stop_live_app(app)
    append_results("Office page through nginx as deployed (wrk, 64 connections)",
                   f"{machine_line()}; deploy/nginx.conf.template with a one-second micro-cache in front of the app "
                   f"(2 Granian workers); wrk -t2 -c{args.connections} -d{args.duration}s.", figures)
    for figure in figures:
        print(f"{figure.what:<70} {figure.value:<36} {figure.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

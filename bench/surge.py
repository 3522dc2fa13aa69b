"""A visitor surge while the database goes down: 20,000 requests to public endpoints over 60 seconds,
with PostgreSQL cut off half-way (through a TCP forwarder, as a failed server or network would).

Targets: zero errors; every response after the cut carries the data-as-of line.
Run:  .venv/bin/python -m bench.surge [--requests 20000] [--seconds 60]
Needs PostgreSQL at 127.0.0.1:5432 (database `test`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa

from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from tests.support.harness import private_web_dir, start_live_app, stop_live_app
from tests.support.tcp_proxy import TcpProxy

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENDPOINTS = (
    ("/api/v1/status", b'"data_as_of"'),
    ("/api/v1/offices/kanim-putussibau", b'"data_as_of"'),
    ("/api/v1/offices?service=passport_express&availability=unavailable", b'"data_as_of"'),
    ("/embed/kantor/tpi-bandara-ngurah-rai", b"Data per"),
    ("/embed/status?lang=en", b"Data as of"),
)


async def surge(base: str, total: int, seconds: float, cut_at: float, proxy: TcpProxy) -> dict:
    interval = seconds / total
    stats = {"ok": 0, "errors": [], "after_cut": 0, "after_cut_without_as_of": 0}
    cut_time: list[float] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        started = time.monotonic()

        async def one(path: str, marker: bytes) -> None:
            try:
                response = await client.get(path)
            except httpx.HTTPError as error:
                stats["errors"].append(f"{path}: {error!r}")
                return
            if response.status_code != 200:
                stats["errors"].append(f"{path}: {response.status_code}")
                return
            stats["ok"] += 1
            if cut_time:
                stats["after_cut"] += 1
                if marker not in response.content:
                    stats["after_cut_without_as_of"] += 1

        tasks = []
        for n, (path, marker) in zip(range(total), itertools.cycle(ENDPOINTS)):
            due = started + n * interval
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if not cut_time and time.monotonic() - started >= cut_at:
                await asyncio.to_thread(proxy.cut)
                cut_time.append(time.monotonic())
            tasks.append(asyncio.create_task(one(path, marker)))
        await asyncio.gather(*tasks)
        stats["elapsed"] = time.monotonic() - started
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    direct = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    proxy = TcpProxy("127.0.0.1", 5432)
    port = proxy.start()
    work = Path(tempfile.mkdtemp(prefix="bench-surge-"))
    app = None
    try:
        db.migrate(direct)
        with db.session_scope(direct) as session:
            seed(session)
        app_url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test?options=-csearch_path%3D{schema}"
        app = start_live_app(work, app_url, {"IMIGRASI_STALE_AFTER_SECONDS": "5"}, web_dir=private_web_dir(work))
        stats = asyncio.run(surge(app.base_url, args.requests, args.seconds, args.seconds / 2, proxy))
    finally:
        if app is not None:
            stop_live_app(app)
        proxy.close()
        db.get_engine(direct).dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))

    errors = stats["errors"]
    figures = [
        Figure(f"{args.requests:,} requests in {args.seconds:.0f} s, database cut at {args.seconds / 2:.0f} s",
               f"{stats['ok']:,} answered 200 in {stats['elapsed']:.1f} s; {len(errors)} errors",
               "met" if not errors else "NOT met (target: zero errors)"),
        Figure("responses after the cut carrying the data-as-of line",
               f"{stats['after_cut'] - stats['after_cut_without_as_of']:,} of {stats['after_cut']:,}",
               "met" if stats["after_cut"] and not stats["after_cut_without_as_of"] else "NOT met"),
    ]
    append_results("Surge with the database stopped half-way", f"{machine_line()}; PostgreSQL behind a TCP "
                   "forwarder that is cut; one asyncio httpx client process (64 connections) on the same "
                   f"machine; endpoints: {', '.join(p for p, _ in ENDPOINTS)}.", figures)
    for figure in figures:
        print(f"{figure.what:<70} {figure.value:<50} {figure.verdict}")
    if errors:
        print("first errors:", errors[:5])
    return 0


if __name__ == "__main__":
    sys.exit(main())

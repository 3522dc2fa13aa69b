"""1,000 visitors open an office page at once over the websocket; how long until all see it, and what
each connected visitor costs the backend in memory.

A real Chromium load of /kantor/kanim-putussibau is recorded first (its socket.io CONNECT
packet, which carries the hydrate event); then 1,000 clients replay it at once, each with
its own session token, and count as served when their state arrives with the office's
statuses. Memory: the backend processes' resident size (and Redis's, when used) before and
after, divided by the visitors still connected.

Targets: all succeed within 4 s; under 64 KiB per connected visitor.
Run:  .venv/bin/python -m bench.websocket_visitors [--visitors 1000] [--redis]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
import websockets
from playwright.sync_api import sync_playwright

from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from tests.support.harness import private_web_dir, start_live_app, stop_live_app

OFFICE_PATH = "/kantor/kanim-putussibau"
SERVED_MARK = "Kantor Imigrasi Kelas III TPI Putussibau"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def record_connect_packet(base_url: str) -> str:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = browser.new_page()
        sent: list[str] = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
        page.goto(base_url + OFFICE_PATH)
        # The server's copy shows at once; the live page, which the websocket brings, comes after.
        page.wait_for_selector(".rx-page.live", state="attached")
        browser.close()
    return next(frame for frame in sent if frame.startswith("40/_event,"))


async def visit(ws_base: str, connect_packet: str, done: asyncio.Event, results: list, held: list) -> None:
    started = time.monotonic()
    try:
        socket = await websockets.connect(f"{ws_base}/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket",
                                          max_size=None, open_timeout=30, ping_interval=None)
        await socket.recv()  # engine.io open
        await socket.send(connect_packet)
        while True:
            message = await asyncio.wait_for(socket.recv(), timeout=30)
            if message == "2":
                await socket.send("3")
            elif SERVED_MARK in message:
                results.append(time.monotonic() - started)
                held.append(socket)
                break
    except Exception as error:  # noqa: BLE001  (a failed visitor is counted, not raised)
        results.append(error)
    await done.wait()


async def crowd(base_url: str, connect_packet: str, visitors: int):
    ws_base = base_url.replace("http://", "ws://")
    done, results, held = asyncio.Event(), [], []
    started = time.monotonic()
    tasks = [asyncio.create_task(visit(ws_base, connect_packet, done, results, held)) for _ in range(visitors)]
    while len(results) < visitors:
        await asyncio.sleep(0.05)
    elapsed = time.monotonic() - started
    return results, held, elapsed, done, tasks


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += int(next(line for line in open(f"/proc/{pid}/status") if line.startswith("VmRSS")).split()[1])
        except (OSError, StopIteration):
            pass
    return total


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            children.setdefault(int(fields["PPid"]), []).append(int(fields["Pid"]))
        except (OSError, KeyError, ValueError):
            continue
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        stack.extend(children.get(pid, []))
    return pids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visitors", type=int, default=1000)
    parser.add_argument("--redis", action="store_true", help="keep visitor state in Redis (several workers)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-ws-"))
    db_url = f"sqlite:///{work / 'bench.db'}"
    db.migrate(db_url)
    with db.session_scope(db_url) as session:
        seed(session)
    redis_url = "redis://127.0.0.1:6379/13"
    env = {"REFLEX_REDIS_URL": redis_url, "GRANIAN_WORKERS": "2"} if args.redis else {}
    if args.redis:
        redis.Redis.from_url(redis_url).flushdb()
    app = start_live_app(work, db_url, env, web_dir=private_web_dir(work))
    try:
        packet = record_connect_packet(app.base_url)
        pids = process_tree(app.process.pid)
        redis_client = redis.Redis.from_url(redis_url) if args.redis else None
        before = rss_kib(pids) + (redis_client.info("memory")["used_memory"] // 1024 if redis_client else 0)

        async def run():
            results, held, elapsed, done, tasks = await crowd(app.base_url, packet, args.visitors)
            await asyncio.sleep(1)  # let the server settle with everyone connected
            after = rss_kib(process_tree(app.process.pid)) + (
                redis_client.info("memory")["used_memory"] // 1024 if redis_client else 0)
            done.set()
            for socket in held:
                await socket.close()
            await asyncio.gather(*tasks, return_exceptions=True)
            return results, held, elapsed, after

        results, held, elapsed, after = asyncio.run(run())
    finally:
        stop_live_app(app)

    times = sorted(r for r in results if isinstance(r, float))
    failures = [r for r in results if not isinstance(r, float)]
    per_visitor = (after - before) / max(1, len(held))
    mode = "state in Redis, 2 workers" if args.redis else "state in the worker (one worker)"
    figures = [
        Figure(f"{args.visitors} visitors open {OFFICE_PATH} at once",
               f"{len(times)} served, {len(failures)} failed; all done in {elapsed:.2f} s "
               f"(median {times[len(times) // 2]:.2f} s)" if times else f"{len(failures)} failed",
               "met" if not failures and elapsed <= 4 else "NOT met (target: all within 4 s)"),
        Figure("memory per connected visitor", f"{per_visitor:.1f} KiB ({before} KiB before, {after} KiB after)",
               "met" if per_visitor < 64 else "NOT met (target < 64 KiB)"),
    ]
    append_results(f"Websocket visitors ({mode})", f"{machine_line()}; clients in one Python process on the "
                   "same machine replaying a recorded Chromium connect packet.", figures)
    for figure in figures:
        print(f"{figure.what:<50} {figure.value:<60} {figure.verdict}")
    if failures:
        print("first failure:", repr(failures[0])[:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())

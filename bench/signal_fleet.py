"""A simulated fleet of 200 offices, of which 80 stop at once: the grouped signal must appear
within the configured window plus 10 seconds.

The real app (backend only, 2 Granian workers with Redis, so the rules must run once across
workers) on PostgreSQL, with IMIGRASI_HEARTBEAT_MISSING_MINUTES=1. The fleet (this process,
local only, bounded: 200 senders, a few minutes) sends every office's heartbeat every 30 s
over HTTP. After two minutes 80 offices stop after the same round; we time, from that round,
how long until one signal lists all 80, then let them come back and time the recovery. The
outbox must hold exactly one email per direction.

Run:  .venv/bin/python -m bench.signal_fleet
Needs PostgreSQL and Redis (127.0.0.1). Appends its figures to bench/RESULTS.md.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlmodel import func, select

from bench.heartbeat_ingestion import NO_LIMITS, issue_tokens, postgres_database
from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import db
from imigrasi_site.core.models import Office, OutboxMessage, Signal, SignalOffice
from tests.support.harness import start_live_app, stop_live_app

FLEET = 200
STOPPING = 80
WINDOW_SECONDS = 60
ROUND_SECONDS = 30
ONCALL = "piket@bench.example"


async def send_round(client: httpx.AsyncClient, base: str, tokens: dict[str, str], codes: list[str]) -> None:
    async def one(code: str) -> None:
        response = await client.post(f"{base}/api/v1/heartbeats/{code}",
                                     headers={"Authorization": f"Bearer {tokens[code]}"})
        if response.status_code != 204:
            raise RuntimeError(f"{code}: HTTP {response.status_code} {response.text}")

    await asyncio.gather(*(one(code) for code in codes))


def grouped_signal(url: str, stopped: set[str]) -> tuple[Signal | None, set[str]]:
    with db.session_scope(url) as session:
        signal = session.exec(select(Signal).where(Signal.kind == "heartbeat_missing")
                              .order_by(Signal.id)).first()
        if signal is None:
            return None, set()
        members = set(session.exec(select(Office.code).join(SignalOffice, SignalOffice.office_id == Office.id)
                                   .where(SignalOffice.signal_id == signal.id)).all())
        return signal, members


async def run(base: str, url: str, tokens: dict[str, str]) -> dict[str, float | int | bool]:
    codes = sorted(tokens)[:FLEET]
    stopping = set(codes[:STOPPING])
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=50)) as client:
        next_round = time.monotonic()
        for _ in range(4):  # two minutes of the whole fleet
            await send_round(client, base, tokens, codes)
            next_round += ROUND_SECONDS
            await asyncio.sleep(max(0.0, next_round - time.monotonic()))
        await send_round(client, base, tokens, codes)
        stopped_at = time.monotonic()  # the 80 offices' last heartbeats were all answered by now
        next_round += ROUND_SECONDS
        up = [c for c in codes if c not in stopping]
        detected_after = None
        deadline = stopped_at + WINDOW_SECONDS + 60
        while time.monotonic() < deadline and detected_after is None:
            if time.monotonic() >= next_round:
                await send_round(client, base, tokens, up)
                next_round += ROUND_SECONDS
            signal, members = grouped_signal(url, stopping)
            if signal is not None and stopping <= members:
                detected_after = time.monotonic() - stopped_at
            await asyncio.sleep(0.25)
        signal, members = grouped_signal(url, stopping)
        await send_round(client, base, tokens, codes)
        resumed_at = time.monotonic()
        next_round = resumed_at + ROUND_SECONDS
        cleared_after = None
        while time.monotonic() < resumed_at + 60 and cleared_after is None:
            if time.monotonic() >= next_round:
                await send_round(client, base, tokens, codes)
                next_round += ROUND_SECONDS
            with db.session_scope(url) as session:
                if session.exec(select(Signal.cleared_at).where(Signal.kind == "heartbeat_missing")).first():
                    cleared_after = time.monotonic() - resumed_at
            await asyncio.sleep(0.25)
        await asyncio.sleep(12)  # time for a second (wrong) notification, if there were one
    with db.session_scope(url) as session:
        signals = session.exec(select(func.count()).select_from(Signal)).one()
        mails = session.exec(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.to_email == ONCALL)).one()
    return {"detected_after": detected_after if detected_after is not None else -1.0,
            "cleared_after": cleared_after if cleared_after is not None else -1.0,
            "exact": members == stopping, "members": len(members), "signals": signals, "mails": mails}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    with postgres_database() as url:
        with db.session_scope(url) as session:
            existing = session.exec(select(func.count()).select_from(Office)).one()
        tokens = issue_tokens(url, extra_offices=max(0, FLEET - existing))
        env = {"GRANIAN_WORKERS": "2", "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/13", **NO_LIMITS,
               "IMIGRASI_HEARTBEAT_MISSING_MINUTES": str(WINDOW_SECONDS // 60), "IMIGRASI_ONCALL_EMAILS": ONCALL}
        app = start_live_app(work, url, env, backend_only=True)
        try:
            result = asyncio.run(run(app.base_url, url, tokens))
        finally:
            stop_live_app(app)
    detected = float(result["detected_after"])
    target = WINDOW_SECONDS + 10
    figures = [
        Figure(f"grouped signal listing all {STOPPING} offices, after their last heartbeat",
               f"{detected:.1f} s" if detected >= 0 else "never", "met" if 0 <= detected <= target else
               f"NOT met (<= {target} s)"),
        Figure("offices in it", f"{result['members']} (exactly the stopped ones: {result['exact']})",
               "met" if result["exact"] else "NOT met"),
        Figure("signals opened", str(result["signals"]), "met" if result["signals"] == 1 else "NOT met (1)"),
        Figure("cleared after the offices came back", f"{float(result['cleared_after']):.1f} s", "(no target)"),
        Figure("on-call emails (opened + cleared)", str(result["mails"]), "met" if result["mails"] == 2 else
               "NOT met (2)"),
    ]
    append_results(f"Signal from a fleet of {FLEET} offices, {STOPPING} stopping",
                   f"{machine_line()}; app backend with 2 Granian workers and Redis, PostgreSQL, window "
                   f"{WINDOW_SECONDS} s; the fleet sends every {ROUND_SECONDS} s over HTTP from this machine.",
                   figures)
    for figure in figures:
        print(f"{figure.what:<70} {figure.value:<30} {figure.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

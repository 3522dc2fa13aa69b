"""Heartbeat ingestion on one worker with PostgreSQL: target >= 1,000 a second with p99 < 20 ms.

The real app (`reflex run --env prod --backend-only`, one Granian worker) on a PostgreSQL schema
of its own, seeded; every office gets a token. wrk POSTs heartbeats with a small report, each
request from the next office with its own token, so every request checks a token and writes
that office's row. The rate limits are lifted for the run (a real office sends one every 30 s:
the whole network needs under 10 a second).

Run:  .venv/bin/python -m bench.heartbeat_ingestion [--duration 15] [--connections 8]
Needs wrk (apt-get install -y wrk) and PostgreSQL at IMIGRASI_TEST_POSTGRES_URL
(default postgresql+psycopg://postgres@127.0.0.1:5432/test). Appends its figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import accounts, db, heartbeats
from imigrasi_site.core.models import Office, OfficeHeartbeat
from imigrasi_site.core.seed import seed
from tests.support.harness import start_live_app, stop_live_app
from tests.support.services import POSTGRES_URL

REPORT = {"services": {"passport_application": "ok", "border_crossing": "ok"}, "note": "bench"}
NO_LIMITS = {"IMIGRASI_HEARTBEAT_RATE_PER_OFFICE": "1000000000", "IMIGRASI_HEARTBEAT_RATE_PER_ADDRESS": "1000000000"}


@contextmanager
def postgres_database() -> Iterator[str]:
    """A migrated, seeded schema of its own in the PostgreSQL test database; dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        db.migrate(url)
        with db.session_scope(url) as session:
            seed(session)
        yield url
    finally:
        db.get_engine(url).dispose()  # its connections go before the schema does
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def issue_tokens(url: str, extra_offices: int = 0) -> dict[str, str]:
    """A token for every office (after adding `extra_offices` copies of the first one): code -> token."""
    with db.session_scope(url) as session:
        admin = accounts.create_editor(session, username="bench-admin", display_name="Bench", password="b" * 16,
                                       role="admin", operator=True)
        template = session.exec(select(Office).order_by(Office.code)).first()
        for i in range(extra_offices):
            data = template.model_dump(exclude={"id"})
            session.add(Office(**(data | {"code": f"{template.code}-bench-{i}", "name": f"{template.name} {i}"})))
        session.flush()
        codes = session.exec(select(Office.code).order_by(Office.code)).all()
        return {code: heartbeats.create_token(session, admin, code) for code in codes}


def lua_script(path: Path, tokens: dict[str, str]) -> Path:
    offices = ",\n".join(f'  {{"{code}", "{token}"}}' for code, token in tokens.items())
    body = json.dumps(REPORT).replace('"', '\\"')
    path.write_text(f"""local offices = {{
{offices}
}}
local i = 0
local body = "{body}"
request = function()
  i = i + 1
  local o = offices[(i % #offices) + 1]
  return wrk.format("POST", "/api/v1/heartbeats/" .. o[1],
    {{["Authorization"] = "Bearer " .. o[2], ["Content-Type"] = "application/json"}}, body)
end
""")
    return path


def wrk_post(url: str, script: Path, duration: int, connections: int) -> tuple[float, float, int]:
    """Requests per second, p99 in milliseconds, and the count of error answers."""
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(errors.group(1)) if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-heartbeats-"))
    with postgres_database() as url:
        tokens = issue_tokens(url)
        script = lua_script(work / "heartbeats.lua", tokens)
        app = start_live_app(work, url, {"GRANIAN_WORKERS": "1", **NO_LIMITS}, backend_only=True)
        try:
            wrk_post(app.base_url, script, 3, args.connections)  # warm-up
            rps, p99, errors = wrk_post(app.base_url, script, args.duration, args.connections)
            load = os.getloadavg()[0]
        finally:
            stop_live_app(app)
        with db.session_scope(url) as session:
            stored = len(session.exec(select(OfficeHeartbeat.office_id)).all())
    figures = [
        Figure("heartbeats accepted per second (one worker)", f"{rps:,.0f}/s", "met" if rps >= 1000 else
               "NOT met (>= 1,000/s)"),
        Figure("p99 latency", f"{p99:.2f} ms", "met" if p99 < 20 else "NOT met (< 20 ms)"),
        Figure("error answers", str(errors), "met" if errors == 0 else "NOT met (0)"),
        Figure("offices whose heartbeat row was written", f"{stored} of {len(tokens)}",
               "met" if stored == len(tokens) else "NOT met"),
    ]
    append_results(f"Heartbeat ingestion (wrk, {args.connections} connections)",
                   f"{machine_line()}; wrk -t1 -c{args.connections} -d{args.duration}s on the same machine; app "
                   f"backend with 1 Granian worker; PostgreSQL on the same machine; {len(tokens)} offices, each "
                   f"request with the next office's token and a report body; machine load average {load:.1f} "
                   "during the run (other work shares the cores).", figures)
    for figure in figures:
        print(f"{figure.what:<45} {figure.value:<20} {figure.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Send an office's heartbeat to Status Layanan Imigrasi (standard library only).

Run it from cron every minute; `--times 2` sends a second heartbeat 30 seconds later, so
the site hears from the office every 30 seconds:

    * * * * * IMIGRASI_HEARTBEAT_TOKEN_FILE=/etc/imigrasi/heartbeat.token \\
        python3 /opt/imigrasi/heartbeat_sender.py --site https://status.imigrasi.example \\
        --office kanim-putussibau --probe passport_application=https://simkim.pusat.example/health --times 2

`--probe CODE=URL` reports the service `ok` when URL answers 2xx from this office within
5 seconds, `degraded` otherwise; `--service CODE=ok|degraded` reports a state directly.
The token comes from IMIGRASI_HEARTBEAT_TOKEN or the file in IMIGRASI_HEARTBEAT_TOKEN_FILE,
never from the command line (other users can read a process's arguments).
Exit status: 0 sent, 1 refused (see the message), 2 the site could not be reached.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 10
PROBE_TIMEOUT = 5


def read_token() -> str:
    token = os.environ.get("IMIGRASI_HEARTBEAT_TOKEN", "").strip()
    path = os.environ.get("IMIGRASI_HEARTBEAT_TOKEN_FILE")
    if not token and path:
        with open(path, encoding="utf-8") as handle:
            token = handle.read().strip()
    if not token:
        sys.exit("No token: set IMIGRASI_HEARTBEAT_TOKEN or IMIGRASI_HEARTBEAT_TOKEN_FILE.")
    return token


def probe(url: str) -> str:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=PROBE_TIMEOUT) as response:
            return "ok" if 200 <= response.status < 300 else "degraded"
    except (urllib.error.URLError, OSError):
        return "degraded"


def build_report(services: list[str], probes: list[str], note: str) -> dict:
    report: dict = {}
    states = {}
    for item in services:
        code, _, state = item.partition("=")
        states[code] = state
    for item in probes:
        code, _, url = item.partition("=")
        states[code] = probe(url)
    if states:
        report["services"] = states
    if note:
        report["note"] = note
    return report


def send(site: str, office: str, token: str, report: dict) -> tuple[int, str]:
    body = json.dumps(report).encode() if report else b""
    request = urllib.request.Request(
        f"{site.rstrip('/')}/api/v1/heartbeats/{office}", data=body, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "User-Agent": "imigrasi-heartbeat-sender/1"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read() or b"{}").get("error", {}).get("message", "")
        except ValueError:
            message = ""
        return error.code, message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", required=True, help="the site's address, e.g. https://status.imigrasi.example")
    parser.add_argument("--office", required=True, help="this office's code, e.g. kanim-putussibau")
    parser.add_argument("--service", action="append", default=[], metavar="CODE=ok|degraded")
    parser.add_argument("--probe", action="append", default=[], metavar="CODE=URL")
    parser.add_argument("--note", default="", help="one line for the editors (at most 280 characters)")
    parser.add_argument("--times", type=int, default=1, choices=(1, 2), help="2: again 30 seconds later")
    args = parser.parse_args(argv)
    token = read_token()
    status = 0
    for attempt in range(args.times):
        if attempt:
            time.sleep(30)
        try:
            code, message = send(args.site, args.office, token, build_report(args.service, args.probe, args.note))
        except (urllib.error.URLError, OSError) as error:
            print(f"site not reachable: {error}", file=sys.stderr)
            status = 2
            continue
        if code != 204:
            print(f"heartbeat refused: HTTP {code} {message}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

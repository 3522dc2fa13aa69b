"""Writing benchmark figures to bench/RESULTS.md, with the machine and the date."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@dataclass(frozen=True)
class Figure:
    what: str
    value: str
    verdict: str


def machine_line() -> str:
    memory = ""
    try:
        kib = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def append_results(title: str, setup: str, figures: list[Figure]) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## {title} — {stamp}\n", f"{setup}\n", "| measured | figure | target |", "| --- | --- | --- |"]
    lines += [f"| {f.what} | {f.value} | {f.verdict} |" for f in figures]
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nEach run appends a section; see the scripts in bench/.\n")
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")

"""Lighthouse 12 (mobile preset) on every public page, in the full and the light edition.

Runs npm's `lighthouse@12.2.3` (installed into bench/out/lighthouse on first use) with Debian's
Chromium against the real app on this machine, and records each page's performance,
accessibility, best-practices and SEO scores, first contentful paint, layout shift and the
bytes transferred. Targets: full edition performance >= 95, the other three at 100, FCP <= 1.8 s;
light edition performance 100, FCP <= 1.0 s.

Run:  .venv/bin/python -m bench.lighthouse [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from tests.support.harness import PROJECT_ROOT, VENV_BIN, private_web_dir, start_live_app, stop_live_app

LIGHTHOUSE = "lighthouse@12.2.3"
TOOLS = PROJECT_ROOT / "bench" / "out" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
PAGES = ("/", "/kantor", "/kantor/kanim-putussibau", "/pengumuman",
         "/pengumuman/paspor-percepatan-dihentikan-sementara-di-semua-kantor-imigrasi", "/insiden/1")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_binary() -> Path:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"}
        subprocess.run(["npm", "i", "-E", "--no-audit", "--no-fund", LIGHTHOUSE], cwd=TOOLS, env=env, check=True,
                       capture_output=True)
    return binary


def audit(binary: Path, url: str, out: Path) -> dict:
    env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}", "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                   env=env, check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
    }


def verdict(scores: dict, light: bool) -> str:
    if light:
        ok = scores["performance"] == 100 and scores["fcp"] <= 1.0
        return f"perf 100, FCP <= 1.0 s: {'met' if ok else 'NOT met'}"
    ok = (scores["performance"] >= 95 and scores["fcp"] <= 1.8
          and all(scores[c] == 100 for c in CATEGORIES[1:]))
    return f"perf >= 95, others 100, FCP <= 1.8 s: {'met' if ok else 'NOT met'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is recorded")
    args = parser.parse_args()
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        print("Chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    binary = lighthouse_binary()
    work = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    db_url = f"sqlite:///{work / 'bench.db'}"
    db.migrate(db_url)
    with db.session_scope(db_url) as session:
        seed(session)
    app = start_live_app(work, db_url, web_dir=private_web_dir(work))
    figures = []
    try:
        for path in PAGES:
            for light in (False, True):
                url = app.url(path + ("?versi=ringan" if light else ""))
                runs = [audit(binary, url, work / f"report-{len(figures)}-{i}.json") for i in range(args.runs)]
                scores = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
                edition = "light" if light else "full"
                figures.append(Figure(
                    f"{path} ({edition})",
                    f"perf {scores['performance']:.0f}, a11y {scores['accessibility']:.0f}, "
                    f"best {scores['best-practices']:.0f}, SEO {scores['seo']:.0f}; FCP {scores['fcp']:.2f} s, "
                    f"CLS {scores['cls']:.3f}, {scores['bytes'] / 1024:.0f} KiB",
                    verdict(scores, light)))
                print(f"{figures[-1].what:<40} {figures[-1].value:<70} {figures[-1].verdict}")
    finally:
        stop_live_app(app)
    append_results("Lighthouse 12.2.3, mobile preset (simulated slow 4G, 4x CPU slowdown)",
                   f"{machine_line()}; Debian Chromium headless; {args.runs} run(s) per page, median; app with one "
                   "worker, SQLite.", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())

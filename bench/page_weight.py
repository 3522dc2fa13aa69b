"""The office page's first load in Chromium: bytes transferred and time until the statuses show.

Cold: a fresh browser profile (nothing cached). Warm: the same profile loading the page again.
Bytes are what crossed the network (compressed), from Chromium's own network events; the site
serves brotli to browsers that take it and gzip to the others, and both are measured.
Targets: under 300 KB; under 500 ms warm, on this machine.

Run:  .venv/bin/python -m bench.page_weight [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.report import Figure, append_results, machine_line
from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from tests.support.harness import private_web_dir, start_live_app, stop_live_app

OFFICE_PATH = "/kantor/kanim-putussibau"
STATUS_SELECTOR = '#office-services [data-service="passport_application"]'
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def load(page, transferred: dict[str, int], url: str) -> tuple[int, float]:
    transferred["bytes"] = 0
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(STATUS_SELECTOR, state="visible")
    visible_ms = (time.monotonic() - started) * 1000
    page.wait_for_load_state("networkidle")
    return transferred["bytes"], visible_ms


def open_profile(browser, headers: dict[str, str] | None = None):
    """A fresh profile whose network bytes are counted: (context, page, counter)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, extra_http_headers=headers or {})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    transferred = {"bytes": 0}
    cdp.on("Network.loadingFinished", lambda event: transferred.__setitem__(
        "bytes", transferred["bytes"] + int(event.get("encodedDataLength", 0))))
    return context, page, transferred


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-page-"))
    db_url = f"sqlite:///{work / 'bench.db'}"
    db.migrate(db_url)
    with db.session_scope(db_url) as session:
        seed(session)
    app = start_live_app(work, db_url, web_dir=private_web_dir(work))
    cold, warm, cold_gzip = [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                # A browser that takes gzip only, for comparison with the brotli the site prefers.
                context, page, transferred = open_profile(browser, {"Accept-Encoding": "gzip"})
                cold_gzip.append(load(page, transferred, app.url(OFFICE_PATH)))
                context.close()
                context, page, transferred = open_profile(browser)
                cold.append(load(page, transferred, app.url(OFFICE_PATH)))
                warm.append(load(page, transferred, app.url(OFFICE_PATH)))
                context.close()
            browser.close()
    finally:
        stop_live_app(app)

    def summary(loads: list[tuple[int, float]]) -> tuple[float, float]:
        return statistics.median(b for b, _ in loads) / 1024, statistics.median(t for _, t in loads)

    cold_kb, cold_ms = summary(cold)
    warm_kb, warm_ms = summary(warm)
    gzip_kb, _ = summary(cold_gzip)
    figures = [
        Figure("cold load: bytes transferred (brotli, as Chromium asks)", f"{cold_kb:.0f} KB",
               "met" if cold_kb < 300 else "NOT met (< 300 KB)"),
        Figure("cold load: bytes transferred (a gzip-only client)", f"{gzip_kb:.0f} KB",
               "met" if gzip_kb < 300 else "NOT met (< 300 KB)"),
        Figure("cold load: statuses visible after", f"{cold_ms:.0f} ms", "(no target)"),
        Figure("warm load: bytes transferred", f"{warm_kb:.0f} KB", "met" if warm_kb < 300 else "NOT met (< 300 KB)"),
        Figure("warm load: statuses visible after", f"{warm_ms:.0f} ms",
               "met" if warm_ms < 500 else "NOT met (< 500 ms)"),
    ]
    append_results(f"Page weight of {OFFICE_PATH} (median of {args.runs})",
                   f"{machine_line()}; Debian Chromium headless, 390x844 viewport, app and browser on the same "
                   "machine (no network latency).", figures)
    for figure in figures:
        print(f"{figure.what:<40} {figure.value:<12} {figure.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

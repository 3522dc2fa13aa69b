"""Running work in threads that start at the same moment, to race them for real."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


def in_parallel(work, workers: int) -> list:
    """Run `work` in several threads released at the same moment; their results."""
    start = threading.Barrier(workers)

    def run():
        start.wait()
        return work()

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda _n: run(), range(workers)))

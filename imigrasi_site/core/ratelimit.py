"""A small in-process rate limiter: at most `limit` events per key in a fixed window.

Used where a database row per attempt would cost more than the work it guards (heartbeats
arrive many times a minute from every office). Each worker counts on its own, so with W
workers a sender gets at most W x limit through; the limits are set with that in mind.
"""

from __future__ import annotations

import threading
import time


class WindowCounter:
    def __init__(self, limit: int, window_seconds: float, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._counts: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one event for `key`; False when the key is over its limit in this window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            if now - start >= self.window:
                start, count = now, 0
            if count >= self.limit:
                return False
            if len(self._counts) >= self.max_keys and key not in self._counts:
                self._forget_ended(now)
            self._counts[key] = (start, count + 1)
            return True

    def over(self, key: str, now: float | None = None) -> bool:
        """Whether `key` has used up this window, without counting anything."""
        now = time.monotonic() if now is None else now
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            return now - start < self.window and count >= self.limit

    def _forget_ended(self, now: float) -> None:
        # Keys come from the network: the table must not grow without bound.
        self._counts = {k: v for k, v in self._counts.items() if now - v[0] < self.window}
        if len(self._counts) >= self.max_keys:
            self._counts.clear()

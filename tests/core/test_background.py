"""The backend's poll loops: a failing round is logged and the loop goes on."""

from __future__ import annotations

import asyncio
import logging

import pytest

from imigrasi_site.background import poll


def test_a_failing_round_is_logged_and_the_next_round_runs(caplog):
    rounds: list[int] = []
    done = asyncio.Event()

    def step() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("database is down")
        if len(rounds) == 3:
            loop.call_soon_threadsafe(done.set)

    async def run() -> None:
        task = asyncio.create_task(poll(step, 0.01, "the step failed; will try again"))
        await asyncio.wait_for(done.wait(), timeout=5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    loop = asyncio.new_event_loop()
    try:
        with caplog.at_level(logging.WARNING, logger="imigrasi_site.background"):
            loop.run_until_complete(run())
    finally:
        loop.close()
    assert len(rounds) >= 3
    failures = [r for r in caplog.records if r.getMessage() == "the step failed; will try again"]
    assert len(failures) == 1 and failures[0].exc_info[1].args == ("database is down",)

"""Reflex states built the way the app builds them for one browser tab, outside a running app."""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import reflex as rx
from reflex.istate.data import RouterData

from imigrasi_site.core.accounts import SESSION_COOKIE


def use_session(state: Any, token: str, cookie_header: str | None = None) -> None:
    """Give the tab's connection the Cookie header a browser signed in with `token` sends ("" for none)."""
    header = cookie_header if cookie_header is not None else (
        f"lang=id; {SESSION_COOKIE}={token}" if token else "lang=id")
    state.router = RouterData.from_router_data({"headers": {"cookie": header}})


def make_state(state_cls: type[rx.State], token: str) -> tuple[rx.State, Any]:
    """A fresh root state for one tab and its `state_cls` substate, signed in with `token` ("" for none)."""
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(state_cls.get_full_name().split("."))
    use_session(state, token)
    return root, state


def run_handler(state: Any, handler: str, *args: Any) -> Any:
    """Call an event handler as the websocket would, and wait for it."""
    result = state.event_handlers[handler].fn(state, *args)
    if not inspect.iscoroutine(result):
        return result
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(result)
    # Playwright's sync API keeps an event loop running in this thread: run it in one of its own.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, result).result()

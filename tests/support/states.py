"""Reflex states built the way the app builds them for one browser tab, outside a running app."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import reflex as rx


def make_state(state_cls: type[rx.State], token: str) -> tuple[rx.State, Any]:
    """A fresh root state for one tab and its `state_cls` substate, signed in with `token` ("" for none)."""
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(state_cls.get_full_name().split("."))
    state.session_token = token
    return root, state


def run_handler(state: Any, handler: str, *args: Any) -> Any:
    """Call an event handler as the websocket would, and wait for it."""
    result = state.event_handlers[handler].fn(state, *args)
    return asyncio.run(result) if inspect.iscoroutine(result) else result

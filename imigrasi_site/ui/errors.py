"""What an editor is told when an event fails outside every handler (Reflex's backend error handler).

Handlers catch what they can (auth.py's guard). What they cannot catch is Reflex failing to
load or lock the tab's state before the handler runs: with Redis stopped, no handler runs,
so nothing is written, and the editor should be told that, not "An error occurred".
"""

from __future__ import annotations

import logging

import redis
from reflex.app import default_backend_exception_handler
from reflex_base.event import EventSpec
from reflex_components_sonner.toast import toast

from imigrasi_site.core.i18n import both

log = logging.getLogger(__name__)


def _causes(exception: BaseException | None):
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        yield exception
        exception = exception.__cause__ or exception.__context__


def backend_exception_handler(exception: Exception) -> EventSpec:
    if any(isinstance(cause, redis.RedisError) for cause in _causes(exception)):
        log.error("an event was not processed: the state store (Redis) cannot be reached: %s", exception)
        return toast(both("workspace_store_down"), level="error", fallback_to_alert=True, id="backend_error",
                     position="top-center", duration=20_000)
    return default_backend_exception_handler(exception)

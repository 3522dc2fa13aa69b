"""A mypy plugin: a handler decorated with `@rx.event` gets the type Reflex declares for it.

Reflex declares `rx.event(handler)` through overloads of `EventNamespace.__new__` that return
`EventCallback[<the handler's arguments>]`. mypy ignores a `__new__` that returns another class
(pyright honours it), so every handler would read as an EventNamespace, which cannot be called:
`on_click=State.delete(row.id)` would fail to type-check. This hook gives the declared type, so
the arguments given to a handler are checked against the handler's own annotations.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.checker import TypeChecker
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import CallableType, Instance, Type, get_proper_type

EVENT_MODULE = "reflex_base.event"
EVENT_NAMESPACE = f"{EVENT_MODULE}.EventNamespace"


def _event_callback(ctx: FunctionContext) -> Type:
    handler = get_proper_type(ctx.arg_types[0][0]) if ctx.arg_types and ctx.arg_types[0] else None
    module = ctx.api.modules.get(EVENT_MODULE) if isinstance(ctx.api, TypeChecker) else None
    symbol = module.names.get("EventCallback") if module is not None else None
    if not isinstance(handler, CallableType) or symbol is None or not isinstance(symbol.node, TypeInfo):
        return ctx.default_return_type  # rx.event(background=True) and the like: a decorator still to apply
    # The handler's arguments after the state, one type argument each (mypy keeps a fixed unpack flat).
    return Instance(symbol.node, list(handler.arg_types[1:]))


class ReflexEventsPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return _event_callback if fullname == EVENT_NAMESPACE else None


def plugin(version: str) -> type[Plugin]:
    return ReflexEventsPlugin

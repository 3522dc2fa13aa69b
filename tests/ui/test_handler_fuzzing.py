"""Every public handler of every state, public and editor, called with whatever a client could send.

A websocket client chooses the handler, its arguments (any JSON), the page address and the
query it reports. Hypothesis draws short sequences of such calls with arguments of the wrong
type, nested structures, huge and unusual text, NaN and extreme numbers; each sequence runs
with no session, with the lowest role and with every higher one. After every call: nothing
escaped the handler (Reflex's error handler would have got it), the delta Reflex would send
can be computed and serialized, every var still holds its declared type, a message is a
sentence and not a Python error, and a public handler changed nothing in the database.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import math
import operator
import typing
from typing import Any
from urllib.parse import urlencode

import pytest
import reflex as rx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _check_valid_yield, _prepare_event_payload
from reflex_base.utils.format import json_dumps

from imigrasi_site.core.accounts import SESSION_COOKIE
from imigrasi_site.ui.state.public import PublicState
from imigrasi_site.ui.state.subscribe import SubscribeState
from tests.support.handlers import CASES, EDITOR_STATES, fingerprint, with_subclasses

PUBLIC_STATES = tuple(with_subclasses(PublicState))
ROLE_OF = {(case.state, case.handler): case.role for case in CASES}
ROLES = (None, "editor", "publisher", "admin")
RANK = {"editor": 1, "publisher": 2, "admin": 3}
# Handlers of a public state that write by design (a subscription request), when they accept the input.
PUBLIC_WRITES = {(SubscribeState, "subscribe")}
# The huge strings make Hypothesis warn that its own reports of an example are large.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
FUZZ = settings(max_examples=5, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# Everything JSON can carry (and what Python's json module also accepts: NaN, Infinity), nested.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70),
                    st.sampled_from([0, -1, 1, 2**31, 2**63, -(2**63), 10**100]),
                    st.floats(allow_nan=True, allow_infinity=True))
# Built from small parts, so that Hypothesis's descriptions of the strategy stay small too.
HUGE = st.builds(operator.mul, st.sampled_from(["x", "é", "\U0001f600", "\x00", "\ud800", "<script>", " ", "9"]),
                 st.sampled_from([1000, 50_000, 200_000]))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ANY_TEXT, HUGE)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(ANY_TEXT, inner, max_size=4)),
                    max_leaves=12)


def _field_names(state_cls: type) -> list[str]:
    """Names a form of this state would send: the state's own vars, plus the usual form fields."""
    return [*state_cls.base_vars, "email", "scope", "service", "username", "password", "role", "url", "name",
            "office_code", "current", "new", "action", "entity_type", "actor", "lang"]


def _argument(state_cls: type) -> st.SearchStrategy:
    names = st.sampled_from(_field_names(state_cls))
    return st.one_of(JSON, names, st.dictionaries(names, JSON, max_size=6), st.integers(-3, 10**6).map(str))


def _router(state_cls: type) -> st.SearchStrategy[dict]:
    """The page a client says it is on: any path, any query, any route parameters."""
    query = st.dictionaries(st.sampled_from(["lang", "q", "layanan", "status", "urut", "kota", "next", "error",
                                             "wait", "user", "versi", "page"]), ANY_TEXT | HUGE, max_size=4)
    path = st.one_of(st.sampled_from(["/", "/kantor/kanim-denpasar", "/kantor/", "/kantor/%00", "//evil.example",
                                      "/admin/pengumuman", "/pengumuman", "\\\\evil", ""]), ANY_TEXT)
    params = st.dictionaries(st.sampled_from(["code", "slug", "id"]), ANY_TEXT | HUGE, max_size=3)
    return st.builds(lambda p, q, r: {"pathname": p, "asPath": f"{p}?{urlencode(q, errors='surrogatepass')}" if q else p,
                                      "query": r,
                                      "ip": "203.0.113.9"}, path, query, params)


def _calls(state_cls: type) -> st.SearchStrategy[list[tuple[str, dict]]]:
    handlers = sorted(name for name in state_cls.event_handlers if name != "setvar")

    def call(name: str) -> st.SearchStrategy[tuple[str, dict]]:
        params = list(inspect.signature(state_cls.event_handlers[name].fn).parameters)[1:]
        return st.fixed_dictionaries({param: _argument(state_cls) for param in params}).map(lambda p: (name, p))

    return st.lists(st.sampled_from(handlers).flatmap(call), min_size=1, max_size=4)


def _conforms(value: Any, hint: Any) -> bool:
    """Whether a var's value still has the type its state declares."""
    origin = typing.get_origin(hint)
    if hint is typing.Any:
        return True
    if origin is typing.Union:
        return any(_conforms(value, arg) for arg in typing.get_args(hint))
    if origin is list:
        (item,) = typing.get_args(hint) or (typing.Any,)
        return isinstance(value, list) and all(_conforms(v, item) for v in value)
    if origin is dict:
        key, item = typing.get_args(hint) or (typing.Any, typing.Any)
        return isinstance(value, dict) and all(_conforms(k, key) and _conforms(v, item) for k, v in value.items())
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**53
    if dataclasses.is_dataclass(hint):
        return isinstance(value, hint) and all(
            _conforms(getattr(value, f.name), typing.get_type_hints(hint).get(f.name, typing.Any))
            for f in dataclasses.fields(hint))
    return isinstance(value, hint) if isinstance(hint, type) else True


def _states(root: rx.State):
    yield root
    for sub in root.substates.values():
        yield from _states(sub)


def _check_consistent(root: rx.State) -> None:
    delta = asyncio.run(root._get_resolved_delta())
    json_dumps(delta)  # what the websocket would carry
    root._clean()
    for state in _states(root):
        for name, var in type(state).base_vars.items():
            value = getattr(state, name)
            assert _conforms(value, var._var_type), f"{type(state).__name__}.{name} holds {value!r:.200}"
        for name in ("error", "notice", "message"):
            if name in type(state).base_vars:
                _check_message(getattr(state, name))


def _check_message(message: str) -> None:
    """A refusal is a sentence for a person: bounded, and no Python error text leaking out."""
    assert len(message) < 2000, message[:200]
    for leak in ("Traceback", "Error(", "object at 0x", "NoneType", "sqlalchemy", "KeyError", "TypeError"):
        assert leak not in message, message


def _dispatch(state: Any, name: str, payload: dict) -> None:
    """What Reflex's event processor does with one event from a client, up to its error handler."""
    handler = type(state).event_handlers[name]
    payload = _prepare_event_payload(handler, payload)
    result = handler.fn(state, **payload)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    if inspect.isasyncgen(result):
        async def drain(gen):
            return [item async for item in gen]
        result = asyncio.run(drain(result))
    elif inspect.isgenerator(result):
        result = list(result)
    _check_valid_yield(result, handler_name=name)


def _tab(state_cls: type, token: str, router: dict) -> tuple[rx.State, Any]:
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(state_cls.get_full_name().split("."))
    headers = {"cookie": f"lang=id; {SESSION_COOKIE}={token}" if token else "lang=id"}
    state.router = RouterData.from_router_data({**router, "headers": headers})
    return root, state


def _refusal_expected(state_cls: type, name: str, role: str | None) -> bool:
    """Whether a caller with `role` must be refused by the handler."""
    needed = ROLE_OF.get((state_cls, name))
    return needed is not None and (role is None or RANK[role] < RANK[needed])


def _run(tab_world: tuple[dict, dict], db_url: str, state_cls: type, role: str | None, router: dict,
         calls: list[tuple[str, dict]]) -> None:
    tokens, _ids = tab_world
    root, state = _tab(state_cls, tokens[role] if role else "", router)
    public = state_cls in PUBLIC_STATES
    for name, payload in calls:
        before = fingerprint(db_url) if public or _refusal_expected(state_cls, name, role) else None
        _dispatch(state, name, payload)
        _check_consistent(root)
        if _refusal_expected(state_cls, name, role) and name != "require_sign_in":
            # Refused: for a missing session or role, or already for an argument that names nothing.
            assert state.error, f"{state_cls.__name__}.{name} was refused without a message"
        if before is not None and not ((state_cls, name) in PUBLIC_WRITES and not state.failed):
            assert fingerprint(db_url) == before, f"{state_cls.__name__}.{name} changed the database"


@pytest.mark.parametrize("state_cls", PUBLIC_STATES, ids=lambda c: c.__name__)
def test_public_handlers_take_anything(handler_world, db_url, state_cls):
    for role in ROLES:  # no session, too low a role and the right one (for each handler, one of these)
        @FUZZ
        @given(role=st.just(role), router=_router(state_cls), calls=_calls(state_cls))
        def fuzz(role, router, calls):
            _run(handler_world, db_url, state_cls, role, router, calls)

        fuzz()


@pytest.mark.parametrize("state_cls", EDITOR_STATES, ids=lambda c: c.__name__)
def test_editor_handlers_take_anything(handler_world, db_url, state_cls):
    for role in ROLES:  # no session, too low a role and the right one (for each handler, one of these)
        @FUZZ
        @given(role=st.just(role), router=_router(state_cls), calls=_calls(state_cls))
        def fuzz(role, router, calls):
            _run(handler_world, db_url, state_cls, role, router, calls)

        fuzz()


def test_every_state_is_fuzzed():
    assert SubscribeState in PUBLIC_STATES and len(PUBLIC_STATES) >= 8
    assert len(EDITOR_STATES) >= 11

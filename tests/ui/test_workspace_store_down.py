"""Fault 3 of docs/reliability.md, the editor's side: Redis stops while an editor works.

Reflex loads and locks the tab's state in Redis before any handler runs. With Redis gone,
that fails, so no handler runs and nothing is written; the exception goes to the app's
backend error handler, which must tell the editor what is wrong, in both languages,
instead of Reflex's "An error occurred. Contact the website administrator."
"""

from __future__ import annotations

import asyncio

import pytest
import redis
from redis.asyncio import Redis
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken

from imigrasi_site.core.i18n import both
from imigrasi_site.ui.state.notices import NoticeEditorState
from tests.support.services import REDIS_URL, skip_or_fail
from tests.support.tcp_proxy import TcpProxy


def _open_tab(manager: StateManagerRedis, token: str) -> None:
    async def run():
        async with manager.modify_state(BaseStateToken(ident=token, cls=NoticeEditorState)) as state:
            substate = await state.get_state(NoticeEditorState)
            substate.title_ind = "Teks yang sedang diketik"
    asyncio.run(run())


@pytest.fixture
def redis_through_proxy():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    proxy = TcpProxy("127.0.0.1", 6379)
    port = proxy.start()
    yield proxy, f"redis://127.0.0.1:{port}/15"
    proxy.close()


def test_an_event_with_redis_stopped_tells_the_editor_what_is_wrong(redis_through_proxy):
    from imigrasi_site.imigrasi_site import app

    proxy, url = redis_through_proxy
    _open_tab(StateManagerRedis(redis=Redis.from_url(url)), "tab-before")  # the store works
    proxy.cut()  # Redis stops
    with pytest.raises(redis.RedisError) as failure:
        _open_tab(StateManagerRedis(redis=Redis.from_url(url)), "tab-during")
    shown = str(app.backend_exception_handler(failure.value))
    assert both("workspace_store_down") in shown
    assert "Contact the website administrator" not in shown


def test_other_errors_keep_reflexs_own_answer():
    from imigrasi_site.imigrasi_site import app

    assert "An error occurred" in str(app.backend_exception_handler(RuntimeError("boom")))

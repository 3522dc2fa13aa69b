"""Faults 2 and 3 of docs/reliability.md: PostgreSQL restarted, and Redis stopped, under public load.

The app runs as it does in production, with two worker processes (GRANIAN_WORKERS=2) on
PostgreSQL and Redis, each reached through a TCP forwarder the test cuts: a cut closes
every open connection and refuses new ones, as a restarting or stopped server does.
Four visitors keep asking for public pages the whole time (both editions, the API, feeds,
embeds and badges); every answer must be a 200 with the page's content in it.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest
import redis

from imigrasi_site.core import db
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.seed import seed
from tests.support.harness import own_web_dir, start_live_app, stop_live_app
from tests.support.services import REDIS_URL, postgres_schema, skip_or_fail
from tests.support.tcp_proxy import TcpProxy

# Each path, and a text its answer must hold (the page's content, not an empty shell).
PUBLIC_PATHS = {
    "/": "Denpasar",
    "/kantor/kanim-denpasar": "Kantor Imigrasi Kelas I TPI Denpasar",
    "/?versi=ringan": "Denpasar",
    "/kantor?versi=ringan": "Denpasar",
    "/kantor/kanim-denpasar?versi=ringan": "Kantor Imigrasi Kelas I TPI Denpasar",
    "/pengumuman?versi=ringan": "<main",
    "/api/v1/offices/kanim-denpasar": '"code":"kanim-denpasar"',
    "/feeds/pengumuman.atom": "<feed",
    "/embed/kantor/kanim-denpasar": "Denpasar",
    "/badge/kantor/kanim-denpasar.svg": "<svg",
}
PATHS = tuple(PUBLIC_PATHS)


@pytest.fixture(scope="module")
def services(tmp_path_factory, live_app):  # live_app: the frontend folder to copy is built by then
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    workdir = tmp_path_factory.mktemp("faults")
    with postgres_schema() as (schema, direct_url):
        db.migrate(direct_url)
        with db.session_scope(direct_url) as session:
            seed(session)
        postgres, redis_proxy = TcpProxy("127.0.0.1", 5432), TcpProxy("127.0.0.1", 6379)
        pg_port, redis_port = postgres.start(), redis_proxy.start()
        app_url = f"postgresql+psycopg://postgres@127.0.0.1:{pg_port}/test?options=-csearch_path%3D{schema}"
        env = {"GRANIAN_WORKERS": "2", "REFLEX_REDIS_URL": f"redis://127.0.0.1:{redis_port}/15"}
        app = start_live_app(workdir, app_url, env, web_dir=own_web_dir(workdir))
        try:
            yield {"app": app, "postgres": postgres, "redis": redis_proxy, "direct_url": direct_url}
        finally:
            stop_live_app(app)
            postgres.close()
            redis_proxy.close()


class Visitors:
    """Four visitors asking for public pages in a loop; every answer (or failure) is kept."""

    def __init__(self, app, count: int = 4) -> None:
        self.app, self.answers, self.failures = app, 0, []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._visit, args=(n,), daemon=True) for n in range(count)]
        for thread in self._threads:
            thread.start()

    def _visit(self, n: int) -> None:
        with httpx.Client(timeout=10) as client:
            i = n
            while not self._stop.is_set():
                path = PATHS[i % len(PATHS)]
                i += 1
                try:
                    response = client.get(self.app.url(path))
                except httpx.HTTPError as error:
                    self.failures.append((path, repr(error)))
                    continue
                self.answers += 1
                if response.status_code != 200 or PUBLIC_PATHS[path] not in response.text:
                    self.failures.append((path, response.status_code, response.text[:200]))

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)


def _availability(app, office: str, service: str) -> str:
    response = httpx.get(app.url(f"/api/v1/offices/{office}"), timeout=5)
    return next(s["availability"] for s in response.json()["data"]["services"] if s["code"] == service)


def test_postgresql_restarted_under_public_load_gives_no_public_error(services):
    app, postgres = services["app"], services["postgres"]
    visitors = Visitors(app)
    try:
        time.sleep(1.5)
        postgres.cut()  # the server goes down: open connections break, new ones are refused
        time.sleep(4)
        postgres.start()  # and is back, on the same address
        time.sleep(1.5)
    finally:
        visitors.stop()
    assert visitors.answers > 50, "the visitors hardly got answers"
    assert visitors.failures == []
    # The workers reconnect by themselves: a change made now is public within a few seconds.
    with db.session_scope(services["direct_url"]) as session:
        apply_availability(session, CellSelector(office_codes=("kanim-denpasar",),
                                                 service_codes=("stay_permit",)), availability="limited")
    deadline = time.monotonic() + 8
    while _availability(app, "kanim-denpasar", "stay_permit") != "limited":
        assert time.monotonic() < deadline, "the app did not pick up changes after the restart"
        time.sleep(0.3)


def test_redis_stopped_leaves_the_public_side_answering(services):
    app, redis_proxy = services["app"], services["redis"]
    visitors = Visitors(app)
    try:
        time.sleep(1)
        redis_proxy.cut()
        time.sleep(4)
        assert httpx.get(app.url("/ping"), timeout=5).status_code == 200
    finally:
        visitors.stop()
        redis_proxy.start()
    assert visitors.answers > 30
    assert visitors.failures == []

"""nginx in front of two app workers, configured as deploy/ says: with both workers killed, the
public pages keep answering from nginx's cache with their as-of line, and editors get a plain
"temporarily unavailable" page instead of a raw 502."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import httpx
import pytest

from deploy.render import render
from tests.support.harness import free_port, own_web_dir, start_live_app, stop_live_app
from tests.support.services import skip_or_fail

PUBLIC = ("/", "/kantor/kanim-putussibau", "/kantor/kanim-putussibau?versi=ringan", "/api/v1/status")


@pytest.fixture(scope="module")
def nginx_in_front(tmp_path_factory, live_app, seeded_template):  # live_app: the frontend is built by then
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        skip_or_fail("nginx is not installed (apt-get install -y nginx-light)")
    workdir = tmp_path_factory.mktemp("nginx")
    db_path = workdir / "shared.db"
    shutil.copy(seeded_template, db_path)
    url = f"sqlite:///{db_path}"
    workers = []
    try:
        for index in range(2):
            folder = workdir / f"worker{index}"
            folder.mkdir()
            workers.append(start_live_app(folder, url, web_dir=own_web_dir(folder)))
        prefix = workdir / "prefix"
        prefix.mkdir()
        port = free_port()
        config = prefix / "nginx.conf"
        config.write_text(render(listen=f"127.0.0.1:{port}", server_name="_", prefix=str(prefix),
                                 workers=[w.base_url.removeprefix("http://") for w in workers]))
        # As root (CI), nginx's workers would drop to an account that cannot enter pytest's private temp
        # folders; the test keeps them as the user that runs it.
        globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        process = subprocess.Popen([nginx, "-c", str(config), "-p", str(prefix), "-g", globals_],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/ping", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base, workers
    finally:
        if "process" in locals() and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        for worker in workers:
            stop_live_app(worker)


def test_public_pages_survive_both_workers_and_the_workspace_says_it_is_unavailable(nginx_in_front):
    base, workers = nginx_in_front
    before = {}
    for path in PUBLIC:
        response = httpx.get(base + path)
        assert response.status_code == 200, path
        before[path] = response.text
    assert httpx.get(base + "/admin/masuk").status_code == 200

    for worker in workers:  # both workers die at once, as in a crash of the host's app service
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait()
    time.sleep(2.5)  # past the one-second micro-cache: every answer now comes from the stale copy

    for _ in range(3):  # and keeps coming, request after request
        for path in PUBLIC:
            response = httpx.get(base + path)
            assert response.status_code == 200, path
            assert response.headers["x-cache-status"] in ("STALE", "UPDATING"), path
            assert response.text == before[path]
            if not path.startswith("/api/"):
                assert "Data per" in response.text and 'id="data-as-of"' in response.text
        time.sleep(0.5)

    workspace = httpx.get(base + "/admin/masuk")
    assert workspace.status_code == 503
    assert "sementara tidak tersedia" in workspace.text and "temporarily unavailable" in workspace.text
    assert workspace.headers["cache-control"] == "no-store"

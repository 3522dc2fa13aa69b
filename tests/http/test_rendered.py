"""Bodies are computed once per snapshot: a request is a lookup, a new snapshot drops them all."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from imigrasi_site.http import api
from imigrasi_site.http.rendered import Rendered, SnapshotMemo, error_text
from tests.support.routes import FixedStore, routes_client


def _body(text: str) -> Rendered:
    return Rendered.build(text.encode(), "text/plain")


def test_the_memo_renders_once_per_snapshot_and_key(snapshot):
    memo, calls = SnapshotMemo(), []

    def render() -> Rendered:
        calls.append(1)
        return _body("x" * 600)

    first = memo.get(snapshot, ("k",), render)
    assert memo.get(snapshot, ("k",), render) is first and len(calls) == 1
    memo.get(snapshot, ("other",), render)
    assert len(calls) == 2
    renewed = dataclasses.replace(snapshot, built_at=snapshot.built_at + timedelta(minutes=1))
    memo.get(renewed, ("k",), render)
    assert len(calls) == 3, "a new snapshot must not be answered from the old one's bodies"


def test_errors_are_not_kept_and_the_memo_is_bounded(snapshot):
    memo = SnapshotMemo(max_entries=3)
    calls = []
    for _ in range(2):
        memo.get(snapshot, ("missing",), lambda: calls.append(1) or error_text(404, "no"))
    assert len(calls) == 2
    rendered_keys = []
    for key in (*range(10), 9, 0):
        memo.get(snapshot, key, lambda key=key: rendered_keys.append(key) or _body("ok"))
    # The newest entries stay; the oldest were dropped and are rendered again.
    assert rendered_keys == [*range(10), 0]


def test_each_body_has_an_etag_and_a_gzip_variant_when_it_pays():
    big, small = _body("a" * 2000), _body("a")
    assert big.etag is not None and big.etag.startswith(b'W/"')
    assert big.gzip_body is not None and len(big.gzip_body) < len(big.body)
    assert small.gzip_body is None
    assert _body("a" * 2000).etag == big.etag and _body("b" * 2000).etag != big.etag


def test_requests_for_the_same_snapshot_render_once(snapshot, monkeypatch):
    calls = []
    original = api.status_response
    monkeypatch.setattr(api, "status_response", lambda *args: calls.append(1) or original(*args))
    store = FixedStore(snapshot)
    client = routes_client(store)
    etags = [client.get("/api/v1/status").headers["etag"] for _ in range(5)]
    store.snapshot = dataclasses.replace(snapshot, built_at=snapshot.built_at + timedelta(minutes=1))
    etags.append(client.get("/api/v1/status").headers["etag"])
    assert len(calls) == 2
    assert len(set(etags[:5])) == 1 and etags[5] != etags[0]  # the as-of time is part of the body


def test_other_paths_go_on_to_reflex(snapshot):
    assert routes_client(FixedStore(snapshot)).get("/kantor/kanim-putussibau").text == "reflex page"

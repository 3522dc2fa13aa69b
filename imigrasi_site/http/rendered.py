"""Response bodies computed once per snapshot, and sending them with ETag, gzip and 304.

A public route renders its body (JSON, embed HTML, feed XML, badge SVG) from the read
model once; every later request for the same thing is a dict lookup and two ASGI
messages. The memo forgets everything as soon as the store hands out a new snapshot.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

from starlette.types import Scope, Send

from imigrasi_site.core.snapshot import SnapshotMemo as CoreSnapshotMemo

# Status data moves within seconds of an editor's change; caches may keep it half a minute.
STATUS_CACHE = "public, max-age=30"
FEED_CACHE = "public, max-age=300"
NO_STORE = "no-store"
# Below this a gzip body saves too little to be worth a second variant.
GZIP_MIN_BYTES = 512
# Public routes are read by any site: any origin may read them, never with credentials.
CORS_HEADERS = ((b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", b"ETag"))

JSON = "application/json"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished response: the body in each encoding and the headers for each case."""

    status: int
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...]
    etag: bytes | None = None
    gzip_body: bytes | None = None
    gzip_headers: tuple[tuple[bytes, bytes], ...] = ()
    not_modified_headers: tuple[tuple[bytes, bytes], ...] = ()

    @classmethod
    def build(
        cls,
        body: bytes,
        content_type: str,
        *,
        status: int = 200,
        cache_control: str = STATUS_CACHE,
        extra_headers: tuple[tuple[bytes, bytes], ...] = (),
    ) -> Rendered:
        common = (
            (b"cache-control", cache_control.encode()),
            *CORS_HEADERS,
            *extra_headers,
        )
        if status != 200:
            return cls(status, body, ((b"content-type", content_type.encode()),
                                      (b"content-length", str(len(body)).encode()), *common))
        # Weak: the identity and gzip bodies are the same representation for a cache's purposes.
        etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'.encode()
        validators = ((b"etag", etag), *common)
        gzip_body = gzip.compress(body, compresslevel=9, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        vary = ((b"vary", b"Accept-Encoding"),) if gzip_body is not None else ()
        headers = ((b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
                   *validators, *vary)
        gzip_headers = ()
        if gzip_body is not None:
            gzip_headers = ((b"content-type", content_type.encode()), (b"content-encoding", b"gzip"),
                            (b"content-length", str(len(gzip_body)).encode()), *validators, *vary)
        return cls(status, body, headers, etag, gzip_body, gzip_headers, (*validators, *vary))


def json_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def error_json(status: int, code: str, message: str, parameter: str | None = None,
               extra_headers: tuple[tuple[bytes, bytes], ...] = ()) -> Rendered:
    error: dict[str, str] = {"code": code, "message": message}
    if parameter is not None:
        error["parameter"] = parameter
    return Rendered.build(json_body({"error": error}), JSON, status=status, cache_control=NO_STORE,
                          extra_headers=extra_headers)


def error_text(status: int, message: str) -> Rendered:
    return Rendered.build(message.encode(), TEXT, status=status, cache_control=NO_STORE)


class SnapshotMemo(CoreSnapshotMemo[Rendered]):
    """Rendered responses of the current snapshot, keyed by route and normalized parameters.

    Only successes are kept: a visitor trying unknown codes must not push real pages out.
    """

    def __init__(self, max_entries: int = 2048) -> None:
        super().__init__(max_entries, keep=lambda rendered: rendered.status == 200)


def _etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110 weak comparison against an If-None-Match list."""
    opaque = etag.removeprefix(b"W/")
    for candidate in if_none_match.split(b","):
        candidate = candidate.strip()
        if candidate == b"*" or candidate.removeprefix(b"W/") == opaque:
            return True
    return False


def _accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether gzip (named, or through `*`) has a quality above zero."""
    qualities: dict[bytes, bool] = {}
    for coding in accept_encoding.lower().split(b","):
        name, _, params = coding.partition(b";")
        quality = params.strip().removeprefix(b"q=")
        qualities[name.strip()] = quality == b"" or quality.strip(b"0.") != b""
    return qualities.get(b"gzip", qualities.get(b"*", False))


async def send_rendered(rendered: Rendered, scope: Scope, send: Send) -> None:
    if_none_match = accept_encoding = b""
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            if_none_match = value
        elif name == b"accept-encoding":
            accept_encoding = value
    status, headers, body = rendered.status, rendered.headers, rendered.body
    if rendered.etag is not None and if_none_match and _etag_matches(if_none_match, rendered.etag):
        status, headers, body = 304, rendered.not_modified_headers, b""
    elif rendered.gzip_body is not None and accept_encoding and _accepts_gzip(accept_encoding):
        headers, body = rendered.gzip_headers, rendered.gzip_body
    if scope["method"] == "HEAD":
        body = b""
    await send({"type": "http.response.start", "status": status, "headers": list(headers)})
    await send({"type": "http.response.body", "body": body})

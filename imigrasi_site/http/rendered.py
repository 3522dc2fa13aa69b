"""Response bodies computed once per snapshot, and sending them with ETag, gzip and 304.

A public route renders its body (JSON, embed HTML, feed XML, badge SVG) from the read
model once; every later request for the same thing is a dict lookup and two ASGI
messages. The memo forgets everything as soon as the store hands out a new snapshot.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, replace

import brotli
from starlette.types import Scope, Send

from imigrasi_site.core.public_shapes import Error, ErrorCode, ErrorDetail
from imigrasi_site.core.snapshot import SnapshotMemo as CoreSnapshotMemo

# Status data moves within seconds of an editor's change; caches may keep it half a minute.
STATUS_CACHE = "public, max-age=30"
# Pages: a CDN or nginx may serve a copy up to a minute old while it asks again, and a day old when
# the servers behind it fail, which is when travellers need the page most.
PAGE_CACHE = "public, max-age=15, stale-while-revalidate=60, stale-if-error=86400"
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
    brotli_body: bytes | None = None
    brotli_headers: tuple[tuple[bytes, bytes], ...] = ()

    @property
    def size(self) -> int:
        """Bytes this response holds in memory, all variants together."""
        return len(self.body) + len(self.gzip_body or b"") + len(self.brotli_body or b"")

    def with_headers(self, extra: tuple[tuple[bytes, bytes], ...]) -> Rendered:
        """The same response with headers of one request added (a cookie it sets, say)."""
        if not extra:
            return self
        return replace(self, headers=(*self.headers, *extra), gzip_headers=(*self.gzip_headers, *extra),
                       brotli_headers=(*self.brotli_headers, *extra),
                       not_modified_headers=(*self.not_modified_headers, *extra))

    @classmethod
    def build(
        cls,
        body: bytes,
        content_type: str,
        *,
        status: int = 200,
        cache_control: str = STATUS_CACHE,
        extra_headers: tuple[tuple[bytes, bytes], ...] = (),
        cors: bool = True,
        brotli_quality: int | None = None,
        vary: bytes = b"Accept-Encoding",
    ) -> Rendered:
        """`brotli_quality` adds a brotli variant (11 for bodies kept per snapshot, lower for one-offs)."""
        common = (
            (b"cache-control", cache_control.encode()),
            *(CORS_HEADERS if cors else ()),
            *extra_headers,
        )
        if status != 200:
            return cls(status, body, ((b"content-type", content_type.encode()),
                                      (b"content-length", str(len(body)).encode()), *common))
        # Weak: the identity and gzip bodies are the same representation for a cache's purposes.
        etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'.encode()
        validators = ((b"etag", etag), *common)
        compress = len(body) >= GZIP_MIN_BYTES
        level = 9 if brotli_quality is None or brotli_quality >= 9 else 6
        gzip_body = gzip.compress(body, compresslevel=level, mtime=0) if compress else None
        brotli_body = (brotli.compress(body, quality=brotli_quality)
                       if compress and brotli_quality is not None else None)
        vary_headers = ((b"vary", vary),) if gzip_body is not None or b"," in vary else ()
        headers = ((b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
                   *validators, *vary_headers)

        def encoded(coding: bytes, data: bytes | None) -> tuple[tuple[bytes, bytes], ...]:
            if data is None:
                return ()
            return ((b"content-type", content_type.encode()), (b"content-encoding", coding),
                    (b"content-length", str(len(data)).encode()), *validators, *vary_headers)

        return cls(status, body, headers, etag, gzip_body, encoded(b"gzip", gzip_body),
                   (*validators, *vary_headers), brotli_body, encoded(b"br", brotli_body))


def json_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def error_json(status: int, code: ErrorCode, message: str, parameter: str | None = None,
               extra_headers: tuple[tuple[bytes, bytes], ...] = ()) -> Rendered:
    body = Error(error=ErrorDetail(code=code, message=message, parameter=parameter)).model_dump_json().encode()
    return Rendered.build(body, JSON, status=status, cache_control=NO_STORE, extra_headers=extra_headers)


def error_text(status: int, message: str) -> Rendered:
    return Rendered.build(message.encode(), TEXT, status=status, cache_control=NO_STORE)


class SnapshotMemo(CoreSnapshotMemo[Rendered]):
    """Rendered responses of the current snapshot, keyed by route and normalized parameters.

    Only successes are kept: a visitor trying unknown codes must not push real pages out. The
    memo is capped in bytes as well as entries, since parameters come from visitors.
    """

    def __init__(self, max_entries: int = 2048, max_bytes: int = 32 * 1024 * 1024) -> None:
        super().__init__(max_entries, keep=lambda rendered: rendered.status == 200,
                         size=lambda rendered: rendered.size, max_bytes=max_bytes)


def _etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110 weak comparison against an If-None-Match list."""
    opaque = etag.removeprefix(b"W/")
    for candidate in if_none_match.split(b","):
        candidate = candidate.strip()
        if candidate == b"*" or candidate.removeprefix(b"W/") == opaque:
            return True
    return False


def _accepts(accept_encoding: bytes, coding: bytes) -> bool:
    """Whether `coding` (named, or through `*`) has a quality above zero."""
    qualities: dict[bytes, bool] = {}
    for item in accept_encoding.lower().split(b","):
        name, _, params = item.partition(b";")
        quality = params.strip().removeprefix(b"q=")
        qualities[name.strip()] = quality == b"" or quality.strip(b"0.") != b""
    return qualities.get(coding, qualities.get(b"*", False))


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
    elif rendered.brotli_body is not None and accept_encoding and _accepts(accept_encoding, b"br"):
        headers, body = rendered.brotli_headers, rendered.brotli_body
    elif rendered.gzip_body is not None and accept_encoding and _accepts(accept_encoding, b"gzip"):
        headers, body = rendered.gzip_headers, rendered.gzip_body
    if scope["method"] == "HEAD":
        body = b""
    await send({"type": "http.response.start", "status": status, "headers": list(headers)})
    await send({"type": "http.response.body", "body": body})

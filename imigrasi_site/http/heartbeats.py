"""POST /api/v1/heartbeats/{office_code}: offices' counter systems call in (docs/heartbeats.md).

A POST changes data, so it never goes through the per-snapshot memo of the public GET
routes: this wrapper sits outside PublicRoutes in api_transformer and answers only its own
path. The work happens off the event loop, in one transaction. Every refusal of the
credential is the same 401, whether the office exists or not, so the endpoint does not
reveal the office list. A heartbeat never changes a public status.
"""

from __future__ import annotations

import asyncio
import logging
import re

import sqlalchemy.exc
from starlette.types import ASGIApp, Receive, Scope, Send

from imigrasi_site.core import db, heartbeats
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.models import utcnow
from imigrasi_site.core.ratelimit import WindowCounter
from imigrasi_site.core.settings import get_settings
from imigrasi_site.http.openapi import API_PREFIX
from imigrasi_site.http.rendered import JSON, json_body

log = logging.getLogger(__name__)
# Any code, however long: a code that names no office gets the same 401 as a wrong token.
PATH = re.compile(re.escape(API_PREFIX) + r"/heartbeats/([^/]+)/?")
RATE_WINDOW_SECONDS = 60.0
UNAUTHORIZED_MESSAGE = ("Missing, wrong or revoked heartbeat token for this office. Send "
                        "`Authorization: Bearer <token>` with the office's current token.")


def _error(status: int, code: str, message: str, field: str | None = None) -> bytes:
    error: dict[str, str] = {"code": code, "message": message}
    if field is not None:
        error["parameter"] = field
    return json_body({"error": error})


async def _send(send: Send, status: int, body: bytes = b"", extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    headers = [(b"cache-control", b"no-store"), *extra]
    if body:
        headers += [(b"content-type", JSON.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").strip().partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """At most `limit` bytes whatever the headers say (a chunked body has no length); None if over."""
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit() and int(value) > limit:
            return None
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body.extend(message.get("body", b""))
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            break
    return bytes(body)


def _ingest(office_code: str, token: str, report: heartbeats.Report, counter: WindowCounter,
            missing_window) -> str:
    with db.quick_write_engine().begin() as connection:
        return heartbeats.ingest_on(connection, office_code, token, report, now=utcnow(), limiter=counter,
                                    missing_window=missing_window)


class HeartbeatRoutes:
    """An api_transformer: the heartbeat endpoint answers here, everything else goes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        settings = get_settings().heartbeats
        self._missing_window = settings.missing_window
        self._per_office = WindowCounter(settings.rate_per_office, RATE_WINDOW_SECONDS)
        self._per_address = WindowCounter(settings.rate_per_address, RATE_WINDOW_SECONDS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = PATH.fullmatch(scope["path"]) if scope["type"] == "http" else None
        if match is None:
            await self.app(scope, receive, send)
            return
        await self._handle(match.group(1), scope, receive, send)

    async def _handle(self, office_code: str, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await _send(send, 405, _error(405, "method_not_allowed", "Heartbeats are sent with POST."),
                        ((b"allow", b"POST"),))
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        retry = ((b"retry-after", str(int(RATE_WINDOW_SECONDS)).encode()),)
        if not self._per_address.allow(client):
            await _send(send, 429, _error(429, "rate_limited", "Too many heartbeats from this address; wait a "
                                                               "minute."), retry)
            return
        token = _bearer(scope)
        unauthorized = ((b"www-authenticate", b'Bearer realm="heartbeats"'),)
        if token is None:
            await _send(send, 401, _error(401, "unauthorized", UNAUTHORIZED_MESSAGE), unauthorized)
            return
        body = await _read_body(scope, receive, heartbeats.MAX_BODY_BYTES)
        if body is None:
            await _send(send, 413, _error(413, "payload_too_large",
                                          f"A heartbeat body is at most {heartbeats.MAX_BODY_BYTES} bytes."))
            return
        try:
            report = heartbeats.parse_report(body)
            outcome = await asyncio.to_thread(_ingest, office_code, token, report, self._per_office,
                                              self._missing_window)
        except InvalidInput as error:
            await _send(send, 400, _error(400, "bad_body", error.message, error.field))
            return
        except sqlalchemy.exc.SQLAlchemyError:
            log.warning("heartbeat from %s not stored: database unavailable", office_code, exc_info=True)
            await _send(send, 503, _error(503, "unavailable", "The heartbeat could not be stored; send the next "
                                                              "one as usual."))
            return
        if outcome == heartbeats.UNAUTHORIZED:
            await _send(send, 401, _error(401, "unauthorized", UNAUTHORIZED_MESSAGE), unauthorized)
        elif outcome == heartbeats.RATE_LIMITED:
            await _send(send, 429, _error(429, "rate_limited", "Too many heartbeats for this office; one every "
                                                               "30 seconds is plenty."), retry)
        else:
            await _send(send, 204)

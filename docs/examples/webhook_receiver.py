"""A minimal receiver for Status Layanan Imigrasi webhooks (Standard Webhooks signatures).

Needs one package, the scheme's reference library: pip install standardwebhooks==1.1.0
Run it with the secret you were given (whsec_...):
    IMIGRASI_WEBHOOK_SECRET=whsec_... python webhook_receiver.py 8080
"""

from __future__ import annotations

import binascii
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

MAX_BODY = 1_000_000
# A delivery older or newer than this is refused: a recorded request cannot be replayed later.
TOLERANCE_SECONDS = 5 * 60


def verify(body: bytes, headers: Mapping[str, str], secret: str) -> dict | None:
    """The event, when webhook-signature holds a valid signature of webhook-id, webhook-timestamp
    and this exact body under `secret`, and webhook-timestamp is within five minutes of now; else None.

    While the site rotates your secret it sends two signatures, one per secret, so this works
    with the old secret and with the new one: switch whenever you like within the grace period.
    """
    try:
        timestamp = int(headers.get("webhook-timestamp") or "")
    except ValueError:
        return None
    if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
        return None  # the library checks this too; written out here so that it cannot be missed
    try:
        return Webhook(secret).verify(body, dict(headers))
    except (WebhookVerificationError, ValueError, binascii.Error):
        return None  # no valid signature, or a malformed header


def handle_event(event: dict) -> None:
    """Your code: store the event. Retries repeat an event, so skip an `id` you already have."""
    print(event["id"], event["type"], json.dumps(event["data"], ensure_ascii=False))


def make_handler(secret: str, on_event: Callable[[dict], None] = handle_event
                 ) -> type[BaseHTTPRequestHandler]:
    # webhook-id values accepted in the last TOLERANCE_SECONDS: a copy replayed within the
    # window is answered 204 but not handled twice. Older copies fail the timestamp check.
    seen: dict[str, float] = {}
    lock = threading.Lock()

    class WebhookHandler(BaseHTTPRequestHandler):
        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.end_headers()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._answer(413)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            event = verify(body, headers, secret)
            if event is None:
                return self._answer(401)  # not from the site, altered, or too old: ignore it
            message_id, now = headers["webhook-id"], time.time()
            with lock:
                for old in [key for key, at in seen.items() if at < now - TOLERANCE_SECONDS]:
                    del seen[old]
                if message_id in seen:
                    return self._answer(204)  # a repeat: already handled
                seen[message_id] = now
            try:
                on_event(event)
            except Exception:
                with lock:
                    seen.pop(message_id, None)  # not stored: let the site's retry in
                return self._answer(500)  # any answer but 2xx makes the site try again later
            self._answer(204)

    return WebhookHandler


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    server = ThreadingHTTPServer(("", port), make_handler(os.environ["IMIGRASI_WEBHOOK_SECRET"]))
    print(f"listening on port {port}")
    server.serve_forever()

"""A minimal receiver for Status Layanan Imigrasi webhooks (standard library only).

Run it with the secret you were given:
    IMIGRASI_WEBHOOK_SECRET=... python webhook_receiver.py 8080
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1_000_000


def verify(body: bytes, header: str | None, secret: str) -> bool:
    """True when `header` (X-Imigrasi-Signature) is the HMAC-SHA256 of the exact body bytes under `secret`."""
    if not header:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    # compare_digest takes as long for a near miss as for a wild guess.
    return hmac.compare_digest(header.encode(), expected.encode())


def handle_event(event: dict) -> None:
    """Your code: store the event. Retries repeat an event, so skip an `id` you already have."""
    print(event["id"], event["type"], json.dumps(event["data"], ensure_ascii=False))


def make_handler(secret: str, on_event=handle_event) -> type[BaseHTTPRequestHandler]:
    class WebhookHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.send_response(413)
                self.end_headers()
                return
            body = self.rfile.read(length)
            if not verify(body, self.headers.get("X-Imigrasi-Signature"), secret):
                self.send_response(401)  # not from the site, or altered on the way: ignore it
                self.end_headers()
                return
            try:
                on_event(json.loads(body))
            except Exception:
                self.send_response(500)  # any answer but 2xx makes the site try again later
                self.end_headers()
                return
            self.send_response(204)
            self.end_headers()

    return WebhookHandler


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    server = ThreadingHTTPServer(("", port), make_handler(os.environ["IMIGRASI_WEBHOOK_SECRET"]))
    print(f"listening on port {port}")
    server.serve_forever()

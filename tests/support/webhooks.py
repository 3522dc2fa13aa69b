"""A webhook partner on localhost: the example receiver of docs/webhooks.md, and a change for it to hear of."""

from __future__ import annotations

import importlib.util
import threading
from http.server import ThreadingHTTPServer

from imigrasi_site.core import db
from imigrasi_site.core.availability import CellSelector, apply_availability
from tests.support.harness import PROJECT_ROOT

EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "webhook_receiver.py"


def _load_example():
    spec = importlib.util.spec_from_file_location("webhook_receiver", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


receiver = _load_example()


class Partner:
    """The example receiver on localhost; `fail_next` makes the partner's own event handler fail."""

    def __init__(self, port: int, secret: str) -> None:
        self.secret = secret
        self.events: list[dict] = []
        self.fail_next = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", port), receiver.make_handler(secret, self._store))
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def _store(self, event: dict) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("the partner's database is down")
        self.events.append(event)


def make_change(availability: str = "limited") -> None:
    with db.session_scope() as session:
        assert apply_availability(
            session, CellSelector(office_codes=("kanim-putussibau",), service_codes=("stay_permit",)), availability=availability
        )

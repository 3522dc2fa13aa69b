"""The HTTP routes in process, without Reflex: stand-ins for the pages, a fixed read model, and the
check of a response against the published OpenAPI document."""

from __future__ import annotations

import httpx
from jsonschema import Draft202012Validator
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.http.routes import PublicRoutes

# The site's public address in the session-route tests (IMIGRASI_PUBLIC_URL, and the Origin a browser sends).
SITE = "http://situs.example"


def assert_documented(openapi: dict, path_template: str, response: httpx.Response) -> None:
    """The response's status is documented for the path, and its body matches that status's schema."""
    responses = openapi["paths"][path_template]["get"]["responses"]
    assert str(response.status_code) in responses, f"{response.status_code} is not documented for {path_template}"
    schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    assert response.headers["content-type"] == "application/json"
    # The response schema with the document's components beside it, so its $refs resolve.
    validator = Draft202012Validator(
        {**schema, "components": openapi["components"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


class FixedStore:
    """A store that always holds the same snapshot (a test replaces it to simulate a change)."""

    def __init__(self, snapshot: PublicSnapshot) -> None:
        self.snapshot = snapshot

    def peek(self) -> PublicSnapshot:
        return self.snapshot

    def get(self) -> PublicSnapshot:
        return self.snapshot


async def reflex_stand_in(scope, receive, send) -> None:
    """Stands in for Reflex behind the public routes: one plain page for every request they pass on."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"reflex page"})


async def echoing_stand_in(scope, receive, send) -> None:
    """Stands in for Reflex behind the session routes: says which request they passed on."""
    await PlainTextResponse(f"page {scope['method']} {scope['path']}")(scope, receive, send)


def routes_client(store: FixedStore) -> TestClient:
    """An HTTP client for the public routes alone, in process, over a store the test controls.

    Synchronous: the browser tests' Playwright keeps an event loop running in this thread.
    """
    return TestClient(PublicRoutes(reflex_stand_in, store), base_url="http://routes.test")  # type: ignore[arg-type]

"""Helpers for the public routes: the published OpenAPI document, and the routes over a fixed read model."""

from __future__ import annotations

import httpx
import pytest
from jsonschema import Draft202012Validator
from starlette.testclient import TestClient

from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.http.routes import PublicRoutes


@pytest.fixture(scope="session")
def openapi(live_app) -> dict:
    """The OpenAPI document as the running app publishes it."""
    response = httpx.get(live_app.url("/api/v1/openapi.json"))
    assert response.status_code == 200
    return response.json()


def assert_documented(openapi: dict, path_template: str, response: httpx.Response) -> None:
    """The response's status is documented for the path, and its body matches that status's schema."""
    responses = openapi["paths"][path_template]["get"]["responses"]
    assert str(response.status_code) in responses, f"{response.status_code} is not documented for {path_template}"
    schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    assert response.headers["content-type"] == "application/json"
    # The response schema with the document's components beside it, so its $refs resolve.
    validator = Draft202012Validator({**schema, "components": openapi["components"]},
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
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


async def _reflex_stand_in(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"reflex page"})


def routes_client(store: FixedStore) -> TestClient:
    """An HTTP client for the public routes alone, in process, over a store the test controls.

    Synchronous: the browser tests' Playwright keeps an event loop running in this thread.
    """
    return TestClient(PublicRoutes(_reflex_stand_in, store), base_url="http://routes.test")  # type: ignore[arg-type]

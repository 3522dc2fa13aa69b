"""The published OpenAPI document, for the tests that check responses against it (tests.support.routes)."""

from __future__ import annotations

import httpx
import pytest


@pytest.fixture(scope="session")
def openapi(live_app) -> dict:
    """The OpenAPI document as the running app publishes it."""
    response = httpx.get(live_app.url("/api/v1/openapi.json"))
    assert response.status_code == 200
    return response.json()

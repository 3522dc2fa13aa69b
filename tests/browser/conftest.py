"""Real Chromium (Debian's package) driven by Playwright against the live app."""

from __future__ import annotations

import pytest

# Registered here (and in tests/resilience) rather than in tests/conftest.py: their package scope
# ends with the package that registers them (see tests/support/chromium.py).
from tests.support.chromium import chromium, page  # noqa: F401
from tests.support.harness import ARTIFACTS


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

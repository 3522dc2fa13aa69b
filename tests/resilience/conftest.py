# The browser fixtures (chromium, page) serve these tests too.
from tests.browser.conftest import chromium, page  # noqa: F401

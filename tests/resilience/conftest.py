# The browser fixtures (chromium, page) serve these tests too, with a browser of this package's own.
from tests.support.chromium import chromium, page  # noqa: F401

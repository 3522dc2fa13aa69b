"""Links to the site's pages and public routes, in a reader's language, and where a sign-in may lead."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

from imigrasi_site.core import paths


def with_lang(url: str, lang: str) -> str:
    """Indonesian is the default; an English link says so, so it opens in English when shared."""
    return f"{url}{'&' if '?' in url else '?'}lang=en" if lang == "en" else url


# The pages' addresses come from core/paths.py; these put the site's origin in front of them.
def office_page(base: str, code: str, lang: str = "id") -> str:
    return base + paths.office(code, lang)


def notice_page(base: str, slug: str, lang: str = "id") -> str:
    return base + paths.notice(slug, lang)


def incident_page(base: str, incident_id: int, lang: str = "id") -> str:
    return base + paths.incident(incident_id, lang)


def home_page(base: str, lang: str = "id") -> str:
    return base + paths.home(lang)


def notices_page(base: str, lang: str = "id") -> str:
    return base + paths.notices(lang)


def offices_page(base: str, lang: str = "id") -> str:
    return base + paths.offices(lang)


def office_embed(base: str, code: str) -> str:
    return f"{base}/embed/kantor/{quote(code, safe='')}"


def status_embed(base: str) -> str:
    return f"{base}/embed/status"


def office_feed(base: str, code: str, lang: str = "id") -> str:
    return with_lang(f"{base}/feeds/kantor/{quote(code, safe='')}.atom", lang)


def office_badge(base: str, code: str) -> str:
    return f"{base}/badge/kantor/{quote(code, safe='')}.svg"


WORKSPACE = "/admin"
SIGN_IN_PAGE = "/admin/masuk"
SIGN_OUT_PATH = "/admin/keluar"
# A signed-in editor sets up a second factor by a form POST here (http/session_routes.py).
ENROL_PATH = "/admin/dua-langkah"


def workspace_path(target: object) -> str:
    """Where to go after signing in: `target` if it is a page of the workspace, else the workspace.

    The path is normalized first (percent-escapes, dot segments, repeated slashes) as a browser
    would resolve it, so "/admin/..//evil.example/" cannot leave the workspace or the site.
    """
    if not isinstance(target, str) or len(target) > 512:
        return WORKSPACE
    path = unquote(target)
    if any(ch in path for ch in "\\?#") or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return WORKSPACE
    if not path.startswith("/") or path.startswith("//"):
        return WORKSPACE
    resolved = posixpath.normpath(re.sub(r"/{2,}", "/", path))
    inside = resolved == WORKSPACE or resolved.startswith(WORKSPACE + "/")
    return quote(resolved) if inside and resolved != SIGN_IN_PAGE else WORKSPACE

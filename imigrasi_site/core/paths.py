"""The public pages' addresses, relative to the site, in one place.

Pages, server templates, links and tests build URLs here, so they cannot disagree.
Indonesian is the default language: an English address says `lang=en`.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

HOME = "/"
OFFICES = "/kantor"
NOTICES = "/pengumuman"
NOT_FOUND = "/404"
OFFICE_PREFIX = "/kantor/"
NOTICE_PREFIX = "/pengumuman/"
INCIDENT_PREFIX = "/insiden/"
# The Reflex routes of the dynamic pages (their argument is a router parameter).
OFFICE_ROUTE = OFFICE_PREFIX + "[code]"
NOTICE_ROUTE = NOTICE_PREFIX + "[slug]"
INCIDENT_ROUTE = INCIDENT_PREFIX + "[id]"


def with_query(path: str, lang: str = "id", **params: object) -> str:
    """`path` with the non-empty parameters in the order given, and `lang=en` for English."""
    query = {name: str(value) for name, value in params.items() if value not in (None, "")}
    if lang == "en":
        query["lang"] = "en"
    return f"{path}?{urlencode(query)}" if query else path


def home(lang: str = "id") -> str:
    return with_query(HOME, lang)


def offices(lang: str = "id", **filters: object) -> str:
    return with_query(OFFICES, lang, **filters)


def office(code: str, lang: str = "id") -> str:
    return with_query(OFFICE_PREFIX + quote(code, safe=""), lang)


def notices(lang: str = "id", **params: object) -> str:
    return with_query(NOTICES, lang, **params)


def notice(slug: str, lang: str = "id") -> str:
    return with_query(NOTICE_PREFIX + quote(slug, safe=""), lang)


def incident(incident_id: int, lang: str = "id") -> str:
    return with_query(f"{INCIDENT_PREFIX}{int(incident_id)}", lang)

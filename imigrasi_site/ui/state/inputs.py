"""Reading handler arguments safely: any client can call any handler with anything."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: object, limit: int) -> str:
    """The value if it is text, cut to `limit` characters; anything else is empty text.

    JSON may carry lone surrogates ("\\ud800"), which no database, URL or page can encode:
    they become U+FFFD, as a browser would show them."""
    if not isinstance(value, str):
        return ""
    return _SURROGATE.sub("\ufffd", value[:limit])


def positive_id(value: object) -> int | None:
    """A database id from whatever the client sent, or None."""
    try:
        number = int(value)  # type: ignore[call-overload]  # anything a client sent: int() refusing it is the check
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def set_form_field(form: dict[str, str], name: object, value: object, limit: int) -> bool:
    """Keep a typed value if the form has a field `name`: a form's keys are what a client may set."""
    if not isinstance(name, str) or name not in form:
        return False
    form[name] = text(value, limit)
    return True


def office_codes(value: object) -> list[str]:
    """Office codes typed as a comma- or line-separated list (at most 500)."""
    return [code.strip() for code in text(value, 5000).replace("\n", ",").split(",") if code.strip()][:500]

"""What the site's plain form POSTs share: a body read to a bound, and the client's address."""

from __future__ import annotations

from urllib.parse import parse_qs

from reflex.config import get_config
from starlette.requests import Request

# Sign-in and the subscription links post a few short fields; anything longer is refused unread.
MAX_BODY = 4096


async def read_form(request: Request, max_fields: int) -> dict[str, str] | None:
    """The urlencoded form (the first value of each field), or None when it is larger than MAX_BODY
    or has more than `max_fields` fields. Read at most MAX_BODY bytes whatever the headers say
    (a chunked body has no length)."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY:
            return None
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=max_fields)
    except ValueError:
        return None
    return {name: values[0] for name, values in fields.items()}


def client_address(request: Request) -> str:
    """The visitor's address, read as Reflex reads it for its states (X-Forwarded-For only behind
    trusted_proxy_hops configured proxies), so the rate limits of the forms and of the states
    count the same client."""
    client = request.client.host if request.client else "unknown"
    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            client = forwarded[-hops]
    return client

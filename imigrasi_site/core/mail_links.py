"""The links in subscription mail (confirm, unsubscribe) and the token they carry.

The database keeps only the SHA-256 of a subscription's token, like editor sessions. The
token itself is an HMAC of the subscription under a server key (IMIGRASI_SECRET_KEY), so
the sender can write the same working unsubscribe link into every later message without
the token ever being stored, and a copy of the database alone cannot confirm or cancel
anyone's subscription.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from datetime import timezone

from sqlmodel import Session

from imigrasi_site.core.models import Subscription
from imigrasi_site.core.settings import get_settings

log = logging.getLogger(__name__)

CONFIRM_PATH = "/langganan/konfirmasi"
UNSUBSCRIBE_PATH = "/langganan/berhenti"
MAX_TOKEN = 128
_warned_about_key = False


def link_key() -> bytes:
    global _warned_about_key
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key.encode()
    if not _warned_about_key:
        _warned_about_key = True
        log.warning("IMIGRASI_SECRET_KEY is not set; subscription links use a key derived from the database URL")
    # Stable across the workers of one deployment, so links keep working; but only as secret
    # as the database URL, which is why a real deployment sets its own key.
    return hashlib.sha256(b"imigrasi-link-key\0" + settings.db_url.encode()).digest()


def keyed_hash(value: str) -> str:
    """A keyed hash for logs that must not keep an address (a plain SHA-256 of an email is easy to reverse)."""
    return hmac.new(link_key(), value.encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(subscription: Subscription) -> str:
    # created_at is part of the input, so a new subscription after an unsubscribe gets a new token.
    created = subscription.created_at.astimezone(timezone.utc).isoformat()
    message = "\n".join((subscription.email, str(subscription.office_id or ""), str(subscription.service_id or ""),
                         created))
    digest = hmac.new(link_key(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def current_token(session: Session, subscription: Subscription) -> str:
    """The subscription's token for a new message. After a change of key, the stored hash is
    brought up to date, so new messages carry working links (links in earlier ones stop working)."""
    token = link_token(subscription)
    if token_hash(token) != subscription.token_hash:
        subscription.token_hash = token_hash(token)
        session.add(subscription)
    return token


def confirm_url(token: str) -> str:
    return f"{get_settings().public_url}{CONFIRM_PATH}?token={token}"


def unsubscribe_url(token: str) -> str:
    return f"{get_settings().public_url}{UNSUBSCRIBE_PATH}?token={token}"

"""The links in subscription mail (confirm, unsubscribe) and the token they carry.

The database keeps only the SHA-256 of a subscription's token, like editor sessions. The
token itself is an HMAC, under a server key, of the subscription and a random nonce kept in
its row: the sender can write the same working unsubscribe link into every later message
without the token ever being stored, a copy of the database alone cannot make a token (no
key), and the key alone cannot either (no nonce), so a token cannot be computed from the
address and the time of the request.

The key is IMIGRASI_SECRET_KEY. Without it, a random key is made at first use and kept in a
file beside the snapshot copy (mode 0600), shared by the workers of one host; a deployment on
several hosts sets IMIGRASI_SECRET_KEY instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from datetime import UTC
from pathlib import Path

from sqlmodel import Session

from imigrasi_site.core.models import Subscription
from imigrasi_site.core.settings import get_settings

log = logging.getLogger(__name__)

CONFIRM_PATH = "/langganan/konfirmasi"
UNSUBSCRIBE_PATH = "/langganan/berhenti"
MAX_TOKEN = 128
_generated_keys: dict[Path, bytes] = {}


def _stored_key(path: Path) -> bytes:
    """The key in `path`, made (random, 0600) when there is none yet; the first worker to write it wins."""
    if path in _generated_keys:
        return _generated_keys[path]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48) + "\n")
            os.link(temporary, path)  # fails if another worker was first: then its key is used
            log.warning("IMIGRASI_SECRET_KEY is not set: generated a random key for subscription links and saved it "
                        "in %s (keep that file; set IMIGRASI_SECRET_KEY when running on several hosts)", path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    key = path.read_text().strip().encode()
    if not key:
        raise RuntimeError(f"the subscription link key file {path} is empty; delete it or set IMIGRASI_SECRET_KEY")
    _generated_keys[path] = key
    return key


def link_key() -> bytes:
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key.encode()
    return _stored_key(settings.secret_key_path)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def keyed_hash(value: str) -> str:
    """A keyed hash for logs that must not keep an address (a plain SHA-256 of an email is easy to reverse)."""
    return hmac.new(link_key(), value.encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(subscription: Subscription) -> str:
    # The nonce makes the token unguessable without the row; created_at keeps tokens of a
    # re-subscription apart even if a nonce were ever repeated.
    created = subscription.created_at.astimezone(UTC).isoformat()
    message = "\n".join((subscription.email, str(subscription.office_id or ""), str(subscription.service_id or ""),
                         created, subscription.token_nonce))
    digest = hmac.new(link_key(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def current_token(session: Session, subscription: Subscription) -> str:
    """The subscription's token for a new message. After a change of key, the stored hash is
    brought up to date, so new messages carry working links (links in earlier ones stop working)."""
    if not subscription.token_nonce:  # a row from before nonces: links in older mail stop working
        subscription.token_nonce = new_nonce()
    token = link_token(subscription)
    if token_hash(token) != subscription.token_hash:
        subscription.token_hash = token_hash(token)
        session.add(subscription)
    return token


def confirm_url(token: str) -> str:
    return f"{get_settings().public_url}{CONFIRM_PATH}?token={token}"


def unsubscribe_url(token: str) -> str:
    return f"{get_settings().public_url}{UNSUBSCRIBE_PATH}?token={token}"

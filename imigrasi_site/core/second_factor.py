"""The second step of signing in: TOTP codes (RFC 6238), recovery codes and the pending-sign-in token.

- TOTP: 6 digits, 30-second steps, SHA-1 (what every authenticator app reads from a QR code);
  a code of the step before or after is accepted for clock drift. Each accepted code moves the
  account's `last_step` forward by a conditional UPDATE, so the same code (or an older one) is
  refused the second time, even when two requests race.
- Recovery codes: ten random codes of 10 characters (50 bits each), shown once. Only an
  HMAC-SHA-256 under the server key (the "pepper", `mail_links.link_key`) is stored. A slow hash
  such as Argon2 buys nothing against random 50-bit codes, while the key means a copy of the
  database alone cannot test guesses; the keyed hash is also a lookup key, so a code is found and
  spent with one conditional UPDATE, once. Changing the server key voids unused recovery codes.
- The pending-sign-in token: after a correct password, the browser gets a short-lived token,
  signed with a key derived from the server key, that names the account, the step due and the
  attempt; never the password. It is bound to the moment the password was last changed.
- The QR code is drawn here (segno, pure Python) as an SVG: no third-party service sees the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
import sqlalchemy as sa
from sqlmodel import Session, col, select

from imigrasi_site.core import mail_links
from imigrasi_site.core.models import RecoveryCode, SecondFactor

ISSUER = "Status Layanan Imigrasi"
STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper
PENDING_LIFETIME = timedelta(minutes=10)
MAX_PENDING = 1024
# The steps a pending token can lead to.
CODE, ENROL = "code", "enrol"


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn on this server."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="QR")


def time_step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def _normalized_digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def matching_step(secret: str, code: object, now: datetime) -> int | None:
    """The time step whose code `code` is (within the drift allowed), or None."""
    if not isinstance(code, str):
        return None
    digits = _normalized_digits(code)
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = time_step(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def use_totp(session: Session, editor_id: int, code: object, now: datetime) -> bool:
    """Accept a code once: its step must be later than the last one accepted for the account."""
    factor = session.get(SecondFactor, editor_id)
    if factor is None:
        return False
    step = matching_step(factor.secret, code, now)
    if step is None:
        return False
    moved = session.exec(
        sa.update(SecondFactor).where(col(SecondFactor.editor_id) == editor_id, col(SecondFactor.last_step) < step)
        .values(last_step=step).execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


def _recovery_hash(code: str) -> str:
    return hmac.new(mail_links.link_key(), b"recovery-code:" + code.encode(), hashlib.sha256).hexdigest()


def _normalized_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch in _RECOVERY_ALPHABET)


def new_recovery_codes(session: Session, editor_id: int) -> list[str]:
    """Ten new codes (the old ones are void); only their keyed hashes are stored."""
    session.exec(sa.delete(RecoveryCode).where(col(RecoveryCode.editor_id) == editor_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(editor_id=editor_id, code_hash=_recovery_hash(raw)))
    return codes


def use_recovery_code(session: Session, editor_id: int, code: object, now: datetime) -> bool:
    """Spend a recovery code of this account: true once, false ever after."""
    if not isinstance(code, str) or len(code) > 64:
        return False
    raw = _normalized_recovery(code)
    if len(raw) != 10:
        return False
    spent = session.exec(
        sa.update(RecoveryCode).where(col(RecoveryCode.editor_id) == editor_id,
                                      col(RecoveryCode.code_hash) == _recovery_hash(raw), col(RecoveryCode.used_at).is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    ).rowcount
    return spent == 1


def recovery_codes_left(session: Session, editor_id: int) -> int:
    return len(session.exec(select(RecoveryCode.id).where(col(RecoveryCode.editor_id) == editor_id,
                                                          col(RecoveryCode.used_at).is_(None))).all())


def forget(session: Session, editor_id: int) -> bool:
    """Remove the account's key and recovery codes; whether it had a key."""
    had = session.get(SecondFactor, editor_id) is not None
    session.exec(sa.delete(RecoveryCode).where(col(RecoveryCode.editor_id) == editor_id))
    session.exec(sa.delete(SecondFactor).where(col(SecondFactor.editor_id) == editor_id))
    return had


@dataclass(frozen=True)
class Pending:
    """What a pending-sign-in token says: who passed the password check, what comes next."""

    editor_id: int
    step: str
    attempt_id: int
    expires: int  # Unix time
    password_changed: int  # Unix time of the account's last password change
    secret: str = ""  # the key being enrolled (ENROL only; the owner sees it on the page anyway)


def _pending_key() -> bytes:
    return hmac.new(mail_links.link_key(), b"pending-sign-in", hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def sign_pending(pending: Pending) -> str:
    body = _b64(json.dumps([pending.editor_id, pending.step, pending.attempt_id, pending.expires,
                            pending.password_changed, pending.secret], separators=(",", ":")).encode())
    mac = _b64(hmac.new(_pending_key(), body.encode(), hashlib.sha256).digest())
    return f"{body}.{mac}"


def read_pending(token: object, now: datetime) -> Pending | None:
    """The token's content when it is ours, intact and not expired; None otherwise."""
    if not isinstance(token, str) or len(token) > MAX_PENDING or token.count(".") != 1:
        return None
    body, mac = token.split(".")
    expected = _b64(hmac.new(_pending_key(), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(mac, expected):
        return None
    try:
        editor_id, step, attempt_id, expires, changed, secret = json.loads(
            base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, TypeError):
        return None
    if step not in (CODE, ENROL) or expires <= now.timestamp():
        return None
    return Pending(editor_id, step, attempt_id, expires, changed, secret)

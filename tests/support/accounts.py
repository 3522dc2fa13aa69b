"""Signing test accounts in through every step, second factor included, as the sign-in route does."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
from sqlmodel import Session, select

from imigrasi_site.core import accounts, second_factor
from imigrasi_site.core.models import Editor, SecondFactor, utcnow

# The password of the live app's accounts (the live_accounts fixture).
DEMO_PASSWORD = "uji-kata-sandi-panjang"
# Argon2 at its lowest cost (the cheap_argon2 fixture), for tests about something other than hashing cost.
CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def code_for(session: Session, editor_id: int, now: datetime) -> tuple[str, datetime]:
    """A code the account has not used yet, and the time to present it at: a later time step when
    the current ones were used already (each code works once)."""
    factor = session.get(SecondFactor, editor_id)
    assert factor is not None
    step = max(second_factor.time_step(now), factor.last_step + 1)
    if step > second_factor.time_step(now) + second_factor.DRIFT_STEPS:
        now = datetime.fromtimestamp(step * second_factor.STEP_SECONDS, UTC)
    return pyotp.TOTP(factor.secret).generate_otp(step), now


def complete(session: Session, result: accounts.SignedIn | accounts.SecondStepDue, client_address: str,
             now: datetime | None = None) -> accounts.SignedIn:
    """Finish a sign-in the password step began: enrol (with the offered key) or give the next code."""
    if isinstance(result, accounts.SignedIn):
        return result
    now = now or utcnow()
    if result.step == second_factor.ENROL:
        code = pyotp.TOTP(result.secret).at(now)
        return accounts.confirm_enrolment(session, pending=result.pending, code=code, client_address=client_address,
                                          now=now)[0]
    claim = second_factor.read_pending(result.pending, now)
    assert claim is not None
    code, at = code_for(session, claim.editor_id, now)
    return accounts.finish_sign_in(session, pending=result.pending, code=code, client_address=client_address, now=at)


def sign_in(session: Session, *, username: object, password: object, client_address: str,
            now: datetime | None = None) -> accounts.SignedIn:
    """accounts.sign_in, with the second step done the way its owner would."""
    result = accounts.sign_in(session, username=username, password=password, client_address=client_address, now=now)
    return complete(session, result, client_address, now)


def account_of(session: Session, username: str) -> accounts.Account:
    """The account, as the core's functions take it as actor, without signing in (no code spent)."""
    editor = session.exec(select(Editor).where(Editor.username == username)).one()
    return accounts.Account(editor.id, editor.username, editor.display_name, editor.role)

"""Editor accounts, passwords, sign-in and server-side sessions.

Passwords are hashed with Argon2 and never stored or logged in clear. A session
is a random token held by the browser in an HttpOnly cookie; the database keeps only
its SHA-256, so a copy of the database cannot be used to sign in. The message never
says which part of a failed sign-in was wrong.

Failures slow down the client that makes them, never the account everywhere (OWASP's
authentication guidance): after a few failures for one user name from one client, and
after more from one client over all user names, each further attempt waits twice as
long as the one before. The owner signing in from their own device is not slowed by
someone guessing from elsewhere. An attempt is counted before its password is checked,
under a lock per client, so parallel attempts cannot check more passwords than the limit.

Publishers and admins also prove a second factor (core/second_factor.py); editors may. After
a correct password such an account gets no session yet, only a short-lived pending token for
the next step: a code (or a recovery code), or, without a key yet, enrolment. That step is
counted and slowed exactly like a password, and the password's own attempt stays counted as a
failure until the second step succeeds, so a known password does not reset the slowing down.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie
from typing import NamedTuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, col, func, select

from imigrasi_site.core import audit, ratelimit, second_factor
from imigrasi_site.core.db import row_id
from imigrasi_site.core.errors import InvalidInput, NotFound, PermissionDenied
from imigrasi_site.core.i18n import Phrase, both
from imigrasi_site.core.models import Editor, EditorSession, Role, SecondFactor, SignInAttempt, utcnow
from imigrasi_site.core.settings import get_settings

_hasher = PasswordHasher()
# A hash to verify against when the account does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 256
# Failures older than this no longer slow anyone down.
RATE_WINDOW = timedelta(hours=1)
# Attempts are kept a day past the rate window, for looking into an attack, then deleted.
ATTEMPT_RETENTION = RATE_WINDOW + timedelta(days=1)
# Failures allowed without waiting: for one user name from one client, and from one client in all.
FREE_FAILURES_PER_ACCOUNT_AND_CLIENT = 5
FREE_FAILURES_PER_CLIENT = 20
FIRST_DELAY = timedelta(seconds=2)
MAX_DELAY = timedelta(minutes=15)
_ROLE_RANK = {Role.EDITOR: 1, Role.PUBLISHER: 2, Role.ADMIN: 3}
# The browser cookie that holds the session token (HttpOnly: scripts never see it).
SESSION_COOKIE = "imigrasi_session"
MAX_TOKEN = 128

# As the sign-in page shows it (both languages); the refusal itself carries the phrase.
SIGN_IN_FAILED = both("sign_in_failed")
# Roles that cannot sign in without a second factor.
SECOND_FACTOR_REQUIRED = (Role.PUBLISHER, Role.ADMIN)


class SignInRefused(PermissionDenied):
    """A refused sign-in step; `code` is what the sign-in page is told (never free text)."""

    def __init__(self, message: str | Phrase, code: str = "failed") -> None:
        self.code = code
        super().__init__(message)


class SignInSlowed(SignInRefused):
    """Too many failures from this client: the password was not checked; try again after `wait_seconds`."""

    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(Phrase("sign_in_wait", {"seconds": wait_seconds}))


@dataclass(frozen=True)
class Account:
    """What the workspace may know about the signed-in editor: never the hash."""

    id: int
    username: str
    display_name: str
    role: str

    def has(self, role: Role) -> bool:
        return _ROLE_RANK[Role(self.role)] >= _ROLE_RANK[role]


class SignedIn(NamedTuple):
    """A completed sign-in: the account and the session token for the browser."""

    account: Account
    token: str


@dataclass(frozen=True)
class SecondStepDue:
    """The password was right; the browser must come back with `pending` and a code (CODE) or
    enrol a key first (ENROL). `secret` is the key offered for enrolment, to show its owner once."""

    step: str
    pending: str
    username: str
    secret: str = ""


def _account(editor: Editor) -> Account:
    return Account(row_id(editor), editor.username, editor.display_name, editor.role)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_role(value: object) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput(Phrase("account_role_unknown"), field="role") from None


def _check_password(password: object) -> str:
    if not isinstance(password, str) or not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD):
        raise InvalidInput(
            Phrase("account_password_length", {"low": MIN_PASSWORD, "high": MAX_PASSWORD}),
            field="password",
        )
    return password


def require(account: Account | None, role: Role) -> Account:
    """The account, if it is signed in and has at least `role`; PermissionDenied otherwise."""
    if account is None:
        raise PermissionDenied(Phrase("sign_in_first"))
    if not account.has(role):
        raise PermissionDenied(Phrase("role_not_allowed"))
    return account


def create_editor(
    session: Session,
    *,
    username: object,
    display_name: object,
    password: object,
    role: object = Role.EDITOR.value,
    actor: Account | None = None,
    operator: bool = False,
) -> Account:
    """A new account, made by an admin in the workspace, or by an operator with shell access (the CLI).

    The very first account needs no actor: there is nobody yet to make it.
    """
    first_account = session.exec(select(func.count()).select_from(Editor)).one() == 0
    if not (operator or first_account):
        require(actor, Role.ADMIN)
    if not isinstance(username, str) or not _USERNAME.match(username.strip().lower()):
        raise InvalidInput(
            Phrase("account_username_invalid"),
            field="username",
        )
    username = username.strip().lower()
    if not isinstance(display_name, str) or not display_name.strip() or len(display_name) > 120:
        raise InvalidInput(Phrase("account_display_name_required"),
                           field="display_name")
    password = _check_password(password)
    role = parse_role(role)
    if session.exec(select(Editor.id).where(Editor.username == username)).first() is not None:
        raise InvalidInput(Phrase("account_username_taken"), field="username")
    now = utcnow()
    editor = Editor(username=username, display_name=display_name.strip(), password_hash=_hasher.hash(password),
                    role=role.value, created_at=now, password_changed_at=now)
    session.add(editor)
    session.flush()
    audit.record(session, actor_id=actor.id if actor else None, action="account.create", entity_type="editor",
                 entity_id=row_id(editor), after={"username": username, "role": role.value})
    return _account(editor)


def delay_after(failures: int, free: int) -> timedelta:
    """How long a client waits after its last failure, once it has `failures` of them: doubling, capped."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 20), MAX_DELAY)


def _claim_attempt(session: Session, username: str, client_address: str, now: datetime,
                   password_attempt: int | None = None) -> SignInAttempt:
    """Record the attempt, counted as failed until the password proves otherwise, and commit it,
    unless this client must wait: then nothing is recorded and SignInSlowed says for how long.
    A second step does not count its own password attempt, which was let through already."""
    ratelimit.serialize(session, client_address)
    attempt = ratelimit.record(session, SignInAttempt(username=username, client_address=client_address, at=now,
                                                      succeeded=False))
    since = now - RATE_WINDOW
    # A success from this client ends the slowing down for this user name.
    last_success = session.exec(select(func.max(SignInAttempt.at)).where(
        SignInAttempt.username == username, SignInAttempt.client_address == client_address,
        SignInAttempt.succeeded == True)).one()  # noqa: E712
    # Failed (or still unchecked) attempts of this client, other than this one and its password step.
    failed = [SignInAttempt.client_address == client_address, SignInAttempt.succeeded == False]  # noqa: E712
    if password_attempt:
        failed.append(SignInAttempt.id != password_attempt)
    pair, pair_latest = ratelimit.recent(session, SignInAttempt, max(since, last_success or since), *failed,
                                         SignInAttempt.username == username, excluding=row_id(attempt))
    client, client_latest = ratelimit.recent(session, SignInAttempt, since, *failed, excluding=row_id(attempt))
    ready_at = max(
        (latest + delay_after(count, free)
         for count, latest, free in ((pair, pair_latest, FREE_FAILURES_PER_ACCOUNT_AND_CLIENT),
                                     (client, client_latest, FREE_FAILURES_PER_CLIENT))
         if latest is not None and count >= free),
        default=now,
    )
    if ready_at > now:
        session.rollback()  # the refused attempt checks no password and does not lengthen the wait
        raise SignInSlowed(math.ceil((ready_at - now).total_seconds()))
    session.commit()
    return attempt


def sign_in(session: Session, *, username: object, password: object, client_address: str,
            now: datetime | None = None) -> SignedIn | SecondStepDue:
    """Check the password. Accounts without a second factor (and not required to have one) get a
    session at once; the others get the step that is due, with its pending token."""
    now = now or utcnow()
    username = username.strip().lower()[:64] if isinstance(username, str) else ""
    password = password if isinstance(password, str) else ""
    client_address = (client_address or "unknown")[:64]
    attempt = _claim_attempt(session, username, client_address, now)
    editor = session.exec(select(Editor).where(Editor.username == username)).first()
    ok = False
    try:
        ok = _hasher.verify(editor.password_hash if editor else _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not (ok and editor is not None and editor.is_active):
        raise SignInRefused(Phrase("sign_in_failed"))
    if _hasher.check_needs_rehash(editor.password_hash):
        editor.password_hash = _hasher.hash(password)
        session.add(editor)
    if session.get(SecondFactor, editor.id) is not None:
        return _second_step(editor, second_factor.CODE, attempt, now)
    if Role(editor.role) in SECOND_FACTOR_REQUIRED:
        return _second_step(editor, second_factor.ENROL, attempt, now, second_factor.new_secret())
    return _open_session(session, editor, attempt, now)


def _unix(at: datetime) -> int:
    return int(at.timestamp())


def _second_step(editor: Editor, step: str, attempt: SignInAttempt | None, now: datetime,
                 secret: str = "") -> SecondStepDue:
    """The pending token for `step`; `attempt` is the password's (none for a signed-in editor's enrolment)."""
    attempt_id = attempt.id if attempt is not None and attempt.id is not None else 0
    pending = second_factor.Pending(row_id(editor), step, attempt_id, _unix(now + second_factor.PENDING_LIFETIME),
                                    _unix(editor.password_changed_at), secret)
    return SecondStepDue(step, second_factor.sign_pending(pending), editor.username, secret)


def _open_session(session: Session, editor: Editor, attempt: SignInAttempt, now: datetime,
                  **how: object) -> SignedIn:
    attempt.succeeded = True
    session.add(attempt)
    token = secrets.token_urlsafe(32)
    session.add(EditorSession(token_hash=_token_hash(token), editor_id=row_id(editor), created_at=now,
                              expires_at=now + timedelta(hours=get_settings().session_hours)))
    audit.record(session, actor_id=editor.id, action="account.sign_in", entity_type="editor", entity_id=row_id(editor),
                 after=dict(how) or None)
    return SignedIn(_account(editor), token)


def _pending_editor(session: Session, token: object, step: str, now: datetime) -> tuple[second_factor.Pending, Editor]:
    """The account a pending token was given to, while it still may take `step`; else SignInRefused."""
    pending = second_factor.read_pending(token, now)
    editor = session.get(Editor, pending.editor_id) if pending is not None and pending.step == step else None
    if (pending is None or editor is None or not editor.is_active
            or _unix(editor.password_changed_at) != pending.password_changed):
        raise SignInRefused(Phrase("second_step_expired"), code="expired")
    return pending, editor


def _claim_second_step(session: Session, pending: second_factor.Pending, editor: Editor, client_address: str,
                       now: datetime) -> SignInAttempt:
    """Count this step like a password attempt, and slow it down the same way (commits the count)."""
    return _claim_attempt(session, editor.username, (client_address or "unknown")[:64], now,
                          password_attempt=pending.attempt_id)


def _password_attempt_succeeded(session: Session, pending: second_factor.Pending) -> None:
    password_attempt = session.get(SignInAttempt, pending.attempt_id) if pending.attempt_id else None
    if password_attempt is not None:
        password_attempt.succeeded = True
        session.add(password_attempt)


def finish_sign_in(session: Session, *, pending: object, code: object, client_address: str,
                   now: datetime | None = None) -> SignedIn:
    """The second step: a code from the account's app, or one of its recovery codes (each works once)."""
    now = now or utcnow()
    claim, editor = _pending_editor(session, pending, second_factor.CODE, now)
    attempt = _claim_second_step(session, claim, editor, client_address, now)
    if second_factor.use_totp(session, row_id(editor), code, now):
        how = "totp"
    elif second_factor.use_recovery_code(session, row_id(editor), code, now):
        how = "recovery_code"
    else:
        raise SignInRefused(Phrase("second_step_wrong_code"), code="code")
    _password_attempt_succeeded(session, claim)
    return _open_session(session, editor, attempt, now, second_factor=how)


def confirm_enrolment(session: Session, *, pending: object, code: object, client_address: str,
                      now: datetime | None = None) -> tuple[SignedIn, list[str]]:
    """Keep the key offered at enrolment once its first code proves the app has it; the new
    recovery codes are returned to be shown once."""
    now = now or utcnow()
    claim, editor = _pending_editor(session, pending, second_factor.ENROL, now)
    attempt = _claim_second_step(session, claim, editor, client_address, now)
    step = second_factor.matching_step(claim.secret, code, now)
    if step is None:
        raise SignInRefused(Phrase("second_step_wrong_code"), code="code")
    if session.get(SecondFactor, editor.id) is not None:
        # Enrolled meanwhile (another tab): that key stays; sign in again with it.
        raise SignInRefused(Phrase("second_step_expired"), code="expired")
    # The confirming code's step counts as used, so it cannot sign in a second time.
    session.add(SecondFactor(editor_id=row_id(editor), secret=claim.secret, enrolled_at=now, last_step=step))
    codes = second_factor.new_recovery_codes(session, row_id(editor))
    audit.record(session, actor_id=editor.id, action="account.second_factor_enrol", entity_type="editor",
                 entity_id=row_id(editor))
    _password_attempt_succeeded(session, claim)
    return _open_session(session, editor, attempt, now, second_factor="enrolled"), codes


def pending_enrolment(session: Session, pending: object, now: datetime | None = None) -> SecondStepDue | None:
    """The enrolment a pending token offers, to show again after a mistyped first code; None if over."""
    try:
        claim, editor = _pending_editor(session, pending, second_factor.ENROL, now or utcnow())
    except SignInRefused:
        return None
    return SecondStepDue(second_factor.ENROL, str(pending), editor.username, claim.secret)


def start_enrolment(session: Session, account: Account, now: datetime | None = None) -> SecondStepDue:
    """An editor who is signed in and has no key yet sets one up (optional for editors)."""
    require(account, Role.EDITOR)
    now = now or utcnow()
    editor = session.get(Editor, account.id)
    if editor is None:
        raise NotFound(Phrase("account_not_found"))
    if session.get(SecondFactor, editor.id) is not None:
        raise InvalidInput(Phrase("second_factor_already"))
    return _second_step(editor, second_factor.ENROL, None, now, second_factor.new_secret())


def has_second_factor(session: Session, editor_id: int) -> bool:
    return session.get(SecondFactor, editor_id) is not None


@dataclass(frozen=True)
class SecondFactorRow:
    """An account as the admin's second-factor list shows it."""

    id: int
    username: str
    display_name: str
    role: str
    enrolled: bool
    required: bool
    recovery_codes_left: int


def list_second_factors(session: Session, actor: Account) -> list[SecondFactorRow]:
    require(actor, Role.ADMIN)
    enrolled = set(session.exec(select(SecondFactor.editor_id)).all())
    return [SecondFactorRow(row_id(e), e.username, e.display_name, e.role, e.id in enrolled,
                            Role(e.role) in SECOND_FACTOR_REQUIRED,
                            second_factor.recovery_codes_left(session, row_id(e)) if e.id in enrolled else 0)
            for e in session.exec(select(Editor).order_by(Editor.username)).all()]


def reset_second_factor(session: Session, actor: Account, editor_id: object) -> None:
    """An admin removes a colleague's key and recovery codes (a lost phone): their sessions end, and
    they enrol again at their next sign-in. Not one's own: that takes a second admin."""
    require(actor, Role.ADMIN)
    editor = session.get(Editor, editor_id) if isinstance(editor_id, int) else None
    if editor is None:
        raise NotFound(Phrase("account_not_found"))
    if editor.id == actor.id:
        raise InvalidInput(Phrase("second_factor_reset_own"))
    if not second_factor.forget(session, row_id(editor)):
        raise InvalidInput(Phrase("second_factor_none"))
    now = utcnow()
    for row in session.exec(select(EditorSession).where(EditorSession.editor_id == editor.id,
                                                       col(EditorSession.revoked_at).is_(None))).all():
        row.revoked_at = now
        session.add(row)
    audit.record(session, actor_id=actor.id, action="account.second_factor_reset", entity_type="editor",
                 entity_id=row_id(editor), before={"second_factor": True}, after={"second_factor": False})


def token_from_cookie_header(header: object) -> str:
    """The session token in a request's Cookie header, or "" (none, malformed, or too long)."""
    if not isinstance(header, str) or not header:
        return ""
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(header)
    except CookieError:
        return ""
    morsel = cookies.get(SESSION_COOKIE)
    token = morsel.value if morsel is not None else ""
    return token if len(token) <= MAX_TOKEN else ""


def resolve_session(session: Session, token: object, now: datetime | None = None) -> Account | None:
    """The account behind a browser's token, or None when it is unknown, expired, revoked or stale."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    now = now or utcnow()
    row = session.exec(select(EditorSession).where(EditorSession.token_hash == _token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    editor = session.get(Editor, row.editor_id)
    if editor is None or not editor.is_active or editor.password_changed_at > row.created_at:
        return None
    return _account(editor)


def sign_out(session: Session, token: object) -> None:
    if not isinstance(token, str):
        return
    row = session.exec(select(EditorSession).where(EditorSession.token_hash == _token_hash(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        audit.record(session, actor_id=row.editor_id, action="account.sign_out", entity_type="editor",
                     entity_id=row.editor_id)


def change_password(session: Session, account: Account, *, current: object, new: object, token: str) -> None:
    """Set a new password; every other session of the account ends, this one stays."""
    editor = session.get(Editor, account.id)
    if editor is None:
        raise NotFound(Phrase("account_not_found"))
    try:
        _hasher.verify(editor.password_hash, current if isinstance(current, str) else "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise InvalidInput(Phrase("account_password_wrong"), field="current") from None
    new = _check_password(new)
    now = utcnow()
    editor.password_hash = _hasher.hash(new)
    editor.password_changed_at = now
    session.add(editor)
    keep = _token_hash(token)
    for row in session.exec(select(EditorSession).where(EditorSession.editor_id == editor.id,
                                                       col(EditorSession.revoked_at).is_(None))).all():
        if row.token_hash == keep:
            row.created_at = now  # still valid after the change
        else:
            row.revoked_at = now
        session.add(row)
    audit.record(session, actor_id=account.id, action="account.password_change", entity_type="editor",
                 entity_id=row_id(editor))


def set_active(session: Session, actor: Account, editor_id: int, active: bool) -> None:
    require(actor, Role.ADMIN)
    editor = session.get(Editor, editor_id)
    if editor is None:
        raise NotFound(Phrase("account_not_found"))
    if editor.id == actor.id:
        raise InvalidInput(Phrase("account_cannot_deactivate_self"))
    before = {"is_active": editor.is_active}
    editor.is_active = bool(active)
    session.add(editor)
    if not editor.is_active:
        # Reactivating must not bring old sign-ins back to life.
        now = utcnow()
        for row in session.exec(select(EditorSession).where(EditorSession.editor_id == editor.id,
                                                           col(EditorSession.revoked_at).is_(None))).all():
            row.revoked_at = now
            session.add(row)
    audit.record(session, actor_id=actor.id, action="account.set_active", entity_type="editor", entity_id=row_id(editor),
                 before=before, after={"is_active": editor.is_active})


def list_accounts(session: Session, actor: Account) -> list[tuple[Account, bool]]:
    require(actor, Role.ADMIN)
    return [(_account(e), e.is_active) for e in session.exec(select(Editor).order_by(Editor.username)).all()]


def purge_stale(session: Session, now: datetime | None = None) -> None:
    """Forget sign-in attempts once they no longer count (they hold addresses and typed names),
    and sessions a week after they ended."""
    now = now or utcnow()
    session.exec(sa.delete(SignInAttempt).where(col(SignInAttempt.at) < now - ATTEMPT_RETENTION))
    ended = now - timedelta(days=7)
    session.exec(sa.delete(EditorSession).where(
        sa.or_(col(EditorSession.expires_at) < ended, col(EditorSession.revoked_at) < ended)))

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
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, func, select

from imigrasi_site.core import audit
from imigrasi_site.core.errors import InvalidInput, NotFound, PermissionDenied
from imigrasi_site.core.i18n import Phrase, both
from imigrasi_site.core.models import Editor, EditorSession, Role, SignInAttempt, utcnow
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


class SignInRefused(PermissionDenied):
    pass


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


def _account(editor: Editor) -> Account:
    return Account(editor.id, editor.username, editor.display_name, editor.role)


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
                 entity_id=editor.id, after={"username": username, "role": role.value})
    return _account(editor)


def delay_after(failures: int, free: int) -> timedelta:
    """How long a client waits after its last failure, once it has `failures` of them: doubling, capped."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 20), MAX_DELAY)


def _lock_client(session: Session, client_address: str) -> None:
    """Serialize the counting of one client's attempts until this transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the INSERT that follows takes
    the database's write lock, which serializes the count the same way.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(client_address.encode()).digest()[:8], "big", signed=True)
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _failures(session: Session, own_id: int, since: datetime, *conditions) -> tuple[int, datetime | None]:
    """Failed (or still unchecked) attempts other than this one: how many, and the latest."""
    count, latest = session.exec(
        select(func.count(), func.max(SignInAttempt.at)).where(
            SignInAttempt.id != own_id, SignInAttempt.at >= since,
            SignInAttempt.succeeded == False, *conditions)  # noqa: E712
    ).one()
    return count, latest


def _claim_attempt(session: Session, username: str, client_address: str, now: datetime) -> SignInAttempt:
    """Record the attempt, counted as failed until the password proves otherwise, and commit it,
    unless this client must wait: then nothing is recorded and SignInSlowed says for how long."""
    _lock_client(session, client_address)
    attempt = SignInAttempt(username=username, client_address=client_address, at=now, succeeded=False)
    session.add(attempt)
    session.flush()
    since = now - RATE_WINDOW
    # A success from this client ends the slowing down for this user name.
    last_success = session.exec(select(func.max(SignInAttempt.at)).where(
        SignInAttempt.username == username, SignInAttempt.client_address == client_address,
        SignInAttempt.succeeded == True)).one()  # noqa: E712
    pair, pair_latest = _failures(session, attempt.id, max(since, last_success or since),
                                  SignInAttempt.username == username, SignInAttempt.client_address == client_address)
    client, client_latest = _failures(session, attempt.id, since, SignInAttempt.client_address == client_address)
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
            now: datetime | None = None) -> tuple[Account, str]:
    """Check the credentials and open a session. Returns the account and the token for the browser."""
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
    attempt.succeeded = True
    session.add(attempt)
    if _hasher.check_needs_rehash(editor.password_hash):
        editor.password_hash = _hasher.hash(password)
        session.add(editor)
    token = secrets.token_urlsafe(32)
    session.add(EditorSession(token_hash=_token_hash(token), editor_id=editor.id, created_at=now,
                              expires_at=now + timedelta(hours=get_settings().session_hours)))
    audit.record(session, actor_id=editor.id, action="account.sign_in", entity_type="editor", entity_id=editor.id)
    return _account(editor), token


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
                                                       EditorSession.revoked_at.is_(None))).all():
        if row.token_hash == keep:
            row.created_at = now  # still valid after the change
        else:
            row.revoked_at = now
        session.add(row)
    audit.record(session, actor_id=account.id, action="account.password_change", entity_type="editor",
                 entity_id=editor.id)


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
                                                           EditorSession.revoked_at.is_(None))).all():
            row.revoked_at = now
            session.add(row)
    audit.record(session, actor_id=actor.id, action="account.set_active", entity_type="editor", entity_id=editor.id,
                 before=before, after={"is_active": editor.is_active})


def list_accounts(session: Session, actor: Account) -> list[tuple[Account, bool]]:
    require(actor, Role.ADMIN)
    return [(_account(e), e.is_active) for e in session.exec(select(Editor).order_by(Editor.username)).all()]


def purge_stale(session: Session, now: datetime | None = None) -> None:
    """Forget sign-in attempts once they no longer count (they hold addresses and typed names),
    and sessions a week after they ended."""
    now = now or utcnow()
    session.exec(sa.delete(SignInAttempt).where(SignInAttempt.at < now - ATTEMPT_RETENTION))
    ended = now - timedelta(days=7)
    session.exec(sa.delete(EditorSession).where(
        sa.or_(EditorSession.expires_at < ended, EditorSession.revoked_at < ended)))

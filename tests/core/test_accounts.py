"""Editor accounts: who may create them, how passwords are kept, sign-in limits and sessions."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import func, select

from imigrasi_site.core import accounts, db
from imigrasi_site.core.accounts import (
    SIGN_IN_FAILED,
    Account,
    SignInSlowed,
    change_password,
    create_editor,
    require,
    resolve_session,
    set_active,
    sign_out,
)
from imigrasi_site.core.errors import InvalidInput, PermissionDenied
from imigrasi_site.core.models import (
    AuditEvent,
    Editor,
    EditorSession,
    Role,
    SignInAttempt,
    utcnow,
)
from tests.support.accounts import CHEAP_ARGON2, sign_in  # the password, then the second step its owner would give
from tests.support.concurrency import in_parallel

PASSWORD = "kata-sandi-yang-panjang"
REAL_HASHER = accounts._hasher


# The many sign-ins here take milliseconds with the cheapest Argon2 parameters, not seconds.
pytestmark = pytest.mark.usefixtures("cheap_argon2")


def make(session, username: str, role: str = "editor", actor: Account | None = None) -> Account:
    return create_editor(session, username=username, display_name=username.title(), password=PASSWORD, role=role,
                         actor=actor)


@pytest.fixture
def admin(session) -> Account:
    return make(session, "admin", "admin")


def count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


# Creating accounts


def test_the_first_account_needs_no_actor_but_the_second_needs_an_admin(session):
    first = make(session, "pertama", "admin")
    assert first.role == "admin"
    with pytest.raises(PermissionDenied):
        make(session, "kedua")
    second = make(session, "kedua", actor=first)
    assert (second.username, second.role) == ("kedua", "editor")


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_editors_and_publishers_cannot_create_accounts(session, admin, role):
    actor = make(session, f"oleh-{role}", role, actor=admin)
    with pytest.raises(PermissionDenied):
        make(session, "baru", actor=actor)
    assert session.exec(select(Editor).where(Editor.username == "baru")).first() is None


def test_account_creation_is_audited_with_the_admin_as_actor(session, admin):
    created = make(session, "redaktur", "publisher", actor=admin)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "account.create",
                                                  AuditEvent.entity_id == str(created.id))).one()
    assert event.actor_id == admin.id
    assert "publisher" in event.after and PASSWORD not in (event.after or "")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"username": "ab"}, "username"),
        ({"username": "a" * 65}, "username"),
        ({"username": "nama dengan spasi"}, "username"),
        ({"username": "<script>"}, "username"),
        ({"username": "-mulai-strip"}, "username"),
        ({"username": 12345}, "username"),
        ({"display_name": "   "}, "display_name"),
        ({"display_name": "x" * 121}, "display_name"),
        ({"display_name": None}, "display_name"),
        ({"password": "pendek"}, "password"),
        ({"password": "x" * 11}, "password"),
        ({"password": "x" * 257}, "password"),
        ({"password": None}, "password"),
        ({"role": "superuser"}, "role"),
    ],
)
def test_bad_account_details_are_refused_naming_the_field(session, admin, changes, field):
    details = {"username": "redaktur", "display_name": "Redaktur", "password": PASSWORD, "role": "editor", **changes}
    with pytest.raises(InvalidInput) as caught:
        create_editor(session, actor=admin, **details)
    assert caught.value.field == field
    assert " / " in caught.value.message  # Indonesian and English


def test_password_limits_are_stated_in_the_message(session, admin):
    with pytest.raises(InvalidInput) as caught:
        create_editor(session, username="redaktur", display_name="R", password="pendek", actor=admin)
    assert "12" in caught.value.message and "256" in caught.value.message


def test_user_names_are_stored_lower_case_and_must_be_unique(session, admin):
    created = make(session, "  Budi.Santoso ", actor=admin)
    assert created.username == "budi.santoso"
    with pytest.raises(InvalidInput) as caught:
        make(session, "BUDI.SANTOSO", actor=admin)
    assert caught.value.field == "username"


def test_the_stored_hash_is_argon2_with_current_parameters_and_not_the_password(session, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", REAL_HASHER)
    make(session, "pertama", "admin")
    stored = session.exec(select(Editor.password_hash)).one()
    assert stored.startswith("$argon2") and stored != PASSWORD and PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)
    assert not PasswordHasher().check_needs_rehash(stored)


def test_an_outdated_hash_is_upgraded_at_sign_in(session, monkeypatch):
    make(session, "pertama", "admin")  # hashed with the cheap parameters of this test module
    old = session.exec(select(Editor.password_hash)).one()
    monkeypatch.setattr(accounts, "_hasher", REAL_HASHER)
    sign_in(session, username="pertama", password=PASSWORD, client_address="10.0.0.1")
    new = session.exec(select(Editor.password_hash)).one()
    assert new != old and not REAL_HASHER.check_needs_rehash(new)
    assert REAL_HASHER.verify(new, PASSWORD)


def test_an_account_carries_no_password_hash(session, admin):
    names = {f.name for f in fields(Account)}
    assert names == {"id", "username", "display_name", "role"}
    assert not hasattr(admin, "password_hash")
    assert "argon2" not in repr(admin)


# Signing in


def test_sign_in_gives_the_account_and_a_token_that_resolves_to_it(session, admin):
    account, token = sign_in(session, username="ADMIN ", password=PASSWORD, client_address="10.0.0.1")
    assert account == admin
    assert isinstance(token, str) and len(token) >= 32
    assert resolve_session(session, token) == admin
    # Only a hash of the token is stored.
    stored = session.exec(select(EditorSession.token_hash)).one()
    assert stored != token and token not in stored


def test_every_sign_in_gives_a_different_token(session, admin):
    tokens = {sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")[1] for _ in range(3)}
    assert len(tokens) == 3


@pytest.mark.parametrize("token", [None, "", "tidak-ada", "x" * 129, 42, ["token"]])
def test_unknown_or_malformed_tokens_resolve_to_nobody(session, admin, token):
    assert resolve_session(session, token) is None


def test_wrong_password_unknown_user_and_inactive_account_get_the_same_message(session, admin):
    editor = make(session, "redaktur", actor=admin)
    set_active(session, admin, editor.id, False)
    messages = []
    for username, password in (("admin", "salah-sama-sekali"), ("tidak-ada", PASSWORD), ("redaktur", PASSWORD),
                               ("admin", None), (None, PASSWORD)):
        with pytest.raises(PermissionDenied) as caught:
            sign_in(session, username=username, password=password, client_address="10.0.0.1")
        messages.append(caught.value.message)
    assert set(messages) == {SIGN_IN_FAILED}


def test_failures_are_recorded_even_though_sign_in_raises(session, db_url, admin):
    with pytest.raises(PermissionDenied):
        sign_in(session, username="admin", password="salah-sama-sekali", client_address="10.9.9.9")
    with pytest.raises(PermissionDenied):
        sign_in(session, username="tidak-ada", password=PASSWORD, client_address="10.9.9.9")
    session.rollback()  # what the caller's transaction does after the error
    with db.session_scope(db_url) as other:
        attempts = other.exec(select(SignInAttempt).order_by(SignInAttempt.id)).all()
        assert [(a.username, a.client_address, a.succeeded) for a in attempts] == [
            ("admin", "10.9.9.9", False),
            ("tidak-ada", "10.9.9.9", False),
        ]


def _fail(session, username: str, client: str, at, password: str = "salah-xxxxxxxxxx") -> str:
    """One attempt that must be refused; its message."""
    with pytest.raises(PermissionDenied) as caught:
        sign_in(session, username=username, password=password, client_address=client, now=at)
    return caught.value.message


def test_failures_slow_that_client_down_for_that_account_with_growing_delays(session, admin):
    start = utcnow()
    for i in range(5):
        assert _fail(session, "admin", "10.0.0.1", start + timedelta(seconds=i)) == SIGN_IN_FAILED
    last = start + timedelta(seconds=4)
    # After five failures, each wait doubles: 2 s, then 4 s, then 8 s after the failure before.
    for wait in (2, 4, 8):
        refused = _fail(session, "admin", "10.0.0.1", last + timedelta(seconds=wait - 1), PASSWORD)
        assert refused == SignInSlowed(1).message and "Tunggu 1 detik" in refused and "Wait 1 seconds" in refused
        last += timedelta(seconds=wait)
        assert _fail(session, "admin", "10.0.0.1", last) == SIGN_IN_FAILED
    with pytest.raises(SignInSlowed) as caught:
        sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1", now=last)
    assert caught.value.wait_seconds == 16
    # The wait is over: the right password works, and the slowing down ends with it.
    account, _token = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1",
                              now=last + timedelta(seconds=16))
    assert account == admin
    assert _fail(session, "admin", "10.0.0.1", last + timedelta(seconds=17)) == SIGN_IN_FAILED


def test_the_owner_on_their_own_device_signs_in_while_a_guesser_is_slowed(session, admin):
    start = utcnow()
    for i in range(30):
        _fail(session, "admin", "198.51.100.66", start + timedelta(seconds=3 * i))
    # Even the right password is not checked for the guessing client now...
    with pytest.raises(SignInSlowed):
        sign_in(session, username="admin", password=PASSWORD, client_address="198.51.100.66",
                now=start + timedelta(seconds=91))
    # ...but the account is not locked: its owner, elsewhere, signs in at once.
    account, token = sign_in(session, username="admin", password=PASSWORD, client_address="203.0.113.5",
                             now=start + timedelta(seconds=91))
    assert account == admin and resolve_session(session, token) == admin


def test_the_limit_holds_for_the_user_name_in_any_case(session, admin):
    start = utcnow()
    for i, name in enumerate(["admin", "ADMIN", " Admin", "aDmIn ", "admin"]):
        assert _fail(session, name, "10.0.0.1", start + timedelta(seconds=i)) == SIGN_IN_FAILED
    with pytest.raises(SignInSlowed):
        sign_in(session, username="Admin", password=PASSWORD, client_address="10.0.0.1",
                now=start + timedelta(seconds=5))


def test_twenty_failures_from_one_address_over_many_names_slow_that_address_only(session, admin):
    start = utcnow()
    for i in range(20):
        assert _fail(session, f"tebakan-{i}", "203.0.113.7", start + timedelta(seconds=i)) == SIGN_IN_FAILED
    # The admin account had no failures, but this address has to wait.
    with pytest.raises(SignInSlowed):
        sign_in(session, username="admin", password=PASSWORD, client_address="203.0.113.7",
                now=start + timedelta(seconds=20))
    account, _token = sign_in(session, username="admin", password=PASSWORD, client_address="198.51.100.1",
                              now=start + timedelta(seconds=20))
    assert account == admin
    account, _token = sign_in(session, username="admin", password=PASSWORD, client_address="203.0.113.7",
                              now=start + timedelta(seconds=21))
    assert account == admin


def test_failures_older_than_the_window_no_longer_count(session, admin):
    start = utcnow() - accounts.RATE_WINDOW - timedelta(minutes=1)
    for i in range(10):
        _fail(session, "admin", "10.0.0.1", start + timedelta(seconds=i))
    account, _token = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")
    assert account == admin


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_parallel_attempts_check_no_more_passwords_than_the_limit(database, request, monkeypatch):
    if database == "sqlite":
        url = request.getfixturevalue("db_url")
    else:
        url = request.getfixturevalue("postgres_url")
        db.migrate(url)
    with db.session_scope(url) as setup:
        create_editor(setup, username="sasaran", display_name="Sasaran", password=PASSWORD, operator=True)
    checked = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash, password):  # noqa: A002 (the parent's name)
            checked.append(password)
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", CountingHasher(**CHEAP_ARGON2))

    def attempt() -> str:
        with db.session_scope(url) as own:
            try:
                sign_in(own, username="sasaran", password="tebakan-yang-salah", client_address="192.0.2.9")
            except SignInSlowed:
                return "slowed"
            except PermissionDenied:
                return "failed"
            return "signed in"

    outcomes = in_parallel(attempt, workers=12)
    assert sorted(outcomes) == ["failed"] * 5 + ["slowed"] * 7
    assert len(checked) == accounts.FREE_FAILURES_PER_ACCOUNT_AND_CLIENT
    with db.session_scope(url) as check:
        recorded = check.exec(select(func.count()).select_from(SignInAttempt)
                              .where(SignInAttempt.username == "sasaran")).one()
    assert recorded == 5  # slowed attempts are not recorded: they checked nothing


def test_a_sign_in_is_audited(session, admin):
    account, _token = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "account.sign_in")).one()
    assert event.actor_id == account.id


# Sessions


def test_a_session_expires_after_the_configured_hours(session, admin, monkeypatch):
    start = utcnow()
    _account, token = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1", now=start)
    assert resolve_session(session, token, now=start + timedelta(hours=11, minutes=59)) == admin
    assert resolve_session(session, token, now=start + timedelta(hours=12)) is None
    assert resolve_session(session, token, now=start + timedelta(days=3)) is None

    monkeypatch.setenv("IMIGRASI_SESSION_HOURS", "1")
    _account, short = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1", now=start)
    assert resolve_session(session, short, now=start + timedelta(minutes=59)) == admin
    assert resolve_session(session, short, now=start + timedelta(minutes=61)) is None


def test_sign_out_ends_that_session_only(session, admin):
    _a, first = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")
    _a, second = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.2")
    sign_out(session, first)
    assert resolve_session(session, first) is None
    assert resolve_session(session, second) == admin
    assert count(session, AuditEvent, AuditEvent.action == "account.sign_out") == 1
    sign_out(session, first)  # signing out twice is harmless
    sign_out(session, None)
    assert count(session, AuditEvent, AuditEvent.action == "account.sign_out") == 1


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(session, admin):
    account, here = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")
    _a, elsewhere = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.2")
    change_password(session, account, current=PASSWORD, new="sandi-baru-yang-panjang", token=here)
    assert resolve_session(session, here) == admin
    assert resolve_session(session, elsewhere) is None
    with pytest.raises(PermissionDenied) as caught:
        sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")
    assert caught.value.message == SIGN_IN_FAILED
    assert sign_in(session, username="admin", password="sandi-baru-yang-panjang", client_address="10.0.0.1")[0] == admin
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "account.password_change")).one()
    assert event.actor_id == admin.id


def test_a_password_change_needs_the_current_password_and_a_valid_new_one(session, admin):
    account, token = sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")
    with pytest.raises(InvalidInput) as caught:
        change_password(session, account, current="bukan-sandi-ini", new="sandi-baru-yang-panjang", token=token)
    assert caught.value.field == "current"
    with pytest.raises(InvalidInput) as caught:
        change_password(session, account, current=PASSWORD, new="pendek", token=token)
    assert caught.value.field == "password"
    # Nothing changed: the old password still works and the session is still valid.
    assert resolve_session(session, token) == admin
    assert sign_in(session, username="admin", password=PASSWORD, client_address="10.0.0.1")[0] == admin


def test_a_deactivated_account_loses_its_sessions_and_cannot_sign_in(session, admin):
    editor = make(session, "redaktur", actor=admin)
    _a, token = sign_in(session, username="redaktur", password=PASSWORD, client_address="10.0.0.1")
    assert resolve_session(session, token) == editor
    set_active(session, admin, editor.id, False)
    assert resolve_session(session, token) is None
    with pytest.raises(PermissionDenied) as caught:
        sign_in(session, username="redaktur", password=PASSWORD, client_address="10.0.0.1")
    assert caught.value.message == SIGN_IN_FAILED
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "account.set_active")).one()
    assert event.actor_id == admin.id and '"is_active": false' in event.after


def test_only_an_admin_deactivates_and_never_their_own_account(session, admin):
    publisher = make(session, "penerbit", "publisher", actor=admin)
    with pytest.raises(PermissionDenied):
        set_active(session, publisher, admin.id, False)
    with pytest.raises(InvalidInput):
        set_active(session, admin, admin.id, False)
    assert all(active for _account, active in accounts.list_accounts(session, admin))


# Roles


RANKS = ["editor", "publisher", "admin"]


@pytest.mark.parametrize("have", RANKS)
@pytest.mark.parametrize("need", RANKS)
def test_require_lets_a_role_do_what_it_or_any_lower_role_may(have, need):
    account = Account(1, "x", "X", have)
    if RANKS.index(have) >= RANKS.index(need):
        assert require(account, Role(need)) is account
    else:
        with pytest.raises(PermissionDenied):
            require(account, Role(need))


def test_require_refuses_when_nobody_is_signed_in():
    with pytest.raises(PermissionDenied) as caught:
        require(None, Role.EDITOR)
    assert "sign in" in caught.value.message


def test_old_attempts_and_ended_sessions_are_forgotten(session):
    now = utcnow()
    session.add(SignInAttempt(username="x", client_address="1.2.3.4", at=now - timedelta(days=2)))
    session.add(SignInAttempt(username="y", client_address="1.2.3.4", at=now - timedelta(minutes=5)))
    session.flush()
    accounts.purge_stale(session, now)
    assert session.exec(select(SignInAttempt.username)).all() == ["y"]
    assert session.exec(select(func.count()).select_from(EditorSession)
                        .where(EditorSession.expires_at < now - timedelta(days=7))).one() == 0

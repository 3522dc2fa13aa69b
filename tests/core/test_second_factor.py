"""Two-step sign-in: enrolment, codes, replays, recovery codes, the rate limit and an admin's reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import func, select

from imigrasi_site.core import accounts, second_factor
from imigrasi_site.core.accounts import SecondStepDue, SignedIn, SignInRefused, SignInSlowed
from imigrasi_site.core.errors import InvalidInput, PermissionDenied
from imigrasi_site.core.i18n import both
from imigrasi_site.core.models import AuditEvent, EditorSession, RecoveryCode, SecondFactor, utcnow
from tests.support.accounts import code_for

pytestmark = pytest.mark.usefixtures("cheap_argon2")
PASSWORD = "kata-sandi-dua-langkah"
# The middle of a 30-second step an hour ahead (after any account's creation in this run, so its
# sessions are newer than its password), so "the next step" is always 30 s away.
T0 = datetime.fromtimestamp((int(utcnow().timestamp()) // 30 + 120) * 30 + 15, UTC)


def make(session, username: str, role: str, actor=None) -> accounts.Account:
    return accounts.create_editor(session, username=username, display_name=username.title(), password=PASSWORD,
                                  role=role, actor=actor, operator=actor is None)


def password_step(session, username: str, now: datetime = T0, client: str = "10.0.0.1"):
    return accounts.sign_in(session, username=username, password=PASSWORD, client_address=client, now=now)


def enrol(session, username: str, now: datetime = T0) -> tuple[str, list[str], SignedIn]:
    """Enrol through the sign-in steps; the key, the recovery codes and the session."""
    due = password_step(session, username, now)
    assert isinstance(due, SecondStepDue) and due.step == second_factor.ENROL
    signed, codes = accounts.confirm_enrolment(session, pending=due.pending, code=pyotp.TOTP(due.secret).at(now),
                                               client_address="10.0.0.1", now=now)
    return due.secret, codes, signed


def sessions(session) -> int:
    return session.exec(select(func.count()).select_from(EditorSession)).one()


@pytest.fixture
def admin(session) -> accounts.Account:
    return make(session, "admin-utama", "admin")


def test_a_publisher_without_a_key_gets_no_session_only_the_enrolment(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    due = password_step(session, "penerbit")
    assert isinstance(due, SecondStepDue) and due.step == second_factor.ENROL
    assert sessions(session) == 0
    # The pending token names the step, never the password; the key offered is new every time.
    assert PASSWORD not in due.pending
    assert password_step(session, "penerbit").secret != due.secret
    # The QR code is drawn here, of the otpauth URI that authenticator apps read.
    uri = second_factor.provisioning_uri(due.secret, due.username)
    assert uri.startswith("otpauth://totp/") and f"secret={due.secret}" in uri and "issuer=" in uri
    svg = second_factor.qr_svg(uri)
    assert svg.startswith("<svg") and "<path" in svg and "http" not in svg.replace("http://www.w3.org", "")


def test_enrolment_keeps_the_key_gives_ten_recovery_codes_stored_hashed_and_signs_in(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    secret, codes, signed = enrol(session, "penerbit")
    assert signed.account.username == "penerbit"
    assert accounts.resolve_session(session, signed.token) == signed.account
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = session.exec(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    for code in codes:
        assert all(code not in h and code.replace("-", "") not in h for h in stored)
    assert session.get(SecondFactor, signed.account.id).secret == secret
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity_id == str(signed.account.id))).all()
    assert "account.second_factor_enrol" in actions and "account.sign_in" in actions


def test_enrolment_with_a_wrong_first_code_keeps_nothing(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    due = password_step(session, "penerbit")
    with pytest.raises(SignInRefused) as caught:
        accounts.confirm_enrolment(session, pending=due.pending, code="000000", client_address="10.0.0.1", now=T0)
    assert caught.value.message == both("second_step_wrong_code")
    assert session.exec(select(SecondFactor)).all() == [] and sessions(session) == 0
    # The same enrolment can still be confirmed with a right code.
    assert accounts.pending_enrolment(session, due.pending, T0).secret == due.secret


def test_sign_in_with_a_code_from_the_app(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    secret, _codes, _signed = enrol(session, "penerbit")
    later = T0 + timedelta(seconds=30)
    due = password_step(session, "penerbit", later)
    assert due.step == second_factor.CODE and due.secret == ""  # the key is never handed out again
    signed = accounts.finish_sign_in(session, pending=due.pending, code=pyotp.TOTP(secret).at(later),
                                     client_address="10.0.0.1", now=later)
    assert accounts.resolve_session(session, signed.token).username == "penerbit"


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "", None, 123456, "1" * 40])
def test_a_wrong_code_opens_no_session(session, admin, code):
    make(session, "penerbit", "publisher", actor=admin)
    enrol(session, "penerbit")
    before = sessions(session)
    due = password_step(session, "penerbit", T0 + timedelta(seconds=30))
    with pytest.raises(SignInRefused) as caught:
        accounts.finish_sign_in(session, pending=due.pending, code=code, client_address="10.0.0.1",
                                now=T0 + timedelta(seconds=30))
    assert caught.value.code == "code" and sessions(session) == before


def test_a_replayed_code_is_refused(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    secret, _codes, _signed = enrol(session, "penerbit")
    later = T0 + timedelta(seconds=60)
    code = pyotp.TOTP(secret).at(later)
    due = password_step(session, "penerbit", later)
    accounts.finish_sign_in(session, pending=due.pending, code=code, client_address="10.0.0.1", now=later)
    # Someone who saw the code types it a few seconds later, with the password: refused.
    due = password_step(session, "penerbit", later + timedelta(seconds=5), client="198.51.100.9")
    with pytest.raises(SignInRefused):
        accounts.finish_sign_in(session, pending=due.pending, code=code, client_address="198.51.100.9",
                                now=later + timedelta(seconds=5))
    # So is the code that confirmed the enrolment, and any older one.
    for old in (pyotp.TOTP(secret).at(T0), pyotp.TOTP(secret).at(later - timedelta(seconds=30))):
        with pytest.raises(SignInRefused):
            accounts.finish_sign_in(session, pending=due.pending, code=old, client_address="198.51.100.9",
                                    now=later + timedelta(seconds=5))
    # The next step's code works.
    nxt = later + timedelta(seconds=30)
    accounts.finish_sign_in(session, pending=due.pending, code=pyotp.TOTP(secret).at(nxt),
                            client_address="198.51.100.9", now=nxt)


def test_a_recovery_code_works_once(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    _secret, codes, _signed = enrol(session, "penerbit")
    later = T0 + timedelta(minutes=1)
    due = password_step(session, "penerbit", later)
    # Typed as people do: upper case, without the hyphen, with spaces.
    typed = " " + codes[3].upper().replace("-", " ") + " "
    signed = accounts.finish_sign_in(session, pending=due.pending, code=typed, client_address="10.0.0.1", now=later)
    assert accounts.resolve_session(session, signed.token).username == "penerbit"
    due = password_step(session, "penerbit", later + timedelta(seconds=1))
    with pytest.raises(SignInRefused):
        accounts.finish_sign_in(session, pending=due.pending, code=codes[3], client_address="10.0.0.1",
                                now=later + timedelta(seconds=1))
    assert second_factor.recovery_codes_left(session, signed.account.id) == 9


def test_a_recovery_code_of_another_account_does_not_work(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    make(session, "penerbit-dua", "publisher", actor=admin)
    _secret, codes, _signed = enrol(session, "penerbit")
    enrol(session, "penerbit-dua")
    due = password_step(session, "penerbit-dua", T0 + timedelta(minutes=1))
    with pytest.raises(SignInRefused):
        accounts.finish_sign_in(session, pending=due.pending, code=codes[0], client_address="10.0.0.1",
                                now=T0 + timedelta(minutes=1))


def test_wrong_codes_are_slowed_down_like_passwords(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    secret, _codes, _signed = enrol(session, "penerbit")
    start = T0 + timedelta(minutes=5)
    due = password_step(session, "penerbit", start, client="203.0.113.4")
    # The correct password's attempt counts as failed until the code is right, so 4 wrong codes
    # after it use the 5 free failures of this user name from this client...
    for i in range(1, 5):
        with pytest.raises(SignInRefused) as caught:
            accounts.finish_sign_in(session, pending=due.pending, code="000000", client_address="203.0.113.4",
                                    now=start + timedelta(seconds=i))
        assert not isinstance(caught.value, SignInSlowed)
    with pytest.raises(SignInRefused) as caught:
        accounts.finish_sign_in(session, pending=due.pending, code="000000", client_address="203.0.113.4",
                                now=start + timedelta(seconds=5))
    # ...and after that even the right code is not checked until the wait is over.
    right_at = start + timedelta(seconds=6)
    with pytest.raises(SignInSlowed) as slowed:
        accounts.finish_sign_in(session, pending=due.pending, code=pyotp.TOTP(secret).at(right_at),
                                client_address="203.0.113.4", now=right_at)
    assert slowed.value.wait_seconds >= 1
    # A known password does not reset the count: the password step itself is slowed now.
    with pytest.raises(SignInSlowed):
        password_step(session, "penerbit", right_at, client="203.0.113.4")
    # The owner, on their own device, is not slowed down by that.
    signed = accounts.finish_sign_in(
        session, pending=password_step(session, "penerbit", right_at, client="10.1.1.1").pending,
        code=pyotp.TOTP(secret).at(right_at), client_address="10.1.1.1", now=right_at)
    assert signed.account.username == "penerbit"


def test_a_pending_token_that_is_altered_expired_or_outdated_is_refused(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    secret, _codes, _signed = enrol(session, "penerbit")
    due = password_step(session, "penerbit", T0 + timedelta(seconds=30))
    body, mac = due.pending.split(".")
    code_at = T0 + timedelta(seconds=30)
    forged = [body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac, due.pending + "x", "", "x.y", None]
    for token in forged:
        with pytest.raises(SignInRefused) as caught:
            accounts.finish_sign_in(session, pending=token, code=pyotp.TOTP(secret).at(code_at),
                                    client_address="10.0.0.1", now=code_at)
        assert caught.value.code == "expired"
    too_late = T0 + timedelta(seconds=30) + second_factor.PENDING_LIFETIME + timedelta(seconds=1)
    with pytest.raises(SignInRefused) as caught:
        accounts.finish_sign_in(session, pending=due.pending, code=pyotp.TOTP(secret).at(too_late),
                                client_address="10.0.0.1", now=too_late)
    assert caught.value.code == "expired"
    # An enrolment token is no code token (and the other way round).
    with pytest.raises(SignInRefused):
        accounts.confirm_enrolment(session, pending=due.pending, code=pyotp.TOTP(secret).at(code_at),
                                   client_address="10.0.0.1", now=code_at)


def test_editors_sign_in_without_a_second_factor_and_may_enrol(session, admin):
    editor = make(session, "penyunting", "editor", actor=admin)
    signed = password_step(session, "penyunting")
    assert isinstance(signed, SignedIn)
    due = accounts.start_enrolment(session, signed.account, now=T0)
    assert due.step == second_factor.ENROL and due.secret
    accounts.confirm_enrolment(session, pending=due.pending, code=pyotp.TOTP(due.secret).at(T0),
                               client_address="10.0.0.1", now=T0)
    with pytest.raises(InvalidInput):
        accounts.start_enrolment(session, signed.account, now=T0)
    # From now on this editor too gives a code.
    later = T0 + timedelta(seconds=30)
    due = password_step(session, "penyunting", later)
    assert isinstance(due, SecondStepDue) and due.step == second_factor.CODE
    code, at = code_for(session, editor.id, later)
    assert accounts.finish_sign_in(session, pending=due.pending, code=code, client_address="10.0.0.1", now=at)


def test_an_admin_resets_a_colleagues_second_factor_audited_and_they_enrol_again(session, admin):
    publisher = make(session, "penerbit", "publisher", actor=admin)
    _secret, _codes, signed = enrol(session, "penerbit")
    accounts.reset_second_factor(session, admin, publisher.id)
    assert session.get(SecondFactor, publisher.id) is None
    assert session.exec(select(RecoveryCode).where(RecoveryCode.editor_id == publisher.id)).all() == []
    # Their sessions end (the lost phone may hold one) ...
    assert accounts.resolve_session(session, signed.token) is None
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "account.second_factor_reset")).one()
    assert (event.actor_id, event.entity_id) == (admin.id, str(publisher.id))
    # ... and the next sign-in asks for a new enrolment.
    assert password_step(session, "penerbit", T0 + timedelta(minutes=1)).step == second_factor.ENROL
    with pytest.raises(InvalidInput):
        accounts.reset_second_factor(session, admin, publisher.id)  # nothing left to reset


def test_only_an_admin_resets_and_never_their_own(session, admin):
    publisher = make(session, "penerbit", "publisher", actor=admin)
    enrol(session, "penerbit")
    with pytest.raises(PermissionDenied):
        accounts.reset_second_factor(session, publisher, admin.id)
    with pytest.raises(InvalidInput) as caught:
        accounts.reset_second_factor(session, admin, admin.id)
    assert caught.value.message == both("second_factor_reset_own")
    assert session.get(SecondFactor, publisher.id) is not None
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "account.second_factor_reset")).all()


def test_the_admin_list_shows_who_has_a_key_and_who_must(session, admin):
    make(session, "penerbit", "publisher", actor=admin)
    make(session, "penyunting", "editor", actor=admin)
    enrol(session, "penerbit")
    rows = {row.username: row for row in accounts.list_second_factors(session, admin)}
    assert (rows["penerbit"].enrolled, rows["penerbit"].required, rows["penerbit"].recovery_codes_left) == (True, True, 10)
    assert (rows["penyunting"].enrolled, rows["penyunting"].required) == (False, False)
    assert (rows["admin-utama"].enrolled, rows["admin-utama"].required) == (False, True)

"""Email subscriptions end to end: a real SMTP server on localhost (aiosmtpd) receives what the
outbox sender sends, and the links in those messages are followed through the HTTP routes."""

from __future__ import annotations

import asyncio
import email
import os
import re
import threading
from datetime import timedelta
from email import policy
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlmodel import SQLModel, select
from starlette.applications import Starlette

from imigrasi_site.core import db, events, mail_links, mailer, notices, notify, subscriptions
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import t
from imigrasi_site.core.mail_links import CONFIRM_PATH, UNSUBSCRIBE_PATH, link_token
from imigrasi_site.core.models import NotificationEvent, OutboxMessage, SubscribeAttempt, Subscription, utcnow
from imigrasi_site.core.seed import seed
from imigrasi_site.http.forms import MAX_BODY
from imigrasi_site.http.subscriptions import ROUTES
from tests.support.concurrency import in_parallel
from tests.support.harness import free_port
from tests.support.services import postgres_schema

OFFICE = "kanim-putussibau"
OFFICE_NAME = "Kantor Imigrasi Kelas III TPI Putussibau"
CLIENT = "203.0.113.7"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.raw: list[bytes] = []

    refuse = False  # when set, the server refuses every recipient (550), as for an unknown mailbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(db_url, monkeypatch):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("IMIGRASI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IMIGRASI_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("IMIGRASI_SMTP_STARTTLS", "false")
    monkeypatch.setenv("IMIGRASI_SMTP_FROM", "Status Layanan Imigrasi <kabar@imigrasi.example>")
    monkeypatch.setenv("IMIGRASI_SECRET_KEY", "kunci-uji-tautan")
    yield handler
    controller.stop()


def http(method: str, url: str, client_address: str = "127.0.0.1", **kwargs) -> httpx.Response:
    """A request to the subscription routes, the way the site will serve them, from `client_address`."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=Starlette(routes=ROUTES), client=(client_address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, target, **kwargs)

    return asyncio.run(go())


def subscribe(address: str, **scope) -> None:
    scope.setdefault("client_address", CLIENT)
    with db.session_scope() as session:
        subscriptions.subscribe(session, email=address, **scope)


def run_workers(now=None) -> int:
    """One round of the background work: fan out events, then send the outbox."""
    with db.session_scope() as session:
        notify.fan_out(session, now=now)
    return mailer.send_due(now=now)


def text(message) -> str:
    return message.get_content().replace("\r\n", "\n")


def link(message, path: str) -> str:
    return re.search(rf"https?://\S+{re.escape(path)}\?token=[\w-]+", text(message)).group(0)


def token_of(url: str) -> str:
    return url.rsplit("token=", 1)[1]


def change(availability: str, service: str = "passport_application", office: str = OFFICE, **advice) -> None:
    with db.session_scope() as session:
        assert apply_availability(session, CellSelector(office_codes=(office,), service_codes=(service,)),
                                  availability=availability, **advice)


def subscription_rows(address: str) -> list[Subscription]:
    with db.session_scope() as session:
        return list(session.exec(select(Subscription).where(Subscription.email == address)).all())


def database_text(url: str) -> str:
    with db.get_engine(url).connect() as conn:
        return repr([list(conn.execute(sa.text(f"SELECT * FROM {table}")))
                     for table in sorted(SQLModel.metadata.tables)])


def confirmed(inbox: Inbox, address: str, **scope) -> None:
    """Subscribe and confirm through the emailed link (what every change test starts from)."""
    subscribe(address, **scope)
    assert mailer.send_due() == 1
    confirm_link = link(inbox.messages[-1], CONFIRM_PATH)
    assert http("POST", CONFIRM_PATH, data={"token": token_of(confirm_link)}).status_code == 200


def test_subscribe_confirm_receive_a_change_and_unsubscribe(inbox, db_url):
    subscribe("Warga.Putussibau@Contoh.ID", office_code=OFFICE)
    assert mailer.send_due() == 1
    [confirmation] = inbox.messages
    assert confirmation["To"] == "warga.putussibau@contoh.id"
    assert confirmation["Subject"] == f"Konfirmasi langganan: semua layanan di {OFFICE_NAME}"
    confirm_link = link(confirmation, CONFIRM_PATH)

    # A mail scanner opening the link confirms nothing: the page asks for a button press.
    page = http("GET", confirm_link)
    assert page.status_code == 200 and "Konfirmasi langganan" in page.text and '<form method="post"' in page.text
    assert page.headers["cache-control"] == "no-store"  # the token is the only credential
    assert subscription_rows("warga.putussibau@contoh.id")[0].confirmed_at is None
    page = http("POST", CONFIRM_PATH, data={"token": token_of(confirm_link)})
    assert "Langganan aktif" in page.text and OFFICE_NAME in page.text
    # The link does not say which language its reader reads: the page says it in both, each with its scope.
    assert f"Mulai sekarang kami mengirim email tentang: semua layanan di {OFFICE_NAME}." in page.text
    assert f"From now on we email you about: all services at {OFFICE_NAME}." in page.text
    assert "<title>Langganan aktif / Subscription confirmed | Status Layanan Imigrasi</title>" in page.text
    assert subscription_rows("warga.putussibau@contoh.id")[0].confirmed_at is not None

    change("limited", advice_ind="Hanya 20 permohonan per hari.", advice_en="Only 20 applications a day.")
    assert run_workers() == 1
    news = inbox.messages[1]
    assert news["Subject"] == f"Perubahan status layanan: semua layanan di {OFFICE_NAME}"
    body = text(news)
    assert f"Permohonan paspor, {OFFICE_NAME}\n  Tidak tersedia → Terbatas, sejak " in body and "WIB" in body
    assert "Saran: Hanya 20 permohonan per hari." in body
    unsubscribe_link = link(news, UNSUBSCRIBE_PATH)
    assert news["List-Unsubscribe"] == f"<{unsubscribe_link}>"
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = http("GET", unsubscribe_link)
    assert "Berhenti berlangganan?" in page.text and subscription_rows("warga.putussibau@contoh.id")
    page = http("POST", UNSUBSCRIBE_PATH, data={"token": token_of(unsubscribe_link)})
    assert page.status_code == 200 and "Alamat Anda sudah dihapus" in page.text
    assert subscription_rows("warga.putussibau@contoh.id") == []
    # Sent messages are blanked, and the rate-limit log holds a keyed hash: the address is nowhere.
    assert "warga.putussibau" not in database_text(db_url)

    change("normal")
    assert run_workers() == 0
    assert len(inbox.messages) == 2
    assert http("POST", UNSUBSCRIBE_PATH, data={"token": token_of(unsubscribe_link)}).status_code == 404


def test_one_click_unsubscribe_from_the_list_unsubscribe_header(inbox):
    confirmed(inbox, "satu.klik@contoh.id", office_code=OFFICE)
    change("limited")
    run_workers()
    header = inbox.messages[-1]["List-Unsubscribe"].strip("<>")
    # On the wire the header is the bare link in angle brackets, which mail programs understand.
    assert f"\nList-Unsubscribe: <{header}>\r\n".encode() in inbox.raw[-1]
    # RFC 8058: the mail program POSTs this body to the header's link, with no page in between.
    response = http("POST", header, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert subscription_rows("satu.klik@contoh.id") == []


def test_an_english_subscription_gets_english_mail(inbox):
    subscribe("traveller@example.com", service_code="passport_application", lang="en")
    mailer.send_due()
    assert inbox.messages[0]["Subject"] == "Confirm your subscription: Passport application at every office"
    assert "press the confirm button" in text(inbox.messages[0])
    http("POST", CONFIRM_PATH, data={"token": token_of(link(inbox.messages[0], CONFIRM_PATH))})

    change("limited", advice_ind="Kuota dikurangi.", advice_en="Fewer appointments today.")
    assert run_workers() == 1
    news = inbox.messages[1]
    assert news["Subject"] == "Service status change: Passport application at every office"
    body = text(news)
    assert f"Passport application, {OFFICE_NAME}" in body
    assert "→ Limited, since" in body and "Advice: Fewer appointments today." in body
    assert "Unsubscribe (no sign-in needed" in body and "Berhenti" not in body


def test_each_scope_hears_only_about_what_it_follows(inbox):
    confirmed(inbox, "kantor@contoh.id", office_code=OFFICE)
    confirmed(inbox, "layanan@contoh.id", service_code="stay_permit")
    confirmed(inbox, "pasangan@contoh.id", office_code=OFFICE, service_code="passport_interview_biometrics")
    confirmed(inbox, "pengumuman@contoh.id")
    sent_before = len(inbox.messages)

    change("limited", service="stay_permit")  # at Putussibau: the office and the service subscriber
    change("limited", service="stay_permit", office="kanim-jakarta-selatan")  # elsewhere: the service subscriber
    change("unavailable", service="passport_interview_biometrics")  # the pair, and the office subscriber
    run_workers()
    received = [m["X-Envelope-To"] for m in inbox.messages[sent_before:]]
    assert sorted(received) == sorted(["kantor@contoh.id", "layanan@contoh.id", "layanan@contoh.id",
                                       "pasangan@contoh.id", "kantor@contoh.id"])


def test_a_published_notice_reaches_all_notice_and_office_subscribers(inbox, session):
    confirmed(inbox, "pengumuman@contoh.id", lang="en")
    confirmed(inbox, "kantor@contoh.id", office_code=OFFICE)
    confirmed(inbox, "layanan@contoh.id", service_code="stay_permit")
    sent_before = len(inbox.messages)
    notice = notices.create_notice(session, notices.NoticeText.clean(
        title_ind="Jam layanan Putussibau berubah", lede_ind="Mulai Senin loket buka pukul 07.30.", body_ind="Isi."),
        office_codes=[OFFICE])
    notices.publish_seed_notice(session, notice, utcnow())
    session.commit()
    run_workers()
    by_address = {m["X-Envelope-To"]: m for m in inbox.messages[sent_before:]}
    assert set(by_address) == {"pengumuman@contoh.id", "kantor@contoh.id"}
    assert by_address["kantor@contoh.id"]["Subject"] == "Pengumuman: Jam layanan Putussibau berubah"
    assert f"/pengumuman/{notice.slug}" in text(by_address["kantor@contoh.id"])
    english = text(by_address["pengumuman@contoh.id"])
    assert t("english_missing", "en") in english and f"/pengumuman/{notice.slug}?lang=en" in english


def test_nothing_about_changes_from_before_the_confirmation(inbox):
    change("limited")  # waiting for the fan-out when the subscription is confirmed
    confirmed(inbox, "baru@contoh.id", office_code=OFFICE)
    assert run_workers() == 0


def test_an_unreadable_event_is_skipped_and_does_not_hold_up_later_ones(inbox):
    confirmed(inbox, "terus@contoh.id", office_code=OFFICE)
    with db.session_scope() as session:
        events.emit(session, events.AVAILABILITY_CHANGED, {"changes": [
            {"office_code": OFFICE, "service_code": "stay_permit", "new": "limited", "at": "kemarin"}]})
    change("limited")
    assert run_workers() == 1
    assert "Terbatas" in text(inbox.messages[-1])
    with db.session_scope() as session:
        assert session.exec(select(NotificationEvent).where(NotificationEvent.fanned_out_at.is_(None))).all() == []


def test_malformed_addresses_are_refused_with_a_clear_message(inbox, db_url):
    for address in ("", "tanpa-at", "a@b", "dua@@contoh.id", "spasi di@contoh.id", "a..b@contoh.id",
                    "x@-contoh.id", "x@contoh.123", "a" * 250 + "@contoh.id", "baris\n@contoh.id",
                    "bcc@contoh.id\nBcc: x@contoh.id", None, 42, ["a@b.id"]):
        with pytest.raises(InvalidInput) as refused:
            subscribe(address, office_code=OFFICE)
        assert refused.value.phrase == subscriptions.BAD_EMAIL
    assert refused.value.text("id") == "Alamat email tidak valid. Periksa penulisannya, mis. nama@contoh.id."
    assert refused.value.text("en") == "That email address is not valid. Check it, e.g. name@example.com."
    # The workspace, which shows both languages, reads the same words on one line.
    assert refused.value.message == f"{refused.value.text('id')} / {refused.value.text('en')}"
    with db.session_scope() as session:
        assert session.exec(select(Subscription)).all() == []
        assert session.exec(select(SubscribeAttempt)).all() == []
    assert mailer.send_due() == 0


@pytest.mark.parametrize("scope, message", [
    ({"office_code": "kanim-tidak-ada"}, subscriptions.UNKNOWN_OFFICE),
    ({"office_code": "x" * 10_000}, subscriptions.UNKNOWN_OFFICE),
    ({"office_code": OFFICE + "\n"}, subscriptions.UNKNOWN_OFFICE),
    ({"office_code": "kanim\0putussibau"}, subscriptions.UNKNOWN_OFFICE),
    ({"office_code": 7}, subscriptions.UNKNOWN_OFFICE),
    ({"service_code": "paspor_kilat"}, subscriptions.UNKNOWN_SERVICE),
    ({"office_code": OFFICE, "service_code": "autogate"}, subscriptions.NOT_OFFERED),
])
def test_unknown_offices_and_services_are_refused(inbox, scope, message):
    with pytest.raises(InvalidInput) as refused:
        subscribe("warga@contoh.id", **scope)
    assert refused.value.phrase == message
    assert subscription_rows("warga@contoh.id") == []


def test_requests_are_rate_limited_per_address_and_per_client(inbox):
    now = utcnow()
    for n in range(subscriptions.MAX_PER_ADDRESS):
        subscribe("sasaran@contoh.id", office_code=OFFICE, now=now + timedelta(seconds=n), client_address=f"c{n}")
    with pytest.raises(subscriptions.TooManyRequests) as refused:
        subscribe("sasaran@contoh.id", office_code=OFFICE, now=now + timedelta(minutes=1), client_address="lain")
    assert refused.value.phrase == subscriptions.TOO_MANY
    # One row, however often it was asked for; one email per accepted request.
    assert len(subscription_rows("sasaran@contoh.id")) == 1
    assert mailer.send_due(now=now + timedelta(minutes=2)) == subscriptions.MAX_PER_ADDRESS

    for n in range(subscriptions.MAX_PER_CLIENT):
        subscribe(f"orang{n}@contoh.id", client_address="198.51.100.9", now=now + timedelta(seconds=n))
    with pytest.raises(subscriptions.TooManyRequests):
        subscribe("satu.lagi@contoh.id", client_address="198.51.100.9", now=now + timedelta(minutes=1))
    subscribe("satu.lagi@contoh.id", client_address="198.51.100.10", now=now + timedelta(minutes=1))
    # An hour later both may ask again.
    subscribe("sasaran@contoh.id", office_code=OFFICE, now=now + timedelta(minutes=61), client_address="lain")
    subscribe("satu.lagi2@contoh.id", client_address="198.51.100.9", now=now + timedelta(minutes=61))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_parallel_requests_for_one_address_stay_within_the_limit(database, request, monkeypatch):
    if database == "sqlite":
        url = request.getfixturevalue("db_url")
    else:
        url = request.getfixturevalue("postgres_url")
        db.migrate(url)
    monkeypatch.setenv("IMIGRASI_SECRET_KEY", "kunci-uji-tautan")
    clients = iter(range(100))
    lock = threading.Lock()

    def ask() -> str:
        with lock:
            client = f"192.0.2.{next(clients)}"  # each from its own client: only the per-address limit applies
        try:
            with db.session_scope(url) as own:
                subscriptions.subscribe(own, email="sasaran@contoh.id", client_address=client)
        except subscriptions.TooManyRequests:
            return "refused"
        return "accepted"

    outcomes = in_parallel(ask, workers=12)
    assert sorted(outcomes) == ["accepted"] * subscriptions.MAX_PER_ADDRESS + ["refused"] * 7
    with db.session_scope(url) as check:
        # Refused requests leave no attempt behind: they do not lengthen the wait.
        assert len(check.exec(select(SubscribeAttempt)).all()) == subscriptions.MAX_PER_ADDRESS
        assert len(check.exec(select(OutboxMessage)).all()) == subscriptions.MAX_PER_ADDRESS


def test_asking_again_sends_a_note_and_keeps_one_subscription(inbox):
    confirmed(inbox, "sudah@contoh.id", office_code=OFFICE)
    subscribe("sudah@contoh.id", office_code=OFFICE)
    mailer.send_due()
    note = inbox.messages[-1]
    assert note["Subject"] == f"Anda sudah berlangganan: semua layanan di {OFFICE_NAME}"
    assert CONFIRM_PATH not in text(note) and UNSUBSCRIBE_PATH in text(note)
    assert len(subscription_rows("sudah@contoh.id")) == 1


def test_an_unconfirmed_request_expires_and_its_address_is_deleted(inbox):
    start = utcnow()
    subscribe("lupa@contoh.id", office_code=OFFICE, now=start)
    mailer.send_due(now=start)
    confirm_link = link(inbox.messages[0], CONFIRM_PATH)
    with db.session_scope() as session:
        subscriptions.purge_expired(session, now=start + timedelta(days=6))
    assert subscription_rows("lupa@contoh.id")
    with db.session_scope() as session:
        subscriptions.purge_expired(session, now=start + timedelta(days=7, minutes=1))
    assert subscription_rows("lupa@contoh.id") == []
    page = http("POST", CONFIRM_PATH, data={"token": token_of(confirm_link)})
    assert page.status_code == 404 and "Tautan tidak berlaku" in page.text
    assert "confirmation links work for 7 days" in page.text and "berlaku 7 hari" in page.text


def test_links_with_a_wrong_or_missing_token_change_nothing(inbox):
    confirmed(inbox, "tetap@contoh.id", office_code=OFFICE)
    for data in ({"token": "palsu"}, {"token": "x" * 5000}, {}):
        assert http("POST", UNSUBSCRIBE_PATH, data=data).status_code == 404
        assert http("POST", CONFIRM_PATH, data=data).status_code == 404
    assert http("GET", f"{UNSUBSCRIBE_PATH}?token=<script>").text.count("<script>") == 0
    assert len(subscription_rows("tetap@contoh.id")) == 1


def test_a_failed_send_is_retried_with_backoff_then_given_up(inbox, monkeypatch):
    start = utcnow()
    subscribe("sabar@contoh.id", office_code=OFFICE, now=start)
    real_port = os.environ["IMIGRASI_SMTP_PORT"]
    monkeypatch.setenv("IMIGRASI_SMTP_PORT", str(free_port()))  # nothing listens there
    assert mailer.send_due(now=start) == 0
    with db.session_scope() as session:
        row = session.exec(select(OutboxMessage)).one()
    # A server that is not there costs the message none of its attempts (tests/resilience: an hour down).
    assert row.attempts == 0 and row.sent_at is None and "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at == start + mailer.SERVER_RETRY

    monkeypatch.setenv("IMIGRASI_SMTP_PORT", real_port)
    assert mailer.send_due(now=start + timedelta(seconds=30)) == 0  # not due yet
    assert mailer.send_due(now=start + mailer.SERVER_RETRY) == 1
    assert inbox.messages[0]["To"] == "sabar@contoh.id"

    # A server that refuses the message: retried with backoff, then given up.
    subscribe("tidak.sampai@contoh.id", office_code=OFFICE, now=start)
    inbox.refuse = True
    moment = start
    for attempt in range(1, mailer.MAX_ATTEMPTS + 1):
        mailer.send_due(now=moment)
        moment += mailer.backoff(attempt)
    with db.session_scope() as session:
        given_up = session.exec(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).one()
    assert given_up.attempts == mailer.MAX_ATTEMPTS and given_up.last_error and given_up.to_email == ""


def test_several_workers_queue_and_send_each_message_once(inbox, postgres_url):
    """Every worker process runs the same loops; on PostgreSQL they really overlap."""
    db.migrate(postgres_url)
    with db.session_scope(postgres_url) as session:
        seed(session)
        subscriptions.subscribe(session, email="banyak@contoh.id", service_code="stay_permit", client_address=CLIENT)
    with db.session_scope(postgres_url) as session:
        subscriptions.confirm(session, link_token(session.exec(select(Subscription)).one()))
    offices = ("kanim-banda-aceh", "kanim-lhokseumawe", "kanim-langsa", "kanim-meulaboh", "kanim-sabang",
               "kanim-takengon", "kanim-medan", "kanim-polonia")
    for code in offices:
        with db.session_scope(postgres_url) as session:
            apply_availability(session, CellSelector(office_codes=(code,), service_codes=("stay_permit",)),
                               availability="limited")
    with db.session_scope(postgres_url) as session:
        pending = len(session.exec(select(NotificationEvent.id).where(NotificationEvent.fanned_out_at.is_(None))).all())

    def fan_out() -> int:
        with db.session_scope(postgres_url) as session:
            return notify.fan_out(session)

    taken = in_parallel(fan_out, workers=4)
    assert sum(taken) == pending
    assert sum(in_parallel(lambda: mailer.send_due(url=postgres_url), workers=4)) == 1 + len(offices)
    assert len(inbox.messages) == 1 + len(offices)
    assert len({text(m) for m in inbox.messages}) == 1 + len(offices)


def test_a_huge_chunked_post_is_cut_off_after_the_limit():
    sent = []

    async def chunks():
        for _ in range(100):
            sent.append(1)
            yield b"token=" + b"x" * 10_000

    async def post():
        transport = httpx.ASGITransport(app=Starlette(routes=ROUTES))
        async with httpx.AsyncClient(transport=transport, base_url="http://site.test") as client:
            return await client.post("/langganan/berhenti", content=chunks(),
                                     headers={"content-type": "application/x-www-form-urlencoded"})

    response = asyncio.run(post())
    assert response.status_code == 404 and "No subscription" in response.text
    # The server stopped reading soon after its limit instead of taking the whole megabyte.
    assert len(sent) <= MAX_BODY // 10_000 + 2


def test_the_link_pages_are_rate_limited_per_client(inbox):
    subscribe("batas@contoh.id", office_code=OFFICE)
    mailer.send_due()
    confirm_link = link(inbox.messages[-1], CONFIRM_PATH)
    guesser = "198.51.100.66"
    for n in range(subscriptions.MAX_LINK_VISITS_PER_CLIENT):
        path = CONFIRM_PATH if n % 2 else UNSUBSCRIBE_PATH
        assert http("GET", f"{path}?token=tebakan-{n}", client_address=guesser).status_code == 404
    # Past the limit even the right token is refused from that address, on both pages and both methods.
    for method, path in (("GET", confirm_link), ("POST", CONFIRM_PATH), ("POST", UNSUBSCRIBE_PATH)):
        page = http(method, path, client_address=guesser, data={"token": token_of(confirm_link)})
        assert page.status_code == 429 and page.headers["retry-after"] == "3600"
        assert t("link_too_many", "id") in page.text and t("link_too_many", "en") in page.text
        assert page.headers["cache-control"] == "no-store"
    assert subscription_rows("batas@contoh.id")[0].confirmed_at is None
    # The person the mail was sent to, on their own address, confirms as usual.
    assert http("POST", CONFIRM_PATH, data={"token": token_of(confirm_link)}).status_code == 200
    assert subscription_rows("batas@contoh.id")[0].confirmed_at is not None
    # Link visits do not use up the subscribe form's allowance of that client, nor the other way round.
    subscribe("orang.lain@contoh.id", client_address=guesser)


def test_a_token_cannot_be_computed_from_the_address_and_time(inbox):
    subscribe("acak@contoh.id", office_code=OFFICE)
    mailer.send_due()
    mailed = token_of(link(inbox.messages[-1], CONFIRM_PATH))
    [row] = subscription_rows("acak@contoh.id")
    assert len(row.token_nonce) >= 22 and row.token_nonce not in text(inbox.messages[-1])
    assert link_token(row) == mailed
    # Everything an attacker could know (the key even, and the exact creation time) without the
    # row's random nonce makes a token the site does not take.
    row.token_nonce = ""
    guessed = link_token(row)
    with db.session_scope() as session:
        assert subscriptions.find(session, guessed) is None and subscriptions.find(session, mailed) is not None


def test_without_a_configured_key_a_random_one_is_generated_once_and_kept(db_url, tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("IMIGRASI_SECRET_KEY", raising=False)
    monkeypatch.setenv("IMIGRASI_SNAPSHOT_PATH", str(tmp_path / "data" / "public-snapshot.json"))
    monkeypatch.setattr(mail_links, "_generated_keys", {})
    key_file = tmp_path / "data" / "secret-key"
    with caplog.at_level("WARNING", logger="imigrasi_site.core.mail_links"):
        key = mail_links.link_key()
        assert mail_links.link_key() == key
    assert key_file.read_text().strip().encode() == key and len(key) >= 64
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    assert [r.getMessage() for r in caplog.records if "generated a random key" in r.getMessage()] != []
    assert str(key_file) in caplog.text
    # Not derived from the database URL: another database gets the same kept key, a fresh folder another one.
    monkeypatch.setenv("IMIGRASI_DB_URL", "sqlite:///elsewhere.db")
    monkeypatch.setattr(mail_links, "_generated_keys", {})
    assert mail_links.link_key() == key
    monkeypatch.setenv("IMIGRASI_SNAPSHOT_PATH", str(tmp_path / "other" / "public-snapshot.json"))
    assert mail_links.link_key() != key
    # A configured key wins.
    monkeypatch.setenv("IMIGRASI_SECRET_KEY", "kunci-operator")
    assert mail_links.link_key() == b"kunci-operator"


def test_workers_starting_together_agree_on_one_generated_key(db_url, tmp_path, monkeypatch):
    monkeypatch.delenv("IMIGRASI_SECRET_KEY", raising=False)
    monkeypatch.setenv("IMIGRASI_SNAPSHOT_PATH", str(tmp_path / "public-snapshot.json"))

    def fresh_worker() -> bytes:
        return mail_links._stored_key(tmp_path / "keys" / "secret-key")

    keys = in_parallel(fresh_worker, workers=8)
    assert len(set(keys)) == 1
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["secret-key"]  # no temporary files left


def _duplicate_scopes_refused(url: str) -> None:
    with db.session_scope(url) as session:
        office_id = session.exec(select(sa.text("id")).select_from(sa.text("office")).limit(1)).one()
    for office, service in ((None, None), (office_id, None)):
        with db.session_scope(url) as session:
            session.add(Subscription(email="dua@contoh.id", office_id=office, service_id=service,
                                     token_hash=f"h-{office}-1", token_nonce="a", created_at=utcnow()))
        with pytest.raises(sa.exc.IntegrityError), db.session_scope(url) as session:
            session.add(Subscription(email="dua@contoh.id", office_id=office, service_id=service,
                                     token_hash=f"h-{office}-2", token_nonce="b", created_at=utcnow()))
    with db.session_scope(url) as session:
        assert len(session.exec(select(Subscription).where(Subscription.email == "dua@contoh.id")).all()) == 2


def test_one_subscription_per_scope_even_with_empty_office_or_service_on_sqlite(db_url):
    _duplicate_scopes_refused(db_url)


def test_one_subscription_per_scope_even_with_empty_office_or_service_on_postgresql():
    with postgres_schema() as (_schema, url):
        db.migrate(url)
        with db.session_scope(url) as session:
            seed(session)
        _duplicate_scopes_refused(url)

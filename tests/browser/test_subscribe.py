"""Subscribing from an office page, in real Chromium against the running app."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import select

from imigrasi_site.core import db, subscriptions
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import OutboxMessage, Subscription


def test_subscribing_to_a_service_at_an_office_asks_to_check_the_inbox(page, live_app):
    page.goto("/kantor/kanim-putussibau")
    form = page.locator("#subscribe")
    form.get_by_label("Alamat email").fill("pelancong.putussibau@contoh.id")
    form.get_by_label("Satu layanan di kantor ini").check()
    form.locator("#subscribe-service").select_option("stay_permit")
    form.get_by_role("button", name="Berlangganan").click()

    expect(page.locator("#subscribe-result")).to_have_text(t("subscribe_check_inbox", "id", days=7))
    expect(form.get_by_label("Alamat email")).to_have_value("")
    with db.session_scope(live_app.db_url) as session:
        [row] = session.exec(select(Subscription).where(
            Subscription.email == "pelancong.putussibau@contoh.id")).all()
        [confirmation] = session.exec(select(OutboxMessage).where(
            OutboxMessage.to_email == "pelancong.putussibau@contoh.id")).all()
    assert row.office_id and row.service_id and row.confirmed_at is None
    assert confirmation.subject.startswith("Konfirmasi langganan: Izin tinggal di Kantor Imigrasi")
    assert page.console_errors == []


def test_an_address_the_site_cannot_use_gets_a_clear_message(page):
    page.goto("/kantor/kanim-putussibau?lang=en")
    form = page.locator("#subscribe")
    form.get_by_label("Email address").fill("traveller@localhost")  # the browser accepts it; mail cannot
    form.get_by_role("button", name="Subscribe").click()
    expect(page.locator("#subscribe-result")).to_have_text(subscriptions.BAD_EMAIL.text("en"))
    expect(form.get_by_label("Email address")).to_have_value("traveller@localhost")

"""Editors at work, in real Chromium: sign in, write, review, publish, update incidents, change status."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.accounts import DEMO_PASSWORD
from tests.support.browser import pick_office, reload_until, sign_in, sign_out


def test_the_workspace_requires_sign_in(page, live_accounts):
    page.goto("/admin/akun")
    expect(page).to_have_url(re.compile(r"/admin/masuk\?next=/admin/akun"))
    page.get_by_label("Nama pengguna / User name").fill(live_accounts["editor"])
    page.get_by_label("Kata sandi / Password").fill("wrong-password-123")
    page.get_by_role("button", name="Masuk / Sign in").click()
    expect(page.locator("#login-error")).to_have_text("Nama pengguna atau kata sandi salah. / Wrong user name or password.")
    # The form comes back with the name typed, never the password, and still leads where it was going.
    expect(page.get_by_label("Nama pengguna / User name")).to_have_value(live_accounts["editor"])
    expect(page.get_by_label("Kata sandi / Password")).to_have_value("")
    assert "wrong-password" not in page.url
    page.get_by_label("Kata sandi / Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk / Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/akun$"))
    expect(page.locator("#signed-in-as")).to_contain_text("Uji")


def test_the_session_cookie_is_httponly_and_scripts_cannot_read_it(page, live_accounts):
    sign_in(page, live_accounts["editor"])
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["imigrasi_session"]
    assert session["httpOnly"] is True and session["sameSite"] == "Lax" and session["path"] == "/"
    assert len(session["value"]) >= 40
    readable = page.evaluate("() => document.cookie")
    assert "imigrasi_session" not in readable and session["value"] not in readable
    # Signing out ends the session on the server as well as in the browser.
    sign_out(page)
    assert "imigrasi_session" not in {c["name"] for c in page.context.cookies()}
    page.context.add_cookies([{**session, "expires": -1}])  # a copied token is worth nothing now
    page.goto("/admin")
    expect(page).to_have_url(re.compile(r"/admin/masuk"))


def test_next_cannot_lead_off_the_workspace(page, live_accounts):
    page.goto("/admin/masuk?next=/admin/..//evil.example/")
    page.get_by_label("Nama pengguna / User name").fill(live_accounts["editor"])
    page.get_by_label("Kata sandi / Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk / Sign in").click()
    expect(page.locator("#signed-in-as")).to_contain_text("Uji")
    assert page.url.split("/", 3)[3].rstrip("/") == "admin"


def test_the_first_tab_skips_the_workspace_navigation(page, live_accounts):
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/status")
    expect(page.locator("#signed-in-as")).to_contain_text("Uji")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Langsung ke isi")
    expect(skip).to_be_in_viewport()  # hidden off screen until focused
    skip.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/status#main$"))
    expect(page.locator("#main h1")).to_be_visible()


def test_write_review_and_publish_a_bilingual_notice(page, live_accounts):
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/pengumuman/baru")
    page.locator("#title_ind").fill("Layanan paspor di Denpasar kembali normal")
    page.locator("#lede_ind").fill("Permohonan paspor diterima seperti biasa.")
    page.locator("#body_ind").fill("## Jam layanan\n\nSenin sampai Jumat, **08.00-16.00 WITA**.")
    page.locator("#title_en").fill("Passport services in Denpasar back to normal")
    page.locator("#lede_en").fill("Passport applications are accepted as usual.")
    page.locator("#body_en").fill("## Opening hours\n\nMonday to Friday, **08:00-16:00 WITA**.")
    pick_office(page, "denpasar", "kanim-denpasar", "n-")
    # The live preview shows the text as the public will see it.
    expect(page.locator("#preview-id").get_by_role("heading", name="Jam layanan")).to_be_visible()
    page.locator("#save").click()
    expect(page).to_have_url(re.compile(r"/admin/pengumuman/\d+$"))
    expect(page.locator("#notice-status")).to_have_text("Draf")
    page.locator("#submit").click()
    expect(page.locator("#notice-status")).to_have_text("Menunggu tinjauan")
    # An editor is not offered approval (the handler refuses it too: tests/ui).
    expect(page.locator("#approve")).to_have_count(0)
    notice_url = page.url
    sign_out(page)

    sign_in(page, live_accounts["publisher"])
    page.goto(notice_url.replace(page.url.split("/admin")[0], ""))
    expect(page.locator("#notice-status")).to_have_text("Menunggu tinjauan")
    page.locator("#approve").click()
    expect(page.locator("#notice-status")).to_have_text("Terbit")

    reload_until(page, "/pengumuman", ".notice-card", "Layanan paspor di Denpasar kembali normal")
    page.get_by_role("link", name="Layanan paspor di Denpasar kembali normal").click()
    expect(page.locator("#notice .notice-body").get_by_role("heading", name="Jam layanan")).to_be_visible()
    expect(page.locator("#notice").get_by_role("link", name="Kantor Imigrasi Kelas I TPI Denpasar")).to_be_visible()
    page.goto(page.url.split("?")[0] + "?lang=en")
    expect(page.locator("#notice .notice-title")).to_have_text("Passport services in Denpasar back to normal")


def test_post_an_incident_update_and_see_it_on_the_public_timeline(page, live_accounts, snapshot):
    incident = snapshot.open_incidents[0]
    sign_in(page, live_accounts["editor"])
    page.goto(f"/admin/insiden/{incident.id}")
    expect(page.locator("#incident-status")).to_have_text("Dipantau")
    page.locator("#update_status").select_option("monitoring")
    page.locator("#update_ind").fill("Paspor percepatan kembali dilayani di kantor kelas I.")
    page.locator("#update_en").fill("Express passports are offered again at class I offices.")
    page.locator("#post-update").click()
    expect(page.locator("#workspace-notice")).to_contain_text("Pembaruan diterbitkan")
    expect(page.locator("#timeline > li").first).to_contain_text("Paspor percepatan kembali dilayani")
    reload_until(page, f"/insiden/{incident.id}", "#incident-timeline > li",
                 "Paspor percepatan kembali dilayani di kantor kelas I.")
    expect(page.locator("#incident-timeline > li")).to_have_count(len(incident.updates) + 1)


def test_bulk_change_with_preview_changes_the_office_pages(page, live_accounts):
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/status")
    page.locator("#service").select_option("passport_application")
    page.locator("#province").select_option("51")  # Bali
    page.locator("#availability").select_option("limited")
    page.locator("#advice_ind").fill("Antrean panjang karena pemadaman listrik; datang sebelum 10.00 WITA.")
    page.locator("#advice_en").fill("Long queues after a power cut; come before 10:00 WITA.")
    page.locator("#preview").click()
    expect(page.locator("#preview-count")).to_contain_text("layanan kantor akan berubah")
    count = int(page.locator("#preview-count").inner_text().split()[0])
    assert count >= 2
    page.locator("#apply").click()
    expect(page.locator("#workspace-notice")).to_have_text(f"{count} layanan diubah.")
    reload_until(page, "/kantor/kanim-denpasar", '#office-services [data-service="passport_application"]', "Terbatas")
    cell = page.locator('#office-services [data-service="passport_application"]')
    expect(cell).to_contain_text("datang sebelum 10.00 WITA")
    page.goto("/admin/audit")
    expect(page.locator("#audit-table")).to_contain_text("availability.change")


def test_a_second_editor_is_shown_both_versions_instead_of_overwriting(page, chromium, live_app, live_accounts):
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/pengumuman/baru")
    page.locator("#title_ind").fill("Jadwal wawancara Kantor Imigrasi Jayapura")
    page.locator("#body_ind").fill("Versi awal.")
    page.locator("#save").click()
    expect(page).to_have_url(re.compile(r"/admin/pengumuman/\d+$"))
    notice_path = "/admin/pengumuman/" + page.url.rsplit("/", 1)[-1]

    other_context = chromium.new_context(base_url=live_app.base_url)
    other = other_context.new_page()
    sign_in(other, live_accounts["editor2"])
    other.goto(notice_path)
    expect(other.locator("#body_ind")).to_have_value("Versi awal.")

    page.locator("#body_ind").fill("Wawancara dimulai pukul 08.00 WIT.")
    page.locator("#save").click()
    expect(page.locator("#workspace-notice")).to_contain_text("Tersimpan")

    other.locator("#body_ind").fill("Wawancara dimulai pukul 09.00 WIT.")
    other.locator("#save").click()
    expect(other.locator("#workspace-error")).to_contain_text("baru saja disimpan orang lain")
    conflict = other.locator("#conflict")
    expect(conflict).to_contain_text("Wawancara dimulai pukul 08.00 WIT.")  # theirs, shown
    expect(other.locator("#body_ind")).to_have_value("Wawancara dimulai pukul 09.00 WIT.")  # mine, kept
    other.locator("#keep-mine").click()
    expect(other.locator("#workspace-notice")).to_contain_text("Tersimpan")
    other_context.close()
    page.reload()
    expect(page.locator("#body_ind")).to_have_value("Wawancara dimulai pukul 09.00 WIT.")


def test_planned_maintenance_is_announced_on_the_office_page(page, live_accounts):
    sign_in(page, live_accounts["editor"])
    page.goto("/admin/pemeliharaan")
    page.locator("#m-service").select_option("passport_application")
    pick_office(page, "makassar", "kanim-makassar", "m-")
    page.locator("#m-title_ind").fill("Pemeliharaan server antrean")
    page.locator("#m-zone").select_option("WITA")
    page.locator("#m-starts").fill("2099-06-25T22:00")
    page.locator("#m-ends").fill("2099-06-25T23:59")
    page.locator("#schedule-maintenance").click()
    expect(page.locator("#workspace-notice")).to_contain_text("dijadwalkan")
    expect(page.locator("#maintenance-list")).to_contain_text("Pemeliharaan server antrean")
    reload_until(page, "/kantor/kanim-makassar", "#office-planned", "Pemeliharaan server antrean")
    expect(page.locator("#office-planned")).to_contain_text("25 Juni 2099 22.00-23.59 WITA")
    passport = page.locator('#office-services [data-service="passport_application"]')
    expect(passport.locator(".planned-line")).to_have_text(
        "Direncanakan tidak tersedia: 25 Juni 2099 22.00-23.59 WITA")
    history = page.locator('#office-history [data-service="passport_application"]')
    expect(history).to_contain_text("dari waktu dalam 90 hari terakhir")

"""Notices from draft to published: who may do what, the public address, conflicts and history."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from imigrasi_site.core import accounts, db, notices
from imigrasi_site.core.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from imigrasi_site.core.models import AuditEvent, Notice, NoticeOffice, NoticeRevision, Office, utcnow
from imigrasi_site.core.notices import NoticeText
from tests.support.notices import draft, events_for, in_review, public_notice, text

# The whole way to the public


def test_a_notice_goes_from_draft_to_public_and_keeps_its_address(session, store, people):
    notice = draft(session, people.editor)
    assert (notice.status, notice.slug, notice.version) == ("draft", "jam-layanan-berubah", 1)

    notice = notices.update_notice(session, notice.id, text("Jam layanan kantor Denpasar berubah"),
                                   expected_version=1, actor=people.editor)
    assert notice.slug == "jam-layanan-kantor-denpasar-berubah"  # follows the title while never published
    notices.submit_for_review(session, notice.id, actor=people.editor)
    session.commit()
    assert public_notice(store, notice.slug) is None

    notice = notices.approve(session, notice.id, actor=people.publisher)
    assert notice.status == "published" and notice.approved_by_id == people.publisher.id
    session.commit()
    shown = public_notice(store, "jam-layanan-kantor-denpasar-berubah")
    assert shown is not None and shown.title_ind == "Jam layanan kantor Denpasar berubah"

    # A correction goes live once a second person approves it; the address never changes.
    notices.update_notice(session, notice.id, text("Jadwal baru kantor Denpasar"),
                          expected_version=notice.version, actor=people.publisher)
    notices.approve_correction(session, notice.id, actor=people.publisher2, expected_version=notice.version)
    session.commit()
    assert notice.slug == "jam-layanan-kantor-denpasar-berubah"
    assert public_notice(store, notice.slug).title_ind == "Jadwal baru kantor Denpasar"

    assert events_for(session, notice) == [
        ("notice.create", people.editor.id),
        ("notice.edit", people.editor.id),
        ("notice.submit", people.editor.id),
        ("notice.publish", people.publisher.id),
        ("notice.correction_submit", people.publisher.id),
        ("notice.correction_approve", people.publisher2.id),
    ]


def test_the_address_stays_after_unpublishing_and_editing_again(session, people):
    notice = in_review(session, people.editor)
    notices.approve(session, notice.id, actor=people.publisher)
    notices.return_to_draft(session, notice.id, actor=people.publisher)
    notices.update_notice(session, notice.id, text("Judul yang sama sekali lain"), expected_version=notice.version,
                          actor=people.editor)
    assert notice.slug == "jam-layanan-berubah"


def test_a_title_already_used_gets_a_numbered_address(session, people):
    first = draft(session, people.editor, title="Pengumuman Penting!")
    second = draft(session, people.editor2, title="pengumuman  penting")
    third = draft(session, people.editor2, title="!!!")
    assert (first.slug, second.slug, third.slug) == ("pengumuman-penting", "pengumuman-penting-2", "pengumuman")


def test_unknown_offices_or_incident_are_refused(session, people):
    with pytest.raises(InvalidInput) as caught:
        draft(session, people.editor, office_codes=["kanim-denpasar", "kanim-atlantis"])
    assert caught.value.field == "offices" and "kanim-atlantis" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        draft(session, people.editor, incident_id=987654)
    assert caught.value.field == "incident_id"


def test_offices_of_a_notice_follow_each_save(session, people):
    notice = draft(session, people.editor, office_codes=["kanim-denpasar", "kanim-singaraja"])
    notices.update_notice(session, notice.id, text(), expected_version=1, actor=people.editor,
                          office_codes=["kanim-singaraja", "kanim-ngurah-rai"])
    session.flush()
    linked = session.exec(select(NoticeOffice.office_id).where(NoticeOffice.notice_id == notice.id)).all()
    codes = {session.get(Office, office_id).code for office_id in linked}
    assert codes == {"kanim-singaraja", "kanim-ngurah-rai"}


# Who may approve


def test_an_editor_cannot_approve(session, people):
    notice = in_review(session, people.editor)
    with pytest.raises(PermissionDenied):
        notices.approve(session, notice.id, actor=people.editor2)
    assert notice.status == "in_review"


def test_a_publisher_cannot_approve_their_own_notice(session, people, monkeypatch):
    monkeypatch.delenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", raising=False)
    notice = in_review(session, people.publisher)
    with pytest.raises(PermissionDenied) as caught:
        notices.approve(session, notice.id, actor=people.publisher)
    assert "another publisher" in caught.value.message
    assert notice.status == "in_review"
    assert notices.approve(session, notice.id, actor=people.publisher2).status == "published"


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_single_person_publishing_lets_a_publisher_approve_their_own(session, people, monkeypatch, value):
    notice = in_review(session, people.publisher)
    monkeypatch.setenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", value)
    assert notices.approve(session, notice.id, actor=people.publisher).status == "published"


@pytest.mark.parametrize("value", ["0", "", "no", "false"])
def test_single_person_publishing_is_off_unless_clearly_on(session, people, monkeypatch, value):
    notice = in_review(session, people.publisher)
    monkeypatch.setenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", value)
    with pytest.raises(PermissionDenied):
        notices.approve(session, notice.id, actor=people.publisher)


def test_only_a_notice_in_review_can_be_approved(session, people):
    notice = draft(session, people.editor)
    with pytest.raises(InvalidInput) as caught:
        notices.approve(session, notice.id, actor=people.publisher)
    assert caught.value.field == "status" and "draft" in caught.value.message
    with pytest.raises(NotFound):
        notices.approve(session, 999_999, actor=people.publisher)


def test_editors_cannot_unpublish_or_archive(session, people):
    notice = in_review(session, people.editor)
    notices.approve(session, notice.id, actor=people.publisher)
    for action in (notices.return_to_draft, notices.archive):
        with pytest.raises(PermissionDenied):
            action(session, notice.id, actor=people.editor)
    assert notice.status == "published"


# Scheduling


def test_a_scheduled_notice_goes_public_when_its_time_comes_once(session, store, people):
    notice = in_review(session, people.editor)
    when = utcnow() + timedelta(hours=2)
    notices.approve(session, notice.id, actor=people.publisher, publish_at=when)
    assert notice.status == "scheduled" and notice.publish_at == when
    session.commit()
    assert public_notice(store, notice.slug) is None

    assert notices.publish_due(session, now=when - timedelta(minutes=1)) == []
    assert notices.publish_due(session, now=when + timedelta(minutes=1)) == [notice.slug]
    session.commit()
    assert notices.publish_due(session, now=when + timedelta(minutes=2)) == []
    session.commit()

    shown = public_notice(store, notice.slug)
    assert shown is not None and shown.published_at == when
    actions = [action for action, _actor in events_for(session, notice)]
    assert actions.count("notice.publish_scheduled") == 1
    assert ("notice.schedule", people.publisher.id) in events_for(session, notice)


def test_a_publish_time_in_the_past_publishes_now(session, people):
    notice = in_review(session, people.editor)
    now = utcnow()
    notices.approve(session, notice.id, actor=people.publisher, publish_at=now - timedelta(hours=1), now=now)
    assert notice.status == "published" and notice.published_at == now


def test_a_publish_time_without_a_zone_is_refused(session, people):
    notice = in_review(session, people.editor)
    with pytest.raises(InvalidInput) as caught:
        notices.approve(session, notice.id, actor=people.publisher, publish_at=datetime(2030, 1, 1, 9, 0))
    assert caught.value.field == "publish_at"
    assert notice.status == "in_review"


def test_cancelling_a_schedule_keeps_the_notice_private(session, store, people):
    notice = in_review(session, people.editor)
    when = utcnow() + timedelta(hours=1)
    notices.approve(session, notice.id, actor=people.publisher, publish_at=when)
    notices.return_to_draft(session, notice.id, actor=people.publisher)
    assert (notice.status, notice.publish_at) == ("draft", None)
    assert notices.publish_due(session, now=when + timedelta(hours=1)) == []
    session.commit()
    assert public_notice(store, notice.slug) is None


# Unpublishing and archiving


def test_unpublishing_removes_the_notice_from_the_public(session, store, people):
    notice = in_review(session, people.editor)
    notices.approve(session, notice.id, actor=people.publisher)
    session.commit()
    assert public_notice(store, notice.slug) is not None
    notices.return_to_draft(session, notice.id, actor=people.publisher)
    session.commit()
    assert notice.status == "draft"
    assert public_notice(store, notice.slug) is None
    assert events_for(session, notice)[-1] == ("notice.unpublish", people.publisher.id)


def test_an_archived_notice_leaves_the_public_and_cannot_be_edited(session, store, people):
    notice = in_review(session, people.editor)
    notices.approve(session, notice.id, actor=people.publisher)
    session.commit()
    notices.archive(session, notice.id, actor=people.publisher2)
    session.commit()
    assert public_notice(store, notice.slug) is None
    assert events_for(session, notice)[-1] == ("notice.archive", people.publisher2.id)
    for actor in (people.editor, people.publisher, people.admin):
        with pytest.raises(InvalidInput) as caught:
            notices.update_notice(session, notice.id, text("Diubah"), expected_version=notice.version, actor=actor)
        assert "archived" in caught.value.message
    with pytest.raises(InvalidInput):
        notices.submit_for_review(session, notice.id, actor=people.editor)
    assert session.get(Notice, notice.id).title_ind == "Jam layanan berubah"


def test_a_notice_in_review_cannot_be_archived(session, people):
    notice = in_review(session, people.editor)
    with pytest.raises(InvalidInput):
        notices.archive(session, notice.id, actor=people.publisher)


# Who may edit what


def test_editors_cannot_edit_a_published_or_scheduled_notice_but_publishers_can(session, people):
    published = in_review(session, people.editor)
    notices.approve(session, published.id, actor=people.publisher)
    scheduled = in_review(session, people.editor, title="Jadwal libur nasional")
    notices.approve(session, scheduled.id, actor=people.publisher, publish_at=utcnow() + timedelta(days=1))
    for notice in (published, scheduled):
        version = notice.version
        with pytest.raises(PermissionDenied):
            notices.update_notice(session, notice.id, text("Perubahan editor"), expected_version=version,
                                  actor=people.editor)
        assert notice.version == version and notice.title_ind != "Perubahan editor"
        notices.update_notice(session, notice.id, text("Perubahan penerbit"), expected_version=version,
                              actor=people.publisher2)
    # A correction of a published notice waits for a second person while the published text stays;
    # changed text that was only scheduled goes back to review, so no text goes out that a second
    # person has not approved.
    assert published.title_ind == "Jam layanan berubah" and scheduled.title_ind == "Perubahan penerbit"
    assert notices.pending_correction(session, published.id, actor=people.editor).texts["title_ind"] == \
        "Perubahan penerbit"
    assert (published.status, scheduled.status) == ("published", "in_review")
    assert scheduled.publish_at is None


def test_an_editor_may_edit_a_notice_in_review(session, people):
    notice = in_review(session, people.editor)
    notices.update_notice(session, notice.id, text(body="Teks yang dibetulkan."), expected_version=notice.version,
                          actor=people.editor2)
    assert notice.body_ind == "Teks yang dibetulkan." and notice.status == "in_review"


# Two people editing at once


def test_the_second_of_two_editors_saving_the_same_version_gets_a_conflict(db_url, session, people):
    notice = draft(session, people.editor, body="Teks awal.")
    session.commit()
    with db.session_scope(db_url) as first, db.session_scope(db_url) as second:
        seen_by_first = first.get(Notice, notice.id).version
        seen_by_second = second.get(Notice, notice.id).version
    assert seen_by_first == seen_by_second == 1

    with db.session_scope(db_url) as first:
        notices.update_notice(first, notice.id, text(body="Teks dari Ayu."), expected_version=seen_by_first,
                              actor=people.editor)
    with pytest.raises(ConflictError) as caught, db.session_scope(db_url) as second:
        notices.update_notice(second, notice.id, text(body="Teks dari Bima."), expected_version=seen_by_second,
                              actor=people.editor2)
    assert caught.value.current["body_ind"] == "Teks dari Ayu."
    assert caught.value.current["version"] == 2
    assert "Someone else saved" in caught.value.message

    with db.session_scope(db_url) as fresh:
        stored = fresh.get(Notice, notice.id)
        assert (stored.body_ind, stored.version) == ("Teks dari Ayu.", 2)
        versions = fresh.exec(select(NoticeRevision.version).where(NoticeRevision.notice_id == notice.id)).all()
        assert sorted(versions) == [1, 2]


def test_a_status_change_since_loading_also_counts_as_a_conflict(session, people):
    notice = draft(session, people.editor)
    loaded = notice.version
    notices.submit_for_review(session, notice.id, actor=people.editor)
    with pytest.raises(ConflictError):
        notices.update_notice(session, notice.id, text("Lama"), expected_version=loaded, actor=people.editor2)


@pytest.mark.parametrize("stale", [None, 0, 99])
def test_a_save_without_the_right_version_is_refused(session, people, stale):
    notice = draft(session, people.editor)
    with pytest.raises(ConflictError):
        notices.update_notice(session, notice.id, text("Baru"), expected_version=stale, actor=people.editor)
    assert notice.title_ind == "Jam layanan berubah"


# History


def test_every_save_adds_a_revision_and_the_diff_shows_the_changed_lines(session, people):
    body = "Baris satu.\nBaris dua lama.\nBaris tiga."
    notice = draft(session, people.editor, body=body)
    notices.update_notice(session, notice.id, text(body=body.replace("dua lama", "dua baru")), expected_version=1,
                          actor=people.editor)
    notices.update_notice(session, notice.id, text("Judul baru", body.replace("dua lama", "dua baru")),
                          expected_version=2, actor=people.editor2)
    history = notices.revisions(session, notice.id, actor=people.editor)
    assert [(r.version, r.saved_by_id) for r in history] == [
        (3, people.editor2.id), (2, people.editor.id), (1, people.editor.id)]

    diff = notices.diff_revisions(session, notice.id, 1, 2, actor=people.editor)
    assert set(diff) == {"body_ind"}
    assert "-Baris dua lama." in diff["body_ind"] and "+Baris dua baru." in diff["body_ind"]
    assert not any(line.startswith(("---", "+++")) for line in diff["body_ind"])

    diff = notices.diff_revisions(session, notice.id, 2, 3, actor=people.editor)
    assert set(diff) == {"title_ind"}
    assert "-Jam layanan berubah" in diff["title_ind"] and "+Judul baru" in diff["title_ind"]

    with pytest.raises(NotFound):
        notices.diff_revisions(session, notice.id, 1, 9, actor=people.editor)


def test_an_edit_is_audited_with_the_text_before_and_after(session, people):
    notice = draft(session, people.editor, body="Sebelum.")
    notices.update_notice(session, notice.id, text(body="Sesudah."), expected_version=1, actor=people.editor2)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "notice.edit")).one()
    assert event.actor_id == people.editor2.id
    assert '"body_ind": "Sebelum."' in event.before and '"body_ind": "Sesudah."' in event.after


# The text of a notice


def test_title_and_body_limits_are_enforced_with_a_clear_message():
    with pytest.raises(InvalidInput) as caught:
        NoticeText.clean(title_ind="a" * 201, body_ind="Isi.")
    assert caught.value.field == "title_ind"
    assert "200" in caught.value.message and "201" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        NoticeText.clean(title_ind="Judul", body_ind="b" * 20_001)
    assert caught.value.field == "body_ind" and "20000" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        NoticeText.clean(title_ind="Judul", lede_ind="c" * 601, body_ind="Isi.")
    assert caught.value.field == "lede_ind"
    with pytest.raises(InvalidInput) as caught:
        NoticeText.clean(title_ind="Judul", body_ind="Isi.", title_en="Title", body_en="e" * 20_001)
    assert caught.value.field == "body_en"


def test_text_at_the_limits_is_accepted():
    accepted = NoticeText.clean(title_ind="a" * 200, lede_ind="c" * 600, body_ind="b" * 20_000)
    assert (len(accepted.title_ind), len(accepted.lede_ind), len(accepted.body_ind)) == (200, 600, 20_000)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title_ind": "", "body_ind": "Isi."}, "title_ind"),
        ({"title_ind": "<b></b>", "body_ind": "Isi."}, "title_ind"),
        ({"title_ind": "Judul", "body_ind": "   "}, "body_ind"),
        ({"title_ind": "Judul", "body_ind": "<script>alert(1)</script>"}, "body_ind"),
        ({"title_ind": "Judul", "body_ind": "Isi.", "title_en": "Title"}, "body_en"),
        ({"title_ind": "Judul", "body_ind": "Isi.", "body_en": "Body."}, "title_en"),
    ],
)
def test_missing_text_is_refused_naming_the_field(fields, field):
    with pytest.raises(InvalidInput) as caught:
        NoticeText.clean(**fields)
    assert caught.value.field == field


def test_the_text_is_cleaned_before_it_is_stored(session, people):
    notice = notices.create_notice(
        session,
        NoticeText.clean(title_ind="  Paspor <b>reguler</b>\n tetap  diterima ",
                         body_ind="Datang <script>alert(1)</script>pagi.\r\n\r\n[Info](javascript:alert(1))"),
        actor=people.editor,
    )
    assert notice.title_ind == "Paspor reguler tetap diterima"
    assert "<" not in notice.body_ind and "javascript" not in notice.body_ind.lower()
    assert notice.slug == "paspor-reguler-tetap-diterima"


def test_a_publisher_who_changed_the_text_cannot_approve_it(cheap_argon2, session, monkeypatch):
    """Four eyes: editing someone's notice in review and then approving it would publish unchecked text."""
    monkeypatch.delenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", raising=False)
    author = accounts.create_editor(session, username="penulis", display_name="P", password="x" * 12,
                                    operator=True)
    publisher = accounts.create_editor(session, username="penerbit-a", display_name="A", password="x" * 12,
                                       role="publisher", operator=True)
    other = accounts.create_editor(session, username="penerbit-b", display_name="B", password="x" * 12,
                                   role="publisher", operator=True)
    notice = notices.create_notice(session, notices.NoticeText.clean(title_ind="Judul", body_ind="Isi."), actor=author)
    notices.submit_for_review(session, notice.id, actor=author)
    changed = notices.update_notice(session, notice.id, notices.NoticeText.clean(title_ind="Judul", body_ind="Isi lain."),
                                    expected_version=notice.version, actor=publisher)
    with pytest.raises(PermissionDenied):
        notices.approve(session, notice.id, actor=publisher)
    with pytest.raises(ConflictError):
        notices.approve(session, notice.id, actor=other, expected_version=changed.version - 1)
    assert notices.approve(session, notice.id, actor=other, expected_version=changed.version).status == "published"

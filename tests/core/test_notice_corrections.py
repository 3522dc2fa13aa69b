"""Corrections of published notices: a second person approves them, the published text stays live until
then, single-person publishing lets them go at once, and an admin's urgent correction needs a reason."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from imigrasi_site.core import notices
from imigrasi_site.core.errors import ConflictError, InvalidInput, PermissionDenied
from imigrasi_site.core.i18n import both
from imigrasi_site.core.models import AuditEvent, NoticeCorrection, NoticeRevision
from tests.support.notices import events_for, in_review, public_notice, text


@pytest.fixture(autouse=True)
def four_eyes(monkeypatch):
    monkeypatch.delenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", raising=False)


@pytest.fixture
def published(session, people):
    notice = in_review(session, people.editor, title="Kantor Denpasar buka normal", body="Buka pukul 08.00.")
    notices.approve(session, notice.id, actor=people.publisher)
    session.commit()
    return notice


def correct(session, notice, actor, title="Kantor Denpasar buka siang", body="Buka pukul 12.00.", **kwargs):
    return notices.update_notice(session, notice.id, text(title, body), expected_version=notice.version,
                                 actor=actor, **kwargs)


def test_a_publishers_correction_waits_and_the_published_version_stays_live(session, store, people, published):
    correct(session, published, people.publisher2, office_codes=["kanim-denpasar"])
    session.commit()
    shown = public_notice(store, published.slug)
    assert (shown.title_ind, shown.body_ind) == ("Kantor Denpasar buka normal", "Buka pukul 08.00.")
    waiting = notices.pending_correction(session, published.id, actor=people.editor)
    assert waiting.texts["title_ind"] == "Kantor Denpasar buka siang" and waiting.office_codes == ["kanim-denpasar"]
    assert waiting.proposed_by_id == people.publisher2.id
    # The correction is a revision like any other save, so it can be compared.
    assert session.exec(select(NoticeRevision).where(NoticeRevision.notice_id == published.id,
                                                     NoticeRevision.version == waiting.version)).one().title_ind \
        == "Kantor Denpasar buka siang"
    assert events_for(session, published)[-1] == ("notice.correction_submit", people.publisher2.id)


def test_the_proposer_cannot_approve_their_own_correction_someone_else_can(session, store, people, published):
    correct(session, published, people.publisher2, office_codes=["kanim-denpasar"])
    session.commit()
    with pytest.raises(PermissionDenied) as caught:
        notices.approve_correction(session, published.id, actor=people.publisher2)
    assert caught.value.message == both("correction_own")
    session.rollback()
    with pytest.raises(PermissionDenied):
        notices.approve_correction(session, published.id, actor=people.editor)  # editors approve nothing
    notices.approve_correction(session, published.id, actor=people.publisher, expected_version=published.version)
    session.commit()
    shown = public_notice(store, published.slug)
    assert (shown.title_ind, shown.body_ind) == ("Kantor Denpasar buka siang", "Buka pukul 12.00.")
    assert "kanim-denpasar" in shown.office_codes
    assert session.get(NoticeCorrection, published.id) is None
    assert notices.pending_correction(session, published.id, actor=people.editor) is None
    assert events_for(session, published)[-1] == ("notice.correction_approve", people.publisher.id)


def test_approval_is_of_the_version_read(session, people, published):
    correct(session, published, people.publisher2)
    seen = published.version
    correct(session, published, people.publisher2, title="Kantor Denpasar buka sore")
    with pytest.raises(ConflictError):
        notices.approve_correction(session, published.id, actor=people.publisher, expected_version=seen)


def test_saving_on_a_stale_version_is_a_conflict_showing_the_waiting_correction(session, people, published):
    stale = published.version
    correct(session, published, people.publisher2)
    with pytest.raises(ConflictError) as caught:
        notices.update_notice(session, published.id, text("Judul lain"), expected_version=stale,
                              actor=people.publisher)
    assert caught.value.current["title_ind"] == "Kantor Denpasar buka siang"
    # Editing the waiting correction again replaces it: still one correction, the latest text.
    correct(session, published, people.publisher, title="Kantor Denpasar buka sore")
    rows = session.exec(select(NoticeCorrection)).all()
    assert len(rows) == 1 and rows[0].proposed_by_id == people.publisher.id
    assert notices.pending_correction(session, published.id, actor=people.editor).texts["title_ind"] == \
        "Kantor Denpasar buka sore"


def test_single_person_publishing_lets_a_correction_go_live_at_once(session, store, people, published, monkeypatch):
    monkeypatch.setenv("IMIGRASI_SINGLE_PERSON_PUBLISHING", "1")
    correct(session, published, people.publisher2)
    session.commit()
    assert public_notice(store, published.slug).title_ind == "Kantor Denpasar buka siang"
    assert session.get(NoticeCorrection, published.id) is None
    assert events_for(session, published)[-1] == ("notice.edit", people.publisher2.id)


@pytest.mark.parametrize("reason", ["", "   ", "terlalu", "x" * 501, None])
def test_an_admins_urgent_correction_needs_a_reason(session, store, people, published, reason):
    before = published.version
    with pytest.raises(InvalidInput) as caught:
        correct(session, published, people.admin, urgent_reason=reason if reason is not None else 42)
    assert caught.value.field == "urgent_reason"
    session.rollback()
    assert public_notice(store, published.slug).title_ind == "Kantor Denpasar buka normal"
    assert session.get(NoticeCorrection, published.id) is None
    assert published.version == before


def test_an_admins_urgent_correction_goes_live_at_once_with_its_reason_audited(session, store, people, published):
    correct(session, published, people.publisher2, title="Koreksi biasa")  # one waiting is superseded
    reason = "Nomor telepon yang terbit salah; pemohon menelepon nomor pribadi."
    correct(session, published, people.admin, urgent_reason=reason)
    session.commit()
    assert public_notice(store, published.slug).title_ind == "Kantor Denpasar buka siang"
    assert session.get(NoticeCorrection, published.id) is None
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "notice.correct_urgent")).one()
    assert event.actor_id == people.admin.id and json.loads(event.after)["reason"] == reason
    assert json.loads(event.before)["title_ind"] == "Kantor Denpasar buka normal"


def test_only_admins_take_the_urgent_path(session, people, published):
    with pytest.raises(PermissionDenied):
        correct(session, published, people.publisher2, urgent_reason="Alasan yang cukup panjang.")
    assert session.get(NoticeCorrection, published.id) is None


def test_a_discarded_correction_leaves_the_published_text(session, store, people, published):
    correct(session, published, people.publisher2)
    notices.discard_correction(session, published.id, actor=people.publisher)
    session.commit()
    assert public_notice(store, published.slug).title_ind == "Kantor Denpasar buka normal"
    assert notices.pending_correction(session, published.id, actor=people.editor) is None
    with pytest.raises(InvalidInput):
        notices.approve_correction(session, published.id, actor=people.publisher)


def test_unpublishing_drops_a_waiting_correction(session, people, published):
    correct(session, published, people.publisher2)
    notices.return_to_draft(session, published.id, actor=people.publisher)
    assert session.get(NoticeCorrection, published.id) is None
    with pytest.raises(InvalidInput):
        notices.approve_correction(session, published.id, actor=people.publisher)

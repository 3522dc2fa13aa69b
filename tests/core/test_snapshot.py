"""The public read model holds what the public may see, and follows writes."""

from __future__ import annotations

import dataclasses

from sqlmodel import select

from imigrasi_site.core import db, notices, views
from imigrasi_site.core.availability import CellSelector, apply_availability
from imigrasi_site.core.models import Notice
from imigrasi_site.core.snapshot import PublicSnapshot


def test_demo_incident_with_its_timeline_and_affected_cells(snapshot):
    [incident] = snapshot.open_incidents
    assert incident.status == "monitoring"
    assert [u.status for u in incident.updates] == ["monitoring", "identified", "identified", "investigating"]
    assert incident.updates[0].posted_at > incident.updates[-1].posted_at
    affected = {(a.office_code, a.service_code): a.availability for a in incident.affected}
    assert affected[("kanim-putussibau", "passport_application")] == "unavailable"
    assert affected[("tpi-bandara-soekarno-hatta", "border_crossing")] == "normal"
    assert affected[("tpi-bandara-ngurah-rai", "border_crossing")] == "limited"
    assert snapshot.incident(incident.id) is incident
    assert snapshot.incident(str(incident.id)) is incident
    assert snapshot.incident("nope") is None and snapshot.incident(99999) is None


def test_published_notices_newest_first_and_lookups(snapshot):
    assert len(snapshot.notices) >= 2
    dates = [n.published_at for n in snapshot.notices]
    assert dates == sorted(dates, reverse=True)
    assert any(n.has_english for n in snapshot.notices)
    assert any(not n.has_english for n in snapshot.notices)
    first = snapshot.notices[0]
    assert snapshot.notice(first.slug) is first
    assert snapshot.notice("no-such-notice") is None and snapshot.notice(None) is None
    putussibau = [n for n in snapshot.notices if "kanim-putussibau" in n.office_codes]
    assert putussibau and putussibau[0].incident_id == snapshot.open_incidents[0].id


def test_offices_by_code_and_in_name_order(snapshot):
    office = snapshot.office("tpi-bandara-ngurah-rai")
    assert office.timezone == "Asia/Makassar" and office.province_name == "Bali"
    assert snapshot.office("../etc/passwd") is None and snapshot.office(123) is None
    names = [o.name.casefold() for o in snapshot.offices]
    assert names == sorted(names)


def test_drafts_are_not_public_until_published(session, store):
    draft = notices.create_notice(
        session, notices.NoticeText.clean(title_ind="Uji draf rahasia", body_ind="Belum boleh terlihat.")
    )
    session.commit()
    assert store.get().notice(draft.slug) is None
    notices.publish_seed_notice(session, draft, draft.created_at)
    session.commit()
    assert store.get().notice(draft.slug) is None  # this process has not looked yet
    assert store.refresh_if_changed() is True
    assert store.get().notice(draft.slug).title_ind == "Uji draf rahasia"
    assert store.refresh_if_changed() is False


def test_a_write_through_another_store_is_seen_after_refresh(db_url, store):
    before = store.get()
    assert before.office("kanim-denpasar").cell("passport_application").availability == "normal"
    with db.session_scope(db_url) as session:
        apply_availability(
            session,
            CellSelector(service_codes=("passport_application",), office_codes=("kanim-denpasar",)),
            availability="limited",
            advice_ind="Antrean panjang.",
        )
    assert store.refresh_if_changed()
    after = store.get()
    assert after.revision > before.revision
    cell = after.office("kanim-denpasar").cell("passport_application")
    assert (cell.availability, cell.advice_ind) == ("limited", "Antrean panjang.")
    denpasar = next(s for s in after.summary if s.service_code == "passport_application")
    assert denpasar.limited == 1


# Words that name editor or account data; no field of a public view may carry one.
PRIVATE_WORDS = ("editor", "account", "author", "approved_by", "changed_by", "actor", "password", "token", "email",
                 "secret", "hash", "session")


def test_a_draft_is_nowhere_in_the_snapshot(session, store):
    draft = notices.create_notice(session, notices.NoticeText.clean(
        title_ind="Draf rahasia uji", body_ind="Isi yang belum boleh terlihat.", title_en="Secret test draft",
        body_en="Text nobody may see yet."))
    session.commit()
    assert session.exec(select(Notice).where(Notice.id == draft.id)).one().status == "draft"
    snapshot = store.get()
    assert snapshot.notice(draft.slug) is None
    texts = [(n.title_ind, n.body_ind, n.title_en, n.body_en) for n in snapshot.notices]
    assert not [t for t in texts if "rahasia uji" in t[0] or "Secret test draft" in t[2]]
    assert snapshot.notices  # the published demo notices are there: the check looked at something


def test_no_public_view_has_a_private_field():
    shapes = [cls for cls in vars(views).values()
              if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == views.__name__]
    shapes.append(PublicSnapshot)
    assert {"OfficeView", "CellView", "NoticeView", "IncidentView"} <= {cls.__name__ for cls in shapes}
    private = [f"{cls.__name__}.{f.name}" for cls in shapes for f in dataclasses.fields(cls)
               if any(word in f.name.lower() for word in PRIVATE_WORDS)]
    assert private == []

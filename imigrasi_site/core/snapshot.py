"""The public read model: everything the public may see, built in one pass.

Public pages, the API, feeds and the embed read a PublicSnapshot, never the
database. Writes bump a revision number in the database (db.bump_public_revision);
the SnapshotStore rebuilds when the revision it holds is no longer the newest.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from imigrasi_site.core.channels import office_channels
from imigrasi_site.core.db import read_public_revision, row_id, session_scope
from imigrasi_site.core.models import (
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceCell,
    MaintenanceStatus,
    Notice,
    NoticeOffice,
    NoticeStatus,
    Office,
    OfficeService,
    Province,
    Service,
    SignalAutoMark,
    SpecialDay,
    StatusChange,
    utcnow,
)
from imigrasi_site.core.offices import national_summary
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.views import (
    AffectedCell,
    CellView,
    ChangePoint,
    IncidentUpdateView,
    IncidentView,
    MaintenanceView,
    NoticeView,
    OfficeView,
    ProvinceView,
    ServiceSummary,
    ServiceView,
    SpecialDayView,
    from_row,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class PublicSnapshot:
    revision: int
    built_at: datetime  # when this data was last confirmed against the database ("data as of")
    provinces: tuple[ProvinceView, ...]
    services: tuple[ServiceView, ...]
    offices: tuple[OfficeView, ...]  # in service today, sorted by name
    incidents: tuple[IncidentView, ...]  # open first, then newest first
    notices: tuple[NoticeView, ...]  # newest first
    summary: tuple[ServiceSummary, ...]
    maintenance: tuple[MaintenanceView, ...] = ()  # scheduled or under way, soonest first
    special_days: tuple[SpecialDayView, ...] = ()  # editors' closures and extra openings, by day
    # Units closed since (merged, upgraded, lost their status): not listed, but past incidents name them.
    former_offices: tuple[OfficeView, ...] = ()
    _offices_by_code: Mapping[str, OfficeView] = field(init=False, repr=False, compare=False)
    _notices_by_slug: Mapping[str, NoticeView] = field(init=False, repr=False, compare=False)
    _incidents_by_id: Mapping[int, IncidentView] = field(init=False, repr=False, compare=False)
    _maintenance_by_office: Mapping[str, tuple[MaintenanceView, ...]] = field(init=False, repr=False,
                                                                           compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_offices_by_code", MappingProxyType({o.code: o for o in self.offices}))
        object.__setattr__(self, "_notices_by_slug", MappingProxyType({n.slug: n for n in self.notices}))
        object.__setattr__(self, "_incidents_by_id", MappingProxyType({i.id: i for i in self.incidents}))
        by_office: dict[str, list[MaintenanceView]] = defaultdict(list)
        for window in self.maintenance:
            for office_code in dict.fromkeys(cell.office_code for cell in window.cells):
                by_office[office_code].append(window)
        object.__setattr__(self, "_maintenance_by_office",
                           MappingProxyType({code: tuple(ws) for code, ws in by_office.items()}))

    def office(self, code: object) -> OfficeView | None:
        """An office in service today (closed ones are not public pages)."""
        return self._offices_by_code.get(code) if isinstance(code, str) else None

    def office_ever(self, code: str) -> OfficeView | None:
        """An office in service today or closed since: for naming the offices of a past incident."""
        found = self.office(code)
        return found if found is not None else next((o for o in self.former_offices if o.code == code), None)

    def notice(self, slug: object) -> NoticeView | None:
        return self._notices_by_slug.get(slug) if isinstance(slug, str) else None

    def incident(self, incident_id: object) -> IncidentView | None:
        if not isinstance(incident_id, int | str):
            return None
        try:
            return self._incidents_by_id.get(int(incident_id))
        except ValueError:
            return None

    def maintenance_for(self, office_code: str) -> tuple[MaintenanceView, ...]:
        return self._maintenance_by_office.get(office_code, ())

    def special_days_for(self, office: OfficeView) -> tuple[SpecialDayView, ...]:
        """The special days that apply to the office: its own, its province's or type's, nationwide."""
        return tuple(s for s in self.special_days if s.applies_to(office))

    def service(self, code: str) -> ServiceView | None:
        return next((s for s in self.services if s.code == code), None)

    @property
    def open_incidents(self) -> tuple[IncidentView, ...]:
        return tuple(i for i in self.incidents if i.is_open)


def _is_public(notice: Notice, now: datetime) -> bool:
    if notice.status == NoticeStatus.PUBLISHED.value:
        return True
    return notice.status == NoticeStatus.SCHEDULED.value and notice.publish_at is not None and notice.publish_at <= now


def local_date(at: datetime, tz_name: str) -> date:
    return at.astimezone(ZoneInfo(tz_name)).date()


def build_snapshot(session: Session, *, now: datetime | None = None) -> PublicSnapshot:
    """Read every public table once and assemble the read model."""
    now = now or utcnow()
    revision = read_public_revision(session)
    provinces = {p.code: p for p in session.exec(select(Province)).all()}
    services = sorted(session.exec(select(Service)).all(), key=lambda s: (s.sort_order, s.code))
    service_code_by_id = {s.id: s.code for s in services}
    service_order = {s.code: i for i, s in enumerate(services)}

    # Offices not yet opened are not public; closed ones keep their cells for past incidents.
    all_offices = [o for o in session.exec(select(Office)).all()
                   if o.is_active and (o.opened_on is None or o.opened_on <= local_date(now, o.timezone))]
    offices = [o for o in all_offices if o.in_service_on(local_date(now, o.timezone))]
    office_code_by_id = {o.id: o.code for o in offices}
    any_office_code_by_id = {o.id: o.code for o in all_offices}
    channels = office_channels()
    history: dict[int, list[ChangePoint]] = defaultdict(list)
    incident_changes: list[StatusChange] = []
    for change in session.exec(select(StatusChange).order_by(col(StatusChange.changed_at), col(StatusChange.id))).all():
        history[change.office_service_id].append(
            ChangePoint(change.changed_at, change.old_availability, change.new_availability))
        if change.incident_id is not None:
            incident_changes.append(change)
    cells_by_office: dict[int, list[CellView]] = defaultdict(list)
    # Cells a signal marked by itself (core/signals.py): the office page says so.
    auto_marked = set(session.exec(select(SignalAutoMark.office_service_id)
                                   .where(col(SignalAutoMark.reverted_at).is_(None))).all())
    cell_keys: dict[int, tuple[str, str]] = {}
    for cell in session.exec(select(OfficeService)).all():
        if cell.office_id not in any_office_code_by_id:
            continue
        service_code = service_code_by_id[cell.service_id]
        cell_id = row_id(cell)
        cell_keys[cell_id] = (any_office_code_by_id[cell.office_id], service_code)
        cells_by_office[cell.office_id].append(
            from_row(CellView, cell, service_code=service_code, history=tuple(history[cell_id]),
                     detected_automatically=cell_id in auto_marked)
        )
    office_views: list[OfficeView] = []
    former_views: list[OfficeView] = []
    for office in all_offices:
        province = provinces[office.province_code]
        cells = sorted(cells_by_office[row_id(office)], key=lambda c: service_order[c.service_code])
        (office_views if office.id in office_code_by_id else former_views).append(
            from_row(OfficeView, office, province_name=province.name, cells=tuple(cells),
                     channels=channels.get(office.code, ()))
        )
    office_views.sort(key=lambda o: (o.name.casefold(), o.code))
    former_views.sort(key=lambda o: (o.name.casefold(), o.code))
    availability_by_key = {
        (o.code, c.service_code): c.availability for o in (*office_views, *former_views) for c in o.cells
    }

    # The cells each incident changed, with their availability now.
    affected: dict[int, dict[tuple[str, str], None]] = defaultdict(dict)
    for change in incident_changes:
        key = cell_keys.get(change.office_service_id)
        if key is not None and change.incident_id is not None:
            affected[change.incident_id][key] = None

    updates: dict[int, list[IncidentUpdateView]] = defaultdict(list)
    for update in session.exec(select(IncidentUpdate).order_by(col(IncidentUpdate.posted_at).desc())).all():
        updates[update.incident_id].append(
            from_row(IncidentUpdateView, update)
        )
    incident_views = [
        from_row(
            IncidentView,
            incident,
            id=row_id(incident),
            updates=tuple(updates[row_id(incident)]),
            affected=tuple(
                AffectedCell(office_code, service_code, availability_by_key[(office_code, service_code)])
                for office_code, service_code in affected[row_id(incident)]
            ),
        )
        for incident in session.exec(select(Incident)).all()
    ]
    incident_views.sort(key=lambda i: (not i.is_open, -i.started_at.timestamp(), i.id))

    public_notices = [n for n in session.exec(select(Notice)).all() if _is_public(n, now)]
    notice_offices: dict[int, list[str]] = defaultdict(list)
    for link in session.exec(select(NoticeOffice)).all():
        if link.office_id in office_code_by_id:
            notice_offices[link.notice_id].append(office_code_by_id[link.office_id])
    notice_views = [
        from_row(
            NoticeView,
            n,
            published_at=n.published_at or n.publish_at or n.updated_at,
            office_codes=tuple(sorted(notice_offices[row_id(n)])),
        )
        for n in public_notices
    ]
    notice_views.sort(key=lambda n: (n.published_at, n.slug), reverse=True)

    maintenance_cells: dict[int, list[AffectedCell]] = defaultdict(list)
    for cell_link in session.exec(select(MaintenanceCell)).all():
        key = cell_keys.get(cell_link.office_service_id)
        if key is not None:
            maintenance_cells[cell_link.maintenance_id].append(AffectedCell(key[0], key[1], ""))
    maintenance_views = tuple(
        from_row(
            MaintenanceView, w, id=row_id(w),
            cells=tuple(replace(c, availability=w.availability) for c in sorted(maintenance_cells[row_id(w)],
                                                                              key=lambda c: (c.office_code,
                                                                                             service_order[c.service_code]))),
        )
        for w in session.exec(select(Maintenance).where(col(Maintenance.status).in_(
            [MaintenanceStatus.SCHEDULED.value, MaintenanceStatus.ACTIVE.value])).order_by(col(Maintenance.starts_at))).all()
    )

    special_views = tuple(
        from_row(SpecialDayView, s, id=row_id(s), day=s.day.isoformat(), office_code=office_code_by_id.get(s.office_id))
        for s in session.exec(select(SpecialDay).order_by(col(SpecialDay.day), col(SpecialDay.id))).all()
        # A special day of an office no longer shown is not public either.
        if s.office_id is None or s.office_id in office_code_by_id
    )
    service_views = tuple(
        from_row(ServiceView, s) for s in services
    )
    office_tuple = tuple(office_views)
    return PublicSnapshot(
        revision=revision,
        built_at=now,
        provinces=tuple(
            from_row(ProvinceView, p) for p in sorted(provinces.values(), key=lambda p: p.name)
        ),
        services=service_views,
        offices=office_tuple,
        incidents=tuple(incident_views),
        notices=tuple(notice_views),
        summary=national_summary(office_tuple, service_views),
        maintenance=maintenance_views,
        special_days=special_views,
        former_offices=tuple(former_views),
    )


# How often an unchanged snapshot is re-stamped as confirmed (the stale limit is a setting).
RENEW_AFTER = timedelta(seconds=60)
# The saved copy is the snapshot through one declared codec: pydantic reads the view dataclasses'
# fields and types itself, so a field added to a view is saved and loaded with no table to update.
_CODEC: TypeAdapter[PublicSnapshot] = TypeAdapter(PublicSnapshot)
# A copy that cannot be saved (full or read-only disk) is logged at most this often, in seconds.
COPY_ERROR_LOG_EVERY = 60.0


def _schema_version() -> str:
    """A fingerprint of the codec's schema (docstrings aside): it changes whenever a view's fields do."""
    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k != "description"}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return value
    text = json.dumps(shape(_CODEC.json_schema()), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


SNAPSHOT_VERSION = _schema_version()


class OldSnapshotCopy(ValueError):
    """A saved copy written by a version of the app whose views had other fields."""


def snapshot_to_json(snapshot: PublicSnapshot) -> str:
    return f'{{"version":"{SNAPSHOT_VERSION}","snapshot":{_CODEC.dump_json(snapshot).decode()}}}'


def snapshot_from_json(text: str) -> PublicSnapshot:
    """The snapshot in a saved copy; OldSnapshotCopy when another version wrote it, ValueError when damaged.

    A copy of another version is refused rather than patched with defaults: a view's new field
    would read as "nothing" (no channels, no closing date) where the database has values.
    """
    document = json.loads(text)
    version = document.get("version") if isinstance(document, dict) else None
    if version != SNAPSHOT_VERSION:
        raise OldSnapshotCopy(f"the copy has snapshot version {version!r}, this app reads {SNAPSHOT_VERSION!r}")
    try:
        return _CODEC.validate_python(document["snapshot"])
    except ValidationError as error:
        raise ValueError(f"the copy does not match the snapshot's schema: {error}") from error


def is_stale(snapshot: PublicSnapshot, now: datetime | None = None) -> bool:
    """True when the data could not be confirmed against the database for a while (an outage)."""
    return (now or utcnow()) - snapshot.built_at > timedelta(seconds=get_settings().stale_after_seconds)


class SnapshotStore:
    """Holds the current snapshot of this process and rebuilds it when the database moved on.

    After every rebuild the snapshot is also written to disk, so that when the database
    cannot be reached, even a freshly started process answers from the last good copy.
    """

    def __init__(self, db_url: str | None = None, copy_path: Path | None = None) -> None:
        self._db_url = db_url
        self._copy_path = copy_path or get_settings().snapshot_path
        self._snapshot: PublicSnapshot | None = None
        self._lock = threading.Lock()
        self._clock = time.monotonic
        self._failed_saves = 0
        self._failure_logged_at: float | None = None

    def get(self) -> PublicSnapshot:
        """The current snapshot: from memory, else from the database, else from the saved copy."""
        snapshot = self._snapshot
        if snapshot is None:
            with self._lock:
                snapshot = self._snapshot
                if snapshot is None:
                    try:
                        snapshot = self._build()
                        self._check_copy_at_start()
                        self._replace(snapshot)
                    except SQLAlchemyError:
                        log.warning("database unreachable at start; serving the saved copy", exc_info=True)
                        snapshot = self._snapshot = self._load_copy()
        return snapshot

    def peek(self) -> PublicSnapshot | None:
        """The snapshot in memory, without ever touching the database (for the event loop)."""
        return self._snapshot

    def refresh_if_changed(self, now: datetime | None = None) -> bool:
        """One cheap query for the revision; rebuild only when it differs. True when rebuilt.

        Raises the database's error when it cannot be reached; the snapshot in memory stays.
        """
        now = now or utcnow()
        with session_scope(self._db_url) as session:
            revision = read_public_revision(session)
        current = self._snapshot
        if current is not None and current.revision == revision:
            if now - current.built_at >= RENEW_AFTER:
                with self._lock:
                    self._replace(replace(current, built_at=now))
            return False
        with self._lock:
            self._replace(self._build())
        return True

    def _replace(self, snapshot: PublicSnapshot) -> None:
        self._snapshot = snapshot
        # A temporary file of this process's own (workers write at the same time), then an
        # atomic rename: a reader never sees half a file, and a failed write leaves the old copy.
        partial = self._copy_path.with_name(f"{self._copy_path.name}.{os.getpid()}.partial")
        try:
            self._copy_path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(snapshot_to_json(snapshot), encoding="utf-8")
            os.replace(partial, self._copy_path)
        except OSError as error:
            with contextlib.suppress(OSError):  # a full disk must not keep a half-written file as well
                partial.unlink(missing_ok=True)
            self._copy_failed(error)
            return
        if self._failed_saves:
            log.info("the snapshot copy is saved to %s again, after %d failed saves", self._copy_path,
                     self._failed_saves)
            self._failed_saves, self._failure_logged_at = 0, None

    def _copy_failed(self, error: OSError) -> None:
        """Log a refused save at most once per COPY_ERROR_LOG_EVERY: a full disk stays full for a while,
        and a rebuild per write (or per worker) must not fill the log as well."""
        self._failed_saves += 1
        now = self._clock()
        if self._failure_logged_at is not None and now - self._failure_logged_at < COPY_ERROR_LOG_EVERY:
            return
        self._failure_logged_at = now
        log.error("could not save the snapshot copy to %s (%s; %d failed saves so far); the previous copy "
                  "is kept and the site keeps answering from memory", self._copy_path, error, self._failed_saves)

    def _check_copy_at_start(self) -> None:
        """Say in the log when the copy this process would fall back on is unreadable (it is rewritten next)."""
        if not self._copy_path.exists():
            return
        try:
            self._load_copy()
        except SnapshotUnavailable as error:
            log.warning("the saved snapshot copy %s is unreadable (%s); started from the database and writing a "
                        "new copy", self._copy_path, error.__cause__)

    def _load_copy(self) -> PublicSnapshot:
        try:
            return snapshot_from_json(self._copy_path.read_text(encoding="utf-8"))
        except OldSnapshotCopy as error:
            # Not served: the next request builds from the database again, as soon as it answers.
            log.error("saved snapshot copy %s refused: %s; waiting for the database to rebuild it",
                      self._copy_path, error)
            raise SnapshotUnavailable(f"no database and the copy at {self._copy_path} is of another version: "
                                      f"{error}") from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise SnapshotUnavailable(f"no database and no usable copy at {self._copy_path}: {error}") from error

    def _build(self) -> PublicSnapshot:
        with session_scope(self._db_url) as session:
            return build_snapshot(session)


class SnapshotUnavailable(RuntimeError):
    """Neither the database nor a saved copy can give the public read model."""


_public_store: SnapshotStore | None = None
_public_store_lock = threading.Lock()


def public_store() -> SnapshotStore:
    """This process's store of the public read model, shared by pages, API, feeds and embeds."""
    global _public_store
    with _public_store_lock:
        if _public_store is None:
            _public_store = SnapshotStore()
        return _public_store


async def current_snapshot(store: SnapshotStore | None = None) -> PublicSnapshot:
    """The read model for code on an event loop: from memory, and only a process's very first
    request goes to the database (or the saved copy), in a thread."""
    store = store or public_store()
    snapshot = store.peek()
    return snapshot if snapshot is not None else await asyncio.to_thread(store.get)


class SnapshotMemo(Generic[T]):
    """Things made from the current snapshot, kept until the store hands out a new one.

    Keyed by the snapshot object itself: a new object (new data, or a renewed as-of time)
    makes every kept value stale at once. Entries are capped in number and, when `size` is
    given, in bytes, because keys may come from visitors; `keep` decides which values are
    worth keeping. The oldest entries go first.
    """

    def __init__(self, max_entries: int = 2048, keep: Callable[[T], bool] = lambda _value: True, *,
                 size: Callable[[T], int] | None = None, max_bytes: int = 0) -> None:
        self._max_entries = max_entries
        self._keep = keep
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._snapshot: PublicSnapshot | None = None
        self._entries: dict[Hashable, T] = {}

    def get(self, snapshot: PublicSnapshot, key: Hashable, make: Callable[[], T]) -> T:
        if snapshot is not self._snapshot:
            self._snapshot, self._entries, self._bytes = snapshot, {}, 0
        value = self._entries.get(key)
        if value is None:
            value = make()
            if self._keep(value):
                self._add(key, value)
        return value

    def _add(self, key: Hashable, value: T) -> None:
        size = self._size(value) if self._size else 0
        if self._size and size > self._max_bytes:
            return  # larger than the whole budget: made for this request only
        while self._entries and (len(self._entries) >= self._max_entries
                                 or (self._size and self._bytes + size > self._max_bytes)):
            oldest = next(iter(self._entries))
            if self._size:
                self._bytes -= self._size(self._entries[oldest])
            del self._entries[oldest]
        self._entries[key] = value
        self._bytes += size

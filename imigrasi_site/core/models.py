"""SQLModel tables: the one place that says what is stored.

Times are stored in UTC and always come back tz-aware (see UTCDateTime), so no
naive datetime can leak into formatting or comparisons. Enumerations are stored
as short strings with CHECK constraints rather than database enum types, which
keeps migrations identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that refuses naive datetimes and always returns UTC-aware ones."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite keeps no zone: store naive UTC there, aware everywhere else.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _utc_column(*, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


def _check_in(column: str, enum_cls: type[enum.Enum], name: str) -> sa.CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return sa.CheckConstraint(f"{column} IN ({values})", name=name)


class OfficeType(str, enum.Enum):
    KANIM = "kanim"
    ULP = "ulp"
    UKK = "ukk"
    TPI_AIRPORT = "tpi_airport"
    TPI_SEAPORT = "tpi_seaport"
    TPI_LAND = "tpi_land"


class OfficeClass(str, enum.Enum):
    I_KHUSUS_TPI = "I_KHUSUS_TPI"
    I_KHUSUS_NON_TPI = "I_KHUSUS_NON_TPI"
    I_TPI = "I_TPI"
    I_NON_TPI = "I_NON_TPI"
    II_TPI = "II_TPI"
    II_NON_TPI = "II_NON_TPI"
    III_TPI = "III_TPI"
    III_NON_TPI = "III_NON_TPI"


class Availability(str, enum.Enum):
    NORMAL = "normal"
    LIMITED = "limited"
    UNAVAILABLE = "unavailable"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Availability.NORMAL: 0, Availability.LIMITED: 1, Availability.UNAVAILABLE: 2}


class IncidentStatus(str, enum.Enum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class NoticeStatus(str, enum.Enum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class MaintenanceStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Role(str, enum.Enum):
    EDITOR = "editor"
    PUBLISHER = "publisher"
    ADMIN = "admin"


class Province(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=80, unique=True)
    timezone: str = Field(max_length=32)


class Office(SQLModel, table=True):
    __table_args__ = (
        _check_in("type", OfficeType, "ck_office_type"),
        # An office without a class (a TPI post, a ULP) has NULL, which the IN test lets through.
        _check_in("office_class", OfficeClass, "ck_office_class"),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180", name="ck_office_coords"),
        sa.CheckConstraint("closed_on IS NULL OR opened_on IS NULL OR closed_on > opened_on",
                           name="ck_office_service_dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    type: str = Field(max_length=16)
    office_class: str | None = Field(default=None, max_length=20)
    name: str = Field(max_length=160)
    province_code: str = Field(foreign_key="province.code", max_length=2, index=True)
    city: str = Field(max_length=120)
    address: str = Field(default="", max_length=300)
    # Where the address was read (a URL), so it can be checked again.
    address_source: str = Field(default="", max_length=300)
    latitude: float
    longitude: float
    # Derived from the province at seed time, stored so a border case can be corrected by hand.
    timezone: str = Field(max_length=32)
    is_active: bool = Field(default=True)
    # The first and the first no-longer day of the unit in its own calendar: a Kantor Imigrasi opened
    # on 26 January 2026, a UKK upgraded to a Kanim that day (closed_on), a port that lost its status.
    # None: open before the site's records begin / still open. A closed office keeps its history.
    opened_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    closed_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    version: int = Field(default=1)

    def in_service_on(self, day: date) -> bool:
        return in_service(self.opened_on, self.closed_on, day)


def in_service(opened_on: date | None, closed_on: date | None, day: date) -> bool:
    """Whether a unit with these dates existed on `day` (closed_on is the first day it no longer did)."""
    return (opened_on is None or opened_on <= day) and (closed_on is None or day < closed_on)


class Service(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=48, unique=True, index=True)
    name_ind: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    description_ind: str = Field(default="", max_length=400)
    description_en: str = Field(default="", max_length=400)
    sort_order: int = Field(default=0)


class OfficeService(SQLModel, table=True):
    """One cell of the office x service table: that the office offers it, and how it runs now."""

    __tablename__ = "office_service"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "service_id", name="uq_office_service"),
        _check_in("availability", Availability, "ck_office_service_availability"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    availability: str = Field(default=Availability.NORMAL.value, max_length=16)
    advice_ind: str = Field(default="", max_length=1000)
    advice_en: str = Field(default="", max_length=1000)
    since: datetime = Field(sa_column=_utc_column())
    changed_by_id: int | None = Field(default=None, foreign_key="editor.id")
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    # Optimistic concurrency: a save names the version it started from.
    version: int = Field(default=1)


class StatusChange(SQLModel, table=True):
    """Append-only history of availability changes, for per-office history and incident restore."""

    __tablename__ = "status_change"
    __table_args__ = (
        _check_in("new_availability", Availability, "ck_status_change_new"),
        sa.Index("ix_status_change_office_service_at", "office_service_id", "changed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office_service_id: int = Field(foreign_key="office_service.id")
    old_availability: str | None = Field(default=None, max_length=16)
    new_availability: str = Field(max_length=16)
    old_advice_ind: str = Field(default="", max_length=1000)
    old_advice_en: str = Field(default="", max_length=1000)
    advice_ind: str = Field(default="", max_length=1000)
    advice_en: str = Field(default="", max_length=1000)
    changed_at: datetime = Field(sa_column=_utc_column(index=True))
    changed_by_id: int | None = Field(default=None, foreign_key="editor.id")
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    # The incident the cell belonged to before, so restoring hands it back rather than dropping it.
    old_incident_id: int | None = Field(default=None, foreign_key="incident.id")
    # Set when planned maintenance made this change (at its start) or undid it (at its end).
    maintenance_id: int | None = Field(default=None, foreign_key="maintenance.id", index=True)


class Incident(SQLModel, table=True):
    __table_args__ = (_check_in("status", IncidentStatus, "ck_incident_status"),)

    id: int | None = Field(default=None, primary_key=True)
    title_ind: str = Field(max_length=200)
    title_en: str = Field(default="", max_length=200)
    summary_ind: str = Field(default="", max_length=2000)
    summary_en: str = Field(default="", max_length=2000)
    status: str = Field(default=IncidentStatus.INVESTIGATING.value, max_length=16)
    started_at: datetime = Field(sa_column=_utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_by_id: int | None = Field(default=None, foreign_key="editor.id")
    updated_at: datetime = Field(sa_column=_utc_column())
    version: int = Field(default=1)


class IncidentUpdate(SQLModel, table=True):
    __tablename__ = "incident_update"
    __table_args__ = (_check_in("status", IncidentStatus, "ck_incident_update_status"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    status: str = Field(max_length=16)
    body_ind: str = Field(max_length=4000)
    body_en: str = Field(default="", max_length=4000)
    posted_at: datetime = Field(sa_column=_utc_column())
    author_id: int | None = Field(default=None, foreign_key="editor.id")


class Notice(SQLModel, table=True):
    __table_args__ = (_check_in("status", NoticeStatus, "ck_notice_status"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    status: str = Field(default=NoticeStatus.DRAFT.value, max_length=16, index=True)
    title_ind: str = Field(max_length=200)
    lede_ind: str = Field(default="", max_length=600)
    body_ind: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    title_en: str = Field(default="", max_length=200)
    lede_en: str = Field(default="", max_length=600)
    body_en: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    # When a scheduled notice goes public; when it actually did.
    publish_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    published_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True, index=True))
    created_at: datetime = Field(sa_column=_utc_column())
    updated_at: datetime = Field(sa_column=_utc_column())
    author_id: int | None = Field(default=None, foreign_key="editor.id")
    approved_by_id: int | None = Field(default=None, foreign_key="editor.id")
    version: int = Field(default=1)


class NoticeOffice(SQLModel, table=True):
    """The offices a notice concerns."""

    __tablename__ = "notice_office"

    notice_id: int = Field(foreign_key="notice.id", primary_key=True)
    office_id: int = Field(foreign_key="office.id", primary_key=True)


class NoticeRevision(SQLModel, table=True):
    """Every saved state of a notice, so an editor can compare with an earlier one."""

    __tablename__ = "notice_revision"
    __table_args__ = (sa.UniqueConstraint("notice_id", "version", name="uq_notice_revision"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    version: int
    title_ind: str = Field(max_length=200)
    lede_ind: str = Field(default="", max_length=600)
    body_ind: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    title_en: str = Field(default="", max_length=200)
    lede_en: str = Field(default="", max_length=600)
    body_en: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    saved_at: datetime = Field(sa_column=_utc_column())
    saved_by_id: int | None = Field(default=None, foreign_key="editor.id")


class NoticeCorrection(SQLModel, table=True):
    """A correction of a published notice waiting for a second person: its text is the notice's
    revision `version`; the published text stays live until someone approves it."""

    __tablename__ = "notice_correction"

    notice_id: int = Field(foreign_key="notice.id", primary_key=True)
    version: int
    incident_id: int | None = Field(default=None, foreign_key="incident.id")
    # The offices the corrected notice will concern, as a JSON list of office codes.
    office_codes: str = Field(default="[]", sa_column=sa.Column(sa.Text, nullable=False, default="[]"))
    proposed_by_id: int | None = Field(default=None, foreign_key="editor.id")
    proposed_at: datetime = Field(sa_column=_utc_column())


class Editor(SQLModel, table=True):
    """An account of the editor workspace. Only the Argon2 hash of the password is stored."""

    __table_args__ = (_check_in("role", Role, "ck_editor_role"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.EDITOR.value, max_length=16)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=_utc_column())
    password_changed_at: datetime = Field(sa_column=_utc_column())
    # The workspace's language for this person: one language at a time, Indonesian unless they switch.
    language: str = Field(default="id", max_length=2, sa_column_kwargs={"server_default": "id"})


class TemplateKind(str, enum.Enum):
    DECLARE = "declare"  # the start of a disruption: advice for the cells and the first notice
    RESOLVE = "resolve"  # its end: the final update and the resolution notice


class SituationTemplate(SQLModel, table=True):
    """Bilingual wording for a recurring situation, with {office}, {service}, {time} and {zone} placeholders."""

    __tablename__ = "situation_template"
    __table_args__ = (
        _check_in("kind", TemplateKind, "ck_situation_template_kind"),
        _check_in("availability", Availability, "ck_situation_template_availability"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=48, unique=True, index=True)
    kind: str = Field(default=TemplateKind.DECLARE.value, max_length=16)
    name_ind: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    availability: str = Field(default=Availability.LIMITED.value, max_length=16)
    # What the situation usually touches, so one choice fills a whole line of the declare form: a service
    # code and office types (comma-separated); empty means the editor chooses.
    service_code: str = Field(default="", max_length=48)
    office_types: str = Field(default="", max_length=120)
    advice_ind: str = Field(default="", max_length=1000)
    advice_en: str = Field(default="", max_length=1000)
    title_ind: str = Field(default="", max_length=200)
    title_en: str = Field(default="", max_length=200)
    body_ind: str = Field(default="", max_length=4000)
    body_en: str = Field(default="", max_length=4000)
    updated_at: datetime = Field(sa_column=_utc_column())
    updated_by_id: int | None = Field(default=None, foreign_key="editor.id")
    version: int = Field(default=1)


class EditorSession(SQLModel, table=True):
    """A server-side sign-in session; the browser holds the token, the table only its hash."""

    __tablename__ = "editor_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    editor_id: int = Field(foreign_key="editor.id", index=True)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SecondFactor(SQLModel, table=True):
    """An account's TOTP key (RFC 6238), once its owner confirmed it with a first code.

    `last_step` is the 30-second time step of the last code accepted: a code of that step or an
    earlier one is refused, so a code seen over someone's shoulder cannot be used again.
    """

    __tablename__ = "second_factor"

    editor_id: int = Field(foreign_key="editor.id", primary_key=True)
    secret: str = Field(max_length=64)
    enrolled_at: datetime = Field(sa_column=_utc_column())
    last_step: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, default=0))


class RecoveryCode(SQLModel, table=True):
    """A single-use recovery code: only its keyed SHA-256 is stored (core/second_factor.py)."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    editor_id: int = Field(foreign_key="editor.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    used_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SignInAttempt(SQLModel, table=True):
    """Recent sign-in attempts, for rate limiting per account and per client address."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        sa.Index("ix_sign_in_attempt_username_at", "username", "at"),
        sa.Index("ix_sign_in_attempt_client_at", "client_address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    client_address: str = Field(max_length=64)
    at: datetime = Field(sa_column=_utc_column())
    succeeded: bool = Field(default=False)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column(index=True))
    actor_id: int | None = Field(default=None, foreign_key="editor.id", index=True)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    before: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    after: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))


class Maintenance(SQLModel, table=True):
    """Planned work: the chosen cells switch to `availability` at `starts_at` and back at `ends_at`."""

    __table_args__ = (
        _check_in("status", MaintenanceStatus, "ck_maintenance_status"),
        _check_in("availability", Availability, "ck_maintenance_availability"),
        sa.CheckConstraint("ends_at > starts_at", name="ck_maintenance_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title_ind: str = Field(max_length=200)
    title_en: str = Field(default="", max_length=200)
    availability: str = Field(default=Availability.UNAVAILABLE.value, max_length=16)
    advice_ind: str = Field(default="", max_length=1000)
    advice_en: str = Field(default="", max_length=1000)
    starts_at: datetime = Field(sa_column=_utc_column(index=True))
    ends_at: datetime = Field(sa_column=_utc_column(index=True))
    status: str = Field(default=MaintenanceStatus.SCHEDULED.value, max_length=16, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="editor.id")
    created_at: datetime = Field(sa_column=_utc_column())
    version: int = Field(default=1)


class MaintenanceCell(SQLModel, table=True):
    __tablename__ = "maintenance_cell"

    maintenance_id: int = Field(foreign_key="maintenance.id", primary_key=True)
    office_service_id: int = Field(foreign_key="office_service.id", primary_key=True)


class Subscription(SQLModel, table=True):
    """An email subscription. The address is kept only while the subscription exists.

    Scope: an office, a service, an office and service pair, or (neither) all notices.
    The browser-facing token is stored as its SHA-256 only, like editor sessions.
    """

    # One subscription per address and scope. COALESCE because a plain unique constraint treats
    # NULLs as distinct on PostgreSQL, which would let "all notices" (both NULL) be stored twice.
    __table_args__ = (sa.Index("uq_subscription_scope", "email", sa.func.coalesce(sa.column("office_id"), 0),
                               sa.func.coalesce(sa.column("service_id"), 0), unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    lang: str = Field(default="id", max_length=2)
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    service_id: int | None = Field(default=None, foreign_key="service.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    # Random, part of the link token's HMAC: without it the token could be computed from the
    # address and the creation time. Kept here, so neither the key nor the database alone makes a token.
    token_nonce: str = Field(default="", max_length=32)
    created_at: datetime = Field(sa_column=_utc_column())
    confirmed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SubscribeAttempt(SQLModel, table=True):
    """Recent subscription requests and link-page visits, for rate limiting per address and per client."""

    __tablename__ = "subscribe_attempt"
    __table_args__ = (
        sa.Index("ix_subscribe_attempt_email_at", "email_hash", "at"),
        sa.Index("ix_subscribe_attempt_client_at", "client_address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # A hash, so the log of attempts keeps no address.
    email_hash: str = Field(max_length=64)
    client_address: str = Field(max_length=64)
    at: datetime = Field(sa_column=_utc_column())
    # "subscribe" (the form) or "link" (the confirm and unsubscribe pages): counted apart.
    kind: str = Field(default="subscribe", max_length=16)


class OutboxMessage(SQLModel, table=True):
    """An email waiting to be sent by the background sender, with its retries."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    to_email: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    unsubscribe_url: str = Field(default="", max_length=500)
    created_at: datetime = Field(sa_column=_utc_column())
    next_attempt_at: datetime = Field(sa_column=_utc_column(index=True))
    attempts: int = Field(default=0)
    sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True, index=True))
    last_error: str = Field(default="", max_length=500)


class NotificationEvent(SQLModel, table=True):
    """Something subscribers may want to hear about, written in the same transaction as the change.

    The background worker fans it out to emails and webhooks later, so no editor waits for it.
    """

    __tablename__ = "notification_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # "availability" or "notice"
    payload: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = Field(sa_column=_utc_column())
    fanned_out_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True, index=True))


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    url: str = Field(max_length=500)
    # Needed in clear to sign each body; never shown again after creation.
    secret: str = Field(max_length=128)
    # After a rotation the old secret still signs, beside the new one, until previous_secret_until.
    previous_secret: str = Field(default="", max_length=128)
    previous_secret_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    is_active: bool = Field(default=True)
    created_by_id: int | None = Field(default=None, foreign_key="editor.id")
    created_at: datetime = Field(sa_column=_utc_column())


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"

    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(foreign_key="webhook_endpoint.id", index=True)
    event_id: int = Field(foreign_key="notification_event.id")
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=_utc_column(index=True))
    delivered_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    last_status: int | None = Field(default=None)
    last_error: str = Field(default="", max_length=500)
    gave_up: bool = Field(default=False)


class SpecialDayKind(str, enum.Enum):
    CLOSURE = "closure"
    OPENING = "opening"


class SpecialDay(SQLModel, table=True):
    """A day an editor marked: a closure or an extra opening, for one office or a scope.

    The scope is one office (office_id), or any of province and office type (both empty:
    nationwide). `day` is the local calendar day of each office it applies to; opening
    hours are local "HH:MM" strings, "24:00" allowed.
    """

    __tablename__ = "special_day"
    __table_args__ = (
        _check_in("kind", SpecialDayKind, "ck_special_day_kind"),
        _check_in("office_type", OfficeType, "ck_special_day_office_type"),
        sa.CheckConstraint("office_id IS NULL OR (province_code IS NULL AND office_type IS NULL)",
                           name="ck_special_day_scope"),
        sa.CheckConstraint("(kind = 'opening') = (opens IS NOT NULL AND closes IS NOT NULL)",
                           name="ck_special_day_hours"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(sa_column=sa.Column(sa.Date(), nullable=False, index=True))
    kind: str = Field(max_length=16)
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=2)
    office_type: str | None = Field(default=None, max_length=16)
    opens: str | None = Field(default=None, max_length=5)
    closes: str | None = Field(default=None, max_length=5)
    reason_ind: str = Field(max_length=300)
    reason_en: str = Field(max_length=300)
    created_by_id: int | None = Field(default=None, foreign_key="editor.id")
    created_at: datetime = Field(sa_column=_utc_column())


class PublicRevision(SQLModel, table=True):
    """A single row counting writes that change what the public sees.

    Every backend process compares it with the revision of its read model, so a
    change made through one process is noticed by the others without a query per visitor.
    """

    __tablename__ = "public_revision"

    id: int = Field(default=1, primary_key=True)
    revision: int = Field(default=0)
    changed_at: datetime = Field(sa_column=_utc_column())


# --- Automatic signals: office heartbeats, system checks, signals (issue 15) ---


class SignalKind(str, enum.Enum):
    HEARTBEAT_MISSING = "heartbeat_missing"
    SERVICE_DEGRADED = "service_degraded"
    CHECK_FAILING = "check_failing"


class HeartbeatToken(SQLModel, table=True):
    """An office's credential for sending heartbeats: only its SHA-256 is stored, like editor sessions."""

    __tablename__ = "heartbeat_token"

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_column=_utc_column())
    created_by_id: int | None = Field(default=None, foreign_key="editor.id")
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class OfficeHeartbeat(SQLModel, table=True):
    """The last heartbeat of each office: all the rules need. One row per office, overwritten,
    so the table never grows; the stopped/resumed history lives in signal_office."""

    __tablename__ = "office_heartbeat"

    office_id: int = Field(foreign_key="office.id", primary_key=True)
    first_at: datetime = Field(sa_column=_utc_column())
    last_at: datetime = Field(sa_column=_utc_column(index=True))
    # Service codes the office last reported as degraded, comma-separated, sorted.
    degraded: str = Field(default="", max_length=1000)
    note: str = Field(default="", max_length=280)


class SystemCheck(SQLModel, table=True):
    """An HTTP check of a central system, entered by an admin; only this URL is ever requested."""

    __tablename__ = "system_check"
    __table_args__ = (
        sa.CheckConstraint("method IN ('GET', 'HEAD')", name="ck_system_check_method"),
        sa.CheckConstraint("interval_seconds BETWEEN 30 AND 3600 AND timeout_seconds BETWEEN 1 AND 30",
                           name="ck_system_check_timing"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    url: str = Field(max_length=500)
    method: str = Field(default="GET", max_length=8)
    expected_status: int = Field(default=200)
    expected_text: str = Field(default="", max_length=200)
    interval_seconds: int = Field(default=60)
    timeout_seconds: int = Field(default=10)
    # The service this system carries, if any: its signal names it, and automatic marking may follow.
    service_id: int | None = Field(default=None, foreign_key="service.id")
    is_active: bool = Field(default=True)
    next_run_at: datetime = Field(sa_column=_utc_column(index=True))
    consecutive_failures: int = Field(default=0)
    created_by_id: int | None = Field(default=None, foreign_key="editor.id")
    created_at: datetime = Field(sa_column=_utc_column())


class CheckResult(SQLModel, table=True):
    __tablename__ = "check_result"
    __table_args__ = (sa.Index("ix_check_result_check_at", "check_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    check_id: int = Field(foreign_key="system_check.id")
    at: datetime = Field(sa_column=_utc_column(index=True))
    ok: bool
    status_code: int | None = Field(default=None)
    latency_ms: int = Field(default=0)
    error: str = Field(default="", max_length=300)


class Signal(SQLModel, table=True):
    """Something the rules noticed, for editors only: never public unless a person acts on it."""

    __table_args__ = (_check_in("kind", SignalKind, "ck_signal_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24, index=True)
    check_id: int | None = Field(default=None, foreign_key="system_check.id", index=True)
    # Service codes concerned, comma-separated; empty means every service of the offices.
    services: str = Field(default="", max_length=1000)
    # When the trouble began (last heartbeat seen, first failing check), and when the rules noticed it.
    since: datetime = Field(sa_column=_utc_column())
    opened_at: datetime = Field(sa_column=_utc_column(index=True))
    cleared_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True, index=True))
    confirmed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    confirmed_by_id: int | None = Field(default=None, foreign_key="editor.id")
    notified_open_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    notified_clear_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SignalOffice(SQLModel, table=True):
    """An office in a signal: when its trouble began and when it was over (its stopped/resumed history)."""

    __tablename__ = "signal_office"
    __table_args__ = (sa.Index("ix_signal_office_office_since", "office_id", "since"),)

    signal_id: int = Field(foreign_key="signal.id", primary_key=True)
    office_id: int = Field(foreign_key="office.id", primary_key=True)
    since: datetime = Field(sa_column=_utc_column())
    resumed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SignalRuleRun(SQLModel, table=True):
    """One row: when the rules run next. A worker runs them only if its conditional UPDATE moved it."""

    __tablename__ = "signal_rule_run"

    id: int = Field(default=1, primary_key=True)
    next_run_at: datetime = Field(sa_column=_utc_column())


class ServiceAutoMarking(SQLModel, table=True):
    """A service an admin opted in to automatic `limited` marking when a signal concerns it."""

    __tablename__ = "service_auto_marking"

    service_id: int = Field(foreign_key="service.id", primary_key=True)
    enabled_by_id: int | None = Field(default=None, foreign_key="editor.id")
    enabled_at: datetime = Field(sa_column=_utc_column())


class SignalAutoMark(SQLModel, table=True):
    """A cell the rules marked `limited` by themselves, with what it was before, to undo on recovery."""

    __tablename__ = "signal_auto_mark"

    signal_id: int = Field(foreign_key="signal.id", primary_key=True)
    office_service_id: int = Field(foreign_key="office_service.id", primary_key=True, index=True)
    marked_at: datetime = Field(sa_column=_utc_column())
    old_availability: str = Field(max_length=16)
    old_advice_ind: str = Field(default="", max_length=1000)
    old_advice_en: str = Field(default="", max_length=1000)
    reverted_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))

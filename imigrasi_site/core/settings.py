"""Settings read from the environment, shared by the core, the CLI and rxconfig.

Reflex reads REFLEX_DB_URL and REFLEX_REDIS_URL itself; the core reads the same
variables so that both talk to the same database.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_DB_PATH = PROJECT_ROOT / "data" / "imigrasi-demo.db"
DEFAULT_DB_URL = f"sqlite:///{DEMO_DB_PATH}"


def _env_list(name: str, default: str = "") -> tuple[str, ...]:
    raw = os.environ.get(name, default)
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _env_count(name: str, default: int) -> int:
    """A whole number of at least 1; the default where it is unset or not a number."""
    try:
        return max(1, int(os.environ.get(name) or default))
    except ValueError:
        return default


@dataclass(frozen=True)
class SmtpSettings:
    """Outgoing mail (subscriptions). No host means mail stays queued in the outbox, unsent."""

    host: str = field(default_factory=lambda: os.environ.get("IMIGRASI_SMTP_HOST", ""))
    port: int = field(default_factory=lambda: int(os.environ.get("IMIGRASI_SMTP_PORT") or "587"))
    user: str = field(default_factory=lambda: os.environ.get("IMIGRASI_SMTP_USER", ""))
    password: str = field(default_factory=lambda: os.environ.get("IMIGRASI_SMTP_PASSWORD", ""), repr=False)
    sender: str = field(
        default_factory=lambda: os.environ.get("IMIGRASI_SMTP_FROM", "Status Layanan Imigrasi <noreply@localhost>")
    )
    starttls: bool = field(
        default_factory=lambda: os.environ.get("IMIGRASI_SMTP_STARTTLS", "true").lower() in ("1", "true", "yes")
    )


@dataclass(frozen=True)
class HeartbeatSettings:
    """Heartbeats (core/heartbeats.py); the signal rules use the same window for "out of contact"."""

    # No heartbeat for this many minutes and the office counts as out of contact.
    missing_minutes: int = field(default_factory=lambda: _env_count("IMIGRASI_HEARTBEAT_MISSING_MINUTES", 5))
    # Heartbeats accepted per minute per office (after its token is checked) and per client address.
    rate_per_office: int = field(default_factory=lambda: _env_count("IMIGRASI_HEARTBEAT_RATE_PER_OFFICE", 12))
    rate_per_address: int = field(default_factory=lambda: _env_count("IMIGRASI_HEARTBEAT_RATE_PER_ADDRESS", 600))

    @property
    def missing_window(self) -> timedelta:
        return timedelta(minutes=self.missing_minutes)


@dataclass(frozen=True)
class SignalSettings:
    """Signals (core/signals.py): failed runs in a row that open a check's signal, offices that make a
    group signal, and who is told (email addresses; names of registered webhook endpoints)."""

    check_failures: int = field(default_factory=lambda: _env_count("IMIGRASI_CHECK_FAILURES", 3))
    group_min: int = field(default_factory=lambda: _env_count("IMIGRASI_SIGNAL_GROUP_MIN", 5))
    oncall_emails: tuple[str, ...] = field(default_factory=lambda: tuple(
        e for e in _env_list("IMIGRASI_ONCALL_EMAILS") if "@" in e and len(e) <= 254))
    # Names of registered webhook endpoints (/admin/webhook) that are the on-call team's own.
    oncall_webhooks: tuple[str, ...] = field(default_factory=lambda: _env_list("IMIGRASI_ONCALL_WEBHOOKS"))


@dataclass(frozen=True)
class Settings:
    # REFLEX_DB_URL is the documented variable; rxconfig hands it on as IMIGRASI_DB_URL (see there).
    db_url: str = field(
        default_factory=lambda: os.environ.get("IMIGRASI_DB_URL") or os.environ.get("REFLEX_DB_URL") or DEFAULT_DB_URL
    )
    redis_url: str | None = field(default_factory=lambda: os.environ.get("REFLEX_REDIS_URL") or None)
    # Where the last good copy of the public read model is kept (resilience).
    snapshot_path: Path = field(
        default_factory=lambda: Path(
            os.environ.get("IMIGRASI_SNAPSHOT_PATH") or PROJECT_ROOT / "data" / "public-snapshot.json"
        )
    )
    # Public origin of the site, used in absolute links (feeds, meta tags, embeds).
    public_url: str = field(
        default_factory=lambda: os.environ.get("IMIGRASI_PUBLIC_URL", "http://localhost:3000").rstrip("/")
    )
    # Origins allowed to frame the embed pages (frame-ancestors).
    embed_origins: tuple[str, ...] = field(default_factory=lambda: _env_list("IMIGRASI_EMBED_ORIGINS", "*"))

    # A publisher may approve their own notice only when this is on (small teams, night shifts).
    single_person_publishing: bool = field(
        default_factory=lambda: os.environ.get("IMIGRASI_SINGLE_PERSON_PUBLISHING", "") in ("1", "true", "yes")
    )
    # Data not confirmed against the database for this long is shown as possibly out of date.
    # Longer than the renewal interval of the read model (60 s), so only an outage trips it.
    stale_after_seconds: int = field(
        default_factory=lambda: int(os.environ.get("IMIGRASI_STALE_AFTER_SECONDS", "150"))
    )
    session_hours: int = field(default_factory=lambda: int(os.environ.get("IMIGRASI_SESSION_HOURS", "12")))

    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    # Key for the links in subscription mail (confirm, unsubscribe): the database keeps only their
    # SHA-256, and this key lets the sender write the link again into every later message.
    # Without it a random key is generated once and kept in secret_key_path (see mail_links).
    secret_key: str = field(default_factory=lambda: os.environ.get("IMIGRASI_SECRET_KEY", ""), repr=False)
    # Webhook hosts (names, addresses or CIDR networks) that may be on loopback or private networks.
    webhook_allowed_hosts: tuple[str, ...] = field(
        default_factory=lambda: _env_list("IMIGRASI_WEBHOOK_ALLOWED_HOSTS"))

    heartbeats: HeartbeatSettings = field(default_factory=HeartbeatSettings)
    signals: SignalSettings = field(default_factory=SignalSettings)

    @property
    def secret_key_path(self) -> Path:
        """Where the generated link key is kept when IMIGRASI_SECRET_KEY is not set: beside the snapshot copy."""
        return self.snapshot_path.parent / "secret-key"

    # "light" serves the light edition to every public visitor (surge mode by hand); "auto" (the
    # default) switches new public page requests to it while a worker holds more connected
    # visitors than surge_visitors. Each costs the worker about 280 KiB (bench/RESULTS.md), so
    # 2,000 is about 550 MiB of a worker's memory.
    public_edition: str = field(default_factory=lambda: os.environ.get("IMIGRASI_PUBLIC_EDITION", "auto"))
    surge_visitors: int = field(default_factory=lambda: int(os.environ.get("IMIGRASI_SURGE_VISITORS") or "2000"))

    @property
    def site_origins(self) -> tuple[str, ...]:
        """The public origin, plus its loopback twin (localhost and 127.0.0.1 name the same server)."""
        origins = [self.public_url]
        for a, b in (("//localhost", "//127.0.0.1"), ("//127.0.0.1", "//localhost")):
            if a in self.public_url:
                origins.append(self.public_url.replace(a, b))
        return tuple(origins)

    @property
    def is_demo_database(self) -> bool:
        return self.db_url == DEFAULT_DB_URL


@functools.cache
def get_settings() -> Settings:
    """The settings, read from the environment once per process (a change takes a restart).

    Tests that change the environment clear the cache with `get_settings.cache_clear()`
    (tests/conftest.py does it around every test and whenever monkeypatch sets a variable).
    """
    return Settings()

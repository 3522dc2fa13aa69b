"""Settings are read from the environment once per process."""

from __future__ import annotations

import os

from imigrasi_site.core.settings import get_settings


def test_settings_are_read_once_until_the_cache_is_cleared(monkeypatch):
    monkeypatch.setenv("IMIGRASI_SESSION_HOURS", "5")
    first = get_settings()
    assert first.session_hours == 5 and get_settings() is first
    # Written behind the settings' back (as a running process would see it): not read again.
    monkeypatch.setitem(os.environ, "IMIGRASI_SESSION_HOURS", "3")
    assert get_settings() is first and get_settings().session_hours == 5
    get_settings.cache_clear()
    assert get_settings().session_hours == 3


def test_a_monkeypatched_variable_is_seen_at_once(monkeypatch):
    get_settings()
    monkeypatch.setenv("IMIGRASI_PUBLIC_URL", "https://status.contoh.id/")
    assert get_settings().public_url == "https://status.contoh.id"
    monkeypatch.delenv("IMIGRASI_PUBLIC_URL")
    assert get_settings().public_url == "http://localhost:3000"


def test_heartbeat_and_signal_settings_are_read_once_too(monkeypatch):
    monkeypatch.setenv("IMIGRASI_HEARTBEAT_MISSING_MINUTES", "7")
    monkeypatch.setenv("IMIGRASI_SIGNAL_GROUP_MIN", "2")
    monkeypatch.setenv("IMIGRASI_ONCALL_EMAILS", "piket@contoh.id, bukan-alamat")
    settings = get_settings()
    assert settings.heartbeats.missing_minutes == 7 and settings.heartbeats.missing_window.seconds == 420
    assert settings.signals.group_min == 2 and settings.signals.oncall_emails == ("piket@contoh.id",)
    monkeypatch.setitem(os.environ, "IMIGRASI_HEARTBEAT_MISSING_MINUTES", "9")
    monkeypatch.setitem(os.environ, "IMIGRASI_SIGNAL_GROUP_MIN", "nol")
    assert get_settings() is settings
    get_settings.cache_clear()
    # A value that is not a number falls back to the default.
    assert get_settings().heartbeats.missing_minutes == 9 and get_settings().signals.group_min == 5

"""The cast of the editor workflow tests: notices, corrections, declarations, restores."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from imigrasi_site.core import accounts


@pytest.fixture
def people(cheap_argon2, session, monkeypatch):
    """An admin, two editors and two publishers (Argon2 at its cheapest, to keep the tests fast)."""

    def make(username, role, actor):
        return accounts.create_editor(
            session, username=username, display_name=username.title(), password="kata-sandi-yang-panjang", role=role, actor=actor
        )

    admin = make("admin", "admin", None)
    return SimpleNamespace(
        admin=admin,
        editor=make("ayu", "editor", admin),
        editor2=make("bima", "editor", admin),
        publisher=make("citra", "publisher", admin),
        publisher2=make("dewi", "publisher", admin),
    )

"""The accounts of the notice workflow tests (test_notice_workflow, test_notice_corrections); test_declare and
test_restore_and_audit define smaller casts of their own under the same name."""

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

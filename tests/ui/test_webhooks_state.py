"""The webhooks workspace: the secret is shown once, to the admin who registered the endpoint."""

from __future__ import annotations

import asyncio

import pytest

from imigrasi_site.core import accounts, db
from imigrasi_site.ui.state.webhooks import WebhooksState
from tests.support import accounts as signing
from tests.support.states import make_state


@pytest.fixture
def tokens(cheap_argon2, db_url, monkeypatch):
    with db.session_scope() as session:
        for role in ("editor", "admin"):
            accounts.create_editor(session, username=f"{role}-wh", display_name=role, password="x" * 12, role=role,
                                   operator=True)
    with db.session_scope() as session:
        return {role: signing.sign_in(session, username=f"{role}-wh", password="x" * 12, client_address="t")[1]
                for role in ("editor", "admin")}


def run(state, handler: str, *args):
    asyncio.run(state.event_handlers[handler].fn(state, *args))


def test_the_secret_is_shown_once_and_the_url_only_to_admins(tokens):
    root, admin = make_state(WebhooksState, tokens["admin"])
    run(admin, "register", {"name": "Kantor berita", "url": "https://berita.example/hooks/imigrasi?key=abc"})
    assert admin.error == "" and len(admin.new_secret) >= 40 and admin.new_secret_for == "Kantor berita"
    secret = admin.new_secret
    assert [(e.name, e.url) for e in admin.endpoints] == [
        ("Kantor berita", "https://berita.example/hooks/imigrasi?key=abc")]

    run(admin, "load")
    assert admin.new_secret == "" and secret not in repr(root.dict())

    _root, editor = make_state(WebhooksState, tokens["editor"])
    run(editor, "load")
    assert [(e.name, e.url) for e in editor.endpoints] == [("Kantor berita", "")]


def test_a_bad_address_is_explained_and_nothing_is_registered(tokens):
    _root, admin = make_state(WebhooksState, tokens["admin"])
    run(admin, "register", {"name": "Mitra", "url": "javascript:alert(1)"})
    assert "URL http(s) lengkap" in admin.error and admin.new_secret == ""
    run(admin, "register", ["not", "a", "form"])
    assert "Nama mitra wajib diisi" in admin.error
    run(admin, "load")
    assert admin.endpoints == []


def test_a_rotated_secret_is_shown_once_to_the_admin(tokens):
    root, admin = make_state(WebhooksState, tokens["admin"])
    run(admin, "register", {"name": "Kantor berita", "url": "https://berita.example/hooks"})
    first = admin.new_secret
    endpoint_id = admin.endpoints[0].id
    run(admin, "rotate", endpoint_id)
    assert admin.error == "" and admin.new_secret.startswith("whsec_") and admin.new_secret != first
    assert admin.new_secret_for == "Kantor berita"
    assert "Rahasia lama tetap berlaku sampai" in admin.notice and " / " not in admin.notice  # one language
    rotated = admin.new_secret
    run(admin, "load")
    assert admin.new_secret == "" and rotated not in repr(root.dict())

    run(admin, "rotate", "not an id")
    assert "Webhook tidak ditemukan" in admin.error and admin.new_secret == ""

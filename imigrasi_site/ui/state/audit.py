"""The audit log in the workspace: who did what, filtered by action, entity and person."""

from __future__ import annotations

import json
from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import accounts, audit
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import when
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState

ROWS = 100
SHOWN_CHANGE = 500


@dataclass
class AuditView:
    at: str
    actor: str
    action: str
    entity: str
    before: str
    after: str


def _pretty(raw: str) -> str:
    if not raw:
        return ""
    try:
        return ", ".join(f"{k}={v}" for k, v in json.loads(raw).items())[:SHOWN_CHANGE]
    except (ValueError, AttributeError):
        return raw[:SHOWN_CHANGE]


class AuditState(AuthState):
    rows: list[AuditView] = []
    action: str = ""
    entity_type: str = ""
    actor: str = ""

    @rx.event
    async def load(self):
        action, entity_type, actor = self.action, self.entity_type, self.actor

        def events(session: Session, account: Account):
            accounts.require(account, Role.EDITOR)
            return audit.list_events(session, action_prefix=action, entity_type=entity_type,
                                     actor_username=actor, limit=ROWS)

        done = await self._read(Role.EDITOR, events)
        self.rows = [AuditView(when(r.at), r.actor, r.action, f"{r.entity_type} {r.entity_id}", _pretty(r.before),
                               _pretty(r.after)) for r in done.value] if done else []

    @rx.event
    async def filter(self, form_data: dict):
        if isinstance(form_data, dict):
            self.action = inputs.text(form_data.get("action"), 64)
            self.entity_type = inputs.text(form_data.get("entity_type"), 32)
            self.actor = inputs.text(form_data.get("actor"), 64)
        await self.load()

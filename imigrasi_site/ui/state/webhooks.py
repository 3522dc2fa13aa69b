"""Partner webhooks in the workspace: admins register and deactivate endpoints, editors read
the delivery log. Every handler goes through AuthState's guard; the core checks the role again.

A new (or rotated) endpoint secret is held in this state only until the page is loaded
again: it is shown once, to the admin who made it, and never read back from the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from imigrasi_site.core import webhooks
from imigrasi_site.core.accounts import Account
from imigrasi_site.core.i18n import t
from imigrasi_site.core.models import Role
from imigrasi_site.core.workspace import when
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.language import language_of

MAX_FIELD = 1000


@dataclass
class EndpointRow:
    id: int
    name: str
    url: str
    active: bool
    created: str


@dataclass
class DeliveryRow:
    id: int
    endpoint: str
    event: str
    attempts: int
    outcome: str
    last_status: str
    last_error: str


def _outcome(delivery: webhooks.DeliveryInfo, lang: str) -> str:
    if delivery.delivered_at:
        return t("wh_delivered", lang, when=when(delivery.delivered_at))
    if delivery.gave_up:
        return t("wh_given_up", lang)
    return t("wh_waiting", lang, when=when(delivery.next_attempt_at))


def _overview(session: Session, account: Account, lang: str) -> tuple[list[EndpointRow], list[DeliveryRow]]:
    # Partner URLs can hold their own access tokens: only admins see them.
    show_url = account.has(Role.ADMIN)
    endpoints = [EndpointRow(e.id, e.name, e.url if show_url else "", e.is_active, when(e.created_at))
                 for e in webhooks.list_endpoints(session, account)]
    deliveries = [DeliveryRow(d.id, d.endpoint_name, f"{d.event_kind} #{d.event_id}", d.attempts, _outcome(d, lang),
                              str(d.last_status or ""), d.last_error)
                  for d in webhooks.list_deliveries(session, account)]
    return endpoints, deliveries


class WebhooksState(AuthState):
    endpoints: list[EndpointRow] = []
    deliveries: list[DeliveryRow] = []
    new_secret: str = ""
    new_secret_for: str = ""

    async def _reload(self) -> None:
        done = await self._read(Role.EDITOR, _overview, await language_of(self), clear=False)
        self.endpoints, self.deliveries = done.value if done else ([], [])

    @rx.event
    async def load(self):
        self.new_secret = self.new_secret_for = ""
        self.error = self.notice = ""
        await self._reload()

    @rx.event
    async def register(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        name, url = inputs.text(form.get("name"), MAX_FIELD), inputs.text(form.get("url"), MAX_FIELD)
        done = await self._write(
            Role.ADMIN, lambda session, account: webhooks.register_endpoint(session, account, name=name, url=url))
        if not done:
            return
        self.new_secret, self.new_secret_for = done.value[1], name.strip()
        await self._reload()
        self.notice = t("wh_registered", await language_of(self))

    @rx.event
    async def deactivate(self, endpoint_id: int):
        target = inputs.positive_id(endpoint_id)
        done = await self._write(
            Role.ADMIN, lambda session, account: webhooks.deactivate_endpoint(session, account, target))
        if done:
            await self._reload()
            self.notice = t("wh_deactivated", await language_of(self))

    @rx.event
    async def rotate(self, endpoint_id: int):
        target = inputs.positive_id(endpoint_id)
        rotated = await self._write(
            Role.ADMIN, lambda session, account: webhooks.rotate_secret(session, account, target))
        if not rotated:
            return
        secret, until = rotated.value
        await self._reload()
        self.new_secret = secret
        self.new_secret_for = next((e.name for e in self.endpoints if e.id == target), "")
        self.notice = t("webhook_secret_rotated", await language_of(self), until=when(until))

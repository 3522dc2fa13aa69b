"""The subscribe form of office pages (and of the notices page, for all notices).

Any client can call the handler with anything, so it checks its arguments and leaves the
rest to the core, which validates again and rate-limits. The address never enters the
state: it comes with the form, goes to the core, and is forgotten.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from imigrasi_site.core import db, notify, subscriptions
from imigrasi_site.core.db import DATABASE_ERRORS
from imigrasi_site.core.errors import DomainError
from imigrasi_site.core.i18n import t
from imigrasi_site.ui.state import inputs
from imigrasi_site.ui.state.public import PublicState

OFFICE_SCOPES = ("office", "pair", "service")
ALL_NOTICES = "all"
# message_for of the notices page's form; office pages use their office code.
ALL_NOTICES_KEY = "*"
EMAIL_FIELD_ID = "subscribe-email"
MAX_FIELD = 400


def _field(form: dict, name: str) -> str:
    return inputs.text(form.get(name), MAX_FIELD)


def _subscribe(**request) -> None:
    with db.session_scope() as session:
        subscriptions.subscribe(session, **request)


class SubscribeState(PublicState):
    scope: str = "office"
    message: str = ""
    failed: bool = False
    # The page the message answers: a message is shown only on that page's form.
    message_for: str = ""

    @rx.event
    def set_scope(self, value: str):
        """Which fields the office form shows; the submitted form says again what was chosen."""
        self.scope = value if value in OFFICE_SCOPES else "office"

    @rx.event
    def reset_form(self):
        """A form appearing on a page starts afresh: its radio buttons show the first choice again."""
        self.scope = "office"
        self.message, self.failed, self.message_for = "", False, ""

    def _office_code(self) -> str:
        """The office of the page the form is on (its route's `code`), or none on the notices page."""
        return inputs.text(self.router.page.params.get("code", ""), MAX_FIELD)

    @rx.event
    async def subscribe(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        lang = self.lang
        scope = _field(form, "scope")
        if scope not in (*OFFICE_SCOPES, ALL_NOTICES):
            scope = self.scope  # what the form's radio buttons show
        office_code = self._office_code()
        service_code = _field(form, "service")
        self.message_for = ALL_NOTICES_KEY if scope == ALL_NOTICES else office_code
        if scope in ("office", "pair") and not office_code:
            self._answer(subscriptions.UNKNOWN_OFFICE.text(lang), failed=True)
            return
        if scope in ("pair", "service") and not service_code:
            self._answer(t("subscribe_choose_service", lang), failed=True)
            return
        try:
            await asyncio.to_thread(
                _subscribe,
                email=_field(form, "email"),
                office_code=office_code if scope in ("office", "pair") else None,
                service_code=service_code if scope in ("pair", "service") else None,
                lang=lang,
                client_address=self.router.session.client_ip or "unknown",
            )
        except DomainError as error:
            self._answer(error.text(lang), failed=True)
            return
        except DATABASE_ERRORS:
            self._answer(t("subscribe_unavailable", lang), failed=True)
            return
        self._answer(t("subscribe_check_inbox", lang, days=notify.CONFIRM_DAYS), failed=False)
        return rx.set_value(EMAIL_FIELD_ID, "")

    def _answer(self, message: str, *, failed: bool) -> None:
        self.message, self.failed = message, failed

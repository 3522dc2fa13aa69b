"""Subscribe forms: on an office page (this office, one of its services, a service everywhere),
and on the notices page (all notices). The answer is read out in an aria-live region."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import tr
from imigrasi_site.ui.state.public import OfficeState
from imigrasi_site.ui.state.subscribe import ALL_NOTICES, ALL_NOTICES_KEY, EMAIL_FIELD_ID, SubscribeState


def _email_field() -> rx.Component:
    return rx.box(
        rx.el.label(tr("subscribe_email"), html_for=EMAIL_FIELD_ID, class_name="field-label"),
        rx.input(id=EMAIL_FIELD_ID, name="email", type="email", auto_complete="email", required=True,
                 max_length=254, size="3"),
        width="100%",
        max_width="28rem",
    )


def _result(key) -> rx.Component:
    # The live region is always there, so a screen reader announces the text when it appears.
    return rx.el.p(
        rx.cond(SubscribeState.message_for == key, SubscribeState.message, ""),
        role="status",
        aria_live="polite",
        id="subscribe-result",
        style={"font_weight": "600", "color": rx.cond(SubscribeState.failed, "#a4161a", "#1e6b3f")},
    )


def _scope_choice(value: str, key: str) -> rx.Component:
    return rx.el.div(
        # Not bound to the state: the browser shows the choice at once, the state only learns
        # which fields to show.
        rx.el.input(type="radio", name="scope", value=value, id=f"subscribe-scope-{value}",
                    default_checked=value == "office", on_change=SubscribeState.set_scope(value)),
        rx.el.label(tr(key), html_for=f"subscribe-scope-{value}", style={"margin_left": "6px"}),
    )


def _subscribe_card(heading_key: str, heading_size: str, intro_key: str, fields: list[rx.Component],
                    result_key) -> rx.Component:
    """A subscribe form: heading and intro, the email field, then `fields`, the button and the answer."""
    return rx.el.section(
        rx.heading(tr(heading_key), as_="h2", size=heading_size),
        rx.text(tr(intro_key)),
        rx.form(
            rx.vstack(
                _email_field(),
                *fields,
                rx.button(tr("subscribe_button"), type="submit", size="3"),
                align="start",
                spacing="3",
            ),
            on_submit=SubscribeState.subscribe,
            reset_on_submit=False,
        ),
        _result(result_key),
        id="subscribe",
        class_name="card",
        on_mount=SubscribeState.reset_form,
    )


def office_subscribe_form() -> rx.Component:
    return _subscribe_card("subscribe_heading", "5", "subscribe_intro", [
        rx.el.fieldset(
            rx.el.legend(tr("subscribe_scope"), class_name="field-label"),
            _scope_choice("office", "subscribe_scope_office"),
            _scope_choice("pair", "subscribe_scope_pair"),
            _scope_choice("service", "subscribe_scope_service"),
            style={"border": "none", "padding": "0", "margin": "0"},
        ),
        rx.cond(
            SubscribeState.scope != "office",
            rx.box(
                rx.el.label(tr("service"), html_for="subscribe-service", class_name="field-label"),
                rx.el.select(
                    rx.foreach(OfficeState.service_options,
                               lambda option: rx.el.option(option[1], value=option[0])),
                    id="subscribe-service",
                    name="service",
                    class_name="native-select",
                ),
                width="100%",
            ),
        ),
    ], OfficeState.office_code)


def notices_subscribe_form() -> rx.Component:
    return _subscribe_card("subscribe_all_heading", "4", "subscribe_all_intro", [
        rx.el.input(type="hidden", name="scope", value=ALL_NOTICES),
    ], ALL_NOTICES_KEY)

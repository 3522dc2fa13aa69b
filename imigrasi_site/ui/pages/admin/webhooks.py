"""/admin/webhook : partner endpoints (admins register them) and the delivery log (every editor)."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.words import as_words, word
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.webhooks import WebhooksState as S


def _table(headers: tuple[str, ...], rows, row) -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(as_words(h), scope="col") for h in headers))),
            rx.el.tbody(rx.foreach(rows, row)),
            class_name="affected-table",
        ),
        class_name="table-scroll",
    )


def _endpoint(e) -> rx.Component:
    return rx.el.tr(
        rx.el.td(e.name), rx.el.td(e.url, class_name="snippet"), rx.el.td(rx.cond(e.active, word("sig_yes"), word("sig_no"))),
        rx.el.td(e.created),
        rx.el.td(rx.cond(
            (S.account_role == "admin") & e.active,
            rx.hstack(
                rx.button(word("webhook_rotate"), size="1", variant="outline", on_click=S.rotate(e.id)),
                rx.button(word("wh_deactivate"), size="1", variant="outline", on_click=S.deactivate(e.id)),
                spacing="2",
            ),
        )),
    )


def _delivery(d) -> rx.Component:
    return rx.el.tr(
        rx.el.td(d.id), rx.el.td(d.endpoint), rx.el.td(d.event), rx.el.td(d.attempts), rx.el.td(d.outcome),
        rx.el.td(d.last_status), rx.el.td(d.last_error),
    )


def webhooks_page() -> rx.Component:
    return workspace(
        "wh_title",
        rx.cond(
            S.new_secret != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("key_round")),
                rx.callout.text(
                    word("wh_secret_for"), " ", rx.el.strong(S.new_secret_for), ". ", word("wh_secret_once"),
                ),
                rx.el.code(S.new_secret, id="webhook-secret", class_name="snippet"),
                color_scheme="amber", role="status",
            ),
        ),
        rx.text(word("webhook_intro"), size="2"),
        _table(("wh_name", "URL", "wh_active", "wh_created", ""), S.endpoints, _endpoint),
        rx.cond(
            S.account_role == "admin",
            rx.form(
                rx.heading(word("wh_register_heading"), as_="h2", size="4"),
                rx.grid(
                    field("wh_partner_name", rx.input(id="webhook-name", name="name"), "webhook-name"),
                    field("URL (https://...)", rx.input(id="webhook-url", name="url", type="url"), "webhook-url"),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3",
                ),
                rx.button(word("wh_register"), type="submit"),
                on_submit=S.register,
                reset_on_submit=True,
                class_name="card",
            ),
        ),
        rx.heading(word("wh_log"), as_="h2", size="4"),
        _table(("#", "wh_partner", "wh_event", "wh_attempts", "wh_state", "HTTP", "wh_last_error"), S.deliveries, _delivery),
    )

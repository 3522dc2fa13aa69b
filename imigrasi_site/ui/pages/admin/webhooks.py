"""/admin/webhook : partner endpoints (admins register them) and the delivery log (every editor)."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.i18n import both
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.webhooks import WebhooksState as S


def _table(headers: tuple[str, ...], rows, row) -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(h, scope="col") for h in headers))),
            rx.el.tbody(rx.foreach(rows, row)),
            class_name="affected-table",
        ),
        class_name="table-scroll",
    )


def _endpoint(e) -> rx.Component:
    return rx.el.tr(
        rx.el.td(e.name), rx.el.td(e.url, class_name="snippet"), rx.el.td(rx.cond(e.active, "ya / yes", "tidak / no")),
        rx.el.td(e.created),
        rx.el.td(rx.cond(
            (S.account_role == "admin") & e.active,
            rx.hstack(
                rx.button(both("webhook_rotate"), size="1", variant="outline", on_click=S.rotate(e.id)),
                rx.button("Nonaktifkan / Deactivate", size="1", variant="outline", on_click=S.deactivate(e.id)),
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
        "Webhook mitra / Partner webhooks",
        rx.cond(
            S.new_secret != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("key_round")),
                rx.callout.text(
                    "Rahasia untuk ", rx.el.strong(S.new_secret_for), ". Salin sekarang dan serahkan ke mitra lewat "
                    "saluran aman; rahasia ini tidak ditampilkan lagi. / The secret for ",
                    rx.el.strong(S.new_secret_for), ". Copy it now and hand it to the partner over a safe channel; "
                    "it is not shown again.",
                ),
                rx.el.code(S.new_secret, id="webhook-secret", class_name="snippet"),
                color_scheme="amber", role="status",
            ),
        ),
        rx.text(both("webhook_intro"), size="2"),
        _table(("Nama / Name", "URL", "Aktif / Active", "Dibuat / Created", ""), S.endpoints, _endpoint),
        rx.cond(
            S.account_role == "admin",
            rx.form(
                rx.heading("Daftarkan webhook / Register a webhook", as_="h2", size="4"),
                rx.grid(
                    field("Nama mitra / Partner name", rx.input(id="webhook-name", name="name"), "webhook-name"),
                    field("URL (https://...)", rx.input(id="webhook-url", name="url", type="url"), "webhook-url"),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3",
                ),
                rx.button("Daftarkan / Register", type="submit"),
                on_submit=S.register,
                reset_on_submit=True,
                class_name="card",
            ),
        ),
        rx.heading("Log pengiriman / Delivery log", as_="h2", size="4"),
        _table(("#", "Mitra / Partner", "Peristiwa / Event", "Percobaan / Attempts", "Keadaan / State",
                "HTTP", "Galat terakhir / Last error"), S.deliveries, _delivery),
        state=S,
    )

"""/admin/sinyal : automatic signals, offices' heartbeat history, and (admins) tokens, checks and
automatic marking. Layout only; every word comes from core/i18n.py."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.words import word
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.signals import SignalsState as S

_IS_ADMIN = S.account_role == "admin"


def _table(headers: tuple[str | rx.Var, ...], rows, row, table_id: str) -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(h, scope="col") for h in headers))),
            rx.el.tbody(rx.foreach(rows, row)),
            class_name="affected-table", id=table_id,
        ),
        class_name="table-scroll",
    )


def _small(label: str | rx.Var, **props) -> rx.Component:
    # One line per button: a wrapped label overflows the button's fixed height.
    return rx.button(label, size="1", variant="outline", white_space="nowrap", **props)


def _signal(s) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.text(s.what), rx.text(s.what_en, size="1", lang="en", color_scheme="gray")),
        rx.el.td(s.where, class_name="snippet"),
        rx.el.td(s.since),
        rx.el.td(s.state, rx.cond(s.confirmed != "", rx.text(s.confirmed, size="1"))),
        rx.el.td(rx.hstack(
            rx.cond(s.is_open & (s.confirmed == ""),
                    _small(word("sig_confirm"), on_click=S.confirm(s.id))),
            rx.cond(s.prefill != "", rx.link(word("sig_prefill"), href=s.prefill, size="2")),
            wrap="wrap",
        )),
    )


def _contact(c) -> rx.Component:
    return rx.el.tr(
        rx.el.td(c.code), rx.el.td(c.name), rx.el.td(c.last), rx.el.td(c.degraded), rx.el.td(c.note),
        rx.el.td(c.token),
        rx.el.td(rx.vstack(
            _small(word("sig_history"), on_click=S.show_history(c.code)),
            rx.cond(_IS_ADMIN & c.has_token, rx.fragment(
                _small(word("sig_rotate_token"), on_click=S.rotate_token(c.code)),
                _small(word("sig_revoke_token"), color_scheme="red", on_click=S.revoke_token(c.code)),
            )),
            rx.cond(_IS_ADMIN & ~c.has_token,
                    _small(word("sig_create_token"), on_click=S.create_token({"office_code": c.code}))),
            align="start", spacing="1",
        )),
    )


def _check(c) -> rx.Component:
    return rx.el.tr(
        rx.el.td(c.name), rx.el.td(c.url, class_name="snippet"), rx.el.td(c.expects), rx.el.td(c.every),
        rx.el.td(c.service), rx.el.td(c.last), rx.el.td(c.failures),
        rx.el.td(rx.cond(_IS_ADMIN & c.active,
                         _small(word("sig_check_deactivate"), on_click=S.deactivate_check(c.id)))),
    )


def _auto(a) -> rx.Component:
    return rx.el.tr(
        rx.el.td(a.name), rx.el.td(rx.cond(a.enabled, word("sig_yes"), word("sig_no"))),
        rx.el.td(rx.cond(_IS_ADMIN, rx.cond(
            a.enabled,
            _small(word("sig_auto_off"), on_click=S.set_auto_marking(a.code, False)),
            _small(word("sig_auto_on"), on_click=S.set_auto_marking(a.code, True)),
        ))),
    )


def _token_callout() -> rx.Component:
    return rx.cond(
        S.new_token != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("key_round")),
            rx.callout.text(rx.el.strong(S.new_token_for), ": ", word("sig_token_shown_once")),
            rx.el.code(S.new_token, id="heartbeat-token", class_name="snippet"),
            color_scheme="amber", role="status",
        ),
    )


def _admin_forms() -> rx.Component:
    return rx.cond(_IS_ADMIN, rx.fragment(
        rx.form(
            rx.heading(word("sig_create_token"), as_="h3", size="3"),
            rx.hstack(field(word("sig_office_code"), rx.input(id="token-office", name="office_code"), "token-office"),
                      rx.button(word("sig_create_token"), type="submit"), align="end"),
            on_submit=S.create_token, reset_on_submit=True, class_name="card",
        ),
        rx.form(
            rx.heading(word("sig_check_add"), as_="h3", size="3"),
            rx.grid(
                field(word("sig_check_name"), rx.input(id="check-name", name="name"), "check-name"),
                field("URL (https://...)", rx.input(id="check-url", name="url", type="url"), "check-url"),
                field(word("sig_check_method"), rx.el.select(rx.el.option("GET", value="GET"),
                                                             rx.el.option("HEAD", value="HEAD"), id="check-method",
                                                             name="method", class_name="native-select"),
                      "check-method"),
                field(word("sig_check_expect_status"),
                      rx.input(id="check-status", name="expected_status", default_value="200"), "check-status"),
                field(word("sig_check_expect_text"), rx.input(id="check-text", name="expected_text"), "check-text"),
                field(word("sig_check_interval"),
                      rx.input(id="check-interval", name="interval_seconds", default_value="60"), "check-interval"),
                field(word("sig_check_timeout"),
                      rx.input(id="check-timeout", name="timeout_seconds", default_value="10"), "check-timeout"),
                field(word("sig_check_service"), rx.el.select(
                    rx.el.option("—", value=""), rx.foreach(S.auto, lambda a: rx.el.option(a.name, value=a.code)),
                    id="check-service", name="service_code", class_name="native-select"), "check-service"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.button(word("sig_check_add"), type="submit"),
            on_submit=S.add_check, reset_on_submit=True, class_name="card",
        ),
    ))


def signals_page() -> rx.Component:
    return workspace(
        word("sig_page_title"),
        rx.text(word("sig_intro"), size="2"),
        _token_callout(),
        rx.heading(word("sig_open"), as_="h2", size="4"),
        # S.signals: on its class a state field is a Var (mypy sees the field's type).
        rx.cond(S.signals.length() == 0, rx.text(word("sig_none"), id="no-signals")),  # type: ignore[attr-defined]
        _table((word("sig_what"), word("sig_where"), word("sig_since"), word("sig_state"), ""), S.signals, _signal,
               "signals-table"),
        rx.heading(word("sig_contacts"), as_="h2", size="4"),
        _table((word("sig_office_code"), word("sig_office"), word("sig_last_heartbeat"), word("sig_degraded"),
                word("sig_note"), word("sig_token"), ""),
               S.contacts, _contact, "contacts-table"),
        rx.cond(S.history_office != "", rx.box(
            rx.heading(word("sig_history"), ": ", S.history_office, as_="h3", size="3"),
            _table((word("sig_stopped"), word("sig_resumed")), S.history,
                   lambda g: rx.el.tr(rx.el.td(g.stopped), rx.el.td(g.resumed)), "history-table"),
            class_name="card",
        )),
        rx.heading(word("sig_checks"), as_="h2", size="4"),
        _table((word("sig_check_name"), "URL", word("sig_check_expect_status"), word("sig_check_interval"),
                word("sig_check_service"), word("sig_check_last"), "#"), S.checks, _check, "checks-table"),
        rx.heading(word("sig_auto_marking"), as_="h2", size="4"),
        rx.text(word("sig_auto_marking_intro"), size="2"),
        _table((word("sig_service"), word("sig_auto_marking"), ""), S.auto, _auto, "auto-table"),
        _admin_forms(),
    )

"""/admin/akun : accounts (admins) and one's own password."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import ROLES, field, workspace
from imigrasi_site.ui.pages.admin.second_factor import second_factor_section
from imigrasi_site.ui.state.accounts import AccountsState as S


def accounts_page() -> rx.Component:
    return workspace(
        "ws_nav_accounts",
        rx.cond(
            S.account_role == "admin",
            rx.fragment(
                rx.box(rx.el.table(
                    rx.el.thead(rx.el.tr(*(rx.el.th(word(h), scope="col") for h in
                                           ("ac_user", "ac_name", "ac_role", "ac_active")), rx.el.th("", scope="col"))),
                    rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                        rx.el.td(r.username), rx.el.td(r.name), rx.el.td(word_of("ws_role_", r.role, ROLES)),
                        rx.el.td(rx.cond(r.active, word("sig_yes"), word("sig_no"))),
                        rx.el.td(rx.button(rx.cond(r.active, word("ac_deactivate"), word("ac_activate")),
                                           size="1", variant="outline",
                                           on_click=S.set_active(r.id, ~r.active)))))),
                    class_name="affected-table",
                ), class_name="table-scroll"),
                rx.form(
                    rx.heading(word("ac_new_heading"), as_="h2", size="4"),
                    rx.grid(
                        field("ac_username", rx.input(id="new-username", name="username"),
                              "new-username"),
                        field("ac_display_name", rx.input(id="new-name", name="display_name"),
                              "new-name"),
                        field("ac_password_new_account",
                              rx.input(id="new-password", name="password", type="password",
                                       auto_complete="new-password"), "new-password"),
                        field("ac_role", rx.el.select(
                            *(rx.el.option(word(f"ws_role_{role}"), value=role) for role in ROLES), id="new-role", name="role",
                            class_name="native-select"), "new-role"),
                        columns=rx.breakpoints(initial="1", md="2"), spacing="3",
                    ),
                    rx.button(word("ac_create"), type="submit"),
                    on_submit=S.create,
                    reset_on_submit=True,
                    class_name="card",
                ),
            ),
        ),
        rx.form(
            rx.heading(word("ac_change_heading"), as_="h2", size="4"),
            field("ac_current",
                  rx.input(id="current", name="current", type="password", auto_complete="current-password"),
                  "current"),
            field("ac_new",
                  rx.input(id="new", name="new", type="password", auto_complete="new-password"), "new"),
            rx.button(word("ac_change"), type="submit"),
            on_submit=S.change_password,
            reset_on_submit=True,
            class_name="card",
        ),
        second_factor_section(),
    )

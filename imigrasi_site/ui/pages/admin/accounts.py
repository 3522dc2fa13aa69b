"""/admin/akun : accounts (admins) and one's own password."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.pages.admin.second_factor import second_factor_section
from imigrasi_site.ui.state.accounts import AccountsState as S


def accounts_page() -> rx.Component:
    return workspace(
        "Akun / Accounts",
        rx.cond(
            S.account_role == "admin",
            rx.fragment(
                rx.el.table(
                    rx.el.thead(rx.el.tr(*(rx.el.th(h, scope="col") for h in
                                           ("Pengguna / User", "Nama / Name", "Peran / Role", "Aktif / Active", "")))),
                    rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                        rx.el.td(r.username), rx.el.td(r.name), rx.el.td(r.role),
                        rx.el.td(rx.cond(r.active, "ya / yes", "tidak / no")),
                        rx.el.td(rx.button(rx.cond(r.active, "Nonaktifkan / Deactivate", "Aktifkan / Activate"),
                                           size="1", variant="outline",
                                           on_click=S.set_active(r.id, ~r.active)))))),
                    class_name="affected-table",
                ),
                rx.form(
                    rx.heading("Akun baru / New account", as_="h2", size="4"),
                    rx.grid(
                        field("Nama pengguna / User name", rx.input(id="new-username", name="username"),
                              "new-username"),
                        field("Nama tampilan / Display name", rx.input(id="new-name", name="display_name"),
                              "new-name"),
                        field("Kata sandi (12+) / Password (12+)",
                              rx.input(id="new-password", name="password", type="password",
                                       auto_complete="new-password"), "new-password"),
                        field("Peran / Role", rx.el.select(
                            rx.el.option("editor", value="editor"), rx.el.option("publisher", value="publisher"),
                            rx.el.option("admin", value="admin"), id="new-role", name="role",
                            class_name="native-select"), "new-role"),
                        columns=rx.breakpoints(initial="1", md="2"), spacing="3",
                    ),
                    rx.button("Buat akun / Create account", type="submit"),
                    on_submit=S.create,
                    reset_on_submit=True,
                    class_name="card",
                ),
            ),
        ),
        rx.form(
            rx.heading("Ganti kata sandi / Change password", as_="h2", size="4"),
            field("Kata sandi sekarang / Current password",
                  rx.input(id="current", name="current", type="password", auto_complete="current-password"),
                  "current"),
            field("Kata sandi baru / New password",
                  rx.input(id="new", name="new", type="password", auto_complete="new-password"), "new"),
            rx.button("Ganti / Change", type="submit"),
            on_submit=S.change_password,
            reset_on_submit=True,
            class_name="card",
        ),
        second_factor_section(),
        state=S,
    )

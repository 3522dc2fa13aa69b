"""The two-step verification part of /admin/akun: one's own state, and the admins' reset of a colleague's."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.i18n import t
from imigrasi_site.core.links import ENROL_PATH
from imigrasi_site.ui.components.plain_form import plain_form
from imigrasi_site.ui.state.second_factor import SecondFactorState as S


def second_factor_section() -> rx.Component:
    return rx.box(
        rx.heading(t("tfa_heading"), as_="h2", size="4"),
        rx.cond(
            S.mine_enrolled,
            rx.text(t("tfa_mine_on"), id="second-factor-mine"),
            rx.fragment(
                rx.text(t("tfa_mine_optional"), id="second-factor-mine"),
                # A plain POST: the key and recovery codes come back in that answer, never through a state.
                plain_form(rx.button(t("tfa_enrol_title"), type="submit", id="second-factor-enrol"),
                           method="post", action=ENROL_PATH),
            ),
        ),
        rx.cond(
            S.rows.length() > 0,  # type: ignore[attr-defined]  # on its class a state field is a Var (mypy sees the field's type)
            rx.el.table(
                rx.el.thead(rx.el.tr(*(rx.el.th(t(key), scope="col") for key in ("tfa_user", "tfa_role", "tfa_state")),
                                     rx.el.th(""))),
                rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
                    rx.el.td(r.username), rx.el.td(r.role), rx.el.td(r.state),
                    rx.el.td(rx.cond(r.enrolled, rx.button(t("tfa_reset"), size="1", variant="outline",
                                                           on_click=S.reset_colleague(r.id),
                                                           aria_label=t("tfa_reset") + " " + r.username)))))),
                class_name="affected-table",
                id="second-factor-accounts",
            ),
        ),
        class_name="card",
    )

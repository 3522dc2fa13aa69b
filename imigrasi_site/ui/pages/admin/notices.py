"""/admin : the notices, drafts first."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.workspace import STATUS_ORDER
from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import workspace
from imigrasi_site.ui.state.notices import NoticeWorkspaceState


def notices_page() -> rx.Component:
    return workspace(
        "ws_notices_title",
        rx.hstack(
            rx.link(rx.button(word("ws_new_notice")), href="/admin/pengumuman/baru", id="new-notice"),
            rx.link(rx.button(word("board_title"), variant="soft"), href="/admin/papan", id="to-board"),
            wrap="wrap",
        ),
        rx.box(rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(word("ws_col_title"), scope="col"), rx.el.th(word("ws_col_status"), scope="col"),
                                 rx.el.th(word("ws_col_updated"), scope="col"))),
            rx.el.tbody(rx.foreach(
                NoticeWorkspaceState.rows,
                lambda row: rx.el.tr(
                    rx.el.td(rx.link(row.title, href="/admin/pengumuman/" + row.id.to_string())),
                    rx.el.td(rx.el.span(word_of("ws_notice_status_", row.status, STATUS_ORDER),
                                        class_name="workflow-status", data_status=row.status)),
                    rx.el.td(row.updated),
                ),
            )),
            class_name="affected-table",
            id="notice-list",
        ), class_name="table-scroll"),
    )

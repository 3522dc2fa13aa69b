"""/admin : the notices, drafts first."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.workspace import workspace
from imigrasi_site.ui.state.notices import NoticeWorkspaceState


def notices_page() -> rx.Component:
    return workspace(
        "Pengumuman / Notices",
        rx.link(rx.button("Tulis pengumuman baru / New notice"), href="/admin/pengumuman/baru", id="new-notice"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Judul / Title", scope="col"), rx.el.th("Status", scope="col"),
                                 rx.el.th("Diubah / Updated", scope="col"))),
            rx.el.tbody(rx.foreach(
                NoticeWorkspaceState.rows,
                lambda row: rx.el.tr(
                    rx.el.td(rx.link(row.title, href="/admin/pengumuman/" + row.id.to_string())),
                    rx.el.td(rx.el.span(row.status, class_name="workflow-status")),
                    rx.el.td(row.updated),
                ),
            )),
            class_name="affected-table",
            id="notice-list",
        ),
        state=NoticeWorkspaceState,
    )

"""/pengumuman/[slug] : one notice."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import href, not_found, page, tr
from imigrasi_site.ui.components.notices import notice_article
from imigrasi_site.ui.state.public import NoticeState


def _notice() -> rx.Component:
    notice = NoticeState.notice
    return rx.el.article(
        rx.cond(notice.english_missing, rx.el.p(tr("english_missing"), id="english-missing", class_name="notice-box")),
        notice_article(notice.title, notice.published + " · " + notice.updated, notice.lede, notice.body),
        rx.cond(
            notice.incident_id > 0,
            rx.el.p(
                rx.el.strong(tr("linked_incident"), ": "),
                rx.link(notice.incident_title, href=href("/insiden/" + notice.incident_id.to_string()),
                        id="notice-incident"),
            ),
        ),
        rx.cond(
            notice.offices.length() > 0,
            rx.box(
                rx.heading(tr("offices_concerned"), as_="h2", size="4"),
                rx.el.ul(rx.foreach(notice.offices,
                                    lambda o: rx.el.li(rx.link(o.name, href=href("/kantor/" + o.code))))),
            ),
        ),
        id="notice",
    )


def notice_page() -> rx.Component:
    return page(rx.cond(NoticeState.found, _notice(), not_found("not_found_notice", "/pengumuman", "back_notices")))

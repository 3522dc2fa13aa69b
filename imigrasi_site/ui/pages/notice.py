"""/pengumuman/[slug] : one notice."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.layout import href, not_found, page, tr
from imigrasi_site.ui.state.public import NoticeState


def _notice() -> rx.Component:
    notice = NoticeState.notice
    return rx.el.article(
        rx.heading(notice.title, as_="h1", size="7", id="notice-title"),
        rx.text(notice.published, " · ", notice.updated, size="2", class_name="meta"),
        rx.cond(notice.english_missing, rx.callout(tr("english_missing"), icon="info", id="english-missing")),
        rx.text(notice.lede, size="4", class_name="lede"),
        # Bodies are stored cleaned; use_raw=False keeps any HTML in them as plain text.
        rx.box(rx.markdown(notice.body, use_raw=False), class_name="notice-body", id="notice-body"),
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
    )


def notice_page() -> rx.Component:
    return page(rx.cond(NoticeState.found, _notice(), not_found("not_found_notice", "/pengumuman", "back_notices")))

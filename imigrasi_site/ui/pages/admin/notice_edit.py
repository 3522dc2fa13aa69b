"""/admin/pengumuman/[id] and /admin/pengumuman/baru : write, preview and move a notice through review."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.i18n import text_field
from imigrasi_site.core.workspace import STATUS_ORDER
from imigrasi_site.ui.components.notices import notice_article
from imigrasi_site.ui.components.office_picker import office_picker
from imigrasi_site.ui.components.words import word, word_of
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.notices import NoticeEditorState as S

LIMITS = {"title": 200, "lede": 600, "body": 20_000}


def _text_input(name: str, label: str) -> rx.Component:
    return field(label, rx.input(id=name, value=getattr(S, name), max_length=LIMITS["title"] + 50,
                                 on_change=lambda value: S.set_field(name, value), debounce_timeout=250), name)


def _area(name: str, label: str, rows: str) -> rx.Component:
    kind = name.split("_")[0]
    return field(label, rx.text_area(id=name, value=getattr(S, name), rows=rows, max_length=LIMITS[kind] + 500,
                                     on_change=lambda value: S.set_field(name, value), debounce_timeout=300), name)


def _language_column(lang: str, heading: str) -> rx.Component:
    return rx.box(
        rx.heading(word(heading), as_="h2", size="4"),
        _text_input(text_field("title", lang), "ne_field_title"),
        _area(text_field("lede", lang), "ne_field_lede", "3"),
        _area(text_field("body", lang), "ne_field_body", "14"),
        rx.heading(word("ne_preview"), as_="h3", size="3"),
        rx.box(
            notice_article(getattr(S, text_field("title", lang)), "", getattr(S, text_field("lede", lang)),
                           getattr(S, text_field("body", lang))),
            class_name="card preview",
            id=f"preview-{lang}",
        ),
    )


def _conflict() -> rx.Component:
    return rx.cond(
        S.conflict_version > 0,
        rx.box(
            rx.heading(word("ne_saved_now"), as_="h2", size="4"),
            rx.grid(
                rx.foreach(S.conflict_texts, lambda item: rx.box(
                    rx.text(item[0], weight="bold"), rx.el.pre(item[1], class_name="conflict-text"))),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3",
            ),
            rx.hstack(
                rx.button(word("ne_keep_mine"), on_click=S.keep_mine, id="keep-mine"),
                rx.button(word("ne_take_theirs"), on_click=S.take_theirs, variant="outline",
                          id="take-theirs"),
            ),
            class_name="card conflict",
            id="conflict",
        ),
    )


def _publisher_only(component: rx.Component) -> rx.Component:
    """Shown to publishers and admins only; the handlers check the role again regardless."""
    return rx.cond(S.account_role != "editor", component)


def _correction() -> rx.Component:
    """A published notice: a waiting correction, its approval by a second person, and the admins' urgent path."""
    return rx.cond(
        S.status == "published",
        rx.fragment(
            rx.cond(S.correction_pending, rx.box(
                rx.callout(word("correction_pending"), icon="info", color_scheme="amber", id="correction-pending"),
                _publisher_only(rx.hstack(
                    rx.button(word("correction_approve"), on_click=S.approve_correction, id="approve-correction",
                              color_scheme="green"),
                    rx.button(word("correction_discard"), on_click=S.discard_correction, id="discard-correction",
                              variant="outline"),
                    wrap="wrap", spacing="2",
                )),
            )),
            rx.cond(S.account_role == "admin", rx.box(
                field(word("correction_urgent_reason"),
                      rx.input(id="urgent_reason", value=S.urgent_reason, max_length=500,
                               on_change=lambda v: S.set_field("urgent_reason", v)), "urgent_reason"),
                rx.button(word("correction_urgent_publish"), on_click=S.publish_urgent, id="publish-urgent",
                          color_scheme="red", variant="soft"),
                class_name="card",
            )),
        ),
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(rx.cond((S.status == "published") & S.corrections_reviewed, word("correction_submit"),
                          word("ne_save")), on_click=S.save, id="save"),
        rx.cond(S.status == "draft", rx.button(word("ne_submit"), on_click=S.submit,
                                               id="submit", variant="soft")),
        _publisher_only(rx.cond(
            S.status == "in_review",
            rx.fragment(
                rx.button(word("ne_approve"), on_click=S.approve, id="approve",
                          color_scheme="green"),
                rx.input(type="datetime-local", value=S.schedule_at, id="schedule-at",
                         aria_label=word("ne_publish_time"),
                         on_change=lambda value: S.set_field("schedule_at", value)),
                rx.button(word("ne_schedule"), on_click=S.schedule, id="schedule", variant="soft"),
            ),
        )),
        _publisher_only(rx.cond(
            (S.status == "in_review") | (S.status == "scheduled") | (S.status == "published"),
            rx.button(rx.cond(S.status == "published", word("ne_unpublish"), word("ne_back_to_draft")),
                      on_click=S.return_to_draft, id="return-to-draft", variant="outline"))),
        _publisher_only(rx.cond(
            (S.status == "draft") | (S.status == "published"),
            rx.button(word("ne_archive"), on_click=S.archive, id="archive", variant="outline",
                      color_scheme="gray"))),
        wrap="wrap",
        spacing="2",
    )


def notice_edit_page() -> rx.Component:
    return workspace(
        "ne_title",
        # S.status: on its class a state field is a Var (mypy sees the field's type).
        rx.text(word("ws_col_status"), ": ",
                rx.el.strong(word_of("ws_notice_status_", S.status, STATUS_ORDER),  # type: ignore[arg-type]
                             id="notice-status", data_status=S.status),
                " · ", word("ne_version"), " ", S.version,
                rx.cond(S.slug != "", rx.fragment(" · /pengumuman/", S.slug)),
                rx.cond(S.publish_at_text != "", rx.fragment(" · ", word("ne_publishes"), " ", S.publish_at_text))),
        _conflict(),
        rx.grid(_language_column("id", "ne_col_ind"), _language_column("en", "ne_col_en"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="5"),
        rx.grid(
            field("ne_linked_incident", rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(S.incident_options, lambda o: rx.el.option(o[1], value=o[0])),
                id="incident_id", value=S.incident_id, on_change=lambda v: S.set_field("incident_id", v),
                class_name="native-select"), "incident_id"),
            office_picker(S, "n-"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="3",
        ),
        _actions(),
        _correction(),
        rx.cond(
            # S.revisions: on its class a state field is a Var (mypy sees the field's type).
            S.revisions.length() > 0,  # type: ignore[attr-defined]
            rx.box(
                rx.heading(word("ne_revisions"), as_="h2", size="4"),
                rx.el.ul(rx.foreach(S.revisions, lambda r: rx.el.li(
                    "v", r.version, " · ", r.saved, " ",
                    rx.button(word("ne_compare"), size="1", variant="ghost",
                              on_click=S.compare(r.version.to_string()))))),
                rx.foreach(S.diff, lambda d: rx.box(rx.text(d.name, weight="bold"),
                                                    rx.el.pre(rx.foreach(d.lines, lambda line: rx.text(line)),
                                                              class_name="diff"))),
                id="revisions",
            ),
        ),
    )

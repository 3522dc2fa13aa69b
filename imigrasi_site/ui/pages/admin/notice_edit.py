"""/admin/pengumuman/[id] and /admin/pengumuman/baru : write, preview and move a notice through review."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.core.i18n import t
from imigrasi_site.ui.components.notices import notice_article
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
        rx.heading(heading, as_="h2", size="4"),
        _text_input(f"title_{lang}", "Judul / Title"),
        _area(f"lede_{lang}", "Ringkasan / Lede", "3"),
        _area(f"body_{lang}", "Isi (Markdown) / Body (Markdown)", "14"),
        rx.heading("Pratinjau / Preview", as_="h3", size="3"),
        rx.box(
            notice_article(getattr(S, f"title_{lang}"), "", getattr(S, f"lede_{lang}"), getattr(S, f"body_{lang}")),
            class_name="card preview",
            id=f"preview-{lang}",
        ),
    )


def _conflict() -> rx.Component:
    return rx.cond(
        S.conflict_version > 0,
        rx.box(
            rx.heading("Versi yang tersimpan sekarang / The version saved now", as_="h2", size="4"),
            rx.grid(
                rx.foreach(S.conflict_texts, lambda item: rx.box(
                    rx.text(item[0], weight="bold"), rx.el.pre(item[1], class_name="conflict-text"))),
                columns="2", spacing="3",
            ),
            rx.hstack(
                rx.button("Simpan versi saya / Save mine over it", on_click=S.keep_mine, id="keep-mine"),
                rx.button("Pakai versi tersimpan / Use the saved one", on_click=S.take_theirs, variant="outline",
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
                rx.callout(t("correction_pending"), icon="info", color_scheme="amber", id="correction-pending"),
                _publisher_only(rx.hstack(
                    rx.button(t("correction_approve"), on_click=S.approve_correction, id="approve-correction",
                              color_scheme="green"),
                    rx.button(t("correction_discard"), on_click=S.discard_correction, id="discard-correction",
                              variant="outline"),
                    wrap="wrap", spacing="2",
                )),
            )),
            rx.cond(S.account_role == "admin", rx.box(
                field(t("correction_urgent_reason"),
                      rx.input(id="urgent_reason", value=S.urgent_reason, max_length=500,
                               on_change=lambda v: S.set_field("urgent_reason", v)), "urgent_reason"),
                rx.button(t("correction_urgent_publish"), on_click=S.publish_urgent, id="publish-urgent",
                          color_scheme="red", variant="soft"),
                class_name="card",
            )),
        ),
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(rx.cond((S.status == "published") & S.corrections_reviewed, t("correction_submit"),
                          "Simpan / Save"), on_click=S.save, id="save"),
        rx.cond(S.status == "draft", rx.button("Ajukan untuk ditinjau / Submit for review", on_click=S.submit,
                                               id="submit", variant="soft")),
        _publisher_only(rx.cond(
            S.status == "in_review",
            rx.fragment(
                rx.button("Setujui dan terbitkan / Approve and publish", on_click=S.approve, id="approve",
                          color_scheme="green"),
                rx.input(type="datetime-local", value=S.schedule_at, id="schedule-at",
                         aria_label="Waktu terbit (WIB) / Publish time (WIB)",
                         on_change=lambda value: S.set_field("schedule_at", value)),
                rx.button("Jadwalkan (WIB) / Schedule (WIB)", on_click=S.schedule, id="schedule", variant="soft"),
            ),
        )),
        _publisher_only(rx.cond(
            (S.status == "in_review") | (S.status == "scheduled") | (S.status == "published"),
            rx.button(rx.cond(S.status == "published", "Tarik dari publik / Unpublish",
                              "Kembalikan ke draf / Back to draft"),
                      on_click=S.return_to_draft, id="return-to-draft", variant="outline"))),
        _publisher_only(rx.cond(
            (S.status == "draft") | (S.status == "published"),
            rx.button("Arsipkan / Archive", on_click=S.archive, id="archive", variant="outline",
                      color_scheme="gray"))),
        wrap="wrap",
        spacing="2",
    )


def notice_edit_page() -> rx.Component:
    return workspace(
        "Pengumuman / Notice",
        rx.text("Status: ", rx.el.strong(S.status, id="notice-status"), " · versi ", S.version,
                rx.cond(S.slug != "", rx.fragment(" · /pengumuman/", S.slug)),
                rx.cond(S.publish_at_text != "", rx.fragment(" · terbit ", S.publish_at_text))),
        _conflict(),
        rx.grid(_language_column("id", "Bahasa Indonesia (wajib)"), _language_column("en", "English (optional)"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="5"),
        rx.grid(
            field("Insiden terkait / Linked incident", rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(S.incident_options, lambda o: rx.el.option(o[1], value=o[0])),
                id="incident_id", value=S.incident_id, on_change=lambda v: S.set_field("incident_id", v),
                class_name="native-select"), "incident_id"),
            field("Kode kantor terkait, dipisah koma / Office codes, comma-separated",
                  rx.input(id="office_codes", value=S.office_codes, debounce_timeout=300,
                           on_change=lambda v: S.set_field("office_codes", v)), "office_codes"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="3",
        ),
        _actions(),
        _correction(),
        rx.cond(
            S.revisions.length() > 0,
            rx.box(
                rx.heading("Riwayat revisi / Revisions", as_="h2", size="4"),
                rx.el.ul(rx.foreach(S.revisions, lambda r: rx.el.li(
                    "v", r.version, " · ", r.saved, " ",
                    rx.button("Bandingkan dengan sekarang / Compare with now", size="1", variant="ghost",
                              on_click=S.compare(r.version.to_string()))))),
                rx.foreach(S.diff, lambda d: rx.box(rx.text(d.name, weight="bold"),
                                                    rx.el.pre(rx.foreach(d.lines, lambda line: rx.text(line)),
                                                              class_name="diff"))),
                id="revisions",
            ),
        ),
        state=S,
    )

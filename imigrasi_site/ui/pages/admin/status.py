"""/admin/status : change availability for one office or many, with a preview first."""

from __future__ import annotations

import reflex as rx

from imigrasi_site.ui.components.cell_selector import cell_selector_fields, choice
from imigrasi_site.ui.components.workspace import field, workspace
from imigrasi_site.ui.state.availability import AvailabilityEditorState as S


def status_page() -> rx.Component:
    return workspace(
        "Status layanan / Availability",
        rx.text("Pilih layanan dan kantor: satu kantor, satu provinsi, satu jenis, atau daftar kode. / Choose the "
                "service and the offices: one office, a province, a type, or a list of codes."),
        rx.grid(
            *cell_selector_fields(S),
            choice(S, "availability", "Status baru / New status", [
                rx.el.option("Normal", value="normal"), rx.el.option("Terbatas / Limited", value="limited"),
                rx.el.option("Tidak tersedia / Unavailable", value="unavailable")]),
            choice(S, "incident_id", "Insiden / Incident", [rx.el.option("—", value=""),
                                                          rx.foreach(S.incidents,
                                                                     lambda o: rx.el.option(o[1], value=o[0]))]),
            field("Saran (Indonesia) / Advice (Indonesian)",
                  rx.text_area(id="advice_id", value=S.advice_id, rows="3", debounce_timeout=300,
                               on_change=lambda v: S.set_field("advice_id", v)), "advice_id"),
            field("Advice (English)", rx.text_area(id="advice_en", value=S.advice_en, rows="3", debounce_timeout=300,
                                                   on_change=lambda v: S.set_field("advice_en", v)), "advice_en"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="3",
        ),
        rx.hstack(
            rx.button("Pratinjau / Preview", on_click=S.preview, id="preview", variant="soft"),
            rx.button("Terapkan / Apply", on_click=S.apply, id="apply", disabled=S.preview_count < 0),
        ),
        rx.cond(
            S.preview_count >= 0,
            rx.box(
                rx.text(S.preview_count, " layanan kantor akan berubah. / office services will change.",
                        weight="bold", id="preview-count"),
                rx.el.ul(rx.foreach(S.preview_rows, lambda r: rx.el.li(r.office, " · ", r.service, " (", r.now,
                                                                       ")"))),
                class_name="card",
            ),
        ),
        state=S,
    )

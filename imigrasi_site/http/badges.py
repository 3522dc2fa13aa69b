"""Status badges: small SVG images that say an office's or a service's status in words.

The word is the status; colour only repeats it. An office counts as unavailable only
when every service there is, as limited when any is disrupted (the national rule).
"""

from __future__ import annotations

from html import escape

from imigrasi_site.core.i18n import name_in
from imigrasi_site.core.offices import office_availability
from imigrasi_site.core.presenters import AVAILABILITY_ICONS, availability_label, cell_row, summary_row
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.http.rendered import Rendered, error_text

SVG = "image/svg+xml; charset=utf-8"
# Same colours as the site's status pills; white text on each passes WCAG AA.
COLOURS = {"normal": "#0b6b2f", "limited": "#8a4b00", "unavailable": "#a4161a"}
LABEL_COLOUR = "#1e2a78"
HEIGHT = 20
PADDING = 8
# Average advance of an 11 px sans-serif glyph; textLength fits the text to the box exactly.
CHAR_WIDTH = 6.6
# Badges are images: nothing inside them may load or run.
_HEADERS = ((b"content-security-policy", b"default-src 'none'"),)


def _text_width(text: str) -> int:
    return round(len(text) * CHAR_WIDTH)


def badge_svg(label: str, status_text: str, availability: str, description: str) -> bytes:
    label_width = _text_width(label) + 2 * PADDING
    status_width = _text_width(status_text) + 2 * PADDING
    width = label_width + status_width
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(label)}: {escape(status_text)}"><title>{escape(description)}</title>'
        f'<rect width="{label_width}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{label_width}" width="{status_width}" height="{HEIGHT}" fill="{COLOURS[availability]}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{PADDING}" y="14" textLength="{_text_width(label)}" lengthAdjust="spacingAndGlyphs">'
        f"{escape(label)}</text>"
        f'<text x="{label_width + PADDING}" y="14" textLength="{_text_width(status_text)}" '
        f'lengthAdjust="spacingAndGlyphs" font-weight="bold">{escape(status_text)}</text></g></svg>'
    ).encode()


def _status_text(availability: str, lang: str) -> str:
    return f"{AVAILABILITY_ICONS[availability]} {availability_label(availability, lang)}"


def office_badge(snapshot: PublicSnapshot, code: str, lang: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return error_text(404, f"No office has the code {code!r}.")
    availability = office_availability(office)
    rows = [cell_row(snapshot, cell, office.timezone, lang) for cell in office.cells]
    description = "; ".join([f"{office.name}: {availability_label(availability, lang)}",
                             *(f"{row.service_name}: {row.label}" for row in rows)])
    svg = badge_svg(office.name, _status_text(availability, lang), availability, description)
    return Rendered.build(svg, SVG, extra_headers=_HEADERS)


def service_badge(snapshot: PublicSnapshot, service_code: str, lang: str) -> Rendered:
    service = snapshot.service(service_code)
    summary = next((s for s in snapshot.summary if s.service_code == service_code), None)
    if service is None or summary is None:
        return error_text(404, f"No service has the code {service_code!r}.")
    name = name_in(service, lang)
    availability = summary.national
    description = f"{name}: {availability_label(availability, lang)}. {summary_row(snapshot, summary, lang).sentence}"
    svg = badge_svg(name, _status_text(availability, lang), availability, description)
    return Rendered.build(svg, SVG, extra_headers=_HEADERS)

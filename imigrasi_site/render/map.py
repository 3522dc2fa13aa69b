"""The national map: a server-made SVG of Indonesia with one mark per office.

Pure functions of the read model, so pages, the embed and tests draw the same picture:

- `render_map_svg(snapshot, service_code, lang, base)` is the whole SVG as text, with a
  `<title>` and `<desc>` for screen readers; each mark is a link to the office page.
- `map_rows(snapshot, service_code, lang, base)` are the same facts as rows, for the table
  that stands beside the map (and for anyone who cannot see it).

A mark's shape and the glyph inside it carry the availability (circle ✓ normal, triangle !
limited, square ✕ unavailable, small ring: the office does not offer the service); colour
only repeats it. With no service chosen, an office shows the worst state of its services.
The outline is Natural Earth data, simplified once (data/indonesia-outline.json).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from imigrasi_site.core import links
from imigrasi_site.core.i18n import name_in, t
from imigrasi_site.core.models import Availability
from imigrasi_site.core.presenters import AVAILABILITY_ICONS, availability_label
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import OfficeView

OUTLINE_PATH = Path(__file__).resolve().parents[1] / "data" / "indonesia-outline.json"
NOT_OFFERED = ""
# Drawn in this order, so that disrupted offices stay visible on top of their neighbours.
_ORDER = {NOT_OFFERED: 0, "normal": 1, "limited": 2, "unavailable": 3}
_MARKS = {
    "normal": '<circle r="5" fill="#0b6b2f" stroke="#fff"/>',
    "limited": '<path d="M0-6.5 6 4.5H-6z" fill="#8a4b00" stroke="#fff"/>',
    "unavailable": '<path d="M-5-5h10v10h-10z" fill="#a4161a" stroke="#fff"/>',
    NOT_OFFERED: '<circle r="2.5" fill="#fff" stroke="#4a4a4a"/>',
}
LEGEND_HEIGHT = 26


@dataclass(frozen=True, slots=True)
class MapRow:
    """One office on the map, in one language: also a row of the table alternative."""

    office_code: str
    office_name: str
    province: str
    availability: str  # normal, limited, unavailable, or "" where the office does not offer the service
    label: str
    icon: str
    url: str
    x: float
    y: float


@lru_cache(maxsize=1)
def outline() -> dict[str, Any]:
    return json.loads(OUTLINE_PATH.read_text(encoding="utf-8"))


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Equirectangular, in the outline's frame (kept inside it)."""
    frame = outline()
    projection = frame["projection"]
    x = (longitude - projection["west"]) * projection["units_per_degree"]
    y = (projection["north"] - latitude) * projection["units_per_degree"]
    return round(min(max(x, 0), frame["width"]), 1), round(min(max(y, 0), frame["height"]), 1)


def office_map_availability(office: OfficeView, service_code: str | None) -> str:
    """The chosen service's availability, or the worst of all the office's services."""
    if service_code is not None:
        cell = office.cell(service_code)
        return cell.availability if cell is not None else NOT_OFFERED
    worst = max((Availability(c.availability) for c in office.cells), key=lambda a: a.severity,
                default=Availability.NORMAL)
    return worst.value


def parse_map_service(snapshot: PublicSnapshot, value: object) -> str | None:
    """A service code from a GET selector, or None (all services) for anything unknown."""
    return value if isinstance(value, str) and snapshot.service(value) is not None else None


def _label(availability: str, lang: str) -> str:
    return availability_label(availability, lang) if availability else t("map_not_offered", lang)


def map_rows(snapshot: PublicSnapshot, service_code: str | None, lang: str, base: str,
             office_codes: Collection[str] | None = None) -> list[MapRow]:
    """Every active office (or only `office_codes`), by province then name."""
    rows = []
    for office in snapshot.offices:
        if office_codes is not None and office.code not in office_codes:
            continue
        availability = office_map_availability(office, service_code)
        x, y = project(office.latitude, office.longitude)
        rows.append(MapRow(office.code, office.name, office.province_name, availability, _label(availability, lang),
                           AVAILABILITY_ICONS.get(availability, ""), links.office_page(base, office.code, lang), x, y))
    rows.sort(key=lambda r: (r.province, r.office_name))
    return rows


def map_title(snapshot: PublicSnapshot, service_code: str | None, lang: str) -> str:
    service = snapshot.service(service_code) if service_code else None
    name = name_in(service, lang) if service else t("map_all_services", lang)
    return t("map_title", lang, service=name)


def map_description(rows: list[MapRow], lang: str) -> str:
    counts = {a: sum(1 for r in rows if r.availability == a) for a in _ORDER}
    text = t("map_desc", lang, offices=len(rows), normal=counts["normal"], limited=counts["limited"],
             unavailable=counts["unavailable"])
    if counts[NOT_OFFERED]:
        text += " " + t("map_desc_not_offered", lang, count=counts[NOT_OFFERED])
    return f"{text} {t('map_desc_shapes', lang)}"


def _legend(rows: list[MapRow], lang: str, top: int, id_prefix: str) -> str:
    shown = [a.value for a in Availability] + ([NOT_OFFERED] if any(not r.availability for r in rows) else [])
    items, x = [], 12
    for availability in shown:
        label = escape(_label(availability, lang))
        items.append(f'<use href="#{id_prefix}-{availability or "none"}" x="{x}" y="{top + 13}"/>'
                     f'<text x="{x + 10}" y="{top + 17}">{label}</text>')
        x += 22 + 7 * len(label)
    return f'<g class="map-legend" aria-hidden="true" font-size="12" fill="#1a1a1a">{"".join(items)}</g>'


def render_map_svg(snapshot: PublicSnapshot, service_code: str | None, lang: str, base: str, *,
                   office_codes: Collection[str] | None = None, target: str | None = None,
                   id_prefix: str = "peta") -> str:
    """The map as an SVG element (no XML prolog), to put inline in HTML or serve alone.

    `office_codes` limits the marks (an incident's offices); `target="_blank"` opens office
    pages outside a frame (the embed); `id_prefix` keeps ids unique when a page has two maps.
    """
    frame = outline()
    width, height = frame["width"], frame["height"] + LEGEND_HEIGHT
    rows = map_rows(snapshot, service_code, lang, base, office_codes)
    title, desc = map_title(snapshot, service_code, lang), map_description(rows, lang)
    defs = "".join(f'<g id="{id_prefix}-{a or "none"}">{shape}</g>' for a, shape in _MARKS.items())
    link_extra = f' target="{escape(target)}" rel="noopener"' if target else ""
    marks = []
    for row in sorted(rows, key=lambda r: _ORDER[r.availability]):
        glyph = (f'<text x="{row.x:g}" y="{row.y + 2.5:g}">{row.icon}</text>' if row.icon else "")
        marks.append(
            f'<a href="{escape(row.url)}"{link_extra} data-office="{escape(row.office_code)}" '
            f'data-availability="{row.availability or "not_offered"}">'
            f"<title>{escape(row.office_name)}: {escape(row.label)}</title>"
            f'<use href="#{id_prefix}-{row.availability or "none"}" x="{row.x:g}" y="{row.y:g}"/>{glyph}</a>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="national-map" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family="system-ui,sans-serif">'
        f'<title id="{id_prefix}-title">{escape(title)}</title><desc id="{id_prefix}-desc">{escape(desc)}</desc>'
        f"<defs>{defs}</defs>"
        f'<rect class="map-sea" width="{width}" height="{height}" fill="#eef3f8"/>'
        f'<path class="map-neighbours" d="{frame["neighbours"]}" fill="#e2e5ea" stroke="#c3c8d0" stroke-width=".6"/>'
        f'<path class="map-land" d="{frame["indonesia"]}" fill="#fbfbf7" stroke="#8d96a3" stroke-width=".7"/>'
        f'<g class="map-marks" font-size="7" font-weight="700" fill="#fff" text-anchor="middle">{"".join(marks)}</g>'
        f"{_legend(rows, lang, frame['height'], id_prefix)}</svg>"
    )

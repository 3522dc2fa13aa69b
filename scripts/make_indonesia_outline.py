"""Make imigrasi_site/data/indonesia-outline.json from Natural Earth's 1:50m countries.

Run once, by hand; the result is committed (see imigrasi_site/data/README.md):

    mkdir -p /tmp/wa && (cd /tmp/wa && npm i world-atlas@2.0.2)
    .venv/bin/python scripts/make_indonesia_outline.py /tmp/wa/node_modules/world-atlas/countries-50m.json

It decodes the TopoJSON, keeps Indonesia and the land it shares islands with, drops islets
too small to see at this scale, simplifies each ring (Douglas-Peucker), projects it
equirectangularly into the map's frame and writes compact relative SVG path data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# ISO 3166-1 numeric codes, as world-atlas ids: Indonesia, then neighbours on shared islands and coasts.
INDONESIA = "360"
NEIGHBOURS = {"458": "Malaysia", "096": "Brunei", "626": "Timor-Leste", "598": "Papua New Guinea",
              "702": "Singapore"}
# The frame: degrees of longitude and latitude shown, and map units per degree.
WEST, EAST, NORTH, SOUTH = 94.6, 141.4, 6.4, -11.2
SCALE = 20.0
TOLERANCE_DEG = 0.035  # Douglas-Peucker tolerance
MIN_AREA_DEG2 = 0.012  # islands smaller than this (about 150 km²) are left out

OUT = Path(__file__).resolve().parents[1] / "imigrasi_site" / "data" / "indonesia-outline.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x0, y0 = points[i]
            if length:
                distance = abs((y2 - y1) * x0 - (x2 - x1) * y0 + x2 * y1 - y2 * x1) / length
            else:
                distance = ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            if distance > best:
                best, index = distance, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def project(lon: float, lat: float) -> tuple[int, int]:
    return round((lon - WEST) * SCALE), round((NORTH - lat) * SCALE)


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in rings:
        projected = [project(*p) for p in points]
        deduped = [projected[0]] + [p for prev, p in zip(projected, projected[1:], strict=False) if p != prev]
        if len(deduped) < 4:
            continue
        x, y = deduped[0]
        steps = []
        for nx, ny in deduped[1:]:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{deduped[0][0]} {deduped[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def country_rings(topology: dict, arcs, country_id: str) -> list[list[tuple[float, float]]]:
    geometry = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == country_id)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        outer = ring(arcs, polygon[0])  # holes (lakes) are not drawn at this scale
        if area(outer) >= MIN_AREA_DEG2:
            inside = [p for p in outer if WEST - 3 <= p[0] <= EAST + 3 and SOUTH - 3 <= p[1] <= NORTH + 3]
            if inside:
                rings.append(simplify(outer, TOLERANCE_DEG))
    return rings


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    neighbours = [r for code in NEIGHBOURS for r in country_rings(topology, arcs, code)]
    document = {
        "source": "Natural Earth 1:50m Admin 0 countries (version 4.1.0), public domain, "
                  "via the npm package world-atlas 2.0.2 (countries-50m.json, ISC licence)",
        "made_by": "scripts/make_indonesia_outline.py",
        "projection": {"kind": "equirectangular", "west": WEST, "north": NORTH, "units_per_degree": SCALE},
        "width": round((EAST - WEST) * SCALE),
        "height": round((NORTH - SOUTH) * SCALE),
        "simplified": {"tolerance_degrees": TOLERANCE_DEG, "smallest_island_square_degrees": MIN_AREA_DEG2},
        "indonesia": path_data(country_rings(topology, arcs, INDONESIA)),
        "neighbours": path_data(neighbours),
        "neighbour_names": list(NEIGHBOURS.values()),
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])

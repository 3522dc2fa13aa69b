"""Finding offices: search, filters, distance, and the national summary.

Every function works on views from the public read model, so a visitor's search
costs no database query and behaves the same in the API, the pages and the tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.models import Availability
from imigrasi_site.core.text import fold, query_tokens
from imigrasi_site.core.views import IncidentView, NoticeView, OfficeView, ServiceSummary, ServiceView

# Words that name a kind of region rather than a place ("Kota Batam" is found by "batam").
_REGION_WORDS = {"kota", "kabupaten", "kab", "adm", "administrasi"}
EARTH_RADIUS_KM = 6371.0
# A filter value meaning "limited or unavailable", for "where is this disrupted?".
DISRUPTED = "disrupted"
AVAILABILITY_FILTERS = (*(a.value for a in Availability), DISRUPTED)


def search_offices(offices: Iterable[OfficeView], query: object) -> list[OfficeView]:
    """Offices whose name, city, province or code contain every word of the query as a word start.

    No query (empty, blank, not text) matches every office; text with no searchable word
    in it (emoji, punctuation) matches none. The result keeps the input order.
    """
    tokens = query_tokens(query)
    if not tokens:
        has_text = isinstance(query, str) and query.strip() != ""
        return [] if has_text else list(offices)
    needles = [f" {token}" for token in tokens]
    return [office for office in offices if all(needle in office.search_text for needle in needles)]


def filter_offices(
    offices: Iterable[OfficeView],
    *,
    service_code: str | None = None,
    availability: str | None = None,
    office_type: str | None = None,
    province_code: str | None = None,
) -> list[OfficeView]:
    """Offices that offer `service_code` (in `availability`, when given), of a type, in a province.

    With an availability but no service, an office matches when any of its services is in it.
    `availability` may also be DISRUPTED: limited or unavailable.
    """
    if availability is not None and availability not in AVAILABILITY_FILTERS:
        raise InvalidInput(f"Unknown availability: {availability!r}", field="availability")

    def matches(cell) -> bool:
        if availability == DISRUPTED:
            return cell.availability != Availability.NORMAL.value
        return cell.availability == availability

    result = []
    for office in offices:
        if office_type and office.type != office_type:
            continue
        if province_code and office.province_code != province_code:
            continue
        if service_code:
            cell = office.cell(service_code)
            if cell is None or (availability and not matches(cell)):
                continue
        elif availability and not any(matches(cell) for cell in office.cells):
            continue
        result.append(office)
    return result


def office_availability(office: OfficeView) -> str:
    """One word for a whole office, by the national rule: unavailable only when every service is,
    limited when any service is disrupted, normal otherwise (also when it offers none)."""
    availabilities = {cell.availability for cell in office.cells}
    if availabilities == {Availability.UNAVAILABLE.value}:
        return Availability.UNAVAILABLE.value
    if availabilities - {Availability.NORMAL.value}:
        return Availability.LIMITED.value
    return Availability.NORMAL.value


def office_incident_ids(office: OfficeView, incidents: Iterable[IncidentView]) -> set[int]:
    """The incidents that hold one of the office's services now or changed one of them."""
    ids = {cell.incident_id for cell in office.cells if cell.incident_id}
    ids |= {incident.id for incident in incidents if any(a.office_code == office.code for a in incident.affected)}
    return ids


def office_notices(office: OfficeView, notices: Iterable[NoticeView], incident_ids: set[int]) -> list[NoticeView]:
    """Notices that name the office, and notices about one of its incidents that name no office at all."""
    return [
        notice for notice in notices
        if office.code in notice.office_codes or (not notice.office_codes and notice.incident_id in incident_ids)
    ]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    latitude: float
    longitude: float


def _place_key(name: str) -> str:
    return " ".join(word for word in fold(name).split() if word not in _REGION_WORDS)


def known_places(offices: Iterable[OfficeView]) -> list[Place]:
    """The cities that have an office, each at the mean position of its offices, sorted by name."""
    sums: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    for office in offices:
        key = _place_key(office.city)
        acc = sums.setdefault(key, [0.0, 0.0, 0.0])
        acc[0] += office.latitude
        acc[1] += office.longitude
        acc[2] += 1
        names.setdefault(key, office.city)
    places = [Place(names[k], lat / n, lon / n) for k, (lat, lon, n) in sums.items()]
    return sorted(places, key=lambda place: _place_key(place.name))


def locate_place(offices: Sequence[OfficeView], name: object) -> Place | None:
    """The place a traveller typed ("denpasar", "Kota Batam", "putussibau"), or None when unknown.

    A city with an office is matched first; otherwise a town named by an office
    ("Kantor Imigrasi ... Putussibau") gives that office's position.
    """
    if not isinstance(name, str):
        return None
    key = _place_key(name[:100])
    if len(key) < 3:
        return None
    places = known_places(offices)
    for place in places:
        if _place_key(place.name) == key:
            return place
    for place in places:
        if f" {key}" in f" {_place_key(place.name)}":
            return place
    named = search_offices(offices, key)
    if named:
        return Place(name.strip(), named[0].latitude, named[0].longitude)
    return None


def nearest_offices(
    offices: Iterable[OfficeView],
    latitude: float,
    longitude: float,
    *,
    service_code: str | None = None,
    availability: str | None = None,
    limit: int = 5,
) -> list[tuple[OfficeView, float]]:
    """The closest offices offering a service (in an availability, when given), with distances in km."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("Coordinates out of range.", field="origin")
    candidates = filter_offices(offices, service_code=service_code, availability=availability)
    ranked = sorted(
        ((office, distance_km(latitude, longitude, office.latitude, office.longitude)) for office in candidates),
        key=lambda pair: (pair[1], pair[0].code),
    )
    return ranked[: max(0, limit)]


def national_summary(offices: Sequence[OfficeView], services: Sequence[ServiceView]) -> tuple[ServiceSummary, ...]:
    """For each service, how many offices offering it are normal, limited or unavailable."""
    result = []
    for service in services:
        counts = {a.value: 0 for a in Availability}
        since = None
        for office in offices:
            cell = office.cell(service.code)
            if cell is None:
                continue
            counts[cell.availability] += 1
            if cell.availability != Availability.NORMAL.value and (since is None or cell.since < since):
                since = cell.since
        result.append(
            ServiceSummary(
                service_code=service.code,
                normal=counts["normal"],
                limited=counts["limited"],
                unavailable=counts["unavailable"],
                disrupted_since=since,
            )
        )
    return tuple(result)

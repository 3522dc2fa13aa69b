"""A Statuspage-compatible public API under /api/v2/, for status aggregators and widgets.

Atlassian Statuspage documents a public read API (summary.json, status.json, components.json,
incidents.json, incidents/unresolved.json, scheduled-maintenances.json); many dashboards and
widgets read exactly that shape. The shapes are defined once here as pydantic models and
filled from the read model; routes.py renders each once per snapshot.

Mapping (docs/api.md): every service is a component, once in the national group and once in
the group of each province where an office offers it. A component's status comes from the
offices it covers: all normal -> operational, some limited -> degraded_performance, some
unavailable -> partial_outage, unavailable at every office -> major_outage; a disruption that
is entirely planned maintenance under way -> under_maintenance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from imigrasi_site.core import links
from imigrasi_site.core.errors import InvalidInput
from imigrasi_site.core.i18n import LANGUAGES, name_in, pick, t
from imigrasi_site.core.models import Availability
from imigrasi_site.core.public_shapes import iso_utc
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import IncidentView, MaintenanceView, OfficeView
from imigrasi_site.http.api import single_values
from imigrasi_site.http.rendered import JSON, Rendered, json_body

STATUSPAGE_PREFIX = "/api/v2"
PAGE_ID = "imigrasi"
NATIONAL_GROUP = "nasional"
# Statuspage lists the 50 most recent incidents.
MAX_INCIDENTS = 50

ComponentStatus = Literal["operational", "degraded_performance", "partial_outage", "major_outage",
                          "under_maintenance"]
Indicator = Literal["none", "minor", "major", "critical"]
Impact = Literal["none", "minor", "major", "critical", "maintenance"]
_STATUS_RANK: dict[str, int] = {"operational": 0, "under_maintenance": 1, "degraded_performance": 2,
                                "partial_outage": 3, "major_outage": 4}
_INDICATOR: dict[str, Indicator] = {"operational": "none", "under_maintenance": "none",
                                    "degraded_performance": "minor", "partial_outage": "major",
                                    "major_outage": "critical"}


class Page(BaseModel):
    id: str
    name: str
    url: str
    time_zone: str
    updated_at: str


class Status(BaseModel):
    indicator: Indicator
    description: str


class Component(BaseModel):
    id: str
    name: str
    status: ComponentStatus
    created_at: str
    updated_at: str
    position: int
    description: str | None
    showcase: bool
    start_date: str | None
    group_id: str | None
    page_id: str
    group: bool
    only_show_if_degraded: bool


class ComponentGroup(Component):
    """A group is a component too, with its members' ids (Statuspage gives plain components no such key)."""

    components: list[str]


class IncidentUpdate(BaseModel):
    id: str
    status: str
    body: str
    incident_id: str
    created_at: str
    updated_at: str
    display_at: str
    affected_components: None = None


class Incident(BaseModel):
    id: str
    name: str
    status: str
    impact: Impact
    created_at: str
    updated_at: str
    monitoring_at: str | None
    resolved_at: str | None
    started_at: str
    shortlink: str
    page_id: str
    incident_updates: list[IncidentUpdate]
    components: list[Component]


class ScheduledMaintenance(Incident):
    scheduled_for: str
    scheduled_until: str


class StatusResponse(BaseModel):
    page: Page
    status: Status


class ComponentsResponse(BaseModel):
    page: Page
    components: list[Component]


class IncidentsResponse(BaseModel):
    page: Page
    incidents: list[Incident]


class MaintenancesResponse(BaseModel):
    page: Page
    scheduled_maintenances: list[ScheduledMaintenance]


class SummaryResponse(BaseModel):
    page: Page
    components: list[Component]
    incidents: list[Incident]
    scheduled_maintenances: list[ScheduledMaintenance]
    status: Status


def parse_query(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> str:
    """Only `lang` (id or en); names and texts are in Indonesian unless it says en."""
    values = single_values(params, ("lang",))
    lang = values.get("lang", "id")
    if lang not in LANGUAGES:
        raise InvalidInput(f"Unknown lang {lang!r}. Use one of: id, en.", field="lang")
    return lang


def component_id(service_code: str, province_code: str | None = None) -> str:
    return f"{province_code}.{service_code}" if province_code else f"{NATIONAL_GROUP}.{service_code}"


def group_id(province_code: str | None = None) -> str:
    return f"provinsi-{province_code}" if province_code else NATIONAL_GROUP


def component_status(snapshot: PublicSnapshot, offices: Iterable[OfficeView], service_code: str) -> ComponentStatus:
    """The status of one service over the offices that offer it."""
    under_work = {(c.office_code, c.service_code) for w in snapshot.maintenance if w.status == "active"
                  for c in w.cells}
    counts = {a.value: 0 for a in Availability}
    planned = True
    for office in offices:
        cell = office.cell(service_code)
        if cell is None:
            continue
        counts[cell.availability] += 1
        if cell.availability != Availability.NORMAL.value and (office.code, service_code) not in under_work:
            planned = False
    offered = sum(counts.values())
    disrupted = counts["limited"] + counts["unavailable"]
    if not disrupted:
        return "operational"
    if planned:
        return "under_maintenance"
    if counts["unavailable"] == offered:
        return "major_outage"
    return "partial_outage" if counts["unavailable"] else "degraded_performance"


def _page(snapshot: PublicSnapshot, base: str, lang: str) -> Page:
    return Page(id=PAGE_ID, name=t("site_name", lang), url=links.home_page(base, lang), time_zone="Asia/Jakarta",
                updated_at=iso_utc(snapshot.built_at))


def _times(offices: Sequence[OfficeView], service_code: str, fallback: datetime) -> tuple[str, str]:
    """When the component was first and last seen changing (the read model keeps no creation time)."""
    cells = [c for c in (o.cell(service_code) for o in offices) if c is not None]
    firsts = [c.history[0].at if c.history else c.since for c in cells]
    return iso_utc(min(firsts, default=fallback)), iso_utc(max((c.since for c in cells), default=fallback))


def _group(snapshot: PublicSnapshot, province: str | None, name: str, description: str,
           offices: Sequence[OfficeView], position: int, lang: str) -> list[Component]:
    """A group (national when `province` is None) and its components; nothing where no office is."""
    gid = group_id(province)
    children: list[Component] = []
    for service in snapshot.services:
        if not any(o.cell(service.code) for o in offices):
            continue
        created, updated = _times(offices, service.code, snapshot.built_at)
        children.append(Component(
            id=component_id(service.code, province), name=name_in(service, lang),
            status=component_status(snapshot, offices, service.code), created_at=created, updated_at=updated,
            position=len(children) + 1, description=pick(lang, service.description_ind, service.description_en)[0]
            or None, showcase=False, start_date=None, group_id=gid, page_id=PAGE_ID, group=False,
            only_show_if_degraded=False))
    if not children:
        return []
    worst = max((c.status for c in children), key=_STATUS_RANK.__getitem__)
    group = ComponentGroup(
        id=gid, name=name, status=worst, created_at=min(c.created_at for c in children),
        updated_at=max(c.updated_at for c in children), position=position, description=description,
        showcase=False, start_date=None, group_id=None, page_id=PAGE_ID, group=True, only_show_if_degraded=False,
        components=[c.id for c in children])
    return [group, *children]


def components(snapshot: PublicSnapshot, lang: str) -> list[Component]:
    """The national group first, then one group per province with offices, in name order."""
    result = _group(snapshot, None, t("statuspage_national", lang), t("statuspage_national_desc", lang),
                    snapshot.offices, 1, lang)
    for province in snapshot.provinces:
        offices = [o for o in snapshot.offices if o.province_code == province.code]
        result += _group(snapshot, province.code, province.name,
                         t("statuspage_province_desc", lang, province=province.name), offices,
                         sum(1 for c in result if c.group) + 1, lang)
    return result


def _affected_components(all_components: Mapping[str, Component], snapshot: PublicSnapshot,
                         cells: Iterable[tuple[str, str]]) -> list[Component]:
    ids: dict[str, None] = {}
    for office_code, service_code in cells:
        office = snapshot.office(office_code)
        if office is not None:
            ids[component_id(service_code, office.province_code)] = None
    return [all_components[i] for i in ids if i in all_components]


def incident_impact(snapshot: PublicSnapshot, incident: IncidentView) -> Impact:
    """The worst the incident did while it lasted: unavailable at every office that offers a service
    is critical, unavailable somewhere major, limited minor."""
    end = incident.resolved_at or snapshot.built_at
    worst = Availability.NORMAL
    everywhere = False
    by_service: dict[str, set[str]] = {}
    for affected in incident.affected:
        office = snapshot.office_ever(affected.office_code)
        cell = office.cell(affected.service_code) if office else None
        if cell is None:
            continue
        states = [p.new for p in cell.history if incident.started_at <= p.at <= end] + [cell.availability]
        peak = max((Availability(s) for s in states), key=lambda a: a.severity)
        if peak.severity > worst.severity:
            worst = peak
        if peak is Availability.UNAVAILABLE:
            by_service.setdefault(affected.service_code, set()).add(affected.office_code)
    for service_code, codes in by_service.items():
        offering = {o.code for o in snapshot.offices if o.cell(service_code)}
        everywhere = everywhere or codes >= offering
    if worst is Availability.UNAVAILABLE:
        return "critical" if everywhere else "major"
    return "minor" if worst is Availability.LIMITED else "none"


def incident(snapshot: PublicSnapshot, item: IncidentView, all_components: Mapping[str, Component], base: str,
             lang: str) -> Incident:
    iid = str(item.id)
    count = len(item.updates)
    updates = [
        IncidentUpdate(id=f"{iid}-{count - n}", status=u.status, body=pick(lang, u.body_ind, u.body_en)[0],
                       incident_id=iid, created_at=iso_utc(u.posted_at), updated_at=iso_utc(u.posted_at),
                       display_at=iso_utc(u.posted_at))
        for n, u in enumerate(item.updates)  # newest first, as Statuspage lists them
    ]
    monitoring = [u.posted_at for u in item.updates if u.status == "monitoring"]
    return Incident(
        id=iid, name=pick(lang, item.title_ind, item.title_en)[0], status=item.status,
        impact=incident_impact(snapshot, item), created_at=iso_utc(item.started_at),
        updated_at=iso_utc(item.updated_at), monitoring_at=iso_utc(min(monitoring)) if monitoring else None,
        resolved_at=iso_utc(item.resolved_at) if item.resolved_at else None, started_at=iso_utc(item.started_at),
        shortlink=links.incident_page(base, item.id, lang), page_id=PAGE_ID, incident_updates=updates,
        components=_affected_components(all_components, snapshot,
                                        ((a.office_code, a.service_code) for a in item.affected)))


def maintenance(snapshot: PublicSnapshot, window: MaintenanceView, all_components: Mapping[str, Component],
                base: str, lang: str) -> ScheduledMaintenance:
    mid = f"m{window.id}"
    status = "in_progress" if window.status == "active" else "scheduled"
    body = pick(lang, window.advice_ind, window.advice_en)[0] or pick(lang, window.title_ind, window.title_en)[0]
    offices = dict.fromkeys(c.office_code for c in window.cells)
    shortlink = links.office_page(base, next(iter(offices)), lang) if len(offices) == 1 else links.home_page(base, lang)
    started = iso_utc(window.starts_at)
    return ScheduledMaintenance(
        id=mid, name=pick(lang, window.title_ind, window.title_en)[0], status=status, impact="maintenance",
        created_at=started, updated_at=started, monitoring_at=None, resolved_at=None, started_at=started,
        shortlink=shortlink, page_id=PAGE_ID,
        incident_updates=[IncidentUpdate(id=f"{mid}-1", status=status, body=body, incident_id=mid,
                                         created_at=started, updated_at=started, display_at=started)],
        components=_affected_components(all_components, snapshot,
                                        ((c.office_code, c.service_code) for c in window.cells)),
        scheduled_for=started, scheduled_until=iso_utc(window.ends_at))


def overall_status(all_components: Iterable[Component], lang: str) -> Status:
    """The blended status of the national components (every office counts there)."""
    national = [c for c in all_components if c.group_id == NATIONAL_GROUP]
    worst = max((c.status for c in national), key=_STATUS_RANK.__getitem__, default="operational")
    indicator = _INDICATOR[worst]
    return Status(indicator=indicator, description=t(f"statuspage_indicator_{indicator}", lang))


class _Parts:
    """The pieces of one language's answers, made once per rendered endpoint."""

    def __init__(self, snapshot: PublicSnapshot, base: str, lang: str) -> None:
        self.page = _page(snapshot, base, lang)
        self.components = components(snapshot, lang)
        by_id = {c.id: c for c in self.components}
        self.incidents = [incident(snapshot, i, by_id, base, lang) for i in snapshot.incidents]
        self.maintenances = [maintenance(snapshot, w, by_id, base, lang) for w in snapshot.maintenance]
        self.status = overall_status(self.components, lang)

    @property
    def unresolved(self) -> list[Incident]:
        return [i for i in self.incidents if i.status != "resolved"]

    @property
    def recent(self) -> list[Incident]:
        return sorted(self.incidents, key=lambda i: i.created_at, reverse=True)[:MAX_INCIDENTS]


def _render(model: BaseModel) -> Rendered:
    # As any: a list of components holds groups, whose `components` must be kept.
    return Rendered.build(json_body(model.model_dump(mode="json", serialize_as_any=True)), JSON)


# Each endpoint's answer, by its path below STATUSPAGE_PREFIX (without ".json").
ENDPOINTS: dict[str, Callable[[_Parts], BaseModel]] = {
    "summary": lambda parts: SummaryResponse(page=parts.page, components=parts.components,
                                             incidents=parts.unresolved, scheduled_maintenances=parts.maintenances,
                                             status=parts.status),
    "status": lambda parts: StatusResponse(page=parts.page, status=parts.status),
    "components": lambda parts: ComponentsResponse(page=parts.page, components=parts.components),
    "incidents": lambda parts: IncidentsResponse(page=parts.page, incidents=parts.recent),
    "incidents/unresolved": lambda parts: IncidentsResponse(page=parts.page, incidents=parts.unresolved),
    "scheduled-maintenances": lambda parts: MaintenancesResponse(page=parts.page,
                                                                 scheduled_maintenances=parts.maintenances),
}


def response(name: str, snapshot: PublicSnapshot, lang: str, base: str) -> Rendered:
    """The answer of the endpoint `name` (a key of ENDPOINTS)."""
    return _render(ENDPOINTS[name](_Parts(snapshot, base, lang)))

"""OASIS CAP 1.2 alerts for incidents and the notices about them, and their Atom index.

Alerting systems read CAP, not this site's own API. Each incident is one thread of
messages: its first timeline entry is an `Alert`, each later entry an `Update`, and the
entry that resolves it a `Cancel`; every later message lists all earlier ones in
`<references>`, as the standard asks. A published notice linked to an incident is an
`Alert` of its own, grouped with the incident through `<incidents>`, and cancelled when the
incident is resolved. Messages are rendered from the read model, so an identifier always
gives the same message (CAP messages are never edited, only superseded).

Mapping (docs/api.md explains it): category `Infra` (a public service, not a hazard),
certainty `Observed`, urgency `Immediate` while a service is unavailable, `Expected` while it
is limited, `Past` once resolved; severity `Moderate` when a service is unavailable, `Minor`
otherwise.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from imigrasi_site.core import links
from imigrasi_site.core.i18n import pick, t
from imigrasi_site.core.models import Availability, IncidentStatus
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import IncidentUpdateView, IncidentView, NoticeView, OfficeView
from imigrasi_site.http.rendered import FEED_CACHE, Rendered, error_text

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_TYPE = "application/cap+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# The CAP language tags of the two <info> blocks, in the site's language order.
CAP_LANGUAGES = {"id": "id-ID", "en": "en-US"}
# A circle around each office: a city-sized area, since an office serves its surroundings.
OFFICE_RADIUS_KM = 10
# Cancellations stay in the Atom index this long, so that hubs polling it learn of them.
CANCELLED_LISTED_FOR = timedelta(hours=48)
CATEGORY = "Infra"
CERTAINTY = "Observed"


@dataclass(frozen=True, slots=True)
class CapAlert:
    """One CAP message: a version of an incident's thread, or a notice (or its cancellation)."""

    identifier: str
    sent: datetime
    msg_type: str  # Alert, Update or Cancel
    references: tuple[tuple[str, datetime], ...]  # the earlier messages: (identifier, sent)
    incident: IncidentView
    update: IncidentUpdateView | None = None  # the timeline entry this version carries
    notice: NoticeView | None = None

    @property
    def is_cancel(self) -> bool:
        return self.msg_type == "Cancel"


def incident_thread(incident: IncidentView) -> list[CapAlert]:
    """The incident's messages, oldest first: one per timeline entry, closed by a Cancel once resolved."""
    entries: list[tuple[datetime, IncidentUpdateView | None]] = [
        (u.posted_at, u) for u in sorted(incident.updates, key=lambda u: u.posted_at)]
    resolved = incident.status == IncidentStatus.RESOLVED.value
    if not entries or entries[0][1] is not None and entries[0][1].status == IncidentStatus.RESOLVED.value:
        # A thread opens with an Alert: the incident's own start when no entry can be one.
        entries.insert(0, (incident.started_at, None))
    if resolved and (entries[-1][1] is None or entries[-1][1].status != IncidentStatus.RESOLVED.value):
        entries.append((incident.resolved_at or incident.updated_at, None))
    thread: list[CapAlert] = []
    for number, (sent, update) in enumerate(entries, start=1):
        if number == 1:
            msg_type = "Alert"
        elif resolved and number == len(entries):
            msg_type = "Cancel"
        else:
            msg_type = "Update"
        references = tuple((earlier.identifier, earlier.sent) for earlier in thread)
        thread.append(CapAlert(f"insiden-{incident.id}-{number}", sent, msg_type, references, incident, update))
    return thread


def notice_alerts(notice: NoticeView, incident: IncidentView) -> list[CapAlert]:
    alert = CapAlert(f"pengumuman.{notice.slug}", notice.published_at, "Alert", (), incident, notice=notice)
    if incident.is_open:
        return [alert]
    cancelled_at = max(incident.resolved_at or incident.updated_at, notice.published_at)
    return [alert, CapAlert(f"pengumuman.{notice.slug}.selesai", cancelled_at, "Cancel",
                            ((alert.identifier, alert.sent),), incident, notice=notice)]


def all_alerts(snapshot: PublicSnapshot) -> dict[str, CapAlert]:
    """Every message the site has sent, by identifier."""
    alerts: dict[str, CapAlert] = {}
    for incident in snapshot.incidents:
        for alert in incident_thread(incident):
            alerts[alert.identifier] = alert
    for notice in snapshot.notices:
        linked = snapshot.incident(notice.incident_id) if notice.incident_id is not None else None
        if linked is not None:
            for alert in notice_alerts(notice, linked):
                alerts[alert.identifier] = alert
    return alerts


def active_alerts(snapshot: PublicSnapshot) -> list[CapAlert]:
    """What the Atom index lists: the newest message of each thread that is in force, and
    cancellations from the last two days. Newest first."""
    latest: dict[str, CapAlert] = {}
    for alert in all_alerts(snapshot).values():
        thread = f"notice:{alert.notice.slug}" if alert.notice else f"incident:{alert.incident.id}"
        if thread not in latest or alert.sent >= latest[thread].sent:
            latest[thread] = alert
    listed = [a for a in latest.values()
              if not a.is_cancel or snapshot.built_at - a.sent <= CANCELLED_LISTED_FOR]
    return sorted(listed, key=lambda a: (a.sent, a.identifier), reverse=True)


def cap_time(moment: datetime) -> str:
    """CAP's dateTime: seconds and a numeric offset, never 'Z' (the schema's pattern)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def sender(base: str) -> str:
    return f"imigrasi@{urlsplit(base).hostname or 'localhost'}"


def alert_url(base: str, identifier: str) -> str:
    return f"{base}/cap/{identifier}.xml"


def _offices(snapshot: PublicSnapshot, alert: CapAlert) -> list[OfficeView]:
    codes = list(alert.notice.office_codes) if alert.notice and alert.notice.office_codes else []
    if not codes:
        codes = list(dict.fromkeys(a.office_code for a in alert.incident.affected))
    return [office for office in (snapshot.office(code) for code in codes) if office is not None]


def _worst(incident: IncidentView) -> str:
    worst = max((Availability(a.availability) for a in incident.affected), key=lambda a: a.severity,
                default=Availability.NORMAL)
    return worst.value


def urgency(alert: CapAlert) -> str:
    if alert.is_cancel or not alert.incident.is_open:
        return "Past"
    return "Immediate" if _worst(alert.incident) == Availability.UNAVAILABLE.value else "Expected"


def severity(alert: CapAlert) -> str:
    return "Moderate" if _worst(alert.incident) == Availability.UNAVAILABLE.value else "Minor"


def _sub(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CAP_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _texts(alert: CapAlert, lang: str) -> tuple[str, str, str]:
    """Headline, description and web page of the message in one language."""
    incident = alert.incident
    if alert.notice is not None:
        notice = alert.notice
        english = lang == "en" and notice.has_english
        headline = notice.title_en if english else notice.title_ind
        lede, body = (notice.lede_en, notice.body_en) if english else (notice.lede_ind, notice.body_ind)
        description = "\n\n".join(part for part in (lede, body) if part)
        if alert.is_cancel:
            description = t("cap_resolved", lang)
        return headline, description, links.notice_page("", notice.slug, lang)
    headline = pick(lang, incident.title_ind, incident.title_en)[0]
    if alert.update is not None:
        status = t(f"incident_status_{alert.update.status}", lang)
        description = f"{status}. {pick(lang, alert.update.body_ind, alert.update.body_en)[0]}"
    elif alert.is_cancel:
        description = t("cap_resolved", lang)
    else:
        description = pick(lang, incident.summary_ind, incident.summary_en)[0]
    return headline, description, links.incident_page("", incident.id, lang)


def _info(alert_element: ET.Element, snapshot: PublicSnapshot, alert: CapAlert, lang: str, base: str) -> None:
    headline, description, page = _texts(alert, lang)
    info = _sub(alert_element, "info")
    _sub(info, "language", CAP_LANGUAGES[lang])
    _sub(info, "category", CATEGORY)
    _sub(info, "event", t("cap_event", lang))
    _sub(info, "responseType", "AllClear" if alert.is_cancel else "Monitor")
    _sub(info, "urgency", urgency(alert))
    _sub(info, "severity", severity(alert))
    _sub(info, "certainty", CERTAINTY)
    _sub(info, "effective", cap_time(alert.sent))
    _sub(info, "senderName", t("site_name", lang))
    _sub(info, "headline", headline)
    _sub(info, "description", description)
    _sub(info, "web", base + page)
    offices = _offices(snapshot, alert)
    provinces = list(dict.fromkeys(office.province_name for office in offices))
    area = _sub(info, "area")
    _sub(area, "areaDesc", ", ".join(provinces) if provinces else "Indonesia")
    for office in offices:
        _sub(area, "circle", f"{office.latitude:.4f},{office.longitude:.4f} {OFFICE_RADIUS_KM}")


def alert_xml(snapshot: PublicSnapshot, alert: CapAlert, base: str) -> bytes:
    root = ET.Element(f"{{{CAP_NS}}}alert")
    _sub(root, "identifier", alert.identifier)
    _sub(root, "sender", sender(base))
    _sub(root, "sent", cap_time(alert.sent))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", "Public")
    if alert.references:
        _sub(root, "references", " ".join(f"{sender(base)},{identifier},{cap_time(sent)}"
                                          for identifier, sent in alert.references))
    _sub(root, "incidents", f"insiden-{alert.incident.id}")
    for lang in CAP_LANGUAGES:
        _info(root, snapshot, alert, lang, base)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=CAP_NS)


def alert_response(snapshot: PublicSnapshot, identifier: str, base: str) -> Rendered:
    alert = all_alerts(snapshot).get(identifier)
    if alert is None:
        return error_text(404, f"No alert has the identifier {identifier!r}. Active alerts: {base}/feeds/cap.atom")
    return Rendered.build(alert_xml(snapshot, alert, base), CAP_TYPE, cache_control=FEED_CACHE)


def _atom(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    element.text = text
    return element


def alerts_atom(snapshot: PublicSnapshot, base: str) -> Rendered:
    """The index alert hubs poll: one entry per message in force, linking to its CAP document.

    Written by hand, not with feedgen: feedgen drops the `type` of entry links, and hubs
    pick the CAP document by its type.
    """
    alerts = active_alerts(snapshot)
    site = t("site_name", "id")
    # Unqualified names under a literal xmlns: attributes cannot go with ElementTree's default_namespace.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "id"})
    _atom(feed, "id", f"{base}/feeds/cap.atom")
    _atom(feed, "title", f"{t('cap_feed_title', 'id')} | {site}")
    _atom(feed, "subtitle", t("cap_feed_title", "en"))
    _atom(feed, "updated", cap_time(max((a.sent for a in alerts), default=snapshot.built_at)))
    author = _atom(feed, "author")
    _atom(author, "name", site)
    _atom(author, "uri", links.home_page(base))
    _atom(feed, "link", href=f"{base}/feeds/cap.atom", rel="self", type="application/atom+xml")
    _atom(feed, "link", href=links.home_page(base), rel="alternate", type="text/html")
    for alert in alerts:
        headline, description, _page = _texts(alert, "id")
        entry = _atom(feed, "entry")
        _atom(entry, "id", alert_url(base, alert.identifier))
        _atom(entry, "title", headline)
        _atom(entry, "updated", cap_time(alert.sent))
        _atom(entry, "published", cap_time(alert.sent))
        _atom(entry, "link", href=alert_url(base, alert.identifier), rel="alternate", type="application/cap+xml")
        _atom(entry, "summary", description[:500])
    return Rendered.build(ET.tostring(feed, encoding="utf-8", xml_declaration=True), ATOM_TYPE,
                          cache_control=FEED_CACHE)

"""The OpenAPI 3.1 document of the public JSON API, built from the schemas the payloads follow.

The schemas are JSON Schema 2020-12 with `additionalProperties: false`, so a field added
to a payload without being described here fails the API tests, which validate every
response against the document the server publishes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from imigrasi_site.core.channels import CHANNEL_KINDS
from imigrasi_site.core.history import MAX_DAYS as MAX_HISTORY_DAYS
from imigrasi_site.core.hours import SCHEMA_DAYS, SPECIAL_DAY_YEARS, Confidence, DayStatus
from imigrasi_site.core.models import Availability, IncidentStatus, OfficeType
from imigrasi_site.core.offices import AVAILABILITY_FILTERS

API_VERSION = "1.0.0"
API_PREFIX = "/api/v1"
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
# Days per request of /offices/{code}/hours, and the dates it answers for.
MAX_HOURS_DAYS = 366
HOURS_FIRST_DAY = date(SPECIAL_DAY_YEARS[0], 1, 1)
HOURS_LAST_DAY = date(SPECIAL_DAY_YEARS[-1], 12, 31)
ERROR_CODES = ("bad_parameter", "not_found", "method_not_allowed", "unavailable", "internal_error",
               # the heartbeat endpoint's own
               "bad_body", "unauthorized", "payload_too_large", "rate_limited")
HEARTBEAT_PATH = "/heartbeats/{office_code}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(description: str, properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


_STRING = {"type": "string"}
_INTEGER = {"type": "integer"}
_URL = {"type": "string", "format": "uri"}
_CLOCK = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$",
          "description": "Local time of the office, HH:MM; 24:00 is the end of the day."}
_INTERVALS = {"type": "array", "items": {"$ref": "#/components/schemas/Interval"}}

SCHEMAS: dict[str, dict[str, Any]] = {
    "UtcTime": {
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
        "description": "A moment in UTC, ISO 8601, to the second.",
        "examples": ["2024-06-21T02:00:00Z"],
    },
    "Bilingual": _object(
        "A text in Indonesian (`id`, always there) and English (`en`, null when not written).",
        {"id": _STRING, "en": {"type": ["string", "null"]}},
    ),
    "DataAsOf": _object(
        "When the data was last confirmed against the source, as a moment and as a line to show readers.",
        {
            "at": _ref("UtcTime"),
            "text": _object("The line in both languages, in WIB.", {"id": _STRING, "en": _STRING}),
        },
    ),
    "Availability": {
        "type": "string",
        "enum": [a.value for a in Availability],
        "description": "normal: works as usual; limited: works with limits; unavailable: cannot be used.",
    },
    "Province": _object("A province (BPS code).", {"code": _STRING, "name": _STRING}),
    "OfficeService": _object(
        "One service at one office, as it runs now.",
        {
            "code": _STRING,
            "availability": _ref("Availability"),
            "advice": _nullable(_ref("Bilingual")),
            "since": _ref("UtcTime"),
            "incident_id": {"type": ["integer", "null"]},
        },
    ),
    "OfficeLinks": _object(
        "Where to find the office elsewhere on the site.",
        {"page": _URL, "embed": _URL, "feed": _URL, "badge": _URL},
    ),
    "Channel": _object(
        "An official way to reach the office: a phone number as written (`phone`, `whatsapp`), an `email` "
        "address, or an https URL (`website`, `instagram`, `x`, `facebook`, `youtube`, `tiktok`).",
        {"kind": {"type": "string", "enum": list(CHANNEL_KINDS)}, "value": _STRING},
    ),
    "Office": _object(
        "An office that serves the public, with the services it offers and their availability.",
        {
            "code": _STRING,
            "name": _STRING,
            "type": {"type": "string", "enum": [t.value for t in OfficeType]},
            "office_class": {"type": ["string", "null"]},
            "province": _ref("Province"),
            "city": _STRING,
            "address": _STRING,
            "address_source": {"type": "string",
                               "description": "Where the address was read (a URL or a decree); empty when no "
                                              "public source has confirmed it yet."},
            "opened_on": {"type": ["string", "null"], "format": "date",
                          "description": "The day the unit opened (its own calendar); null when it opened before "
                                         "the site's records begin."},
            "closed_on": {"type": ["string", "null"], "format": "date",
                          "description": "The first day the unit no longer exists (merged, upgraded, lost its "
                                         "status); null while it serves. Listed offices have none in the past."},
            "channels": {"type": "array", "items": _ref("Channel"),
                         "description": "Official phone numbers, website and the social accounts the office "
                                        "posts service news on, where public."},
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "timezone": {"type": "string", "description": "IANA time zone, e.g. Asia/Makassar (WITA)."},
            "services": {"type": "array", "items": _ref("OfficeService")},
            "planned_maintenance": {"type": "array", "items": _ref("Maintenance")},
            "opening_hours": _ref("OpeningHours"),
            "open_now": {"type": ["boolean", "null"],
                         "description": "Whether the office is open at the minute of the response; null when its "
                                        "hours are not known. Holidays, joint leave and special days count."},
            "next_change": _nullable(_ref("LocalTime")),
            "links": _ref("OfficeLinks"),
        },
    ),
    "LocalTime": {
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$",
        "description": "An instant in the office's zone with its offset (+07:00 WIB, +08:00 WITA, +09:00 WIT). "
                       "For `next_change`: when the office next opens or closes; null when no change is known "
                       "(round the clock, or hours not known).",
        "examples": ["2027-08-18T08:00:00+08:00"],
    },
    "Interval": _object("Open from `opens` to `closes`, local time.", {"opens": _CLOCK, "closes": _CLOCK}),
    "Confidence": {
        "type": "string",
        "enum": [c.value for c in Confidence],
        "description": "official: the directorate's or office's own publication; reported: a public report named "
                       "in `source`; unconfirmed: no public source confirms it (show \"jam layanan belum "
                       "dikonfirmasi\"); editor: a special day entered by the site's editors.",
    },
    "OpeningHours": _object(
        "The office's usual week (Monday first) in its own zone, where the facts come from and how sure they are.",
        {
            "known": {"type": "boolean", "description": "False: no hours could be confirmed and none are assumed."},
            "confidence": _ref("Confidence"),
            "source": {"type": ["string", "null"]},
            "note": {"type": ["string", "null"]},
            "timezone": _STRING,
            "timezone_abbreviation": {"type": "string", "enum": ["WIB", "WITA", "WIT"]},
            "week": {"type": "array", "minItems": 7, "maxItems": 7, "items": _object(
                "One weekday; `hours` empty means closed, null means not known.",
                {"day": {"type": "string", "enum": list(SCHEMA_DAYS)}, "hours": _nullable(_INTERVALS),
                 "passport_hours": {**_nullable(_INTERVALS),
                                    "description": "The window for passport applications, where one is known."}})},
            "closes_on_public_holidays": {"type": "boolean"},
            "closes_on_joint_leave_days": {"type": "boolean"},
        },
    ),
    "DayHours": _object(
        "One day in the office's calendar: its hours after holidays, joint leave (cuti bersama) and special days.",
        {
            "date": {"type": "string", "format": "date"},
            "weekday": {"type": "string", "enum": list(SCHEMA_DAYS)},
            "status": {"type": "string", "enum": [s.value for s in DayStatus]},
            "hours": _INTERVALS,
            "passport_hours": _nullable(_INTERVALS),
            "holidays": {"type": "array", "items": _object(
                "A public holiday or a joint-leave day on this date.",
                {"kind": {"type": "string", "enum": ["holiday", "joint_leave"]}, "name": _ref("Bilingual")})},
            "special_days": {"type": "array", "items": _object(
                "A closure or an extra opening the editors entered.",
                {"kind": {"type": "string", "enum": ["closure", "opening"]}, "reason": _ref("Bilingual")})},
            "confidence": _ref("Confidence"),
            "calendar_complete": {"type": "boolean",
                                  "description": "False when the year's joint-leave days are not public yet "
                                                 "(or the year is past the holiday data)."},
        },
    ),
    "OfficeHours": _object(
        "An office's hours day by day.",
        {"office_code": _STRING, "timezone": _STRING,
         "timezone_abbreviation": {"type": "string", "enum": ["WIB", "WITA", "WIT"]},
         "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
         "days": {"type": "array", "items": _ref("DayHours"), "minItems": 1, "maxItems": MAX_HOURS_DAYS}},
    ),
    "HoursResponse": _object("An office's hours day by day.", {"data": _ref("OfficeHours"),
                                                                "data_as_of": _ref("DataAsOf")}),
    "Paging": _object(
        "Where this page sits in the whole result.",
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 1},
        },
    ),
    "OfficeList": _object(
        "A page of offices.",
        {"data": {"type": "array", "items": _ref("Office")}, "paging": _ref("Paging"), "data_as_of": _ref("DataAsOf")},
    ),
    "OfficeResponse": _object("One office.", {"data": _ref("Office"), "data_as_of": _ref("DataAsOf")}),
    "Service": _object(
        "A service some offices offer.",
        {"code": _STRING, "name": _ref("Bilingual"), "description": _ref("Bilingual")},
    ),
    "ServiceList": _object(
        "Every service, in display order.",
        {"data": {"type": "array", "items": _ref("Service")}, "data_as_of": _ref("DataAsOf")},
    ),
    "ServiceStatus": _object(
        "A service nationally: unavailable only where it is unavailable at every office offering it, "
        "limited when it is disrupted anywhere.",
        {
            "code": _STRING,
            "name": _ref("Bilingual"),
            "availability": _ref("Availability"),
            "summary": _ref("Bilingual"),
            "office_counts": _object(
                "How many offices offering the service are in each availability.",
                {a.value: {"type": "integer", "minimum": 0} for a in Availability},
            ),
            "disrupted_since": _nullable(_ref("UtcTime")),
        },
    ),
    "IncidentReference": _object(
        "An incident, in short.",
        {"id": _INTEGER, "title": _ref("Bilingual"), "status": _ref("IncidentStatus"), "url": _URL},
    ),
    "NationalStatus": _object(
        "The national summary: each service, and the incidents still open.",
        {
            "services": {"type": "array", "items": _ref("ServiceStatus")},
            "open_incidents": {"type": "array", "items": _ref("IncidentReference")},
        },
    ),
    "StatusResponse": _object("The national summary.", {"data": _ref("NationalStatus"),
                                                         "data_as_of": _ref("DataAsOf")}),
    "IncidentStatus": {"type": "string", "enum": [s.value for s in IncidentStatus]},
    "IncidentUpdate": _object(
        "One entry of an incident's timeline.",
        {"status": _ref("IncidentStatus"), "body": _ref("Bilingual"), "posted_at": _ref("UtcTime")},
    ),
    "AffectedService": _object(
        "A service at an office that the incident changed, with its availability now.",
        {"office_code": _STRING, "service_code": _STRING, "availability": _ref("Availability")},
    ),
    "Incident": _object(
        "A disruption, with its timeline (newest first) and the office services it changed.",
        {
            "id": _INTEGER,
            "title": _ref("Bilingual"),
            "summary": _ref("Bilingual"),
            "status": _ref("IncidentStatus"),
            "started_at": _ref("UtcTime"),
            "resolved_at": _nullable(_ref("UtcTime")),
            "updated_at": _ref("UtcTime"),
            "url": _URL,
            "updates": {"type": "array", "items": _ref("IncidentUpdate")},
            "affected": {"type": "array", "items": _ref("AffectedService")},
        },
    ),
    "IncidentList": _object(
        "Every incident, open ones first, then newest first.",
        {"data": {"type": "array", "items": _ref("Incident")}, "data_as_of": _ref("DataAsOf")},
    ),
    "Notice": _object(
        "A published notice. `body` is Markdown; `en` texts are null when the notice has no English version.",
        {
            "slug": _STRING,
            "title": _ref("Bilingual"),
            "lede": _ref("Bilingual"),
            "body": _ref("Bilingual"),
            "published_at": _ref("UtcTime"),
            "updated_at": _ref("UtcTime"),
            "incident_id": {"type": ["integer", "null"]},
            "office_codes": {"type": "array", "items": _STRING},
            "url": _URL,
        },
    ),
    "NoticeList": _object(
        "Every published notice, newest first.",
        {"data": {"type": "array", "items": _ref("Notice")}, "data_as_of": _ref("DataAsOf")},
    ),
    "MaintenanceStatus": {"type": "string", "enum": ["scheduled", "active"]},
    "Maintenance": _object(
        "Planned work: the listed office services become `availability` from `starts_at` to `ends_at`.",
        {
            "id": _INTEGER,
            "title": _ref("Bilingual"),
            "availability": _ref("Availability"),
            "advice": _nullable(_ref("Bilingual")),
            "starts_at": _ref("UtcTime"),
            "ends_at": _ref("UtcTime"),
            "status": _ref("MaintenanceStatus"),
            "services": {"type": "array", "items": _object(
                "An office service the work affects.", {"office_code": _STRING, "service_code": _STRING})},
        },
    ),
    "MaintenanceList": _object(
        "Planned maintenance not over yet, soonest first.",
        {"data": {"type": "array", "items": _ref("Maintenance")}, "data_as_of": _ref("DataAsOf")},
    ),
    "ServiceHistory": _object(
        "One service's past at the office: each local day labelled by its worst availability, oldest first, "
        "and the share of the time it was normal.",
        {
            "code": _STRING,
            "normal_share": {"type": "number", "minimum": 0, "maximum": 1},
            "days": {"type": "array", "items": _object(
                "One calendar day in the office's time zone.",
                {"date": {"type": "string", "format": "date"}, "availability": _ref("Availability"),
                 "closed": {"type": "boolean", "description": "The office was closed all day (a holiday, joint "
                                                              "leave, a special day): not a disruption, and left "
                                                              "out of `normal_share`."}})},
        },
    ),
    "OfficeHistory": _object(
        "An office's last days per service, in the office's own calendar.",
        {"office_code": _STRING, "timezone": _STRING, "days": {"type": "integer", "minimum": 1},
         "services": {"type": "array", "items": _ref("ServiceHistory")}},
    ),
    "HistoryResponse": _object("An office's history.", {"data": _ref("OfficeHistory"),
                                                         "data_as_of": _ref("DataAsOf")}),
    "Error": _object(
        "What went wrong, in words for the developer.",
        {
            "error": _object(
                "The error.",
                {
                    "code": {"type": "string", "enum": list(ERROR_CODES)},
                    "message": _STRING,
                    "parameter": {"type": "string", "description": "The query parameter at fault."},
                },
                optional=("parameter",),
            )
        },
    ),
}

SCHEMAS["HeartbeatReport"] = {
    "type": "object",
    "description": "What an office's counter system reports; every field is optional, and an empty body means "
                   "\"alive, nothing to report\". At most 2048 bytes.",
    "properties": {
        "services": {"type": "object", "maxProperties": 50,
                     "description": "Per service code (from `/services`), whether the office's systems can reach it.",
                     "additionalProperties": {"type": "string", "enum": ["ok", "degraded"]}},
        "note": {"type": "string", "maxLength": 280, "description": "One line for the editors."},
    },
    "additionalProperties": False,
}

PARAMETERS: dict[str, dict[str, Any]] = {
    "province": {"name": "province", "in": "query", "description": "Province code, e.g. `61` (Kalimantan Barat).",
                 "schema": _STRING},
    "type": {"name": "type", "in": "query", "description": "Office type.",
             "schema": {"type": "string", "enum": [t.value for t in OfficeType]}},
    "service": {"name": "service", "in": "query",
                "description": "Only offices offering this service (a code from `/services`); with `availability`, "
                               "only those where this service is in it.",
                "schema": _STRING},
    "availability": {"name": "availability", "in": "query",
                     "description": "Only offices with a service in this availability; `disrupted` means limited "
                                    "or unavailable.",
                     "schema": {"type": "string", "enum": list(AVAILABILITY_FILTERS)}},
    "q": {"name": "q", "in": "query", "description": "Words of the office's name, city, province or code.",
          "schema": {"type": "string", "maxLength": 100}},
    "page": {"name": "page", "in": "query", "description": "Page number, from 1.",
             "schema": {"type": "integer", "minimum": 1, "default": 1}},
    "per_page": {"name": "per_page", "in": "query", "description": f"Offices per page, at most {MAX_PER_PAGE}.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                            "default": DEFAULT_PER_PAGE}},
    "days": {"name": "days", "in": "query", "description": f"How many days back, at most {MAX_HISTORY_DAYS}.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_HISTORY_DAYS, "default": 90}},
    "from": {"name": "from", "in": "query", "required": True,
             "description": f"First day, YYYY-MM-DD, in the office's calendar ({HOURS_FIRST_DAY} to {HOURS_LAST_DAY}).",
             "schema": {"type": "string", "format": "date"}},
    "to": {"name": "to", "in": "query", "required": True,
           "description": f"Last day, YYYY-MM-DD, not before `from`; at most {MAX_HOURS_DAYS} days in all.",
           "schema": {"type": "string", "format": "date"}},
    "code": {"name": "code", "in": "path", "required": True, "description": "Office code, e.g. `kanim-putussibau`.",
             "schema": _STRING},
}

_CACHING_HEADERS = {
    "ETag": {"description": "Send it back in If-None-Match to get 304 while nothing changed.", "schema": _STRING},
    "Cache-Control": {"schema": _STRING},
}


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _operation(operation_id: str, summary: str, schema_name: str, *, parameters: tuple[str, ...] = (),
               not_found: bool = False) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {**_json(schema_name, "OK"), "headers": _CACHING_HEADERS},
        "304": {"description": "Not modified: the ETag in If-None-Match is still current."},
        "400": _json("Error", "A query parameter is unknown or has a value this endpoint does not accept."),
    }
    if not_found:
        responses["404"] = _json("Error", "No office has this code.")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in parameters],
            "responses": responses,
        }
    }


PATHS: dict[str, dict[str, Any]] = {
    "/offices": _operation("listOffices", "Offices with their services' availability, filtered and paged.",
                           "OfficeList", parameters=("province", "type", "service", "availability", "q", "page",
                                                     "per_page")),
    "/offices/{code}": _operation("getOffice", "One office with its services' availability.", "OfficeResponse",
                                  parameters=("code",), not_found=True),
    "/offices/{code}/history": _operation("getOfficeHistory", "An office's availability per service and day.",
                                          "HistoryResponse", parameters=("code", "days"), not_found=True),
    "/offices/{code}/hours": _operation("getOfficeHours", "An office's opening hours day by day, with public "
                                        "holidays, joint-leave days and special days named.", "HoursResponse",
                                        parameters=("code", "from", "to"), not_found=True),
    "/maintenance": _operation("listMaintenance", "Planned maintenance that is not over yet.", "MaintenanceList"),
    "/services": _operation("listServices", "The services offices offer.", "ServiceList"),
    "/status": _operation("getNationalStatus", "The national summary per service, and open incidents.",
                          "StatusResponse"),
    "/incidents": _operation("listIncidents", "Incidents with their timeline of updates.", "IncidentList"),
    "/notices": _operation("listNotices", "Published notices, in Indonesian and English.", "NoticeList"),
}


PATHS[HEARTBEAT_PATH] = {
    "post": {
        "operationId": "sendHeartbeat",
        "summary": "An office's counter system says it is alive, and how it reaches the central services.",
        "description": "For offices only, with the office's own token (docs/heartbeats.md). A heartbeat never "
                       "changes a public status: it tells the editors when offices stop calling in or report "
                       "trouble. Every refused credential gets the same 401, whether the office exists or not. "
                       "Limited per office and per client address (429 with Retry-After).",
        "security": [{"officeToken": []}],
        "parameters": [{"name": "office_code", "in": "path", "required": True, "schema": _STRING,
                        "description": "The office's code, e.g. `kanim-putussibau`."}],
        "requestBody": {"required": False,
                        "content": {"application/json": {"schema": _ref("HeartbeatReport")}}},
        "responses": {
            "204": {"description": "Received."},
            "400": _json("Error", "The body is not a report; `parameter` names the field (`body`, `services`, "
                                  "`services.<code>`, `note`)."),
            "401": _json("Error", "Missing, wrong or revoked token (the same answer for an unknown office)."),
            "405": _json("Error", "Only POST."),
            "413": _json("Error", "The body is over 2048 bytes."),
            "429": _json("Error", "Too many heartbeats for the office or from the address; see Retry-After."),
            "503": _json("Error", "The heartbeat could not be stored; send the next one as usual."),
        },
    }
}


def openapi_document(public_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Status Layanan Imigrasi: open data API",
            "version": API_VERSION,
            "description": (
                "Read-only status of Indonesia's immigration offices and services. Any origin may read it (CORS, "
                "no credentials). Responses carry an ETag; send it back in If-None-Match to get 304 while nothing "
                "changed. Errors are JSON: {\"error\": {\"code\", \"message\", \"parameter\"}}."
            ),
        },
        "servers": [{"url": public_url + API_PREFIX}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS, "securitySchemes": {
            "officeToken": {"type": "http", "scheme": "bearer",
                            "description": "An office's heartbeat token, made by an admin in the workspace."}}},
    }

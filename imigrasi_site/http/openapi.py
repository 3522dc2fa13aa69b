"""The OpenAPI 3.1 document of the public JSON API, generated, never written by hand.

Schemas come from the payload models (core/public_shapes.py), paths from the API routes'
operations (routes.py), parameters from their declarations (api.py), with the codes the data
holds today (provinces, services): so the document says exactly what the API accepts and
answers. The models forbid unknown fields, so a payload that drifts from its model fails
where it is built, and the tests validate every response against this document.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from pydantic.json_schema import models_json_schema

from imigrasi_site.core.public_shapes import RESPONSES
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.http.api import API_PREFIX, API_VERSION, Operation

_REF = "#/components/schemas/{model}"
_SCHEMAS: dict[str, Any] = models_json_schema([(model, "serialization") for model in RESPONSES],
                                              ref_template=_REF)[1]["$defs"]

_CACHING_HEADERS = {
    "ETag": {"description": "Send it back in If-None-Match to get 304 while nothing changed.",
             "schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}},
}


def _json(model: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": _REF.format(model=model)}}}}


def _operation(operation: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {**_json(operation.response.__name__, "OK"), "headers": _CACHING_HEADERS},
        "304": {"description": "Not modified: the ETag in If-None-Match is still current."},
        "400": _json("Error", "A query parameter is unknown or has a value this endpoint does not accept."),
    }
    if operation.not_found:
        responses["404"] = _json("Error", "No office has this code.")
    return {
        "get": {
            "operationId": operation.operation_id,
            "summary": operation.summary,
            "parameters": [{"$ref": f"#/components/parameters/{p.key}"} for p in operation.parameters],
            "responses": responses,
        }
    }


HEARTBEAT_PATH = "/heartbeats/{office_code}"
# The one write of the API: not a memo route (http/heartbeats.py answers it), so described here.
HEARTBEAT = {
    "post": {
        "operationId": "sendHeartbeat",
        "summary": "An office's counter system says it is alive, and how it reaches the central services.",
        "description": "For offices only, with the office's own token (docs/heartbeats.md). A heartbeat never "
                       "changes a public status: it tells the editors when offices stop calling in or report "
                       "trouble. Every refused credential gets the same 401, whether the office exists or not. "
                       "Limited per office and per client address (429 with Retry-After).",
        "security": [{"officeToken": []}],
        "parameters": [{"name": "office_code", "in": "path", "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                        "description": "The office's code, e.g. `kanim-putussibau`."}],
        "requestBody": {"required": False,
                        "content": {"application/json": {"schema": {"$ref": _REF.format(model="HeartbeatReport")}}}},
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


def openapi_document(snapshot: PublicSnapshot, public_url: str,
                     operations: Iterable[tuple[str, Operation]]) -> dict[str, Any]:
    """The document for `operations` (path template under /api/v1, operation), with the data's codes."""
    operations = list(operations)
    parameters = {p.key: p.openapi(snapshot) for _path, operation in operations for p in operation.parameters}
    schemas = copy.deepcopy(_SCHEMAS)
    # A report names services by the codes the data holds (an unknown one gets 400 naming it).
    schemas["HeartbeatReport"]["properties"]["services"]["propertyNames"] = {
        "enum": [s.code for s in snapshot.services]}
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
        "paths": {**{path: _operation(operation) for path, operation in operations}, HEARTBEAT_PATH: HEARTBEAT},
        "components": {"schemas": schemas, "parameters": parameters, "securitySchemes": {
            "officeToken": {"type": "http", "scheme": "bearer",
                            "description": "An office's heartbeat token, made by an admin in the workspace."}}},
    }

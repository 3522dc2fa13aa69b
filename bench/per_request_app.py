"""The status endpoint computed from the database on every request: the design the read model replaces.

Only the benchmark serves it, to measure what the in-memory read model is worth.
"""

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from imigrasi_site.core import db
from imigrasi_site.core.settings import get_settings
from imigrasi_site.core.snapshot import build_snapshot
from imigrasi_site.http.api import status_response


def status(_request) -> Response:
    with db.session_scope() as session:
        rendered = status_response(build_snapshot(session), get_settings().public_url)
    return Response(rendered.body, media_type="application/json")


app = Starlette(routes=[Route("/api/v1/status", status)])

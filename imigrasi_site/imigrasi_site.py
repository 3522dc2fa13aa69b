"""The Reflex app: pages, HTTP middleware and background work. Wiring only."""

from __future__ import annotations

import reflex as rx
from starlette.types import ASGIApp

from imigrasi_site import background
from imigrasi_site.core import paths
from imigrasi_site.core.i18n import STRINGS
from imigrasi_site.http.headers import outermost
from imigrasi_site.http.heartbeats import HeartbeatRoutes
from imigrasi_site.http.paths import PagePathMiddleware
from imigrasi_site.http.public_pages import PublicPages, count_visitors_with
from imigrasi_site.http.routes import PublicRoutes
from imigrasi_site.http.session_routes import SessionRoutes
from imigrasi_site.http.subscriptions import with_subscription_pages
from imigrasi_site.ui.errors import backend_exception_handler
from imigrasi_site.ui.pages.admin import accounts as admin_accounts
from imigrasi_site.ui.pages.admin import audit as admin_audit
from imigrasi_site.ui.pages.admin import board as admin_board
from imigrasi_site.ui.pages.admin import declare as admin_declare
from imigrasi_site.ui.pages.admin import embed as admin_embed
from imigrasi_site.ui.pages.admin import incidents as admin_incidents
from imigrasi_site.ui.pages.admin import login as admin_login
from imigrasi_site.ui.pages.admin import maintenance as admin_maintenance
from imigrasi_site.ui.pages.admin import notice_edit as admin_notice_edit
from imigrasi_site.ui.pages.admin import notices as admin_notices
from imigrasi_site.ui.pages.admin import signals as admin_signals
from imigrasi_site.ui.pages.admin import special_days as admin_special_days
from imigrasi_site.ui.pages.admin import status as admin_status
from imigrasi_site.ui.pages.admin import templates as admin_templates
from imigrasi_site.ui.pages.admin import webhooks as admin_webhooks
from imigrasi_site.ui.pages.home import home_page
from imigrasi_site.ui.pages.incident import incident_page
from imigrasi_site.ui.pages.not_found import not_found_page
from imigrasi_site.ui.pages.notice import notice_page
from imigrasi_site.ui.pages.notices import notices_page
from imigrasi_site.ui.pages.office import office_page
from imigrasi_site.ui.pages.offices import offices_page
from imigrasi_site.ui.state import accounts, audit, availability, embed, incidents, maintenance, notices, public
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.board import BoardState
from imigrasi_site.ui.state.declare import DeclareState
from imigrasi_site.ui.state.language import WorkspaceLanguageState
from imigrasi_site.ui.state.second_factor import SecondFactorState
from imigrasi_site.ui.state.signals import SignalsState
from imigrasi_site.ui.state.special_days import SpecialDaysState
from imigrasi_site.ui.state.templates import TemplatesState
from imigrasi_site.ui.state.webhooks import WebhooksState


class App(rx.App):
    """Reflex's app with the security headers and public CORS outside its own CORS layer."""

    def __call__(self) -> ASGIApp:
        return outermost(super().__call__())


app = App(
    stylesheets=["/styles.css"],
    html_lang="id",
    # An event Reflex could not even start (its state store, Redis, is down) is explained to the editor.
    backend_exception_handler=backend_exception_handler,
    # Inner first: page paths answer without a redirect, the public pages are answered with their
    # content, the public HTTP routes answer beside the pages, the heartbeat POST before them (never
    # through their per-snapshot memo), sign-in and sign-out set the HttpOnly session cookie. The
    # security headers and the public CORS answers wrap all of it (App.__call__).
    api_transformer=[PagePathMiddleware, PublicPages, PublicRoutes, HeartbeatRoutes, with_subscription_pages,
                     SessionRoutes],
)
# Surge mode counts this worker's connected visitors: its open websocket sessions.
count_visitors_with(lambda: len(app.event_namespace.sid_to_token) if app.event_namespace else 0)
for task in background.TASKS:
    app.register_lifespan_task(task)

_site = STRINGS["site_name"][0]
_description = STRINGS["site_tagline"][0]
app.add_page(home_page, route=paths.HOME, title=_site, description=_description, on_load=public.HomeState.load)
app.add_page(offices_page, route=paths.OFFICES, title=f"{STRINGS['nav_offices'][0]} | {_site}", description=_description,
             on_load=public.OfficeListState.load)
app.add_page(office_page, route=paths.OFFICE_ROUTE, title=_site, on_load=public.OfficeState.load)
app.add_page(notices_page, route=paths.NOTICES, title=f"{STRINGS['nav_notices'][0]} | {_site}",
             description=_description, on_load=public.NoticeListState.load)
app.add_page(notice_page, route=paths.NOTICE_ROUTE, title=_site, on_load=public.NoticeState.load)
app.add_page(incident_page, route=paths.INCIDENT_ROUTE, title=_site, on_load=public.IncidentState.load)
app.add_page(not_found_page, route=paths.NOT_FOUND, title=f"{STRINGS['not_found_title'][0]} | {_site}",
             on_load=public.PublicState.load_not_found)

_workspace = "Ruang kerja editor"
app.add_page(admin_login.login_page, route="/admin/masuk", title=f"Masuk | {_workspace}",
             on_load=AuthState.open_sign_in)
for component, route, on_load in (
    (admin_notices.notices_page, "/admin", notices.NoticeWorkspaceState.load),
    (admin_notice_edit.notice_edit_page, "/admin/pengumuman/[id]", notices.NoticeEditorState.load),
    (admin_incidents.incidents_page, "/admin/insiden", incidents.IncidentWorkspaceState.load_list),
    (admin_incidents.incident_page, "/admin/insiden/[id]", incidents.IncidentWorkspaceState.load),
    (admin_status.status_page, "/admin/status", availability.AvailabilityEditorState.load),
    (admin_maintenance.maintenance_page, "/admin/pemeliharaan", maintenance.MaintenanceEditorState.load),
    (admin_special_days.special_days_page, "/admin/hari-khusus", SpecialDaysState.load),
    (admin_audit.audit_page, "/admin/audit", audit.AuditState.load),
    (admin_accounts.accounts_page, "/admin/akun", [accounts.AccountsState.load, SecondFactorState.load]),
    (admin_embed.embed_page, "/admin/embed", embed.EmbedSnippetState.load),
    (admin_webhooks.webhooks_page, "/admin/webhook", WebhooksState.load),
    (admin_signals.signals_page, "/admin/sinyal", SignalsState.load),
    (admin_board.board_page, "/admin/papan", BoardState.load),
    (admin_declare.declare_page, "/admin/nyatakan", DeclareState.load),
    (admin_templates.templates_page, "/admin/templat", TemplatesState.load),
):
    # The sign-in check runs first, then the account's language; every handler authorizes again on its own.
    loads = on_load if isinstance(on_load, list) else [on_load]
    app.add_page(component, route=route, title=_workspace,
                 on_load=[AuthState.require_sign_in, WorkspaceLanguageState.load, *loads])

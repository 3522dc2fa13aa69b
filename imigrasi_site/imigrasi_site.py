"""The Reflex app: pages, HTTP middleware and background work. Wiring only."""

from __future__ import annotations

import reflex as rx

from imigrasi_site import background
from imigrasi_site.core.i18n import STRINGS
from imigrasi_site.http.headers import SecurityHeadersMiddleware
from imigrasi_site.http.heartbeats import HeartbeatRoutes
from imigrasi_site.http.page_meta import PageMetaMiddleware
from imigrasi_site.http.paths import PagePathMiddleware
from imigrasi_site.http.subscriptions import with_subscription_pages
from imigrasi_site.http.routes import PublicRoutes
from imigrasi_site.ui.pages.home import home_page
from imigrasi_site.ui.pages.incident import incident_page
from imigrasi_site.ui.pages.notice import notice_page
from imigrasi_site.ui.pages.notices import notices_page
from imigrasi_site.ui.pages.not_found import not_found_page
from imigrasi_site.ui.pages.office import office_page
from imigrasi_site.ui.pages.offices import offices_page
from imigrasi_site.ui.pages.admin import accounts as admin_accounts
from imigrasi_site.ui.pages.admin import audit as admin_audit
from imigrasi_site.ui.pages.admin import embed as admin_embed
from imigrasi_site.ui.pages.admin import incidents as admin_incidents
from imigrasi_site.ui.pages.admin import login as admin_login
from imigrasi_site.ui.pages.admin import maintenance as admin_maintenance
from imigrasi_site.ui.pages.admin import notice_edit as admin_notice_edit
from imigrasi_site.ui.pages.admin import notices as admin_notices
from imigrasi_site.ui.pages.admin import signals as admin_signals
from imigrasi_site.ui.pages.admin import status as admin_status
from imigrasi_site.ui.pages.admin import webhooks as admin_webhooks
from imigrasi_site.ui.state import editor, embed, public
from imigrasi_site.ui.state.auth import AuthState
from imigrasi_site.ui.state.signals import SignalsState
from imigrasi_site.ui.state.webhooks import WebhooksState

app = rx.App(
    stylesheets=["/styles.css"],
    html_lang="id",
    # Inner first: page paths answer without a redirect, page metadata is written into the HTML,
    # the public HTTP routes answer beside the pages, the heartbeat POST before them (never through
    # their per-snapshot memo), then every response gets the security headers.
    api_transformer=[PagePathMiddleware, PageMetaMiddleware, PublicRoutes, HeartbeatRoutes, with_subscription_pages,
                     SecurityHeadersMiddleware],
)
for task in background.TASKS:
    app.register_lifespan_task(task)

_site = STRINGS["site_name"][0]
_description = STRINGS["site_tagline"][0]
app.add_page(home_page, route="/", title=_site, description=_description, on_load=public.HomeState.load)
app.add_page(offices_page, route="/kantor", title=f"{STRINGS['nav_offices'][0]} | {_site}", description=_description,
             on_load=public.OfficeListState.load)
app.add_page(office_page, route="/kantor/[code]", title=_site, on_load=public.OfficeState.load)
app.add_page(notices_page, route="/pengumuman", title=f"{STRINGS['nav_notices'][0]} | {_site}",
             description=_description, on_load=public.NoticeListState.load)
app.add_page(notice_page, route="/pengumuman/[slug]", title=_site, on_load=public.NoticeState.load)
app.add_page(incident_page, route="/insiden/[id]", title=_site, on_load=public.IncidentState.load)
app.add_page(not_found_page, route="/404", title=f"{STRINGS['not_found_title'][0]} | {_site}",
             on_load=public.PublicState.load_common)

_workspace = "Ruang kerja editor"
app.add_page(admin_login.login_page, route="/admin/masuk", title=f"Masuk | {_workspace}")
for component, route, on_load in (
    (admin_notices.notices_page, "/admin", editor.NoticeWorkspaceState.load),
    (admin_notice_edit.notice_edit_page, "/admin/pengumuman/[id]", editor.NoticeEditorState.load),
    (admin_incidents.incidents_page, "/admin/insiden", editor.IncidentWorkspaceState.load_list),
    (admin_incidents.incident_page, "/admin/insiden/[id]", editor.IncidentWorkspaceState.load),
    (admin_status.status_page, "/admin/status", editor.AvailabilityEditorState.load),
    (admin_maintenance.maintenance_page, "/admin/pemeliharaan", editor.MaintenanceEditorState.load),
    (admin_audit.audit_page, "/admin/audit", editor.AuditState.load),
    (admin_accounts.accounts_page, "/admin/akun", editor.AccountsState.load),
    (admin_embed.embed_page, "/admin/embed", embed.EmbedSnippetState.load),
    (admin_webhooks.webhooks_page, "/admin/webhook", WebhooksState.load),
    (admin_signals.signals_page, "/admin/sinyal", SignalsState.load),
):
    # The sign-in check runs first; every handler authorizes again on its own.
    app.add_page(component, route=route, title=_workspace, on_load=[AuthState.require_sign_in, on_load])

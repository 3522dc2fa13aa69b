"""The Reflex app: pages, HTTP middleware and background work. Wiring only."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from imigrasi_site.core.i18n import STRINGS
from imigrasi_site.core.snapshot import public_store
from imigrasi_site.http.headers import SecurityHeadersMiddleware
from imigrasi_site.http.page_meta import PageMetaMiddleware
from imigrasi_site.ui.pages.home import home_page
from imigrasi_site.ui.pages.incident import incident_page
from imigrasi_site.ui.pages.notice import notice_page
from imigrasi_site.ui.pages.notices import notices_page
from imigrasi_site.ui.pages.not_found import not_found_page
from imigrasi_site.ui.pages.office import office_page
from imigrasi_site.ui.pages.offices import offices_page
from imigrasi_site.ui.state import public

log = logging.getLogger(__name__)
READ_MODEL_POLL_SECONDS = 1.0


async def follow_public_revision() -> None:
    """Notice writes made by any process within a second: one tiny query per second, not per visitor."""
    store = public_store()
    while True:
        try:
            await asyncio.to_thread(store.refresh_if_changed)
        except Exception:  # the database being down must not stop public pages; the last snapshot stays
            log.warning("read model refresh failed; serving the last snapshot", exc_info=True)
        await asyncio.sleep(READ_MODEL_POLL_SECONDS)


app = rx.App(
    theme=rx.theme(accent_color="indigo", radius="medium", appearance="light"),
    stylesheets=["/styles.css"],
    html_lang="id",
    # Inner first: page metadata is written into the HTML, then every response gets the security headers.
    api_transformer=[PageMetaMiddleware, SecurityHeadersMiddleware],
)
app.register_lifespan_task(follow_public_revision)

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

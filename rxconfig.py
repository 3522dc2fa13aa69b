"""Reflex configuration. Environment variables (REFLEX_DB_URL, REFLEX_REDIS_URL, ...) override these."""

import os
import sys

import reflex as rx

from imigrasi_site.core.settings import get_settings

settings = get_settings()

# Reflex checks the schema behind its db_url at every start and refuses to start when the
# database cannot be reached. This site must start during an outage (from its saved read
# model), and its own core owns the connection, so Reflex's database layer gets the URL only
# for `reflex db ...` commands. The core keeps reading the same URL through IMIGRASI_DB_URL,
# which the backend workers inherit.
os.environ.setdefault("IMIGRASI_DB_URL", settings.db_url)
_reflex_db_command = len(sys.argv) > 1 and sys.argv[1] == "db"
if not _reflex_db_command:
    os.environ.pop("REFLEX_DB_URL", None)

config = rx.Config(
    app_name="imigrasi_site",
    db_url=settings.db_url if _reflex_db_command else None,
    redis_url=settings.redis_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The websocket carries editor sessions: only this site's own pages may open it.
    cors_allowed_origins=list(settings.site_origins),
    default_color_mode="light",
    # Brotli for browsers that take it (all current ones), gzip for the rest: the same assets
    # travel about a fifth smaller.
    frontend_compression_formats=["brotli", "gzip"],
    # /sitemap.xml is rendered from the read model (http/sitemap.py): it lists every office,
    # notice and incident with both languages, which a build-time sitemap cannot know.
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[
        rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium", appearance="light")),
    ],
)

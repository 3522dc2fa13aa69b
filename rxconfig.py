"""Reflex configuration. Environment variables (REFLEX_DB_URL, REFLEX_REDIS_URL, ...) override these."""

import reflex as rx

from imigrasi_site.core.settings import get_settings

settings = get_settings()

config = rx.Config(
    app_name="imigrasi_site",
    db_url=settings.db_url,
    redis_url=settings.redis_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The websocket carries editor sessions: only this site's own pages may open it.
    cors_allowed_origins=list(settings.site_origins),
    default_color_mode="light",
    plugins=[
        rx.plugins.SitemapPlugin(),
        rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium", appearance="light")),
    ],
)

"""Embeds for press pages: small server-made HTML that works without JavaScript.

`/embed/status` shows the national summary and the latest notices, `/embed/kantor/<code>`
one office's services, `/embed/peta` the national map (`service=<code>` maps one service).
All refresh themselves every minute (a meta refresh), carry their stylesheet inline
(allowed by its hash in the Content-Security-Policy, so no script or outside resource can
load), and link back to the full page in a new tab,
because the site's own pages refuse to be framed.

Options, all lenient so that a pasted link with extra parameters still works:
`lang=en`, `theme=dark`, `compact=1`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from markupsafe import Markup

from imigrasi_site.core import hours, links, presenters
from imigrasi_site.core.embed_options import EmbedOptions, parse_embed_options
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, format_datetime, t
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.http.rendered import HTML, Rendered
from imigrasi_site.render.map import map_title, parse_map_service, render_map_svg
from imigrasi_site.render.pages import render_template

REFRESH_SECONDS = 60
LATEST_NOTICES = 3
STYLE = Path(__file__).with_name("embed.css").read_text(encoding="utf-8").strip()
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# Everything but the inline stylesheet is refused; headers.py adds frame-ancestors.
CONTENT_POLICY = f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; form-action 'none'"
_HEADERS = ((b"content-security-policy", CONTENT_POLICY.encode()),)


def _document(snapshot: PublicSnapshot, options: EmbedOptions, template: str, title: str, page_url: str,
              base: str, status: int = 200, **context: object) -> Rendered:
    lang = options.lang
    document = render_template(
        template, lang, classes=options.theme + (" compact" if options.compact else ""), refresh=REFRESH_SECONDS,
        title=title, style=Markup(STYLE), page_url=page_url, home_url=links.home_page(base, lang),
        compact=options.compact,
        as_of=t("data_as_of", lang, when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, lang)), **context)
    return Rendered.build(document.encode(), HTML, status=status, extra_headers=_HEADERS)


def status_embed(snapshot: PublicSnapshot, options: EmbedOptions, base: str) -> Rendered:
    lang = options.lang
    notices = [] if options.compact else [
        (card, links.notice_page(base, card.slug, lang))
        for card in (presenters.notice_card(n, lang) for n in snapshot.notices[:LATEST_NOTICES])]
    return _document(snapshot, options, "embed_status.html", t("national_summary", lang), links.home_page(base, lang),
                     base, summary=[presenters.summary_row(snapshot, s, lang) for s in snapshot.summary],
                     notices=notices)


def office_embed(snapshot: PublicSnapshot, code: str, options: EmbedOptions, base: str) -> Rendered:
    lang = options.lang
    office = snapshot.office(code)
    if office is None:
        return _document(snapshot, options, "embed_office.html", t("not_found_title", lang),
                         links.offices_page(base, lang), base, status=404, office=None, hours_line="")
    # Open or closed as of the snapshot's minute: the embed is made once per snapshot, which is
    # renewed every minute while the database answers.
    summary = hours.office_hours_summary(snapshot, office, snapshot.built_at, lang)
    return _document(snapshot, options, "embed_office.html", office.name, links.office_page(base, office.code, lang),
                     base, office=presenters.office_detail(snapshot, office, lang), hours_line=summary.line)


def parse_map_embed(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> tuple[EmbedOptions, str | None]:
    """The embed options, and the service to map (an unknown one maps all services)."""
    return parse_embed_options(params), parse_map_service(snapshot, (params.get("service") or [""])[0])


def map_embed(snapshot: PublicSnapshot, options: EmbedOptions, service_code: str | None, base: str) -> Rendered:
    lang = options.lang
    title = map_title(snapshot, service_code, lang)
    svg = render_map_svg(snapshot, service_code, lang, base, target="_blank")
    return _document(snapshot, options, "embed_map.html", title, links.offices_page(base, lang), base,
                     svg=Markup(svg))

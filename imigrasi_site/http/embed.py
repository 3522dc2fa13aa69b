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
from html import escape
from pathlib import Path

from imigrasi_site.core import links, presenters
from imigrasi_site.core.embed_options import EmbedOptions, parse_embed_options
from imigrasi_site.core.i18n import NATIONAL_TIMEZONE, format_datetime, t
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.render.map import map_title, parse_map_service, render_map_svg
from imigrasi_site.http.rendered import HTML, Rendered

REFRESH_SECONDS = 60
LATEST_NOTICES = 3
STYLE = Path(__file__).with_name("embed.css").read_text(encoding="utf-8").strip()
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# Everything but the inline stylesheet is refused; headers.py adds frame-ancestors.
CONTENT_POLICY = f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; form-action 'none'"
_HEADERS = ((b"content-security-policy", CONTENT_POLICY.encode()),)


def _status(availability: str, label: str, icon: str) -> str:
    return (f'<span class="status status-{escape(availability)}"><span aria-hidden="true">{escape(icon)}</span>'
            f"{escape(label)}</span>")


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}" target="_blank" rel="noopener">{escape(text)}</a>'


def _document(snapshot: PublicSnapshot, options: EmbedOptions, title: str, body: str, page_url: str,
              status: int = 200) -> Rendered:
    lang = options.lang
    classes = options.theme + (" compact" if options.compact else "")
    as_of = t("data_as_of", lang, when=format_datetime(snapshot.built_at, NATIONAL_TIMEZONE, lang))
    site = t("site_name", lang)
    document = (
        f'<!doctype html><html lang="{lang}" class="{classes}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}"><meta name="robots" content="noindex">'
        f"<title>{escape(title)} | {escape(site)}</title><style>{STYLE}</style></head>"
        f"<body>{body}<footer>"
        f'<p class="as-of" id="data-as-of">{escape(as_of)}</p>'
        f"<p>{_link(page_url, t('embed_more', lang, site=site))}</p>"
        "</footer></body></html>"
    )
    return Rendered.build(document.encode(), HTML, status=status, extra_headers=_HEADERS)


def status_embed(snapshot: PublicSnapshot, options: EmbedOptions, base: str) -> Rendered:
    lang = options.lang
    rows = []
    for summary in snapshot.summary:
        row = presenters.summary_row(snapshot, summary, lang)
        sentence = "" if options.compact else f'<p class="meta">{escape(row.sentence)}</p>'
        rows.append(
            f'<li data-service="{escape(row.service_code)}"><div class="row"><span class="name">'
            f"{escape(row.service_name)}</span>{_status(row.availability, row.label, row.icon)}</div>{sentence}</li>"
        )
    notices = ""
    if not options.compact and snapshot.notices:
        items = "".join(
            f"<li>{_link(links.notice_page(base, card.slug, lang), card.title)}"
            f'<p class="meta">{escape(card.published)}</p></li>'
            for card in (presenters.notice_card(n, lang) for n in snapshot.notices[:LATEST_NOTICES])
        )
        notices = f"<h2>{escape(t('latest_notices', lang))}</h2><ul>{items}</ul>"
    body = (
        f"<main><h1>{_link(links.home_page(base, lang), t('site_name', lang))}</h1>"
        f'<h2>{escape(t("national_summary", lang))}</h2><ul id="summary">{"".join(rows)}</ul>{notices}</main>'
    )
    return _document(snapshot, options, t("national_summary", lang), body, links.home_page(base, lang))


def office_embed(snapshot: PublicSnapshot, code: str, options: EmbedOptions, base: str) -> Rendered:
    lang = options.lang
    office = snapshot.office(code)
    if office is None:
        offices_url = links.with_lang(f"{base}/kantor", lang)
        body = (f"<main><h1>{escape(t('not_found_title', lang))}</h1>"
                f"<p>{escape(t('not_found_office', lang))}</p></main>")
        return _document(snapshot, options, t("not_found_title", lang), body, offices_url, status=404)
    detail = presenters.office_detail(snapshot, office, lang)
    rows = []
    for cell in detail.cells:
        extra = ""
        if not options.compact:
            extra = f'<p class="since">{escape(cell.since)}</p>'
            if cell.what_to_do:
                extra += (f'<p class="todo"><strong>{escape(t("what_to_do", lang))}:</strong> '
                          f"{escape(cell.what_to_do)}</p>")
        rows.append(
            f'<li data-service="{escape(cell.service_code)}"><div class="row"><span class="name">'
            f"{escape(cell.service_name)}</span>{_status(cell.availability, cell.label, cell.icon)}</div>{extra}</li>"
        )
    page_url = links.office_page(base, office.code, lang)
    place = f"{detail.type_label} · {detail.city}, {detail.province}"
    meta = "" if options.compact else f'<p class="meta">{escape(place)}</p>'
    body = f'<main><h1>{_link(page_url, detail.name)}</h1>{meta}<ul id="services">{"".join(rows)}</ul></main>'
    return _document(snapshot, options, detail.name, body, page_url)


def parse_map_embed(snapshot: PublicSnapshot, params: Mapping[str, Sequence[str]]) -> tuple[EmbedOptions, str | None]:
    """The embed options, and the service to map (an unknown one maps all services)."""
    return parse_embed_options(params), parse_map_service(snapshot, (params.get("service") or [""])[0])


def map_embed(snapshot: PublicSnapshot, options: EmbedOptions, service_code: str | None, base: str) -> Rendered:
    lang = options.lang
    title = map_title(snapshot, service_code, lang)
    svg = render_map_svg(snapshot, service_code, lang, base, target="_blank")
    body = (f"<main><h1>{_link(links.home_page(base, lang), t('site_name', lang))}</h1>"
            f"<h2>{escape(title)}</h2>{svg}</main>")
    return _document(snapshot, options, title, body, links.with_lang(f"{base}/kantor", lang))

"""RSS 2.0 and Atom feeds of published notices, and an Atom feed per office (feedgen).

The office feed carries what the read model knows of the office: each service's
current state as an entry dated when it began, and the notices about the office.
Notice bodies are Markdown; feeds carry them as HTML rendered with raw HTML off and
cleaned with an allow-list (core.sanitize).
"""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator

from imigrasi_site.core import links, presenters
from imigrasi_site.core.i18n import t
from imigrasi_site.core.offices import office_incident_ids, office_notices
from imigrasi_site.core.sanitize import render_markdown_html
from imigrasi_site.core.snapshot import PublicSnapshot
from imigrasi_site.core.views import NoticeView, OfficeView
from imigrasi_site.http.rendered import FEED_CACHE, Rendered, error_text

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


def _feed(base: str, feed_id: str, title: str, subtitle: str, page_url: str, self_url: str, self_type: str,
          lang: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle)  # also the RSS channel's description
    feed.link(href=self_url, rel="self", type=self_type)
    feed.link(href=page_url, rel="alternate")  # last: the one RSS takes as the channel's link
    feed.language(lang)
    feed.author({"name": t("site_name", lang), "uri": links.home_page(base)})
    feed.generator("Status Layanan Imigrasi")
    return feed


def _add_notice(feed: FeedGenerator, snapshot: PublicSnapshot, notice: NoticeView, base: str, lang: str) -> None:
    detail = presenters.notice_detail(snapshot, notice, lang)
    url = links.notice_page(base, notice.slug, lang)
    entry = feed.add_entry(order="append")
    entry.guid(url, permalink=True)  # feedgen makes it the Atom id as well
    entry.title(detail.title)
    entry.link(href=url, rel="alternate")
    entry.published(notice.published_at)
    entry.updated(notice.updated_at)
    entry.summary(detail.lede or detail.title)
    entry.content(render_markdown_html(detail.body), type="html")


def _notices_feed(snapshot: PublicSnapshot, base: str, lang: str, self_url: str, self_type: str) -> FeedGenerator:
    feed = _feed(base, links.notices_page(base, lang), f"{t('nav_notices', lang)} | {t('site_name', lang)}",
                 t("site_tagline", lang), links.notices_page(base, lang), self_url, self_type, lang)
    for notice in snapshot.notices:
        _add_notice(feed, snapshot, notice, base, lang)
    feed.updated(max((n.updated_at for n in snapshot.notices), default=snapshot.built_at))
    return feed


def notices_rss(snapshot: PublicSnapshot, lang: str, base: str) -> Rendered:
    feed = _notices_feed(snapshot, base, lang, links.with_lang(f"{base}/feeds/pengumuman.rss", lang), RSS)
    return Rendered.build(feed.rss_str(pretty=False), RSS, cache_control=FEED_CACHE)


def notices_atom(snapshot: PublicSnapshot, lang: str, base: str) -> Rendered:
    feed = _notices_feed(snapshot, base, lang, links.with_lang(f"{base}/feeds/pengumuman.atom", lang), ATOM)
    return Rendered.build(feed.atom_str(pretty=False), ATOM, cache_control=FEED_CACHE)


def _add_office_entry(feed: FeedGenerator, entry_id: str, title: str, page_url: str, at: datetime,
                      summary: str) -> None:
    """An entry of an office's feed that begins at `at` and, once written, does not change."""
    entry = feed.add_entry(order="append")
    entry.id(entry_id)
    entry.title(title)
    entry.link(href=page_url, rel="alternate")
    entry.published(at)
    entry.updated(at)
    entry.summary(summary)


def _add_status_entries(feed: FeedGenerator, snapshot: PublicSnapshot, office: OfficeView, base: str,
                        lang: str) -> None:
    page_url = links.office_page(base, office.code, lang)
    for cell, row in zip(office.cells, presenters.office_detail(snapshot, office, lang).cells, strict=False):
        # One entry per state a service entered: a later change is a new entry, not an edit of this one.
        _add_office_entry(
            feed, f"{links.office_page(base, office.code)}#{cell.service_code}-{int(cell.since.timestamp())}",
            f"{row.service_name}: {row.label}", page_url, cell.since,
            " ".join(part for part in (f"{row.label} {row.since}.", row.what_to_do or row.advice) if part))


def _add_maintenance_entries(feed: FeedGenerator, snapshot: PublicSnapshot, office: OfficeView, base: str,
                             lang: str) -> None:
    page_url = links.office_page(base, office.code, lang)
    for row, window in zip(presenters.planned_rows(snapshot, office, lang), snapshot.maintenance_for(office.code), strict=False):
        _add_office_entry(
            feed, f"{links.office_page(base, office.code)}#maintenance-{window.id}",
            f"{t('planned_heading', lang)}: {row.title}", page_url, window.starts_at,
            " ".join(part for part in (f"{row.period}. {row.effect}: {row.services}.", row.advice) if part))


def office_atom(snapshot: PublicSnapshot, code: str, lang: str, base: str) -> Rendered:
    office = snapshot.office(code)
    if office is None:
        return error_text(404, f"No office has the code {code!r}.")
    feed = _feed(base, links.office_page(base, office.code, lang), f"{office.name} | {t('site_name', lang)}",
                 t("office_services_today", lang), links.office_page(base, office.code, lang),
                 links.office_feed(base, office.code, lang), ATOM, lang)
    notices = office_notices(office, snapshot.notices, office_incident_ids(office, snapshot.incidents))
    _add_status_entries(feed, snapshot, office, base, lang)
    _add_maintenance_entries(feed, snapshot, office, base, lang)
    for notice in notices:
        _add_notice(feed, snapshot, notice, base, lang)
    moments = [cell.since for cell in office.cells] + [n.updated_at for n in notices]
    feed.updated(max(moments, default=snapshot.built_at))
    return Rendered.build(feed.atom_str(pretty=False), ATOM, cache_control=FEED_CACHE)

"""The press embeds: small, script-free, self-refreshing, framable only where the setting says."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from html.parser import HTMLParser

import httpx
import pytest

from imigrasi_site.core.embed_options import EMBED_SIZES, EmbedOptions, embed_url, iframe_snippet
from imigrasi_site.core.presenters import availability_label
from imigrasi_site.core.settings import get_settings
from imigrasi_site.http.headers import frame_headers

BUDGET = 15 * 1024  # bytes on the wire, HTML and CSS, gzip
# The office offering the most services: the largest office embed.
EMBEDS = ["/embed/status", "/embed/status?lang=en", "/embed/kantor/{largest}", "/embed/kantor/{largest}?lang=en",
          "/embed/kantor/kanim-putussibau?theme=dark", "/embed/kantor/kanim-putussibau?compact=1",
          "/embed/peta", "/embed/peta?service=passport_express&lang=en"]


class _Document(HTMLParser):
    """The tags, attributes and text of an embed."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(html: str) -> _Document:
    document = _Document()
    document.feed(html)
    return document


@pytest.fixture(scope="module")
def largest(snapshot) -> str:
    return max(snapshot.offices, key=lambda o: (len(o.cells), len(o.name))).code


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_fits_the_size_budget_and_loads_nothing_else(live_app, largest, path):
    url = live_app.url(path.format(largest=largest))
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
        transferred = b"".join(response.iter_raw())
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert len(transferred) <= BUDGET
    html = gzip.decompress(transferred).decode()
    assert len(gzip.compress(html.encode())) <= BUDGET  # the stylesheet is inside: this is HTML plus CSS
    document = parse(html)
    # Nothing to fetch besides this document: no scripts, stylesheets, images, fonts or frames.
    assert not document.find("script") and not document.find("link") and not document.find("img")
    assert not re.search(r"\ssrc=|url\(|@import", html)


def test_the_office_embed_shows_each_service_and_links_to_the_full_page(live_app, snapshot):
    response = httpx.get(live_app.url("/embed/kantor/kanim-putussibau"))
    document = parse(response.text)
    office = snapshot.office("kanim-putussibau")
    assert office.name in document.words
    for cell in office.cells:
        item = document.find("li", **{"data-service": cell.service_code})
        assert item, cell.service_code
    assert "Permohonan paspor ✕ Tidak tersedia sejak 21 Juni 2024 09.00 WIB" in document.words
    assert "Yang perlu dilakukan:" in document.words
    assert re.search(r"Data per \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB", document.words)
    links = document.find("a", href=live_app.url("/kantor/kanim-putussibau"))
    assert links and all(a["target"] == "_blank" and a["rel"] == "noopener" for a in links)


def test_the_status_embed_shows_the_national_summary_and_latest_notices(live_app, snapshot):
    document = parse(httpx.get(live_app.url("/embed/status?lang=en")).text)
    assert document.find("html", lang="en")
    express = next(s for s in snapshot.summary if s.service_code == "passport_express")
    assert snapshot.service("passport_express").name_en in document.words
    assert f"Of {express.offered_at} offices: {express.unavailable} unavailable." in document.words
    assert "Latest notices" in document.words
    newest = document.find("a", target="_blank")
    assert any(a["href"].startswith(live_app.url("/pengumuman/")) and a["href"].endswith("?lang=en")
               for a in newest)


def test_variants_change_language_theme_and_detail(live_app):
    english = parse(httpx.get(live_app.url("/embed/kantor/kanim-putussibau?lang=en&theme=dark")).text)
    assert english.find("html", lang="en", **{"class": "dark"})
    assert f"Passport application ✕ {availability_label('unavailable', 'en')}" in english.words
    compact = parse(httpx.get(live_app.url("/embed/kantor/kanim-putussibau?compact=1")).text)
    assert compact.find("html", **{"class": "light compact"})
    assert "Tidak tersedia" in compact.words and "Yang perlu dilakukan" not in compact.words
    # A pasted link with unknown values still shows the default embed.
    fallback = httpx.get(live_app.url("/embed/kantor/kanim-putussibau?lang=fr&theme=pink&utm_source=x"))
    assert fallback.status_code == 200 and parse(fallback.text).find("html", lang="id", **{"class": "light"})


def test_embeds_refresh_every_minute_without_javascript(live_app):
    response = httpx.get(live_app.url("/embed/kantor/kanim-putussibau"))
    document = parse(response.text)
    assert document.find("meta", **{"http-equiv": "refresh", "content": "60"})
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'")  # no script can run, nothing outside can load
    style_hash = base64.b64encode(hashlib.sha256(document.style.encode()).digest()).decode()
    assert f"style-src 'sha256-{style_hash}'" in policy, "the inline stylesheet must be allowed by its hash"


def test_embeds_may_be_framed_as_the_setting_says_and_nothing_else_may(live_app):
    embed = httpx.get(live_app.url("/embed/kantor/kanim-putussibau"))
    assert embed.headers["content-security-policy"].endswith("frame-ancestors 'self' *")  # default setting
    assert "x-frame-options" not in embed.headers
    for path in ("/", "/kantor/kanim-putussibau", "/admin", "/api/v1/status", "/feeds/pengumuman.rss",
                 "/badge/passport_express.svg"):
        response = httpx.get(live_app.url(path))
        assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'"), path
        assert response.headers["x-frame-options"] == "DENY", path


def test_the_embed_origins_setting_names_who_may_frame(monkeypatch):
    monkeypatch.setenv("IMIGRASI_EMBED_ORIGINS", "https://berita.example, https://koran.example")
    origins = get_settings().embed_origins
    policy = dict(frame_headers("/embed/status", origins, b"default-src 'none'"))[b"content-security-policy"]
    assert policy == b"default-src 'none'; frame-ancestors 'self' https://berita.example https://koran.example"
    # A frame-ancestors of the response's own never overrides the setting.
    policy = dict(frame_headers("/embed/status", origins, b"frame-ancestors *"))[b"content-security-policy"]
    assert policy == b"frame-ancestors 'self' https://berita.example https://koran.example"
    assert dict(frame_headers("/kantor/x", origins))[b"x-frame-options"] == b"DENY"


def test_an_unknown_office_embed_is_a_404_page(live_app):
    response = httpx.get(live_app.url("/embed/kantor/kanim-atlantis?lang=en"))
    assert response.status_code == 404
    assert "We could not find an office with that code." in parse(response.text).words


def test_embeds_answer_304_to_a_matching_etag(live_app):
    etag = httpx.get(live_app.url("/embed/status")).headers["etag"]
    assert httpx.get(live_app.url("/embed/status"), headers={"If-None-Match": etag}).status_code == 304


def test_the_snippet_names_the_embed_and_its_size():
    url = embed_url("https://status.example", "kanim-putussibau", EmbedOptions(lang="en", compact=True))
    assert url == "https://status.example/embed/kantor/kanim-putussibau?lang=en&compact=1"
    assert embed_url("https://status.example", None, EmbedOptions()) == "https://status.example/embed/status"
    snippet = iframe_snippet(url, 'Status: "A & B"', EMBED_SIZES["small"], compact=True)
    assert snippet == (
        '<iframe src="https://status.example/embed/kantor/kanim-putussibau?lang=en&amp;compact=1" '
        f'title="Status: &quot;A &amp; B&quot;" width="300" height="{EMBED_SIZES["small"].compact_height}" '
        'style="border:0;max-width:100%" loading="lazy"></iframe>'
    )

"""Editor text is untrusted: what is stored holds no HTML and no link to a non-web scheme,
and what the server renders from it holds no script, no event handler and no unsafe URL."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from imigrasi_site.core.sanitize import clean_markdown, clean_plain, render_markdown_html
from tests.support.hostile_text import CORPUS

SAFE_SCHEMES = {"http", "https", "mailto"}
RENDERED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
TAG = re.compile(r"<[A-Za-z/!?]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")




# A CommonMark reader that trusts every link: it shows each link target as Markdown sees it
# (escapes and entities resolved), so the test does not rely on a renderer refusing bad links.
_reader = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_reader.validateLink = lambda url: True
_reader.normalizeLink = lambda url: url


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see: outer C0/space stripped, tabs and newlines removed anywhere."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def markdown_link_targets(source: str) -> list[str]:
    targets = []
    for block in _reader.parse(source):
        for token in block.children or ():
            if token.type == "link_open":
                targets.append(token.attrGet("href"))
            elif token.type == "image":
                targets.append(token.attrGet("src"))
    return targets


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def rendered_tags(markup: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def assert_clean_source(cleaned: str) -> None:
    assert not TAG.search(cleaned), f"an HTML tag survived cleaning: {cleaned[:200]!r}"
    for target in markdown_link_targets(cleaned):
        assert url_scheme(target) in (None, *SAFE_SCHEMES), f"unsafe link target {target!r} in {cleaned[:200]!r}"


def assert_safe_html(markup: str) -> None:
    assert "<script" not in markup.lower()
    for tag, attrs in rendered_tags(markup):
        assert tag in RENDERED_TAGS, f"<{tag}> in {markup[:200]!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} in {markup[:200]!r}"
            if name in ("href", "src"):
                assert url_scheme(value or "") in (None, *SAFE_SCHEMES), f"{name}={value!r}"




def corpus(_check: str):
    return [pytest.param(text, id=f"hostile-{i}") for i, text in enumerate(CORPUS)]


@pytest.mark.parametrize(
    "check, bad",
    [
        (assert_clean_source, "<b>tebal</b>"),
        (assert_clean_source, "[x](javascript:alert(1))"),
        (assert_clean_source, "[x][1]\n\n[1]: vbscript:x"),
        (assert_clean_source, "[x](< javascript:alert(1)>)"),
        (assert_safe_html, '<p><a href=" javascript:alert(1)">x</a></p>'),
        (assert_safe_html, "<p><img src=x></p>"),
        (assert_safe_html, '<p onclick="x">x</p>'),
        (assert_safe_html, '<a href="data:text/html,x">x</a>'),
    ],
)
def test_the_checks_themselves_catch_what_they_look_for(check, bad):
    with pytest.raises(AssertionError):
        check(bad)


@pytest.mark.parametrize("hostile", corpus("markdown"))
def test_stored_markdown_has_no_tag_and_no_unsafe_link(hostile):
    assert_clean_source(clean_markdown(hostile))


@pytest.mark.parametrize("hostile", corpus("rendered"))
def test_html_rendered_from_stored_markdown_is_inert(hostile):
    assert_safe_html(render_markdown_html(clean_markdown(hostile)))


@pytest.mark.parametrize("hostile", corpus("rendered"))
def test_html_rendered_from_uncleaned_markdown_is_inert_too(hostile):
    assert_safe_html(render_markdown_html(hostile))


@pytest.mark.parametrize("hostile", corpus("plain"))
def test_plain_fields_hold_no_tag(hostile):
    cleaned = clean_plain(hostile)
    assert not TAG.search(cleaned), cleaned[:200]
    assert "\n" not in cleaned and "  " not in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "\u202eplh.exe\u202c judul",
        "a\u200bb\u200cc\u200dd\u200ee\u200ff",
        "x\u2066y\u2067z\u2068w\u2069",
        "nul\x00byte\x07bell\x1bescape\x7fdel",
    ],
)
def test_invisible_and_control_characters_are_removed(text):
    for cleaned in (clean_plain(text), clean_markdown(text)):
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", cleaned)
        assert cleaned  # the visible text stays


def test_a_bidi_override_cannot_reverse_a_title():
    assert clean_plain("Jadwal \u202eexe.fdp\u202c kantor") == "Jadwal exe.fdp kantor"


@pytest.mark.parametrize(
    "markdown",
    [
        "## Jam layanan\n\nKantor buka **Senin sampai Jumat**, pukul 08.00 sampai 16.00 WIB.",
        "- Bawa KTP asli.\n- Bawa kartu keluarga.\n\n1. Daftar daring.\n2. Datang sesuai jadwal.",
        "Lihat [situs resmi](https://www.imigrasi.go.id/id/) atau tulis ke [humas](mailto:humas@imigrasi.go.id).",
        '[Jadwal](https://www.imigrasi.go.id/jadwal?kantor=denpasar&hari=senin "Jadwal kantor")',
        "[Kantor Denpasar](/kantor/kanim-denpasar) dan [bagian ini](#jam-layanan)",
        "> Kutipan dari petugas.\n\nGunakan kode `PASPOR-24`.\n\n---\n\n### Catatan",
        "| Layanan | Status |\n|---|---|\n| Paspor | Normal |",
        "Biaya: 5 < 10 & 10 > 5, AT&T, *miring* dan _miring_.",
        "Kantor Imigrasi Kelas I TPI Denpasar — layanan berjalan normal.",
        "Pemohon dari Kabupaten Kapuas Hulu: hubungi kantor sebelum datang. Naïve café ✓",
    ],
)
def test_ordinary_markdown_survives_cleaning_unchanged(markdown):
    assert clean_markdown(markdown) == markdown


def test_safe_links_render_as_links():
    cleaned = clean_markdown("[situs](https://www.imigrasi.go.id/) dan [surel](mailto:humas@imigrasi.go.id)")
    hrefs = [dict(attrs)["href"] for tag, attrs in rendered_tags(render_markdown_html(cleaned)) if tag == "a"]
    assert hrefs == ["https://www.imigrasi.go.id/", "mailto:humas@imigrasi.go.id"]


def test_an_unsafe_link_keeps_its_words_but_loses_its_target():
    cleaned = clean_markdown("Klik [di sini](javascript:alert(1)) untuk info.")
    assert "di sini" in cleaned and "javascript" not in cleaned.lower()


def test_tags_are_removed_but_their_words_kept():
    assert clean_markdown("Paspor <b>percepatan</b> dihentikan") == "Paspor percepatan dihentikan"
    assert clean_plain("  Paspor <em>reguler</em>\n tetap   diterima ") == "Paspor reguler tetap diterima"


def test_script_content_is_dropped_not_shown():
    assert "alert" not in clean_markdown("Sebelum <script>alert(1)</script> sesudah")
    assert clean_plain("Sebelum <script>alert(1)</script> sesudah") == "Sebelum sesudah"


def test_line_endings_are_normalized_and_outer_space_trimmed():
    assert clean_markdown("  satu\r\ndua\rtiga\n\n  ") == "satu\ndua\ntiga"


@pytest.mark.parametrize("value", [None, 12, b"<script>", ["x"], {"a": 1}])
def test_non_text_becomes_empty(value):
    assert clean_markdown(value) == "" and clean_plain(value) == ""


def test_web_autolinks_are_kept_as_links():
    cleaned = clean_markdown("Lihat <https://www.imigrasi.go.id/layanan> atau tulis ke <mailto:info@example.org>.")
    assert "[https://www.imigrasi.go.id/layanan](https://www.imigrasi.go.id/layanan)" in cleaned
    assert 'href="https://www.imigrasi.go.id/layanan"' in render_markdown_html(cleaned)
    assert clean_markdown("<javascript:alert(1)>") == ""


def test_images_become_links():
    assert clean_markdown("![peta kantor](https://example.org/peta.png)") == "[peta kantor](https://example.org/peta.png)"
    assert "<img" not in render_markdown_html(clean_markdown("![x](https://example.org/x.png)"))

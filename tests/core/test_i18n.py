import ast
import re
from datetime import UTC, datetime
from pathlib import Path
from string import Formatter
from types import SimpleNamespace

import pytest

from imigrasi_site.core.errors import InvalidInput, NotFound
from imigrasi_site.core.hours import Interval, checked_intervals
from imigrasi_site.core.i18n import (
    STRINGS,
    Phrase,
    day_name,
    format_date,
    format_datetime,
    format_number,
    format_time,
    language,
    name_in,
    pick,
    t,
)

MOMENT = datetime(2024, 6, 20, 1, 15, tzinfo=UTC)


def test_times_carry_the_office_zone():
    assert format_datetime(MOMENT, "Asia/Jakarta") == "20 Juni 2024 08.15 WIB"
    assert format_datetime(MOMENT, "Asia/Makassar") == "20 Juni 2024 09.15 WITA"
    assert format_datetime(MOMENT, "Asia/Jayapura", "en") == "20 June 2024 10:15 WIT"


def test_a_zone_change_can_move_the_date():
    late = datetime(2024, 6, 20, 16, 30, tzinfo=UTC)
    assert format_datetime(late, "Asia/Jakarta") == "20 Juni 2024 23.30 WIB"
    assert format_datetime(late, "Asia/Jayapura") == "21 Juni 2024 01.30 WIT"
    assert format_time(late, "Asia/Makassar") == "00.30 WITA"


def test_language_falls_back_to_indonesian():
    assert language("en") == "en"
    assert language("fr") == "id" and language(None) == "id" and language(["en"]) == "id"
    assert pick("en", "Judul", "Title") == ("Title", False)
    assert pick("en", "Judul", "") == ("Judul", True)
    assert pick("id", "Judul", "Title") == ("Judul", False)


def test_a_name_is_given_in_the_readers_language_or_else_in_indonesian():
    passport = SimpleNamespace(name_ind="Paspor", name_en="Passport")
    untranslated = SimpleNamespace(name_ind="Izin Tinggal", name_en="")
    assert (name_in(passport, "en"), name_in(passport, "id"), name_in(passport, "fr")) == ("Passport", "Paspor",
                                                                                          "Paspor")
    assert name_in(untranslated, "en") == "Izin Tinggal"


# --- the catalogue of words ---

SOURCE = Path(__file__).resolve().parents[2] / "imigrasi_site"
# t("key"), tr("key"), both("key") and Phrase("key") in Python; {{ t("key") }} in the Jinja templates.
# A key built at run time (t("availability_" + value)) is not a whole literal and is left out.
_LOOKUP = re.compile(r"""\b(?:t|tr|both|Phrase)\(\s*(["'])([A-Za-z0-9_]+)\1(?=\s*[,)])""")


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in Formatter().parse(text) if name is not None}


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, texts in STRINGS.items():
        assert len(texts) == 2, key
        indonesian, english = texts
        assert indonesian.strip() and english.strip(), f"{key} lacks a language"
        assert _placeholders(indonesian) == _placeholders(english), f"{key}: the two languages fill in other values"


def test_the_placeholder_check_catches_what_it_is_for():
    assert _placeholders("Dari {n} kantor sejak {since}") == {"n", "since"}
    assert _placeholders("Of {n} offices") != _placeholders("Dari {n} kantor sejak {since}")
    assert _placeholders("{{literal}} braces") == set()


def _used_keys() -> dict[str, str]:
    used = {}
    for path in [*SOURCE.rglob("*.py"), *SOURCE.glob("render/templates/*.html")]:
        for match in _LOOKUP.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match.group(2), str(path.relative_to(SOURCE)))
    return used


def test_every_key_the_code_looks_up_is_in_the_catalogue():
    used = _used_keys()
    # The scan sees the lookups it must see (Python, the layout's tr, and the templates).
    assert {"mail_greeting", "site_name", "skip_to_content", "incident_timeline", "subscribe_bad_email"} <= set(used)
    missing = {key: where for key, where in used.items() if key not in STRINGS}
    assert missing == {}


def test_a_lookup_fills_in_its_values_in_the_wanted_language():
    assert t("results_count", "id", n=3) == "3 kantor ditemukan."
    assert t("results_count", "en", n=3) == "3 offices found."
    assert t("results_count", "fr", n=3) == "3 kantor ditemukan."
    phrase = Phrase("results_count", {"n": 3})
    assert phrase.text("en") == "3 offices found."
    assert phrase.both() == "3 kantor ditemukan. / 3 offices found."


def test_a_core_error_speaks_the_readers_language_and_both_for_the_workspace():
    error = InvalidInput(Phrase("office_unknown"), field="office")
    assert error.text("id") == "Kantor tidak dikenal." and error.text("en") == "Unknown office."
    assert error.message == "Kantor tidak dikenal. / Unknown office." and error.field == "office"
    plain = NotFound("Tidak ada. / Not there.")
    assert plain.text("en") == plain.message == "Tidak ada. / Not there."


# --- numbers, months and days from Babel ---

def test_numbers_use_each_languages_separators():
    assert format_number(1234, "id") == "1.234" and format_number(1234, "en") == "1,234"
    assert format_number(2.5, "id", decimals=1) == "2,5" and format_number(2.5, "en", decimals=1) == "2.5"
    assert format_number(1234.6, "id") == "1.235"
    assert format_number(98.75, "id", decimals=1) == "98,8" and format_number(100, "en", decimals=1) == "100.0"


def test_month_and_day_names_are_the_ones_the_site_always_wrote():
    indonesian = [format_date(datetime(2024, m, 15, 5, tzinfo=UTC), "Asia/Jakarta", "id")
                  for m in range(1, 13)]
    assert indonesian == [f"15 {name} 2024" for name in (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember")]
    assert format_date(datetime(2024, 8, 15, 5, tzinfo=UTC), "Asia/Jakarta", "en") == "15 August 2024"
    assert [day_name(d, "id") for d in range(7)] == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    assert day_name(0, "en") == "Monday" and day_name(6, "en") == "Sunday"


# "Kata / Word" written straight into the code, the way words were written before the catalogue.
_BILINGUAL_LITERAL = re.compile(r"[a-z][.!?)]? / [A-Z][a-z]")
# The editor workspace still writes some of its own words in both languages; it moves to the
# catalogue separately (issue 10), and then this list goes.
_WORKSPACE = {"ui/components/workspace.py", "ui/components/cell_selector.py",
              *(f"ui/state/{name}.py" for name in ("notices", "incidents", "availability", "maintenance", "accounts",
                                                   "audit", "auth", "webhooks", "special_days", "signals", "declare"))}


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)}


def test_no_words_are_written_in_two_languages_outside_the_catalogue():
    found = []
    for path in SOURCE.rglob("*.py"):
        where = str(path.relative_to(SOURCE))
        if where in _WORKSPACE or where.startswith("ui/pages/admin/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        found += [f"{where}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and _BILINGUAL_LITERAL.search(node.value)]
    assert found == []
    assert _BILINGUAL_LITERAL.search("Nama pengguna sudah dipakai. / That user name is taken.")


def test_a_refusal_with_values_written_per_language():
    with pytest.raises(InvalidInput) as refused:
        checked_intervals([Interval(9 * 60, 8 * 60)], "hours")
    assert refused.value.text("id") == "Jam tutup (08.00) harus setelah jam buka (09.00)."
    assert refused.value.text("en") == "The closing time (08:00) must come after the opening time (09:00)."
    assert refused.value.message == f"{refused.value.text('id')} / {refused.value.text('en')}"


def test_a_refusal_names_its_field_in_the_readers_language():
    nested = Phrase("text_required", {"label": Phrase("incident_field_title_ind")})
    assert nested.text("id") == "Judul wajib diisi." and nested.text("en") == "The title is required."

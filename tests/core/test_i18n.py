from datetime import datetime, timezone

from imigrasi_site.core.i18n import format_datetime, format_time, language, pick

MOMENT = datetime(2024, 6, 20, 1, 15, tzinfo=timezone.utc)


def test_times_carry_the_office_zone():
    assert format_datetime(MOMENT, "Asia/Jakarta") == "20 Juni 2024 08.15 WIB"
    assert format_datetime(MOMENT, "Asia/Makassar") == "20 Juni 2024 09.15 WITA"
    assert format_datetime(MOMENT, "Asia/Jayapura", "en") == "20 June 2024 10:15 WIT"


def test_a_zone_change_can_move_the_date():
    late = datetime(2024, 6, 20, 16, 30, tzinfo=timezone.utc)
    assert format_datetime(late, "Asia/Jakarta") == "20 Juni 2024 23.30 WIB"
    assert format_datetime(late, "Asia/Jayapura") == "21 Juni 2024 01.30 WIT"
    assert format_time(late, "Asia/Makassar") == "00.30 WITA"


def test_language_falls_back_to_indonesian():
    assert language("en") == "en"
    assert language("fr") == "id" and language(None) == "id" and language(["en"]) == "id"
    assert pick("en", "Judul", "Title") == ("Title", False)
    assert pick("en", "Judul", "") == ("Judul", True)
    assert pick("id", "Judul", "Title") == ("Judul", False)

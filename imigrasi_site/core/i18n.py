"""Languages, time zones, the way dates and numbers are written, and the catalogue of words.

Indonesian is the default. Times are always written with their zone
("20 Juni 2024 08.15 WIB"), in the office's zone or in WIB on national pages.
Month and day names and number separators come from Babel's CLDR data ("1.234 km" / "1,234 km").
Every interface, mail and message string is in STRINGS, looked up with `t`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
NATIONAL_TIMEZONE = "Asia/Jakarta"

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

# Read once from Babel: formatting a date is on the path of every rendered row.
_MONTHS = {lang: tuple(get_month_names("wide", locale=lang)[m] for m in range(1, 13)) for lang in LANGUAGES}
# Monday first, as date.weekday() counts.
_DAYS = {lang: tuple(get_day_names("wide", locale=lang)[d] for d in range(7)) for lang in LANGUAGES}


def language(value: object) -> str:
    """A supported language code; anything else falls back to Indonesian."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def zone_abbreviation(tz_name: str) -> str:
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)


def format_time(moment: datetime, tz_name: str = NATIONAL_TIMEZONE, lang: str = DEFAULT_LANGUAGE) -> str:
    """'14.30 WITA' (Indonesian uses a dot between hours and minutes, English a colon)."""
    local = moment.astimezone(ZoneInfo(tz_name))
    sep = "." if language(lang) == "id" else ":"
    return f"{local.hour:02d}{sep}{local.minute:02d} {zone_abbreviation(tz_name)}"


def format_date(moment: datetime, tz_name: str = NATIONAL_TIMEZONE, lang: str = DEFAULT_LANGUAGE) -> str:
    local = moment.astimezone(ZoneInfo(tz_name))
    return f"{local.day} {_MONTHS[language(lang)][local.month - 1]} {local.year}"


def format_datetime(moment: datetime, tz_name: str = NATIONAL_TIMEZONE, lang: str = DEFAULT_LANGUAGE) -> str:
    """'20 Juni 2024 08.15 WIB' / '20 June 2024 08:15 WIB'."""
    return f"{format_date(moment, tz_name, lang)} {format_time(moment, tz_name, lang)}"


def day_name(weekday: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'Senin' / 'Monday' for 0, as date.weekday() counts."""
    return _DAYS[language(lang)][weekday]


def format_number(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """'1.234' and '2,5' in Indonesian, '1,234' and '2.5' in English, with exactly `decimals` decimals."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=language(lang))


# Texts kept in both languages are fields named stem + suffix: title_ind and title_en.
FIELD_SUFFIX = {"id": "ind", "en": "en"}


def text_field(stem: str, lang: str) -> str:
    """The name of the field holding `stem` in language `lang` ("title", "en" -> "title_en")."""
    return f"{stem}_{FIELD_SUFFIX[lang]}"


def pick(lang: str, text_ind: str, text_en: str) -> tuple[str, bool]:
    """The text in the wanted language, and whether it is a fallback to Indonesian."""
    if language(lang) == "en" and text_en:
        return text_en, False
    return text_ind, language(lang) == "en"


class Named(Protocol):
    """Something named in both languages: a service (a table row or its read-model view), a template."""

    @property
    def name_ind(self) -> str: ...

    @property
    def name_en(self) -> str: ...


def name_in(named: Named, lang: str) -> str:
    """Its name in `lang`: the Indonesian one where it has no English name."""
    return pick(lang, named.name_ind, named.name_en)[0]


# Interface strings, Indonesian and English. Pages look them up by key; a missing key
# fails the i18n test rather than showing a raw key to a visitor.
STRINGS: dict[str, tuple[str, str]] = {
    "site_name": ("Status Layanan Imigrasi", "Immigration Service Status"),
    "site_tagline": (
        "Layanan mana yang berjalan hari ini, per kantor dan per layanan.",
        "Which services work today, office by office.",
    ),
    "nav_home": ("Beranda", "Home"),
    "skip_to_content": ("Langsung ke isi", "Skip to content"),
    "incident_label": ("Gangguan", "Disruption"),
    "services_label": ("Layanan", "Services"),
    "nav_offices": ("Cek kantor", "Check an office"),
    "nav_notices": ("Pengumuman", "Notices"),
    "switch_language": ("English", "Bahasa Indonesia"),
    "switch_language_label": ("Switch to English", "Ganti ke Bahasa Indonesia"),
    "availability_normal": ("Normal", "Normal"),
    "availability_limited": ("Terbatas", "Limited"),
    "availability_unavailable": ("Tidak tersedia", "Unavailable"),
    "availability_disrupted": ("Terganggu (terbatas atau tidak tersedia)", "Disrupted (limited or unavailable)"),
    "national_summary": ("Ringkasan nasional", "National summary"),
    "summary_all_normal": ("Berjalan normal di semua {n} kantor.", "Running normally at all {n} offices."),
    "summary_disrupted": (
        "Dari {n} kantor: {counts}. Terganggu sejak {since}.",
        "Of {n} offices: {counts}. Disrupted since {since}.",
    ),
    "summary_where": ("Lihat kantor yang terganggu", "See the affected offices"),
    "office_all_normal": ("Semua layanan berjalan normal.", "All services are running normally."),
    "open_incidents": ("Gangguan yang sedang berlangsung", "Ongoing disruptions"),
    "no_open_incidents": ("Tidak ada gangguan yang sedang berlangsung.", "There are no ongoing disruptions."),
    "latest_notices": ("Pengumuman terbaru", "Latest notices"),
    "all_notices": ("Semua pengumuman", "All notices"),
    "search_label": ("Cari kantor, kota, atau provinsi", "Search an office, city or province"),
    "search_placeholder": ("mis. Putussibau, Denpasar, Papua", "e.g. Putussibau, Denpasar, Papua"),
    "search_button": ("Cari", "Search"),
    "filter_service": ("Layanan", "Service"),
    "filter_availability": ("Status", "Status"),
    "filter_any_service": ("Semua layanan", "All services"),
    "filter_any_availability": ("Semua status", "Any status"),
    "sort_label": ("Urutkan", "Sort"),
    "sort_name": ("Nama kantor", "Office name"),
    "sort_distance": ("Jarak dari kota", "Distance from a city"),
    "city_label": ("Kota asal", "Your city"),
    "city_unknown": ("Kota tidak dikenal; diurutkan menurut nama.", "Unknown city; sorted by name."),
    "results_count": ("{n} kantor ditemukan.", "{n} offices found."),
    "no_results": ("Tidak ada kantor yang cocok. Coba kata lain.", "No office matches. Try other words."),
    "distance_km": ("{km} km", "{km} km"),
    "since": ("sejak {when}", "since {when}"),
    "what_to_do": ("Yang perlu dilakukan", "What to do"),
    "what_to_do_default_limited": (
        "Layanan berjalan terbatas. Datang lebih awal dan bawa dokumen lengkap.",
        "The service is running with limits. Come early and bring complete documents.",
    ),
    "what_to_do_default_unavailable": (
        "Layanan ini belum dapat digunakan di kantor ini. Periksa kembali halaman ini sebelum datang.",
        "This service cannot be used at this office yet. Check this page again before you come.",
    ),
    "office_address": ("Alamat", "Address"),
    "office_address_source": ("sumber alamat", "where this address is from"),
    "planned_line": ("Direncanakan {effect}: {period}", "Planned, {effect}: {period}"),
    "planned_heading": ("Pemeliharaan terjadwal", "Planned maintenance"),
    "maintenance_scheduled": ("Terjadwal", "Scheduled"),
    "maintenance_active": ("Sedang berlangsung", "Under way"),
    "history_heading": ("Riwayat 90 hari", "The last 90 days"),
    "history_share": ("Normal {share} dari waktu dalam {days} hari terakhir.",
                      "Normal {share} of the time in the last {days} days."),
    "history_all_normal": ("Normal setiap hari dalam {days} hari terakhir.", "Normal every day of the last {days} days."),
    "history_strip_label": ("Satu kotak per hari, dari yang terlama", "One box per day, oldest first"),
    "office_timezone": ("Zona waktu", "Time zone"),
    "office_services_today": ("Layanan hari ini", "Services today"),
    "office_related_incidents": ("Gangguan terkait", "Related disruptions"),
    "office_related_notices": ("Pengumuman terkait", "Related notices"),
    "office_province": ("Provinsi", "Province"),
    "service": ("Layanan", "Service"),
    "status": ("Status", "Status"),
    "office": ("Kantor", "Office"),
    "published": ("Terbit {when}", "Published {when}"),
    "updated": ("Diperbarui {when}", "Updated {when}"),
    "linked_incident": ("Gangguan terkait", "Related disruption"),
    "offices_concerned": ("Kantor terkait", "Offices concerned"),
    "english_missing": (
        "Pengumuman ini hanya tersedia dalam bahasa Indonesia.",
        "This notice is available in Indonesian only.",
    ),
    "incident_status_investigating": ("Sedang diselidiki", "Investigating"),
    "incident_status_identified": ("Penyebab diketahui", "Identified"),
    "incident_status_monitoring": ("Dipantau", "Monitoring"),
    "incident_status_resolved": ("Selesai", "Resolved"),
    "incident_timeline": ("Kronologi", "Timeline"),
    "incident_affected": ("Layanan yang terdampak", "Affected services"),
    "incident_started": ("Mulai {when}", "Started {when}"),
    "incident_resolved_at": ("Selesai {when}", "Resolved {when}"),
    "not_found_title": ("Halaman tidak ditemukan", "Page not found"),
    "not_found_office": (
        "Kami tidak menemukan kantor dengan kode itu. Cari kantor Anda di daftar kantor.",
        "We could not find an office with that code. Look for your office in the office list.",
    ),
    "not_found_notice": (
        "Pengumuman itu tidak ada atau belum terbit.",
        "That notice does not exist or has not been published.",
    ),
    "not_found_incident": ("Gangguan itu tidak ditemukan.", "That disruption could not be found."),
    "not_found_page": ("Alamat ini tidak ada di situs kami.", "This address does not exist on our site."),
    "back_home": ("Kembali ke beranda", "Back to the home page"),
    "back_offices": ("Ke daftar kantor", "To the office list"),
    "back_notices": ("Ke daftar pengumuman", "To the notices"),
    "data_as_of": ("Data per {when}", "Data as of {when}"),
    "data_stale": (
        "Sistem kami sedang tidak dapat memperbarui data. Yang tampil adalah status terakhir yang kami ketahui.",
        "Our systems cannot update the data right now. What you see is the last status we know.",
    ),
    "previous_page": ("Sebelumnya", "Previous"),
    "next_page": ("Berikutnya", "Next"),
    "page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "filter_incident": ("Gangguan", "Disruption"),
    "filter_any_incident": ("Semua pengumuman", "All notices"),
    "footer_note": (
        "Situs informasi status layanan keimigrasian. Waktu ditulis dengan zona waktunya.",
        "Information site on immigration service status. Times are written with their time zone.",
    ),
    "office_type_kanim": ("Kantor Imigrasi", "Immigration office"),
    "office_type_ulp": ("Unit Layanan Paspor", "Passport service unit"),
    "office_type_ukk": ("Unit Kerja Keimigrasian", "Immigration work unit"),
    "office_type_tpi_airport": ("Pemeriksaan bandara", "Airport checkpoint"),
    "office_type_tpi_seaport": ("Pemeriksaan pelabuhan", "Seaport checkpoint"),
    "office_type_tpi_land": ("Pos lintas batas darat", "Land border post"),
    "view_office": ("Lihat kantor", "View office"),
    "read_more": ("Baca selengkapnya", "Read more"),
    "embed_more": ("Selengkapnya di {site}", "More on {site}"),
    "subscribe_heading": ("Pemberitahuan lewat email", "Email updates"),
    "subscribe_intro": (
        "Kami mengirim email saat status layanan berubah. Alamat Anda tidak pernah ditampilkan dan langsung dihapus "
        "saat Anda berhenti berlangganan; setiap email berisi tautan untuk itu.",
        "We email you when the status of a service changes. Your address is never shown and is deleted as soon as "
        "you unsubscribe; every email has a link for that.",
    ),
    "subscribe_email": ("Alamat email", "Email address"),
    "subscribe_scope": ("Yang ingin diikuti", "What to follow"),
    "subscribe_scope_office": ("Semua layanan di kantor ini", "All services at this office"),
    "subscribe_scope_pair": ("Satu layanan di kantor ini", "One service at this office"),
    "subscribe_scope_service": ("Satu layanan, di semua kantor", "One service, at every office"),
    "subscribe_button": ("Berlangganan", "Subscribe"),
    "subscribe_check_inbox": (
        "Periksa kotak masuk Anda dan buka tautan konfirmasi dalam {days} hari. Tanpa konfirmasi kami tidak "
        "mengirim apa pun lagi.",
        "Check your inbox and open the confirmation link within {days} days. Without confirmation we send nothing "
        "more.",
    ),
    "subscribe_choose_service": ("Pilih layanan yang ingin diikuti.", "Choose the service to follow."),
    "subscribe_unavailable": (
        "Permintaan Anda tidak dapat diproses sekarang. Coba lagi sebentar lagi.",
        "Your request cannot be processed right now. Please try again shortly.",
    ),
    "sign_in_wait": (
        "Terlalu banyak percobaan masuk yang gagal dari perangkat ini. Tunggu {seconds} detik, lalu coba lagi.",
        "Too many failed sign-in attempts from this device. Wait {seconds} seconds, then try again.",
    ),
    "workspace_store_down": (
        "Ruang kerja tidak dapat menghubungi penyimpanan sesinya (Redis), jadi tindakan ini tidak dijalankan dan "
        "tidak ada yang tersimpan. Teks Anda tetap di formulir; coba lagi sebentar lagi.",
        "The workspace cannot reach its session store (Redis), so this action did not run and nothing was saved. "
        "Your text stays in the form; try again shortly.",
    ),
    "sign_in_unavailable": (
        "Masuk tidak dapat diproses sekarang: basis data tidak dapat dihubungi. Coba lagi sebentar lagi.",
        "Signing in is not possible right now: the database cannot be reached. Try again shortly.",
    ),
    "sign_in_form_refused": (
        "Formulir masuk ini tidak dikirim dari situs ini. Buka halaman masuk lagi dan coba sekali lagi.",
        "This sign-in form was not sent from this site. Open the sign-in page again and try once more.",
    ),
    "subscribe_bad_email": (
        "Alamat email tidak valid. Periksa penulisannya, mis. nama@contoh.id.",
        "That email address is not valid. Check it, e.g. name@example.com.",
    ),
    "office_unknown": ("Kantor tidak dikenal.", "Unknown office."),
    "service_unknown": ("Layanan tidak dikenal.", "Unknown service."),
    "embed_option_unknown": ("Pilihan tidak dikenal.", "Unknown option."),
    "subscribe_not_offered": ("Kantor ini tidak menyediakan layanan itu.", "This office does not offer that service."),
    "subscribe_too_many": (
        "Terlalu banyak permintaan berlangganan. Coba lagi dalam satu jam.",
        "Too many subscription requests. Try again in an hour.",
    ),
    "subscribe_bad_link": (
        "Tautan ini tidak berlaku (lagi). Jika perlu, berlanggananlah kembali dari halaman kantor.",
        "This link is not valid (any more). If needed, subscribe again from an office page.",
    ),
    "subscribe_all_heading": ("Pengumuman lewat email", "Notices by email"),
    "subscribe_all_intro": (
        "Terima setiap pengumuman baru lewat email. Alamat Anda tidak pernah ditampilkan.",
        "Receive every new notice by email. Your address is never shown.",
    ),
    # Server-rendered pages, the light edition and the offline copy.
    "edition_light": ("Versi ringan", "Light version"),
    "edition_light_label": ("Versi ringan untuk sambungan lemah", "Light version for weak connections"),
    "edition_full": ("Versi lengkap", "Full version"),
    "edition_surge": (
        "Versi ringan ditampilkan karena banyaknya pengunjung. Isinya sama.",
        "A lighter version is shown because of high demand. The facts are the same.",
    ),
    "saved_copy": (
        "Anda sedang offline. Ini salinan tersimpan; periksa waktunya di bawah.",
        "You are offline. This is a saved copy; check its time below.",
    ),
    "filter_apply": ("Terapkan", "Apply"),
    "subscribe_needs_script": (
        "Formulir langganan muncul setelah halaman selesai dimuat.",
        "The subscription form appears once the page has finished loading.",
    ),
    "results_pages": ("Halaman hasil", "Result pages"),
    "hours_heading": ("Jam layanan", "Opening hours"),
    "hours_next_days": ("Tujuh hari ke depan", "The next seven days"),
    "hours_week": ("Jam layanan mingguan", "Weekly hours"),
    "hours_day": ("Hari", "Day"),
    "hours_hours": ("Jam", "Hours"),
    "hours_passport": ("Permohonan paspor", "Passport applications"),
    "hours_source": ("Sumber: {source}", "Source: {source}"),
    "hours_today": ("hari ini", "today"),
    "filter_open_now": ("Hanya yang buka sekarang", "Open now only"),
    "row_open": ("Buka", "Open"),
    "row_closed": ("Tutup", "Closed"),
    "today_holiday": (
        "Hari ini hari libur nasional: {names}. Kantor Imigrasi tutup; bandara, pelabuhan dan pos lintas batas "
        "tetap melayani.",
        "Today is a national holiday: {names}. Immigration offices are closed; airports, seaports and land border "
        "posts stay open.",
    ),
    "contact_heading": ("Hubungi kantor", "Contact the office"),
    "contact_none": ("Saluran resmi kantor ini belum tercatat.", "This office's official channels are not recorded yet."),
    "channel_phone": ("Telepon", "Phone"),
    "channel_whatsapp": ("WhatsApp", "WhatsApp"),
    "channel_email": ("Email", "Email"),
    "channel_website": ("Situs web", "Website"),
    "channel_instagram": ("Instagram", "Instagram"),
    "channel_x": ("X", "X"),
    "channel_facebook": ("Facebook", "Facebook"),
    "channel_youtube": ("YouTube", "YouTube"),
    "channel_tiktok": ("TikTok", "TikTok"),
    "map_heading": ("Peta layanan", "Service map"),
    "map_service": ("Layanan di peta", "Service on the map"),
    "map_show": ("Tampilkan", "Show"),
    "map_table": ("Daftar kantor pada peta", "Offices on the map"),
    "map_link": ("Lihat peta layanan", "See the service map"),
    # Open standards (CAP alerts, the national map, the sitemap).
    "cap_event": ("Gangguan layanan keimigrasian", "Immigration service disruption"),
    "cap_resolved": ("Gangguan telah selesai; layanan kembali berjalan.",
                     "The disruption is over; services are running again."),
    "cap_feed_title": ("Peringatan CAP yang berlaku", "Active CAP alerts"),
    "statuspage_national": ("Nasional", "Nationwide"),
    "statuspage_national_desc": ("Setiap layanan di semua kantor imigrasi",
                                 "Each service at every immigration office"),
    "statuspage_province_desc": ("Layanan di kantor imigrasi di {province}",
                                 "Services at the immigration offices in {province}"),
    "statuspage_indicator_none": ("Semua layanan berjalan normal", "All Systems Operational"),
    "statuspage_indicator_minor": ("Sebagian layanan terbatas", "Minor Service Outage"),
    "statuspage_indicator_major": ("Sebagian layanan tidak tersedia", "Partial System Outage"),
    "statuspage_indicator_critical": ("Layanan tidak tersedia di semua kantor", "Major Service Outage"),
    "map_title": ("Peta layanan imigrasi: {service}", "Map of immigration services: {service}"),
    "map_all_services": ("semua layanan (keadaan terburuk per kantor)",
                         "all services (the worst state at each office)"),
    "map_not_offered": ("Tidak dilayani di kantor ini", "Not offered at this office"),
    "map_desc": (
        "{offices} kantor imigrasi di seluruh Indonesia: {normal} normal, {limited} terbatas, {unavailable} tidak "
        "tersedia.",
        "{offices} immigration offices across Indonesia: {normal} normal, {limited} limited, {unavailable} "
        "unavailable.",
    ),
    "map_desc_not_offered": ("{count} kantor tidak melayani layanan ini.",
                             "{count} offices do not offer this service."),
    "map_desc_shapes": (
        "Tanda lingkaran berarti normal, segitiga terbatas, kotak tidak tersedia. Tabel di bawah peta memuat data "
        "yang sama.",
        "A circle means normal, a triangle limited, a square unavailable. The table below the map lists the same "
        "facts.",
    ),
    # Opening hours, holidays and special days (core/hours.py, the special-days workspace).
    "hours_all_day": ("Buka 24 jam", "Open 24 hours"),
    "hours_closed": ("Tutup", "Closed"),
    "hours_unknown_short": ("Jam belum dikonfirmasi", "Hours not confirmed"),
    "hours_unconfirmed": ("Jam layanan belum dikonfirmasi", "Service hours not confirmed"),
    "hours_open_always": ("Buka 24 jam", "Open 24 hours"),
    "hours_open_until": ("Buka · tutup pukul {time}", "Open · closes at {time}"),
    "hours_open_until_day": ("Buka · tutup {day} {time}", "Open · closes {day} {time}"),
    "hours_closed_until": ("Tutup · buka pukul {time}", "Closed · opens at {time}"),
    "hours_closed_until_day": ("Tutup · buka {day} {time}", "Closed · opens {day} {time}"),
    "special_days_heading": ("Hari khusus", "Special days"),
    "special_days_intro": (
        "Penutupan (banjir, migrasi sistem) atau layanan tambahan (misalnya layanan paspor hari Sabtu) untuk satu "
        "kantor, satu provinsi, satu jenis kantor, atau seluruh Indonesia. Tanggal dan jam menurut zona kantor.",
        "Closures (a flood, a system migration) or extra openings (a Saturday passport service day, say) for one "
        "office, a province, an office type, or all of Indonesia. Dates and times are in the office's own zone.",
    ),
    "special_day_date": ("Tanggal", "Date"),
    "special_day_kind": ("Jenis", "Kind"),
    "special_day_closure": ("Tutup", "Closure"),
    "special_day_opening": ("Buka tambahan", "Extra opening"),
    "special_day_scope": ("Berlaku untuk", "Applies to"),
    "special_day_office": ("Kode kantor (kosongkan untuk cakupan lebih luas)",
                           "Office code (leave empty for a wider scope)"),
    "special_day_province": ("Provinsi", "Province"),
    "special_day_type": ("Jenis kantor", "Office type"),
    "special_day_everywhere": ("Semua", "All"),
    "special_day_opens": ("Buka pukul", "Opens at"),
    "special_day_closes": ("Tutup pukul", "Closes at"),
    "special_day_reason_ind": ("Alasan (Bahasa Indonesia)", "Reason (Indonesian)"),
    "special_day_reason_en": ("Alasan (Bahasa Inggris)", "Reason (English)"),
    "special_day_save": ("Simpan hari khusus", "Save special day"),
    "special_day_saved": ("Hari khusus disimpan.", "Special day saved."),
    "special_day_delete": ("Hapus", "Delete"),
    "special_day_deleted": ("Hari khusus dihapus.", "Special day deleted."),
    "special_day_none": ("Belum ada hari khusus.", "No special days yet."),
    "special_day_nationwide": ("Seluruh Indonesia", "All of Indonesia"),
    "calendar_closed": ("Kantor tutup: {reason}", "Office closed: {reason}"),
    "calendar_closed_description": (
        "Kantor tutup sepanjang hari menurut zona waktunya ({zone}).",
        "The office is closed all day in its own time zone ({zone}).",
    ),
    "webhook_private_address": (
        "Alamat webhook menunjuk ke jaringan lokal atau privat ({host}); itu hanya boleh untuk host yang tercantum "
        "di IMIGRASI_WEBHOOK_ALLOWED_HOSTS.",
        "The webhook address points at a local or private network ({host}); that is allowed only for hosts listed "
        "in IMIGRASI_WEBHOOK_ALLOWED_HOSTS.",
    ),
    "webhook_refused_address": (
        "Tidak dikirim: {host} mengarah ke alamat lokal atau privat (lihat IMIGRASI_WEBHOOK_ALLOWED_HOSTS).",
        "Not sent: {host} resolves to a local or private address (see IMIGRASI_WEBHOOK_ALLOWED_HOSTS).",
    ),
    "webhook_unresolved": ("Tidak dikirim: nama {host} tidak dapat di-resolve.",
                           "Not sent: the name {host} could not be resolved."),
    "webhook_secret_rotated": (
        "Rahasia baru dibuat. Rahasia lama tetap berlaku sampai {until}; selama itu setiap pengiriman ditandatangani "
        "dengan keduanya.",
        "A new secret was made. The old one stays valid until {until}; until then every delivery is signed with "
        "both.",
    ),
    "webhook_rotate": ("Ganti rahasia", "Rotate secret"),
    "webhook_intro": (
        "Setiap perubahan status dan pengumuman terbit dikirim sebagai JSON bertanda tangan menurut "
        "Standard Webhooks (HMAC-SHA256 atas id, waktu dan isi); panduan untuk mitra ada di docs/webhooks.md. "
        "Alamat di jaringan lokal atau privat ditolak kecuali tercantum di IMIGRASI_WEBHOOK_ALLOWED_HOSTS.",
        "Every status change and published notice is sent as JSON signed the Standard Webhooks way (HMAC-SHA256 over "
        "id, time and body); the partners' guide is docs/webhooks.md. Addresses on local or private networks are "
        "refused unless listed in IMIGRASI_WEBHOOK_ALLOWED_HOSTS.",
    ),
    "webhook_not_found": ("Webhook tidak ditemukan.", "Webhook not found."),
    "webhook_inactive": ("Webhook ini sudah dinonaktifkan.", "This webhook is deactivated."),
    "link_too_many_title": ("Terlalu banyak permintaan", "Too many requests"),
    "link_too_many": (
        "Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam satu jam.",
        "Too many requests from your address. Try again in an hour.",
    ),
    # The confirm and unsubscribe link pages (http/subscriptions.py); {scope} is what the subscription is about.
    "link_bad_title": ("Tautan tidak berlaku", "Link not valid"),
    "link_bad": (
        "Tautan ini tidak berlaku (lagi): tautan konfirmasi berlaku {days} hari. Jika perlu, berlanggananlah kembali "
        "dari halaman kantor.",
        "This link is not valid (any more): confirmation links work for {days} days. If needed, subscribe again "
        "from an office page.",
    ),
    "link_nothing_title": ("Tidak ada langganan", "No subscription"),
    "link_nothing": (
        "Tidak ada langganan dengan tautan ini. Mungkin Anda sudah berhenti berlangganan, dan alamat Anda sudah "
        "dihapus.",
        "There is no subscription with this link. You may have unsubscribed already, and your address is deleted.",
    ),
    "link_unavailable_title": ("Coba lagi nanti", "Please try again later"),
    "link_already_title": ("Langganan sudah aktif", "Subscription already active"),
    "link_already": ("Anda sudah menerima pemberitahuan email tentang: {scope}.",
                     "You already receive email updates about: {scope}."),
    "link_confirm_title": ("Konfirmasi langganan", "Confirm your subscription"),
    "link_confirm": ("Tekan tombol di bawah untuk mulai menerima pemberitahuan email tentang: {scope}.",
                     "Press the button below to start receiving email updates about: {scope}."),
    "link_confirm_button": ("Konfirmasi", "Confirm"),
    "link_confirmed_title": ("Langganan aktif", "Subscription confirmed"),
    "link_confirmed": (
        "Mulai sekarang kami mengirim email tentang: {scope}. Setiap email berisi tautan untuk berhenti berlangganan.",
        "From now on we email you about: {scope}. Every email has a link to unsubscribe.",
    ),
    "link_unsubscribe_title": ("Berhenti berlangganan?", "Unsubscribe?"),
    "link_unsubscribe": (
        "Tekan tombol di bawah agar kami berhenti mengirim email tentang: {scope}. Alamat Anda langsung kami hapus.",
        "Press the button below and we stop emailing you about: {scope}. We delete your address at once.",
    ),
    "link_unsubscribe_button": ("Berhenti berlangganan", "Unsubscribe"),
    "link_unsubscribed_title": ("Langganan dihentikan", "Unsubscribed"),
    "link_unsubscribed": ("Kami tidak lagi mengirim email tentang: {scope}. Alamat Anda sudah dihapus.",
                          "We no longer email you about: {scope}. Your address has been deleted."),
    # Answers of the sign-in form's POST (http/session_routes.py), which does not know the reader's language.
    "form_too_large": ("Formulir terlalu besar.", "Form too large."),
    # --- automatic signals (heartbeats, system checks) ---
    "hb_body_not_json": ("Isi permintaan bukan JSON yang sah.", "The request body is not valid JSON."),
    "hb_body_not_object": ("Isi permintaan harus objek JSON.", "The request body must be a JSON object."),
    "hb_unknown_field": ("Kolom tidak dikenal: {field}.", "Unknown field: {field}."),
    "hb_services_shape": (
        "`services` harus objek dari kode layanan ke \"ok\" atau \"degraded\" (paling banyak 50).",
        "`services` must map service codes to \"ok\" or \"degraded\" (at most 50).",
    ),
    "hb_service_value": (
        "Nilai untuk layanan {code} harus \"ok\" atau \"degraded\".",
        "The value for service {code} must be \"ok\" or \"degraded\".",
    ),
    "hb_service_unknown": ("Kode layanan tidak dikenal: {code}.", "Unknown service code: {code}."),
    "hb_note": ("`note` harus teks satu baris, paling banyak {max} karakter.",
                "`note` must be one line of text, at most {max} characters."),
    "hb_office_unknown": ("Kantor tidak ditemukan.", "Office not found."),
    "hb_token_exists": ("Kantor ini sudah punya token; gunakan Ganti token.",
                        "This office already has a token; use Rotate token."),
    "hb_no_token": ("Kantor ini tidak punya token aktif.", "This office has no active token."),
    "check_number_range": ("Isi angka antara {low} dan {high}.", "Enter a number from {low} to {high}."),
    "check_url_invalid": (
        "Alamat pemeriksaan harus URL http(s) lengkap tanpa nama pengguna.",
        "The check address must be a full http(s) URL without credentials.",
    ),
    "check_name_required": ("Nama pemeriksaan wajib diisi (maks. {max}).", "A check name is required (max {max})."),
    "check_method": ("Metode harus GET atau HEAD.", "The method must be GET or HEAD."),
    "check_text": ("Teks yang diharapkan paling banyak {max} karakter, dan hanya untuk GET.",
                   "Expected text is at most {max} characters, and only for GET."),
    "check_not_found": ("Pemeriksaan tidak ditemukan.", "Check not found."),
    "signal_not_found": ("Sinyal tidak ditemukan.", "Signal not found."),
    "signal_auto_advice": (
        "Sedang diperiksa: gangguan terdeteksi otomatis oleh sistem dan belum dipastikan petugas.",
        "Being checked: a disruption was detected automatically and is not yet confirmed by staff.",
    ),
    "signal_auto_detected": ("Terdeteksi otomatis", "Detected automatically"),
    "duration_minutes": ("{n} menit", "{n} minutes"),
    "duration_hours": ("{h} jam {m} menit", "{h} h {m} min"),
    "signal_missing_many": (
        "{n} kantor kehilangan kontak sejak {when}: kemungkinan penyebab pusat",
        "{n} offices lost contact since {when}: probably a central cause",
    ),
    "signal_missing_few": ("{offices} kehilangan kontak sejak {when}", "{offices} lost contact since {when}"),
    "signal_degraded": ("{service} dilaporkan terganggu oleh {n} kantor sejak {when}",
                        "{service} reported degraded by {n} offices since {when}"),
    "signal_check_failing": ("Pemeriksaan {name} gagal {m} kali berturut-turut sejak {when}",
                             "Check {name} failed {m} times in a row since {when}"),
    "signal_cleared": ("Pulih {when}, setelah {duration}", "Recovered {when}, after {duration}"),
    "signal_mail_open_subject": ("[Sinyal] {what}", "[Signal] {what}"),
    "signal_mail_open_body": (
        "Aturan otomatis mendeteksi: {what}.\n\nBelum ada yang berubah di situs publik: seorang petugas perlu "
        "memastikan dan, bila perlu, mengubah status.\nRuang kerja: {url}",
        "The automatic rules detected: {what}.\n\nNothing has changed on the public site: a person needs to "
        "confirm and, if needed, change the status.\nWorkspace: {url}",
    ),
    "signal_mail_clear_subject": ("[Pulih] {what}", "[Recovered] {what}"),
    "signal_mail_clear_body": ("Sinyal selesai: {what}.\nRuang kerja: {url}",
                               "Signal over: {what}.\nWorkspace: {url}"),
    "sig_page_title": ("Sinyal otomatis", "Automatic signals"),
    "sig_intro": (
        "Detak dari kantor dan pemeriksaan sistem pusat. Tidak ada yang tampil ke publik sampai petugas "
        "mengubah status, kecuali layanan yang dipilih admin untuk penandaan otomatis.",
        "Heartbeats from offices and checks of the central systems. Nothing is shown to the public until a person "
        "changes the status, except for services an admin chose for automatic marking.",
    ),
    "sig_open": ("Sinyal terbuka dan terbaru", "Open and recent signals"),
    "sig_none": ("Tidak ada sinyal.", "No signals."),
    "sig_what": ("Apa", "What"),
    "sig_where": ("Di mana", "Where"),
    "sig_since": ("Sejak", "Since"),
    "sig_state": ("Keadaan", "State"),
    "sig_state_open": ("terbuka", "open"),
    "sig_state_cleared": ("selesai", "over"),
    "sig_confirm": ("Saya tangani", "I am on it"),
    "sig_confirmed_by": ("Ditangani oleh {name}", "Taken by {name}"),
    "sig_prefill": ("Ubah status kantor ini", "Change these offices' status"),
    "sig_confirmed": ("Sinyal dicatat sebagai ditangani.", "Signal recorded as taken."),
    "sig_contacts": ("Kontak kantor", "Office contact"),
    "sig_last_heartbeat": ("Detak terakhir", "Last heartbeat"),
    "sig_token": ("Token aktif sejak", "Token active since"),
    "sig_office": ("Kantor", "Office"),
    "sig_service": ("Layanan", "Service"),
    "sig_degraded": ("Melaporkan gangguan", "Reports trouble with"),
    "sig_note": ("Catatan", "Note"),
    "sig_token_none": ("tidak ada", "none"),
    "sig_history": ("Riwayat", "History"),
    "sig_stopped": ("Berhenti", "Stopped"),
    "sig_resumed": ("Kembali", "Resumed"),
    "sig_not_yet": ("belum", "not yet"),
    "sig_office_code": ("Kode kantor", "Office code"),
    "sig_create_token": ("Buat token", "Create token"),
    "sig_rotate_token": ("Ganti token", "Rotate token"),
    "sig_revoke_token": ("Cabut token", "Revoke token"),
    "sig_token_shown_once": (
        "Salin token ini sekarang dan serahkan ke kantor lewat saluran aman; token ini tidak ditampilkan lagi.",
        "Copy this token now and hand it to the office over a safe channel; it is not shown again.",
    ),
    "sig_token_revoked": ("Token dicabut.", "Token revoked."),
    "sig_checks": ("Pemeriksaan sistem", "System checks"),
    "sig_check_name": ("Nama", "Name"),
    "sig_check_method": ("Metode", "Method"),
    "sig_check_expect_status": ("Status yang diharapkan", "Expected status"),
    "sig_check_expect_text": ("Teks yang diharapkan (opsional)", "Expected text (optional)"),
    "sig_check_interval": ("Selang (detik)", "Interval (seconds)"),
    "sig_check_timeout": ("Batas waktu (detik)", "Timeout (seconds)"),
    "sig_check_service": ("Layanan (opsional)", "Service (optional)"),
    "sig_check_last": ("Hasil terakhir", "Last result"),
    "sig_check_add": ("Tambah pemeriksaan", "Add check"),
    "sig_check_added": ("Pemeriksaan ditambahkan.", "Check added."),
    "sig_check_deactivate": ("Nonaktifkan", "Deactivate"),
    "sig_check_deactivated": ("Pemeriksaan dinonaktifkan.", "Check deactivated."),
    "sig_check_ok": ("berhasil", "passed"),
    "sig_check_failed": ("gagal", "failed"),
    "sig_auto_marking": ("Penandaan otomatis", "Automatic marking"),
    "sig_auto_marking_intro": (
        "Untuk layanan yang dipilih, sinyal langsung menandai layanan itu terbatas dengan saran \"sedang "
        "diperiksa\", dan halaman publik menyebutnya terdeteksi otomatis. Saat sinyal selesai, status kembali.",
        "For the chosen services a signal marks the service limited at once with a \"being checked\" advice, and "
        "the public page says it was detected automatically. When the signal is over, the status goes back.",
    ),
    "sig_auto_on": ("Aktifkan", "Turn on"),
    "sig_auto_off": ("Matikan", "Turn off"),
    "sig_auto_changed": ("Penandaan otomatis diubah.", "Automatic marking changed."),
    "sig_yes": ("ya", "yes"),
    "sig_no": ("tidak", "no"),
    # --- what the core says when it refuses a write (core/errors.py; the workspace shows it in both languages) ---
    "sign_in_failed": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "sign_in_first": ("Silakan masuk terlebih dahulu.", "Please sign in first."),
    "role_not_allowed": ("Peran Anda tidak mengizinkan tindakan ini.", "Your role does not allow this."),
    "account_username_invalid": (
        "Nama pengguna 3-64 karakter: huruf kecil, angka, titik, garis bawah atau strip.",
        "User names have 3-64 characters: lower-case letters, digits, dot, underscore or hyphen.",
    ),
    "account_display_name_required": (
        "Nama tampilan wajib diisi (maks. 120).",
        "A display name is required (max 120).",
    ),
    "account_username_taken": ("Nama pengguna sudah dipakai.", "That user name is taken."),
    "account_not_found": ("Akun tidak ditemukan.", "Account not found."),
    "account_cannot_deactivate_self": (
        "Anda tidak dapat menonaktifkan akun sendiri.",
        "You cannot deactivate your own account.",
    ),
    "account_role_unknown": ("Peran tidak dikenal.", "Unknown role."),
    "account_password_wrong": ("Kata sandi sekarang salah.", "The current password is wrong."),
    "advice_not_text": ("Saran harus berupa teks.", "Advice must be text."),
    "availability_choose_cells": (
        "Pilih setidaknya satu layanan atau kantor.",
        "Choose at least one service or office.",
    ),
    "incident_unknown": ("Insiden tidak dikenal.", "Unknown incident."),
    "availability_invalid": (
        "Status harus normal, terbatas, atau tidak tersedia.",
        "Status must be normal, limited or unavailable.",
    ),
    "incident_not_found": ("Insiden tidak ditemukan.", "Incident not found."),
    "incident_conflict": (
        "Insiden ini baru saja diperbarui orang lain; baca pembaruan terakhir sebelum mengirim.",
        "Someone else updated this incident meanwhile; read the latest update before posting.",
    ),
    "incident_status_unknown": ("Status insiden tidak dikenal.", "Unknown incident status."),
    "maintenance_title_required": ("Judul wajib diisi.", "A title is required."),
    "maintenance_not_normal": (
        "Pemeliharaan membuat layanan terbatas atau tidak tersedia.",
        "Maintenance makes a service limited or unavailable.",
    ),
    "maintenance_times_need_zone": (
        "Waktu mulai dan selesai perlu tanggal, jam dan zona.",
        "Start and end need a date, a time and a zone.",
    ),
    "maintenance_end_before_start": ("Waktu selesai harus setelah waktu mulai.", "The end must come after the start."),
    "maintenance_end_past": ("Waktu selesai sudah lewat.", "The end is already past."),
    "maintenance_too_long": ("Paling lama 14 hari.", "At most 14 days."),
    "maintenance_no_cells": ("Tidak ada layanan kantor yang cocok.", "No office service matches."),
    "maintenance_not_found": ("Pemeliharaan tidak ditemukan.", "Maintenance not found."),
    "maintenance_over": ("Pemeliharaan ini sudah selesai.", "This maintenance is already over."),
    "notice_conflict_save": (
        "Pengumuman ini baru saja disimpan orang lain. Bandingkan kedua versi sebelum menyimpan lagi.",
        "Someone else saved this notice meanwhile. Compare both versions before saving again.",
    ),
    "notice_not_found": ("Pengumuman tidak ditemukan.", "Notice not found."),
    "notice_archived": ("Pengumuman yang diarsipkan tidak dapat diubah.", "An archived notice cannot be edited."),
    "notice_conflict_approve": (
        "Pengumuman berubah sejak Anda membukanya; baca versi terbaru sebelum menyetujui.",
        "The notice changed since you opened it; read the latest version before approving.",
    ),
    "notice_needs_other_publisher": (
        "Teks yang Anda tulis atau ubah sendiri harus disetujui penerbit lain.",
        "Text you wrote or changed yourself must be approved by another publisher.",
    ),
    "notice_publish_at_zone": ("Waktu terbit perlu zona waktu.", "The publish time needs a time zone."),
    "notice_revision_not_found": ("Revisi tidak ditemukan.", "Revision not found."),
    "notice_title_required": ("Judul (Indonesia) wajib diisi.", "The Indonesian title is required."),
    "notice_body_required": ("Isi (Indonesia) wajib diisi.", "The Indonesian body is required."),
    "notice_english_incomplete": (
        "Versi Inggris perlu judul dan isi, atau kosongkan keduanya.",
        "The English version needs both a title and a body, or neither.",
    ),
    "special_day_reason_required": (
        "Alasan wajib diisi dalam kedua bahasa.",
        "A reason is required in both languages.",
    ),
    "special_day_kind_required": ("Pilih tutup atau buka tambahan.", "Choose a closure or an extra opening."),
    "special_day_not_found": ("Hari khusus tidak ditemukan.", "Special day not found."),
    "special_day_date_format": ("Tanggal harus berbentuk TTTT-BB-HH.", "The date must be YYYY-MM-DD."),
    "special_day_scope_conflict": (
        "Pilih satu kantor, atau provinsi dan/atau jenis kantor, bukan keduanya.",
        "Choose one office, or a province and/or office type, not both.",
    ),
    "special_day_closed_already": (
        "Hari ini sudah ditandai tutup untuk cakupan yang sama.",
        "This day is already marked closed for the same scope.",
    ),
    "special_day_exists": (
        "Hari ini sudah punya hari khusus untuk cakupan yang sama.",
        "This day already has a special day for the same scope.",
    ),
    "webhook_deactivated": ("Titik akhir dinonaktifkan.", "Endpoint deactivated."),
    "webhook_url_invalid": (
        "Alamat webhook harus URL http(s) lengkap tanpa nama pengguna, mis. https://mitra.example/imigrasi.",
        "The webhook address must be a full http(s) URL without credentials, e.g. https://partner.example/imigrasi.",
    ),
    "workspace_datetime_format": (
        "Isi tanggal dan jam seperti 2024-06-20T08:15, tanpa zona waktu: zona dipilih terpisah.",
        "Enter the date and time like 2024-06-20T08:15, without a time zone: the zone is chosen separately.",
    ),
    "account_password_length": (
        "Kata sandi harus {low}-{high} karakter.",
        "A password must have {low} to {high} characters.",
    ),
    "notice_offices_unknown": ("Kantor tidak dikenal: {codes}", "Unknown offices: {codes}"),
    "notice_status_not_possible": ("Tidak bisa dari status '{status}'.", "Not possible from status '{status}'."),
    "text_required": ("{label} wajib diisi.", "{label} is required."),
    "text_too_long": (
        "{label} paling banyak {limit} karakter (sekarang {length}).",
        "{label} is limited to {limit} characters (now {length}).",
    ),
    "text_at_most": ("Paling banyak {limit} karakter.", "At most {limit} characters."),
    "incident_field_title_ind": ("Judul", "The title"),
    "incident_field_title_en": ("Judul (Inggris)", "The English title"),
    "incident_field_summary_ind": ("Ringkasan", "The summary"),
    "incident_field_summary_en": ("Ringkasan (Inggris)", "The English summary"),
    "incident_field_body_ind": ("Isi pembaruan", "The update text"),
    "incident_field_body_en": ("Isi pembaruan (Inggris)", "The English update text"),
    "special_day_year_range": (
        "Hari khusus hanya untuk tahun {first}-{last}.",
        "Special days can only be entered for {first}-{last}.",
    ),
    "special_day_office_unknown": ("Tidak ada kantor dengan kode {code}.", "No office has the code {code}."),
    "special_day_province_unknown": ("Provinsi {code} tidak dikenal.", "Unknown province {code}."),
    "special_day_type_unknown": ("Jenis kantor {code} tidak dikenal.", "Unknown office type {code}."),
    "webhook_name_required": ("Nama mitra wajib diisi (maks. {max}).", "A partner name is required (max {max})."),
    "advice_too_long": ("Saran paling banyak {max} karakter.", "Advice is limited to {max} characters."),
    "availability_changed_meanwhile": (
        "{service} di {office} baru saja diubah orang lain.",
        "{service} at {office} was just changed by someone else.",
    ),
    "hours_time_format": (
        "Jam harus berbentuk JJ:MM antara 00:00 dan 24:00, bukan {text}.",
        "A time must be HH:MM from 00:00 to 24:00, not {text}.",
    ),
    "hours_close_after_open": (
        "Jam tutup ({closes}) harus setelah jam buka ({opens}).",
        "The closing time ({closes}) must come after the opening time ({opens}).",
    ),
    "hours_overlap": ("Jam {before} dan {after} bertumpang tindih.", "The hours {before} and {after} overlap."),
    # --- subscribers' email (core/notify.py) ---
    "mail_scope_office": ("semua layanan di {office}", "all services at {office}"),
    "mail_scope_service": ("{service} di semua kantor", "{service} at every office"),
    "mail_scope_pair": ("{service} di {office}", "{service} at {office}"),
    "mail_scope_all": ("semua pengumuman", "all notices"),
    "mail_greeting": ("Halo,", "Hello,"),
    "mail_confirm_subject": ("Konfirmasi langganan: {scope}", "Confirm your subscription: {scope}"),
    "mail_confirm_body": (
        "Seseorang, semoga Anda sendiri, meminta pemberitahuan email dari Status Layanan Imigrasi tentang:\n"
        "{scope}\n\n"
        "Untuk mulai menerimanya, buka tautan berikut dan tekan tombol konfirmasi (berlaku {days} hari):\n"
        "{confirm}\n\n"
        "Jika Anda tidak memintanya, abaikan email ini. Tanpa konfirmasi kami tidak mengirim apa pun lagi, "
        "dan alamat Anda kami hapus setelah {days} hari.",
        "Someone, hopefully you, asked for email updates from Immigration Service Status about:\n"
        "{scope}\n\n"
        "To start receiving them, open this link and press the confirm button (valid for {days} days):\n"
        "{confirm}\n\n"
        "If you did not ask for this, ignore this email. Without confirmation we send you nothing more, "
        "and we delete your address after {days} days.",
    ),
    "mail_already_subject": ("Anda sudah berlangganan: {scope}", "You are already subscribed: {scope}"),
    "mail_already_body": (
        "Ada permintaan baru untuk berlangganan dengan alamat ini, tetapi Anda sudah menerima pemberitahuan "
        "tentang:\n{scope}\n\nTidak ada yang perlu dilakukan.",
        "Someone asked again to subscribe this address, but you already receive updates about:\n{scope}\n\n"
        "There is nothing to do.",
    ),
    "mail_change_subject": ("Perubahan status layanan: {scope}", "Service status change: {scope}"),
    "mail_change_intro": ("Status layanan yang Anda ikuti berubah:", "The status of a service you follow has changed:"),
    "mail_change_advice_only": ("{status}, saran diperbarui {when}", "{status}, advice updated {when}"),
    "mail_change_advice": ("Saran: {advice}", "Advice: {advice}"),
    "mail_change_planned": ("(pemeliharaan terencana)", "(planned maintenance)"),
    "mail_change_incident": ("Tentang gangguan ini: {url}", "About this disruption: {url}"),
    "mail_change_more": ("... dan {n} perubahan lain. Semua kantor: {url}",
                         "... and {n} more changes. All offices: {url}"),
    "mail_notice_subject": ("Pengumuman: {title}", "Notice: {title}"),
    "mail_notice_read": ("Baca selengkapnya: {url}", "Read more: {url}"),
    "mail_latest": ("Status terbaru selalu ada di {url}", "The latest status is always at {url}"),
    "mail_footer": (
        "Anda menerima email ini karena berlangganan pemberitahuan Status Layanan Imigrasi tentang: {scope}.\n"
        "Berhenti berlangganan (tanpa masuk akun; alamat Anda langsung kami hapus):\n{url}",
        "You receive this email because you subscribed to Immigration Service Status updates about: {scope}.\n"
        "Unsubscribe (no sign-in needed; we delete your address at once):\n{url}",
    ),
    # Two-step sign-in (core/accounts.py, core/second_factor.py, http/session_routes.py) and corrections of
    # published notices (core/notices.py, ui/state/notices.py).
    "second_step_expired": (
        "Langkah masuk ini sudah kedaluwarsa. Masukkan nama pengguna dan kata sandi lagi.",
        "This sign-in step has expired. Enter your user name and password again.",
    ),
    "second_step_wrong_code": (
        "Kode salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi Anda, atau satu kode pemulihan.",
        "Wrong code, or one already used. Enter the latest code from your app, or one recovery code.",
    ),
    "second_factor_already": (
        "Akun ini sudah memakai verifikasi dua langkah.", "This account already uses two-step verification."),
    "second_factor_reset_own": (
        "Verifikasi dua langkah akun Anda sendiri hanya dapat direset oleh admin lain.",
        "Only another admin can reset your own two-step verification.",
    ),
    "second_factor_none": (
        "Akun ini belum memakai verifikasi dua langkah.", "This account does not use two-step verification yet."),
    "tfa_code_title": ("Verifikasi dua langkah", "Two-step verification"),
    "tfa_code_intro": (
        "Masukkan kode 6 angka dari aplikasi autentikator Anda, atau satu kode pemulihan.",
        "Enter the 6-digit code from your authenticator app, or one recovery code.",
    ),
    "tfa_code_label": ("Kode", "Code"),
    "tfa_continue": ("Lanjutkan", "Continue"),
    "tfa_enrol_title": ("Pasang verifikasi dua langkah", "Set up two-step verification"),
    "tfa_enrol_intro": (
        "Pindai kode QR ini dengan aplikasi autentikator (misalnya Aegis, FreeOTP atau Google Authenticator), lalu "
        "masukkan kode 6 angka yang muncul. Kode QR dan kunci ini hanya ditampilkan sekali.",
        "Scan this QR code with an authenticator app (for example Aegis, FreeOTP or Google Authenticator), then "
        "enter the 6-digit code it shows. The QR code and the key are shown only once.",
    ),
    "tfa_enrol_required": (
        "Penerbit dan admin wajib memakai verifikasi dua langkah sebelum membuka ruang kerja.",
        "Publishers and admins must set up two-step verification before the workspace opens.",
    ),
    "tfa_secret_label": ("Kunci, bila tidak bisa memindai", "Key, if you cannot scan"),
    "tfa_confirm": ("Konfirmasi", "Confirm"),
    "tfa_codes_title": ("Kode pemulihan", "Recovery codes"),
    "tfa_codes_intro": (
        "Simpan sepuluh kode ini di tempat aman (cetak atau tulis). Masing-masing dapat dipakai sekali sebagai "
        "pengganti kode aplikasi, misalnya bila ponsel Anda hilang. Kode ini tidak akan ditampilkan lagi.",
        "Keep these ten codes somewhere safe (print or write them down). Each can be used once instead of an app "
        "code, for example if you lose your phone. They will not be shown again.",
    ),
    "tfa_codes_done": ("Sudah saya simpan, lanjut ke ruang kerja", "I have saved them; go to the workspace"),
    "tfa_back_to_sign_in": ("Kembali ke halaman masuk", "Back to the sign-in page"),
    "tfa_heading": ("Verifikasi dua langkah", "Two-step verification"),
    "tfa_mine_on": ("Akun Anda memakai verifikasi dua langkah.", "Your account uses two-step verification."),
    "tfa_mine_optional": (
        "Verifikasi dua langkah tidak wajib untuk editor, tetapi melindungi akun Anda bila kata sandi bocor.",
        "Two-step verification is optional for editors, but protects your account if your password leaks.",
    ),
    "tfa_user": ("Pengguna", "User"),
    "tfa_role": ("Peran", "Role"),
    "tfa_state": ("Status", "Status"),
    "tfa_on": ("aktif, {count} kode pemulihan tersisa", "on, {count} recovery codes left"),
    "tfa_off_required": ("belum dipasang (wajib)", "not set up (required)"),
    "tfa_off_optional": ("belum dipasang (opsional)", "not set up (optional)"),
    "tfa_reset": ("Reset", "Reset"),
    "tfa_reset_done": (
        "Verifikasi dua langkah {username} direset; sesinya diakhiri dan ia memasangnya lagi saat masuk berikutnya.",
        "{username}'s two-step verification was reset; their sessions ended and they set it up again at their next "
        "sign-in.",
    ),
    "tfa_unknown_account": ("Akun tidak dikenal.", "Unknown account."),
    "correction_pending": (
        "Koreksi menunggu persetujuan orang kedua. Versi yang terbit tetap tampil sampai koreksi disetujui.",
        "A correction is waiting for a second person's approval. The published version stays live until then.",
    ),
    "correction_submit": ("Kirim koreksi untuk ditinjau", "Submit correction for review"),
    "correction_submitted": (
        "Koreksi dikirim untuk ditinjau; versi yang terbit belum berubah.",
        "Correction submitted for review; the published version has not changed yet.",
    ),
    "correction_approve": ("Setujui koreksi", "Approve correction"),
    "correction_approved": ("Koreksi disetujui dan diterbitkan.", "Correction approved and published."),
    "correction_discard": ("Batalkan koreksi", "Discard correction"),
    "correction_discarded": (
        "Koreksi dibatalkan; versi yang terbit tetap berlaku.", "Correction discarded; the published version stays."),
    "correction_none": ("Tidak ada koreksi yang menunggu.", "No correction is waiting."),
    "correction_own": (
        "Koreksi yang Anda ajukan sendiri harus disetujui orang lain.",
        "A correction you proposed yourself must be approved by someone else.",
    ),
    "correction_published_at_once": (
        "Koreksi langsung terbit (penerbitan satu orang aktif).",
        "Correction published at once (single-person publishing is on).",
    ),
    "correction_urgent_reason": ("Alasan koreksi mendesak (wajib)", "Reason for the urgent correction (required)"),
    "correction_urgent_publish": ("Terbitkan koreksi sekarang (mendesak)", "Publish correction now (urgent)"),
    "correction_urgent_reason_needed": (
        "Koreksi mendesak perlu alasan, {min}-{max} karakter; alasan itu dicatat di log audit.",
        "An urgent correction needs a reason of {min} to {max} characters; it is recorded in the audit log.",
    ),
    "correction_urgent_done": (
        "Koreksi mendesak langsung terbit; alasannya dicatat di log audit.",
        "Urgent correction published at once; its reason is recorded in the audit log.",
    ),
    # --- the first hour of an outage: declare, resolve, templates (core/declare.py, core/templates.py) ---
    "tpl_bad_placeholder": ("{field}: placeholder tidak dikenal: {names}. Yang boleh: {known}.",
                            "{field}: unknown placeholders: {names}. Allowed: {known}."),
    "tpl_not_found": ("Templat tidak ditemukan.", "Template not found."),
    "tpl_too_long": ("{field}: paling banyak {limit} karakter.", "{field}: at most {limit} characters."),
    "tpl_name_required": ("Nama templat wajib diisi dalam kedua bahasa.", "The template needs a name in both languages."),
    "tpl_body_required": ("Templat pemulihan perlu isi (Indonesia).", "A resolution template needs an Indonesian body."),
    "tpl_bad_office_type": ("Jenis kantor harus salah satu dari: {known}.", "Office types must be among: {known}."),
    "tpl_conflict": ("Templat ini baru saja diubah orang lain; muat ulang sebelum menyimpan.",
                     "Someone else changed this template meanwhile; reload before saving."),
    "tpl_saved": ("Templat disimpan.", "Template saved."),
    "tpl_page_title": ("Templat situasi", "Situation templates"),
    "tpl_intro": (
        "Teks dwibahasa untuk situasi yang berulang. Placeholder: {office}, {service}, {time}, {zone}.",
        "Bilingual wording for recurring situations. Placeholders: {office}, {service}, {time}, {zone}.",
    ),
    "tpl_name_ind": ("Nama (Indonesia)", "Name (Indonesian)"),
    "tpl_name_en": ("Nama (Inggris)", "Name (English)"),
    "tpl_kind": ("Dipakai untuk", "Used for"),
    "tpl_kind_declare": ("Menyatakan gangguan", "Declaring a disruption"),
    "tpl_kind_resolve": ("Pemulihan", "Resolution"),
    "tpl_service_code": ("Layanan yang disarankan", "Suggested service"),
    "tpl_office_types": ("Jenis kantor yang disarankan (kode, dipisah koma)", "Suggested office types (codes, comma-separated)"),
    "tpl_title_ind": ("Judul pengumuman (Indonesia)", "Notice title (Indonesian)"),
    "tpl_title_en": ("Judul pengumuman (Inggris)", "Notice title (English)"),
    "tpl_body_ind": ("Isi pengumuman (Indonesia)", "Notice text (Indonesian)"),
    "tpl_body_en": ("Isi pengumuman (Inggris)", "Notice text (English)"),
    "tpl_edit": ("Ubah", "Edit"),
    "tpl_save": ("Simpan templat", "Save template"),
    "decl_line_service": ("Baris {n}: pilih layanan.", "Line {n}: choose a service."),
    "decl_line_scope": ("Baris {n}: pilih cakupan.", "Line {n}: choose a scope."),
    "decl_line_codes": ("Baris {n}: pilih setidaknya satu provinsi, jenis kantor atau kantor.",
                        "Line {n}: choose at least one province, office type or office."),
    "decl_line_unknown": ("Baris {n}: tidak dikenal: {codes}.", "Line {n}: unknown: {codes}."),
    "decl_no_lines": ("Tambahkan setidaknya satu layanan yang terdampak.", "Add at least one affected service."),
    "decl_too_many_lines": ("Paling banyak {max} baris layanan.", "At most {max} service lines."),
    "decl_choose_template": ("Pilih templat terlebih dahulu.", "Choose a template first."),
    "decl_no_such_line": ("Baris itu tidak ada.", "There is no such line."),
    "decl_overlap": ("Baris {a} dan {b} menyentuh layanan kantor yang sama; gabungkan atau persempit cakupannya.",
                     "Lines {a} and {b} touch the same office service; merge them or narrow their scope."),
    "decl_scope_all_offices": ("semua kantor", "all offices"),
    "decl_scope_every": ("setiap {types}", "every {types}"),
    "decl_scope_n_offices": ("{n} kantor", "{n} offices"),
    "decl_and": ("dan", "and"),
    "decl_the_service": ("layanan ini", "this service"),
    "decl_line_normal": ("{service} di {office} berjalan normal.", "{service} at {office} is running normally."),
    "decl_line_limited": ("{service} di {office} berjalan terbatas.", "{service} at {office} is limited."),
    "decl_line_unavailable": ("{service} di {office} tidak tersedia.", "{service} at {office} is unavailable."),
    "decl_default_title": ("Gangguan layanan: {services}", "Service disruption: {services}"),
    "decl_plan_changed": ("Status berubah sejak pratinjau; lihat pratinjau lagi sebelum menyimpan.",
                          "Statuses changed since the preview; preview again before saving."),
    "decl_incident_not_found": ("Gangguan tidak ditemukan.", "Disruption not found."),
    "decl_already_resolved": ("Gangguan ini sudah selesai.", "This disruption is already resolved."),
    "decl_page_title": ("Nyatakan gangguan", "Declare an outage"),
    "decl_intro": (
        "Satu formulir: apa yang terjadi, layanan mana di mana, status dan saran baru. Sebelum disimpan Anda melihat "
        "setiap layanan kantor yang akan berubah.",
        "One form: what happened, which services where, the new status and advice. Before saving you see every "
        "office service that will change.",
    ),
    "decl_title_ind": ("Judul (Indonesia)", "Title (Indonesian)"),
    "decl_title_en": ("Judul (Inggris, opsional)", "Title (English, optional)"),
    "decl_add_from_template": ("Tambah dari templat…", "Add from a template…"),
    "decl_add_line": ("Tambah layanan", "Add a service"),
    "decl_remove_line": ("Hapus baris", "Remove line"),
    "decl_service": ("Layanan", "Service"),
    "decl_choose_service": ("Pilih layanan…", "Choose a service…"),
    "decl_scope": ("Cakupan", "Scope"),
    "decl_scope_nationwide": ("Seluruh Indonesia", "Nationwide"),
    "decl_scope_provinces": ("Provinsi", "Provinces"),
    "decl_scope_office_types": ("Jenis kantor", "Office types"),
    "decl_scope_offices": ("Kantor tertentu", "Chosen offices"),
    "decl_template": ("Templat", "Template"),
    "decl_no_template": ("Tanpa templat", "No template"),
    "decl_new_status": ("Status baru", "New status"),
    "decl_advice_ind": ("Saran (Indonesia)", "Advice (Indonesian)"),
    "decl_advice_en": ("Saran (Inggris)", "Advice (English)"),
    "decl_notice": ("Pengumuman pertama", "First notice"),
    "decl_compose": ("Susun pengumuman dari templat", "Compose the notice from the templates"),
    "decl_lede_ind": ("Ringkasan (Indonesia)", "Summary (Indonesian)"),
    "decl_lede_en": ("Ringkasan (Inggris)", "Summary (English)"),
    "decl_body_ind": ("Isi (Indonesia)", "Text (Indonesian)"),
    "decl_body_en": ("Isi (Inggris)", "Text (English)"),
    "decl_preview": ("Pratinjau perubahan", "Preview the changes"),
    "decl_confirm": ("Nyatakan", "Declare"),
    "decl_will_change": ("{n} layanan kantor akan berubah:", "{n} office services will change:"),
    "decl_more_rows": ("… dan {n} lainnya", "… and {n} more"),
    "decl_declared": (
        "Gangguan dinyatakan: {n} layanan kantor diubah; pengumuman {status}.",
        "Outage declared: {n} office services changed; notice {status}.",
    ),
    "decl_resolve": ("Pulihkan", "Resolve"),
    "decl_resolved": (
        "Dipulihkan: {n} layanan kantor kembali seperti semula; pengumuman pemulihan {status}.",
        "Resolved: {n} office services are back as they were; resolution notice {status}.",
    ),
    "decl_preview_first": ("Lihat pratinjau dulu.", "Preview the changes first."),
    "decl_scope_choose_types": ("Pilih jenis kantor", "Choose office types"),
    "decl_scope_choose_provinces": ("Pilih provinsi", "Choose provinces"),
    # --- the status board (core/workspace.py board) ---
    "board_title": ("Papan status", "Status board"),
    "board_intro": ("Setiap kantor × layanan. Klik sel untuk mengubahnya.",
                    "Every office × service. Click a cell to change it."),
    "board_counts": ("{normal} normal · {limited} terbatas · {unavailable} tidak tersedia",
                     "{normal} normal · {limited} limited · {unavailable} unavailable"),
    "board_filter_province": ("Provinsi", "Province"),
    "board_filter_type": ("Jenis kantor", "Office type"),
    "board_filter_service": ("Layanan", "Service"),
    "board_filter_availability": ("Status", "Status"),
    "board_any": ("Semua", "All"),
    "board_offices_shown": ("{n} kantor ditampilkan", "{n} offices shown"),
    "board_changed_by": ("{who}, {when}", "{who}, {when}"),
    "board_system": ("sistem", "system"),
    "board_not_offered": ("—", "—"),
    "board_declare": ("Nyatakan gangguan", "Declare an outage"),
    "board_open_incidents": ("Gangguan berlangsung", "Ongoing disruptions"),
    "board_cells_held": ("{n} layanan kantor", "{n} office services"),
    # --- the office picker ---
    "picker_label": ("Cari kantor (nama, kota atau kode)", "Find offices (name, city or code)"),
    "picker_placeholder": ("mis. Ngurah Rai, Batam, kanim-denpasar", "e.g. Ngurah Rai, Batam, kanim-denpasar"),
    "picker_chosen": ("Kantor dipilih", "Chosen offices"),
    "picker_none": ("Belum ada kantor dipilih.", "No office chosen yet."),
    "picker_remove": ("Hapus {name}", "Remove {name}"),
    "picker_no_match": ("Tidak ada kantor yang cocok.", "No office matches."),
    # --- one language at a time in the workspace ---
    "ws_site_name": ("Ruang kerja editor", "Editor workspace"),
    "ws_sign_out": ("Keluar", "Sign out"),
    "ws_nav_board": ("Papan", "Board"),
    "ws_nav_declare": ("Nyatakan gangguan", "Declare"),
    "ws_nav_notices": ("Pengumuman", "Notices"),
    "ws_nav_incidents": ("Insiden", "Incidents"),
    "ws_nav_status": ("Status layanan", "Availability"),
    "ws_nav_maintenance": ("Pemeliharaan", "Maintenance"),
    "ws_nav_special_days": ("Hari khusus", "Special days"),
    "ws_nav_embed": ("Sematkan", "Embed"),
    "ws_nav_webhooks": ("Webhook", "Webhooks"),
    "ws_nav_signals": ("Sinyal", "Signals"),
    "ws_nav_templates": ("Templat", "Templates"),
    "ws_nav_audit": ("Audit", "Audit"),
    "ws_nav_accounts": ("Akun", "Accounts"),
    "ws_nav_label": ("Navigasi ruang kerja", "Workspace navigation"),
    "ws_language_switch": ("English", "Bahasa Indonesia"),
    "ws_language_unknown": ("Bahasa tidak dikenal.", "Unknown language."),
    "ws_language_saved": ("Bahasa ruang kerja disimpan.", "Workspace language saved."),
    "ws_role_editor": ("editor", "editor"),
    "ws_role_publisher": ("penerbit", "publisher"),
    "ws_role_admin": ("admin", "admin"),
    "ws_notice_status_draft": ("Draf", "Draft"),
    "ws_notice_status_in_review": ("Menunggu tinjauan", "In review"),
    "ws_notice_status_scheduled": ("Terjadwal", "Scheduled"),
    "ws_notice_status_published": ("Terbit", "Published"),
    "ws_notice_status_archived": ("Diarsipkan", "Archived"),
    "ws_notices_title": ("Pengumuman", "Notices"),
    "ws_new_notice": ("Tulis pengumuman baru", "New notice"),
    "ws_col_title": ("Judul", "Title"),
    "ws_col_status": ("Status", "Status"),
    "ws_col_updated": ("Diubah", "Updated"),
    "ws_sel_service": ("Layanan", "Service"),
    "ws_sel_all_services": ("Semua layanan", "All services"),
    "ws_sel_province": ("Provinsi", "Province"),
    "ws_sel_all_provinces": ("Semua provinsi", "All provinces"),
    "ws_sel_office_type": ("Jenis kantor", "Office type"),
    "ws_sel_any_type": ("Semua jenis", "Any type"),
    # --- workspace pages in one language: incidents, availability, maintenance ---
    "ws_incidents_title": ("Insiden", "Incidents"),
    "ws_incident_title": ("Insiden", "Incident"),
    "ws_col_started": ("Mulai", "Started"),
    "ws_col_cells_held": ("Layanan yang ditahan", "Cells held"),
    "ws_open_incident_heading": ("Buka insiden baru", "Open a new incident"),
    "ws_inc_title_ind": ("Judul (Indonesia)", "Title (Indonesian)"),
    "ws_inc_title_en": ("Judul (Inggris)", "Title (English)"),
    "ws_inc_summary_ind": ("Ringkasan (Indonesia)", "Summary (Indonesian)"),
    "ws_inc_summary_en": ("Ringkasan (Inggris)", "Summary (English)"),
    "ws_inc_first_update_ind": ("Pembaruan pertama (Indonesia)", "First update (Indonesian)"),
    "ws_inc_first_update_en": ("Pembaruan pertama (Inggris)", "First update (English)"),
    "ws_open_incident": ("Buka insiden", "Open incident"),
    "ws_post_update_heading": ("Kirim pembaruan", "Post an update"),
    "ws_new_status": ("Status baru", "New status"),
    "ws_text_ind": ("Isi (Indonesia)", "Text (Indonesian)"),
    "ws_text_en": ("Isi (Inggris)", "Text (English)"),
    "ws_post_update": ("Terbitkan pembaruan", "Post update"),
    "ws_held_cells": ("layanan kantor masih ditandai oleh insiden ini.", "office services are still marked by this incident."),
    "ws_resolved_restore_q": ("Insiden sudah selesai: pulihkan status sebelum insiden?",
                              "The incident is resolved: restore the statuses from before it?"),
    "ws_restore": ("Kembalikan status sebelum insiden", "Restore pre-incident status"),
    "ws_resolve_intro": (
        "Pulihkan: semua layanan kembali seperti sebelum insiden, insiden ditutup dengan pembaruan terakhir, dan "
        "pengumuman pemulihan disusun dari templatnya.",
        "Resolve: every service goes back to how it was before the incident, the incident is closed with a final "
        "update, and the resolution notice is drafted from its template.",
    ),
    "ws_resolution_notice": ("Buka pengumuman pemulihan", "Open the resolution notice"),
    "ws_timeline": ("Kronologi", "Timeline"),
    "ws_status_title": ("Status layanan", "Availability"),
    "ws_status_intro": ("Pilih layanan dan kantor: satu kantor, satu provinsi, satu jenis, atau beberapa kantor.",
                        "Choose the service and the offices: one office, a province, a type, or several offices."),
    "ws_incident": ("Insiden", "Incident"),
    "ws_preview": ("Pratinjau", "Preview"),
    "ws_apply": ("Terapkan", "Apply"),
    "ws_will_change": ("layanan kantor akan berubah.", "office services will change."),
    "ws_maintenance_title": ("Pemeliharaan terjadwal", "Planned maintenance"),
    "ws_col_when_wib": ("Waktu (WIB)", "When (WIB)"),
    "ws_col_cells": ("Layanan", "Cells"),
    "ws_cancel": ("Batalkan", "Cancel"),
    "ws_schedule_heading": ("Jadwalkan", "Schedule"),
    "ws_during_work": ("Selama pemeliharaan", "During the work"),
    "ws_entry_zone": ("Zona waktu isian", "Time zone of the times entered"),
    "ws_starts": ("Mulai", "Starts"),
    "ws_ends": ("Selesai", "Ends"),
    "ws_schedule": ("Jadwalkan", "Schedule"),
    "ws_maintenance_status_scheduled": ("Terjadwal", "Scheduled"),
    "ws_preview_again": ("Lihat pratinjau lagi.", "Preview again."),
    "ws_preview_first": ("Lihat pratinjau dulu.", "Preview the change first."),
    "ws_cells_changed": ("{n} layanan diubah.", "{n} office services changed."),
    "ws_maintenance_scheduled": ("Pemeliharaan #{id} dijadwalkan.", "Maintenance #{id} scheduled."),
    "ws_maintenance_unknown": ("Pemeliharaan tidak dikenal.", "Unknown maintenance."),
    "ws_maintenance_cancelled": ("Dibatalkan; {n} layanan dipulihkan.", "Cancelled; {n} services restored."),
    "ws_update_posted": ("Pembaruan diterbitkan.", "Update published."),
    "ws_cells_restored": ("{n} layanan dipulihkan.", "{n} office services restored."),
    "ne_title": ("Pengumuman", "Notice"),
    "ne_version": ("versi", "version"),
    "ne_publishes": ("terbit", "publishes"),
    "ne_col_ind": ("Bahasa Indonesia (wajib)", "Indonesian (required)"),
    "ne_col_en": ("Bahasa Inggris (opsional)", "English (optional)"),
    "ne_field_title": ("Judul", "Title"),
    "ne_field_lede": ("Ringkasan", "Lede"),
    "ne_field_body": ("Isi (Markdown)", "Body (Markdown)"),
    "ne_preview": ("Pratinjau", "Preview"),
    "ne_saved_now": ("Versi yang tersimpan sekarang", "The version saved now"),
    "ne_keep_mine": ("Simpan versi saya", "Save mine over it"),
    "ne_take_theirs": ("Pakai versi tersimpan", "Use the saved one"),
    "ne_save": ("Simpan", "Save"),
    "ne_submit": ("Ajukan untuk ditinjau", "Submit for review"),
    "ne_approve": ("Setujui dan terbitkan", "Approve and publish"),
    "ne_publish_time": ("Waktu terbit (WIB)", "Publish time (WIB)"),
    "ne_schedule": ("Jadwalkan (WIB)", "Schedule (WIB)"),
    "ne_unpublish": ("Tarik dari publik", "Unpublish"),
    "ne_back_to_draft": ("Kembalikan ke draf", "Back to draft"),
    "ne_archive": ("Arsipkan", "Archive"),
    "ne_linked_incident": ("Insiden terkait", "Linked incident"),
    "ne_revisions": ("Riwayat revisi", "Revisions"),
    "ne_compare": ("Bandingkan dengan sekarang", "Compare with now"),
    "ne_saved_msg": ("Tersimpan.", "Saved."),
    "ne_save_first": ("Simpan pengumuman terlebih dahulu.", "Save the notice first."),
    "ne_status_updated": ("Status diperbarui.", "Status updated."),
    "au_action_prefix": ("Tindakan diawali", "Action starts with"),
    "au_entity": ("Jenis", "Entity"),
    "au_all": ("Semua", "All"),
    "au_user": ("Pengguna", "User"),
    "au_filter": ("Saring", "Filter"),
    "au_when": ("Waktu", "When"),
    "au_who": ("Pengguna", "Who"),
    "au_action": ("Tindakan", "Action"),
    "au_what": ("Objek", "What"),
    "au_before": ("Sebelum", "Before"),
    "au_after": ("Sesudah", "After"),
    "em_title": ("Sematkan status", "Embed the status"),
    "em_intro": (
        "Pilih kantor, ukuran dan bahasa, lalu salin kode ini ke halaman berita Anda. Sematan memperbarui dirinya "
        "tiap menit dan tidak memerlukan JavaScript.",
        "Choose the office, size and language, then copy this code into your news page. The embed refreshes itself "
        "every minute and needs no JavaScript.",
    ),
    "em_office": ("Kantor", "Office"),
    "em_size": ("Ukuran", "Size"),
    "em_size_small": ("Kecil", "Small"),
    "em_size_medium": ("Sedang", "Medium"),
    "em_size_large": ("Besar", "Large"),
    "em_language": ("Bahasa", "Language"),
    "em_theme": ("Tema", "Theme"),
    "em_theme_light": ("Terang", "Light"),
    "em_theme_dark": ("Gelap", "Dark"),
    "em_variant": ("Varian", "Variant"),
    "em_full": ("Lengkap", "Full"),
    "em_compact": ("Ringkas", "Compact"),
    "em_code": ("Kode untuk disalin", "Code to copy"),
    "em_copy": ("Salin kode", "Copy code"),
    "em_unknown_option": ("Pilihan tidak dikenal.", "Unknown option."),
    "wh_title": ("Webhook mitra", "Partner webhooks"),
    "wh_secret_for": ("Rahasia untuk", "The secret for"),
    "wh_secret_once": ("Salin sekarang dan serahkan ke mitra lewat saluran aman; rahasia ini tidak ditampilkan lagi.",
                       "Copy it now and hand it to the partner over a safe channel; it is not shown again."),
    "wh_name": ("Nama", "Name"),
    "wh_active": ("Aktif", "Active"),
    "wh_created": ("Dibuat", "Created"),
    "wh_deactivate": ("Nonaktifkan", "Deactivate"),
    "wh_register_heading": ("Daftarkan webhook", "Register a webhook"),
    "wh_partner_name": ("Nama mitra", "Partner name"),
    "wh_register": ("Daftarkan", "Register"),
    "wh_log": ("Log pengiriman", "Delivery log"),
    "wh_partner": ("Mitra", "Partner"),
    "wh_event": ("Peristiwa", "Event"),
    "wh_attempts": ("Percobaan", "Attempts"),
    "wh_state": ("Keadaan", "State"),
    "wh_last_error": ("Galat terakhir", "Last error"),
    "wh_delivered": ("terkirim {when}", "delivered {when}"),
    "wh_given_up": ("dihentikan", "given up"),
    "wh_waiting": ("menunggu, berikutnya {when}", "waiting, next {when}"),
    "wh_registered": ("Webhook terdaftar.", "Webhook registered."),
    "wh_deactivated": ("Webhook dinonaktifkan.", "Webhook deactivated."),
    "ac_user": ("Pengguna", "User"),
    "ac_name": ("Nama", "Name"),
    "ac_role": ("Peran", "Role"),
    "ac_active": ("Aktif", "Active"),
    "ac_deactivate": ("Nonaktifkan", "Deactivate"),
    "ac_activate": ("Aktifkan", "Activate"),
    "ac_new_heading": ("Akun baru", "New account"),
    "ac_username": ("Nama pengguna", "User name"),
    "ac_display_name": ("Nama tampilan", "Display name"),
    "ac_password_new_account": ("Kata sandi (12+)", "Password (12+)"),
    "ac_create": ("Buat akun", "Create account"),
    "ac_change_heading": ("Ganti kata sandi", "Change password"),
    "ac_current": ("Kata sandi sekarang", "Current password"),
    "ac_new": ("Kata sandi baru", "New password"),
    "ac_change": ("Ganti", "Change"),
    "ac_created": ("Akun dibuat.", "Account created."),
    "ac_unknown": ("Akun tidak dikenal.", "Unknown account."),
    "ac_password_changed": ("Kata sandi diganti; sesi lain telah diakhiri.", "Password changed; other sessions ended."),
    "ws_maintenance_status_active": ("Sedang berlangsung", "Under way"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The catalogue's text for `key` in `lang`, with its {placeholders} filled in."""
    text = STRINGS[key][1 if language(lang) == "en" else 0]
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Phrase:
    """A catalogue key with its values, not yet in a language: what the core says (in its errors)
    before it knows who reads it. `text(lang)` writes it for a visitor, `both()` for the workspace.

    A value may itself be a Phrase, or a function of the language (a time written "08.00" or
    "08:00", a service's own name in each language); both are written in the reader's language.
    """

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        lang = language(lang)
        return t(self.key, lang, **{name: _in_language(value, lang) for name, value in self.values.items()})

    def both(self) -> str:
        """"Indonesian / English" on one line, as the editor workspace writes its messages today."""
        return f"{self.text('id')} / {self.text('en')}"


def _in_language(value: object, lang: str) -> object:
    if isinstance(value, Phrase):
        return value.text(lang)
    return value(lang) if callable(value) else value


def both(key: str, **values: object) -> str:
    """Both languages in one line, "Indonesian / English", as the editor workspace and core errors write them."""
    return f"{t(key, 'id', **values)} / {t(key, 'en', **values)}"

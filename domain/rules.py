"""Rule tables from DOMAIN.md as pure functions and data.

Every threshold is a field of `Settings` with the DOMAIN.md value as its default.
Errors raised here are `DomainError`s whose messages a user can act on (Bahasa Indonesia).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date


class DomainError(Exception):
    """A command was refused by a business rule; the message is shown to the user."""


class ConflictError(DomainError):
    """Somebody else changed the same record first."""


class NotFoundError(DomainError):
    """What was asked for (by its number or key in an address) does not exist."""


# --- golongan / pangkat ---------------------------------------------------------------
GOLONGAN = (
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"), ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"), ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"), ("IV/e", "Pembina Utama"),
)
GOLONGAN_CODES = tuple(code for code, _ in GOLONGAN)
PANGKAT = dict(GOLONGAN)
# PPPK golongan I–XVII (Perpres 98/2020), step for step beside I/a–IV/e (entry: SMA V ~ II/a,
# D3 VII ~ II/c, S1/D4 IX ~ III/a, S2 X ~ III/b, S3 XI ~ III/c)
PPPK_GOLONGAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
                 "XIV", "XV", "XVI", "XVII")


def golongan_rank(code: str) -> int:
    """0 for I/a (PPPK: I) … 16 for IV/e (PPPK: XVII); refuses unknown codes."""
    if code in PPPK_GOLONGAN:
        return PPPK_GOLONGAN.index(code)
    try:
        return GOLONGAN_CODES.index(code)
    except ValueError:
        raise DomainError(f"Golongan '{code}' tidak dikenal (contoh yang benar: III/a; PPPK: "
                          "I–XVII).") from None


def check_golongan(code: str, status: str) -> str:
    """A PNS has a pangkat golongan (I/a–IV/e); golongan I–XVII are a PPPK's only."""
    golongan_rank(code)
    if status != "PPPK" and code in PPPK_GOLONGAN:
        raise DomainError(f"Golongan {code} (I–XVII) hanya untuk PPPK; PNS memakai golongan I/a–IV/e.")
    return code


def in_band(golongan: str, low: str, high: str) -> bool:
    return golongan_rank(low) <= golongan_rank(golongan) <= golongan_rank(high)


# Structural level -> pangkat band (PP 13/2002)
ESELON_BANDS = {
    "II.a": ("IV/c", "IV/d"), "II.b": ("IV/b", "IV/c"), "III.a": ("IV/a", "IV/b"),
    "III.b": ("III/d", "IV/a"), "IV.a": ("III/c", "III/d"), "IV.b": ("III/b", "III/c"),
}

STRUCTURAL = ("jpt", "administrator", "pengawas")  # managerial posts: filled by promotion or selection
JABATAN_TYPES = {
    "jpt": "JPT Pratama", "administrator": "Administrator", "pengawas": "Pengawas",
    "pelaksana": "Pelaksana", "fungsional_keahlian": "Fungsional Keahlian",
    "fungsional_keterampilan": "Fungsional Keterampilan",
}

# --- SKP predikat (PermenPANRB 6/2022) --------------------------------------------------
RATINGS = ("di_bawah", "sesuai", "di_atas")
RATING_LABELS = {"di_bawah": "di bawah ekspektasi", "sesuai": "sesuai ekspektasi",
                 "di_atas": "di atas ekspektasi"}
PREDIKAT_MATRIX = {  # (hasil kerja, perilaku kerja) -> predikat
    ("di_atas", "di_bawah"): "Kurang", ("di_atas", "sesuai"): "Baik",
    ("di_atas", "di_atas"): "Sangat Baik",
    ("sesuai", "di_bawah"): "Kurang", ("sesuai", "sesuai"): "Baik", ("sesuai", "di_atas"): "Baik",
    ("di_bawah", "di_bawah"): "Sangat Kurang", ("di_bawah", "sesuai"): "Butuh Perbaikan",
    ("di_bawah", "di_atas"): "Butuh Perbaikan",
}
PREDIKAT_ORDER = ("Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik")


def check_rating(value: str, what: str) -> str:
    if value not in RATINGS:
        raise DomainError(f"Nilai {what} '{value}' tidak dikenal; pilih di bawah, sesuai, atau di atas ekspektasi.")
    return value


def predikat(hasil_kerja: str, perilaku: str) -> str:
    check_rating(hasil_kerja, "hasil kerja")
    check_rating(perilaku, "perilaku kerja")
    return PREDIKAT_MATRIX[(hasil_kerja, perilaku)]


def at_least(pred: str, minimum: str) -> bool:
    return PREDIKAT_ORDER.index(pred) >= PREDIKAT_ORDER.index(minimum)


# --- talent 9-box (PermenPANRB 3/2020) ---------------------------------------------------
POTENTIALS = ("rendah", "menengah", "tinggi")
NINE_BOX = {
    ("di_atas", "rendah"): 4, ("di_atas", "menengah"): 7, ("di_atas", "tinggi"): 9,
    ("sesuai", "rendah"): 2, ("sesuai", "menengah"): 5, ("sesuai", "tinggi"): 8,
    ("di_bawah", "rendah"): 1, ("di_bawah", "menengah"): 3, ("di_bawah", "tinggi"): 6,
}
BOX_ACTIONS = {
    9: "promosi dan pertahankan; masuk daftar suksesi",
    8: "pertahankan; daftar suksesi; rotasi/perluasan jabatan",
    7: "pertahankan; daftar suksesi; rotasi/pengayaan jabatan; pengembangan kompetensi",
    6: "penempatan sesuai; bimbingan kinerja; pengembangan",
    5: "penempatan sesuai; bimbingan kinerja; pengembangan",
    3: "penempatan sesuai; bimbingan kinerja; pengembangan",
    2: "penempatan sesuai; bimbingan kinerja; pengembangan",
    4: "rotasi; pengembangan kompetensi",
    1: "ditangani sesuai ketentuan disiplin",
}


def nine_box(kinerja: str, potensial: str) -> int:
    check_rating(kinerja, "kinerja")
    if potensial not in POTENTIALS:
        raise DomainError(f"Potensial '{potensial}' tidak dikenal; pilih rendah, menengah, atau tinggi.")
    return NINE_BOX[(kinerja, potensial)]


# --- NIP and NI PPPK (DOMAIN.md "Identifiers") --------------------------------------------------
# One canonical form: 18 ASCII digits. Spaces (any Unicode space), dots and dashes typed between
# the groups are dropped, so "19900504 201503 2 007" and "199005042015032007" are the same person;
# digits of other scripts ("١٩٩٠…", full-width "１９９０…") are refused, never converted.
NIP_PATTERN = re.compile(r"[0-9]{18}")
_SEPARATORS = re.compile(r"[\s.\-\u200b\ufeff]+")
MIN_AGE_AT_APPOINTMENT = 18  # PP 11/2017 Pasal 23 (PNS); PPPK likewise (setting below)


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    cpns_year: int
    cpns_month: int
    sex: str  # "L" or "P"
    sequence: int


@dataclass(frozen=True)
class NiPppkParts:
    birth_date: date
    appointment_year: int  # year of the first PPPK appointment
    contracts: int  # 2-digit contract count (unsure, DOMAIN.md)
    sex: str
    sequence: int


def canonical_nip(text: str, what: str = "NIP") -> str:
    """The stored form of a NIP or NI PPPK; refuses anything but 18 ASCII digits."""
    number = _SEPARATORS.sub("", text or "")
    if any(ch.isdigit() and ch not in "0123456789" for ch in number):
        raise DomainError(f"{what} hanya boleh berisi angka 0–9 (ASCII), bukan angka lain.")
    if not NIP_PATTERN.fullmatch(number):
        raise DomainError(f"{what} harus terdiri dari 18 digit angka.")
    return number


def parse_nip(nip: str, today: date | None = None, settings: Settings | None = None) -> NipParts:
    """birth date YYYYMMDD + TMT CPNS YYYYMM + sex (1/2) + sequence 001–999, checked."""
    nip, today = canonical_nip(nip), today or date.today()
    born = _birth_date(nip, "NIP")
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise DomainError("NIP tidak sah: digit 9–14 harus TMT CPNS (tahun dan bulan) yang masuk akal.")
    tmt = date(year, month, 1)
    _check_dates(born, tmt, today, "TMT CPNS (digit 9–14)", "NIP", settings or DEFAULT_SETTINGS)
    sex, sequence = _sex_and_sequence(nip, "NIP")
    return NipParts(born, year, month, sex, sequence)


def parse_ni_pppk(number: str, today: date | None = None,
                  settings: Settings | None = None) -> NiPppkParts:
    """birth date YYYYMMDD + year of first PPPK appointment YYYY + contract count 01–99 + sex +
    sequence 001–999 (unsure, DOMAIN.md: validated on its own, never as a NIP)."""
    number, today = canonical_nip(number, "NI PPPK"), today or date.today()
    s = settings or DEFAULT_SETTINGS
    born = _birth_date(number, "NI PPPK")
    year, contracts = int(number[8:12]), int(number[12:14])
    if year < s.pppk_first_year:
        raise DomainError(f"NI PPPK tidak sah: tahun pengangkatan {year} sebelum PPPK pertama "
                          f"({s.pppk_first_year}).")
    if contracts < 1:
        raise DomainError("NI PPPK tidak sah: digit 13–14 (jumlah kontrak) harus 01–99.")
    _check_dates(born, date(year, 1, 1), today, "tahun pengangkatan (digit 9–12)", "NI PPPK", s,
                 whole_year=True)
    sex, sequence = _sex_and_sequence(number, "NI PPPK")
    return NiPppkParts(born, year, contracts, sex, sequence)


def _birth_date(number: str, what: str) -> date:
    try:
        return date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    except ValueError:
        raise DomainError(f"{what} tidak sah: 8 digit pertama bukan tanggal lahir yang benar.") from None


def _check_dates(born: date, appointed: date, today: date, label: str, what: str,
                 s: Settings, whole_year: bool = False) -> None:
    if born > today:
        raise DomainError(f"{what} tidak sah: tanggal lahir {born:%d-%m-%Y} di masa depan.")
    if (appointed.year, 1 if whole_year else appointed.month) > (today.year,
                                                                1 if whole_year else today.month):
        raise DomainError(f"{what} tidak sah: {label} di masa depan.")
    # with only a year, the appointment may fall on 31 December of it
    last = date(appointed.year, 12, 31) if whole_year else appointed
    if _age_on(born, last) < s.min_age_at_appointment:
        raise DomainError(f"{what} tidak sah: usia pada {label} kurang dari "
                          f"{s.min_age_at_appointment} tahun (PP 11/2017 Pasal 23).")


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _sex_and_sequence(number: str, what: str) -> tuple[str, int]:
    if number[14] not in "12":
        raise DomainError(f"{what} tidak sah: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan).")
    sequence = int(number[15:18])
    if sequence == 0:
        raise DomainError(f"{what} tidak sah: nomor urut (digit 16–18) harus 001–999.")
    return ("L" if number[14] == "1" else "P"), sequence


def validate_nip(nip: str, birth_date: date, sex: str, cpns_date: date | None = None,
                 today: date | None = None) -> str:
    """The canonical NIP, or a refusal when it disagrees with the record (birth date, sex, and the
    TMT CPNS when given)."""
    parts = parse_nip(nip, today)
    _agree(parts.birth_date, parts.sex, birth_date, sex, "NIP")
    if cpns_date is not None and (parts.cpns_year, parts.cpns_month) != (cpns_date.year,
                                                                          cpns_date.month):
        raise DomainError(f"TMT CPNS di NIP ({parts.cpns_month:02d}-{parts.cpns_year}) tidak sama "
                          f"dengan data ({cpns_date:%m-%Y}).")
    return canonical_nip(nip)


def validate_ni_pppk(number: str, birth_date: date, sex: str, appointed: date | None = None,
                     today: date | None = None) -> str:
    """The canonical NI PPPK, or a refusal when it disagrees with the record."""
    parts = parse_ni_pppk(number, today)
    _agree(parts.birth_date, parts.sex, birth_date, sex, "NI PPPK")
    if appointed is not None and parts.appointment_year != appointed.year:
        raise DomainError(f"Tahun pengangkatan di NI PPPK ({parts.appointment_year}) tidak sama "
                          f"dengan data ({appointed.year}).")
    return canonical_nip(number, "NI PPPK")


def validate_identifier(number: str, status: str, birth_date: date, sex: str,
                        appointed: date | None = None, today: date | None = None) -> str:
    """A PNS has a NIP, a PPPK a NI PPPK: each checked as its own format."""
    if status == "PPPK":
        return validate_ni_pppk(number, birth_date, sex, appointed, today)
    return validate_nip(number, birth_date, sex, appointed, today)


def _agree(born: date, sex: str, birth_date: date, recorded_sex: str, what: str) -> None:
    if born != birth_date:
        raise DomainError(
            f"Tanggal lahir di {what} ({born:%d-%m-%Y}) tidak sama dengan data "
            f"({birth_date:%d-%m-%Y}).")
    if sex != recorded_sex:
        raise DomainError(f"Jenis kelamin di {what} (digit ke-15) tidak sama dengan data.")


def make_nip(birth_date: date, cpns: date, sex: str, sequence: int) -> str:
    return f"{birth_date:%Y%m%d}{cpns:%Y%m}{'1' if sex == 'L' else '2'}{sequence:03d}"


def make_ni_pppk(birth_date: date, appointment_year: int, contracts: int, sex: str,
                 sequence: int) -> str:
    return f"{birth_date:%Y%m%d}{appointment_year:04d}{contracts:02d}" \
           f"{'1' if sex == 'L' else '2'}{sequence:03d}"


# --- settings -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """Every threshold of DOMAIN.md, with its default. `unsure` lists the ones to show as such."""
    min_months_in_post: int = 24
    max_months_in_post: int = 60
    jpt_max_years: int = 5
    election_freeze_start: date | None = None
    election_freeze_end: date | None = None
    min_predikat_for_move: str = "Baik"
    predikat_years_required: int = 2
    pppk_may_move: bool = False
    effective_hours_per_year: int = 1250
    retirement_age: dict = field(default_factory=lambda: {
        "jpt": 60, "administrator": 58, "pengawas": 58, "pelaksana": 58,
        "fungsional_keahlian": 58, "fungsional_keahlian_madya": 60, "fungsional_keahlian_utama": 65,
        "fungsional_keterampilan": 58, "guru": 60})
    ikm_weight: float = 1 / 9
    min_age_at_appointment: int = MIN_AGE_AT_APPOINTMENT  # at TMT CPNS / first PPPK appointment
    pppk_first_year: int = 2019  # PP 49/2018: no NI PPPK before the first appointments (unsure)
    unsure: tuple = ("min_months_in_post", "pppk_may_move", "effective_hours_per_year",
                     "retirement_age", "ikm_weight", "pppk_first_year")

    def with_overrides(self, **values) -> "Settings":
        known = {f.name for f in fields(self)}
        unknown = set(values) - known
        if unknown:
            raise DomainError(f"Pengaturan tidak dikenal: {', '.join(sorted(unknown))}.")
        return replace(self, **values)


DEFAULT_SETTINGS = Settings()


def retirement_age(jabatan_type: str, level: str | None, settings: Settings = DEFAULT_SETTINGS) -> int:
    ages = settings.retirement_age
    if level == "guru":
        return ages["guru"]
    level = (level or "").removeprefix("ahli_")
    if jabatan_type == "fungsional_keahlian" and level in ("madya", "utama"):
        return ages[f"fungsional_keahlian_{level}"]
    return ages.get(jabatan_type, 58)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day where that month is shorter:
    31 January + 1 = 28 (or 29) February. The one month arithmetic of the project."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = (date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - date.resolution).day
    return date(year, month + 1, min(day.day, last))


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end`: the largest n with add_months(start, n) <= end (for
    end >= start), so the two never disagree (29 Feb 2024 → 28 Feb 2026 is 24 months)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    elif months < 0 and add_months(start, months) < end:
        months += 1
    return months

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


def golongan_rank(code: str) -> int:
    """0 for I/a … 16 for IV/e; refuses unknown codes."""
    try:
        return GOLONGAN_CODES.index(code)
    except ValueError:
        raise DomainError(f"Golongan '{code}' tidak dikenal (contoh yang benar: III/a).") from None


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


# --- NIP ----------------------------------------------------------------------------------
NIP_PATTERN = re.compile(r"^\d{18}$")


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    cpns_year: int
    cpns_month: int
    sex: str  # "L" or "P"
    sequence: int


def parse_nip(nip: str) -> NipParts:
    nip = (nip or "").replace(" ", "")
    if not NIP_PATTERN.match(nip):
        raise DomainError("NIP harus terdiri dari 18 digit angka.")
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise DomainError("NIP tidak sah: 8 digit pertama bukan tanggal lahir yang benar.") from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < born.year + 15:
        raise DomainError("NIP tidak sah: digit 9–14 harus TMT CPNS (tahun dan bulan) yang masuk akal.")
    if nip[14] not in "12":
        raise DomainError("NIP tidak sah: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan).")
    return NipParts(born, year, month, "L" if nip[14] == "1" else "P", int(nip[15:18]))


def validate_nip(nip: str, birth_date: date, sex: str) -> str:
    """Returns the normalised NIP or raises when it disagrees with the record."""
    parts = parse_nip(nip)
    if parts.birth_date != birth_date:
        raise DomainError(
            f"Tanggal lahir di NIP ({parts.birth_date:%d-%m-%Y}) tidak sama dengan data "
            f"({birth_date:%d-%m-%Y}).")
    if parts.sex != sex:
        raise DomainError("Jenis kelamin di NIP (digit ke-15) tidak sama dengan data.")
    return nip.replace(" ", "")


def make_nip(birth_date: date, cpns: date, sex: str, sequence: int) -> str:
    return f"{birth_date:%Y%m%d}{cpns:%Y%m}{'1' if sex == 'L' else '2'}{sequence:03d}"


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
    unsure: tuple = ("min_months_in_post", "pppk_may_move", "effective_hours_per_year",
                     "retirement_age", "ikm_weight")

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

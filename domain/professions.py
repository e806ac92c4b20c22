"""Tables of DOMAIN.md about posts as the regulations see them: JF levels and their pangkat bands,
education levels, credentials, health professions, and the check of a post's band (post creation).

Pure data and functions; texts for users in Bahasa Indonesia.
"""
from __future__ import annotations

from domain.rules import ESELON_BANDS, GOLONGAN_CODES, STRUCTURAL, DomainError, golongan_rank

POST_TYPES = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional_keahlian",
              "fungsional_keterampilan")
STRUCTURAL_TYPES = STRUCTURAL  # one definition: domain.rules
FUNCTIONAL_TYPES = ("fungsional_keahlian", "fungsional_keterampilan")

# Jenjang of a jabatan fungsional and its pangkat band (DOMAIN.md "Jabatan types";
# keterampilan per level after PermenPANRB 1/2023: pemula II/a, terampil II/b–II/d, ...)
JF_LEVELS = {
    "fungsional_keahlian": ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"),
    "fungsional_keterampilan": ("pemula", "terampil", "mahir", "penyelia"),
}
JF_LEVEL_BANDS = {
    "ahli_pertama": ("III/a", "III/b"), "ahli_muda": ("III/c", "III/d"),
    "ahli_madya": ("IV/a", "IV/c"), "ahli_utama": ("IV/d", "IV/e"),
    "pemula": ("II/a", "II/a"), "terampil": ("II/b", "II/d"), "mahir": ("III/a", "III/b"),
    "penyelia": ("III/c", "III/d"),
}
JF_LEVEL_NAMES = {"ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda",
                  "ahli_madya": "Ahli Madya", "ahli_utama": "Ahli Utama", "pemula": "Pemula",
                  "terampil": "Terampil", "mahir": "Mahir", "penyelia": "Penyelia"}
STRUCTURAL_ESELON = {"jpt": ("II.a", "II.b"), "administrator": ("III.a", "III.b"),
                     "pengawas": ("IV.a", "IV.b")}

# Education levels, lowest first; D4 and S1 are the same level (sarjana terapan / sarjana)
EDUCATION_RANK = {"SD": 0, "SMP": 1, "SMA": 2, "D1": 3, "D2": 4, "D3": 5, "D4": 6, "S1": 6,
                  "S2": 7, "S3": 8}

# Credentials a post may require: the STR of a health profession (UU 17/2023) or the
# sertifikat pendidik of a subject (UU 14/2005)
CREDENTIAL_TYPES = {"STR": "STR (Surat Tanda Registrasi)",
                    "sertifikat_pendidik": "sertifikat pendidik"}

# Health professions (UU 17/2023): the degree fields each one needs; the STR names the profession
HEALTH_PROFESSIONS = {
    "Dokter": ("Pendidikan Dokter",), "Dokter Gigi": ("Pendidikan Dokter Gigi",),
    "Bidan": ("Kebidanan",), "Perawat": ("Keperawatan", "Ners"),
    "Apoteker": ("Profesi Apoteker", "Farmasi"), "Asisten Apoteker": ("Farmasi",),
    "Pranata Laboratorium Kesehatan": ("Teknologi Laboratorium Medis",),
    "Nutrisionis": ("Gizi",), "Sanitarian": ("Kesehatan Lingkungan",),
    "Radiografer": ("Radiologi",), "Perekam Medis": ("Rekam Medis dan Informasi Kesehatan",),
}
TEACHER_JF = "Guru"
PRIMARY_CLASS_TEACHER_FIELDS = ("PGSD",)  # guru kelas SD (or an equivalent primary degree)


def jf_of(name: str, jabatan_type: str, jf: str | None = None) -> str | None:
    """The JF of a post: `jf` when recorded, else its name without the jenjang (JF posts are named
    "<JF> <jenjang>", e.g. "Perawat Ahli Pertama" → "Perawat"); None for other post types."""
    if jabatan_type not in FUNCTIONAL_TYPES:
        return None
    if jf:
        return jf
    for level in sorted(JF_LEVEL_NAMES.values(), key=len, reverse=True):
        if name.endswith(" " + level):
            return name[: -len(level) - 1]
    return name


def education_at_least(level: str, minimum: str) -> bool:
    """D4 counts as S1; unknown levels never reach a minimum."""
    return level in EDUCATION_RANK and EDUCATION_RANK[level] >= EDUCATION_RANK[minimum]


def band_problems(jabatan_type: str, eselon: str | None, level: str | None, band_low: str,
                  band_high: str) -> list[str]:
    """Why a post's pangkat band contradicts the eselon (PP 13/2002) or JF-level tables; [] if not.
    A band may be narrower than the table's, never wider or outside it."""
    if jabatan_type not in POST_TYPES:
        return [f"Jenis jabatan '{jabatan_type}' tidak dikenal"]
    problems = [f"Golongan '{code}' tidak dikenal" for code in (band_low, band_high)
                if code not in GOLONGAN_CODES]
    if problems:
        return problems
    if golongan_rank(band_low) > golongan_rank(band_high):
        return [f"Rentang pangkat terbalik: {band_low} lebih tinggi dari {band_high}"]
    table, what = _table_band(jabatan_type, eselon, level, problems)
    if table and not (golongan_rank(table[0]) <= golongan_rank(band_low)
                      and golongan_rank(band_high) <= golongan_rank(table[1])):
        problems.append(f"Rentang {band_low}–{band_high} bertentangan dengan {what} "
                        f"({table[0]}–{table[1]})")
    return problems


def _table_band(jabatan_type, eselon, level, problems) -> tuple[tuple | None, str]:
    if jabatan_type in STRUCTURAL_TYPES:
        if eselon not in STRUCTURAL_ESELON[jabatan_type]:
            problems.append(f"Jabatan {jabatan_type} harus eselon "
                            f"{' atau '.join(STRUCTURAL_ESELON[jabatan_type])}, bukan '{eselon}'")
            return None, ""
        return ESELON_BANDS[eselon], f"eselon {eselon} (PP 13/2002)"
    if jabatan_type in FUNCTIONAL_TYPES:
        if level not in JF_LEVELS[jabatan_type]:
            problems.append(f"Jenjang '{level}' bukan jenjang {jabatan_type.replace('_', ' ')} "
                            f"({', '.join(JF_LEVELS[jabatan_type])})")
            return None, ""
        return JF_LEVEL_BANDS[level], f"jenjang {JF_LEVEL_NAMES[level]}"
    return None, ""


def check_post_band(jabatan_type: str, eselon: str | None, level: str | None, band_low: str,
                    band_high: str) -> None:
    """For post creation: refuses a band that contradicts the tables."""
    problems = band_problems(jabatan_type, eselon, level, band_low, band_high)
    if problems:
        raise DomainError("Rentang pangkat jabatan tidak sah: " + "; ".join(problems) + ".")

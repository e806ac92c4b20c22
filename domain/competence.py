"""Competence: the Standar Kompetensi Jabatan of a post and the job-person match (JPM).

A standard (PermenPANRB 38/2017) is a tuple of `(name, kind, level)`: 8 manajerial, 1 sosial
kultural and the post's teknis competencies, each with a required level 1–5. An assessment
(Peraturan BKN 26/2019) gives a person a level per competence, with a date.

    jpm(assessment_levels, standard, level, settings)  -> percent or None (no assessment)
    jpm_category(value, settings)                       -> "Memenuhi Syarat" | ...

JPM = achieved / required levels in percent, each achieved level counted at most up to the
required one (setting `jpm_cap_at_required`); teknis and manajerial + sosial kultural weighted by
the JF's jenjang where a weight is set (`jpm_teknis_weights`: ahli pertama, muda, madya),
otherwise pooled. Thresholds and defaults come from `PlanSettings`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from domain.limits import day, shown
from domain.rules import DomainError

MANAJERIAL = ("integritas", "kerja sama", "komunikasi", "orientasi pada hasil",
              "pelayanan publik", "pengembangan diri dan orang lain", "mengelola perubahan",
              "pengambilan keputusan")
SOSIAL_KULTURAL = ("perekat bangsa",)
KINDS = ("manajerial", "sosial_kultural", "teknis")
CATEGORIES = ("Memenuhi Syarat", "Masih Memenuhi Syarat", "Kurang Memenuhi Syarat")
WEIGHTED_LEVELS = ("ahli_pertama", "ahli_muda", "ahli_madya")
MAX_COMPETENCES = 100  # competencies in one assessment: 9 + the teknis ones, far below this
WHOLE_LEVEL = re.compile(r"^-?[0-9]{1,3}([.,]0+)?$")


@dataclass(frozen=True)
class Assessment:
    """A competence assessment: `levels` is a tuple of (competence name, level 1–5)."""

    on: object  # date of the assessment
    levels: tuple = ()

    def as_dict(self) -> dict[str, int]:
        return dict(self.levels)


def default_level(jabatan_type: str, level: str | None, s) -> int:
    """The required level of every competence where a post has no standard (settings)."""
    if jabatan_type == "jpt":
        return s.jpm_default_jpt
    if jabatan_type in ("administrator", "pengawas"):
        return s.jpm_default_administrator if jabatan_type == "administrator" else \
            s.jpm_default_pengawas
    if level in ("ahli_madya", "ahli_utama"):
        return s.jpm_default_madya
    if level in ("ahli_muda", "ahli_pertama"):
        return s.jpm_default_muda_pertama
    return s.jpm_default_other


def default_standard(jabatan_type: str, level: str | None, s) -> tuple:
    required = default_level(jabatan_type, level, s)
    return tuple((name, "manajerial", required) for name in MANAJERIAL) + \
        tuple((name, "sosial_kultural", required) for name in SOSIAL_KULTURAL)


def jpm(levels: dict[str, int] | None, standard: tuple, level: str | None, s) -> float | None:
    """JPM in percent (2 decimals) of an assessment against a standard; None without assessment."""
    if levels is None or not standard:
        return None
    groups = {"teknis": [0, 0], "other": [0, 0]}
    for name, kind, required in standard:
        got = levels.get(name, 0)
        group = groups["teknis" if kind == "teknis" else "other"]
        group[0] += min(got, required) if s.jpm_cap_at_required else got
        group[1] += required
    weight = _teknis_weight(level, s)
    if weight is None or not groups["teknis"][1] or not groups["other"][1]:
        achieved = groups["teknis"][0] + groups["other"][0]
        value = achieved / (groups["teknis"][1] + groups["other"][1])
    else:
        value = weight * groups["teknis"][0] / groups["teknis"][1] + \
            (1 - weight) * groups["other"][0] / groups["other"][1]
    return round(100 * value, 2)


def _teknis_weight(level: str | None, s) -> float | None:
    if not s.jpm_weighted or level not in WEIGHTED_LEVELS:
        return None
    return float(s.jpm_teknis_weights[WEIGHTED_LEVELS.index(level)])


def jpm_category(value: float | None, s) -> str | None:
    if value is None:
        return None
    if value >= s.jpm_memenuhi - 1e-9:
        return CATEGORIES[0]
    return CATEGORIES[1] if value >= s.jpm_masih_memenuhi - 1e-9 else CATEGORIES[2]


def check_standard(standard: tuple) -> list[str]:
    """Problems of a standard: unknown kinds, levels outside 1–5, duplicate names."""
    problems, seen = [], set()
    for item in standard:
        if not (isinstance(item, tuple) and len(item) == 3):
            problems.append(f"butir standar kompetensi tidak sah: {item!r}")
            continue
        name, kind, required = item
        if kind not in KINDS:
            problems.append(f"jenis kompetensi '{kind}' tidak dikenal ({', '.join(KINDS)})")
        if not (isinstance(required, int) and 1 <= required <= 5):
            problems.append(f"level {name} harus 1–5, bukan {required!r}")
        if name in seen:
            problems.append(f"kompetensi {name} muncul dua kali")
        seen.add(name)
    return problems


def check_level(name: str, value) -> int:
    """A level as typed or read from a file: a whole number 1–5 ("3,0" from a spreadsheet is 3)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if isinstance(value, bool) or not text:
        raise DomainError(f"Level {name} wajib diisi 1–5.")
    if not WHOLE_LEVEL.match(text):
        raise DomainError(f"Level {name} '{shown(text)}' bukan bilangan bulat 1–5.")
    level = int(re.split(r"[.,]", text)[0])
    if not 1 <= level <= 5:
        raise DomainError(f"Level {name} harus 1–5, bukan {level}.")
    return level


def check_assessment_date(on, today: date | None) -> date:
    """The date of an assessment: a real date within the limits, never after `today`."""
    found = day(on, "Tanggal asesmen")
    if today is not None and found > today:
        raise DomainError(f"Tanggal asesmen {found:%d-%m-%Y} tidak boleh setelah hari ini "
                          f"({today:%d-%m-%Y}).")
    return found


def known_names(teknis: Iterable[str]) -> dict[str, str]:
    """Every competence an assessment may name (the 8 manajerial, perekat bangsa and the teknis
    competencies of the city's standards), by its case-folded name."""
    names = (*MANAJERIAL, *SOSIAL_KULTURAL, *teknis)
    return {folded(name): name for name in names}


def folded(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def canonical_levels(levels: dict, known: dict[str, str]) -> dict:
    """The levels under the standards' own spelling of each name; refuses unknown competences."""
    unknown = [name for name in levels if folded(name) not in known]
    if unknown:
        raise DomainError(f"Kompetensi tidak dikenal: {', '.join(shown(n) for n in unknown[:5])} "
                          "(bukan manajerial, sosial kultural, atau teknis suatu standar jabatan).")
    return {known[folded(name)]: level for name, level in levels.items()}


def jpm_text(value: float | None, s) -> str:
    if value is None:
        return "JPM belum ada (belum diasesmen)"
    return f"JPM {value:.1f}% ({jpm_category(value, s)})".replace(".", ",")

"""Public satisfaction survey (SKM) and its index (IKM), PermenPANRB 14/2017.

Nine elements (unsur), each answered 1–4 by every respondent.
NRR per element = sum of answers / respondents; IKM = Σ NRR × weight; score = IKM × 25.
The weight is exactly 1/9, or 0.11 where an office follows that rounded convention (a setting).
Arithmetic is done on fractions, so grading a score on a boundary does not depend on float noise.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.limits import clean_text
from domain.organisation import NAMESPACE
from domain.rules import DomainError

ELEMENTS = (
    ("u1", "Persyaratan"),
    ("u2", "Sistem, mekanisme dan prosedur"),
    ("u3", "Waktu penyelesaian"),
    ("u4", "Biaya/tarif"),
    ("u5", "Produk spesifikasi jenis pelayanan"),
    ("u6", "Kompetensi pelaksana"),
    ("u7", "Perilaku pelaksana"),
    ("u8", "Sarana dan prasarana"),
    ("u9", "Penanganan pengaduan, saran dan masukan"),
)
ELEMENT_CODES = tuple(code for code, _ in ELEMENTS)

WEIGHTS = {"exact": Fraction(1, 9), "rounded": Fraction(11, 100)}
# Lowest rounded score of each grade, best first (DOMAIN.md; below 65.00 is D).
GRADES = ((Fraction(8831, 100), "A"), (Fraction(7661, 100), "B"), (Fraction(65), "C"))
GRADE_LABELS = {"A": "sangat baik", "B": "baik", "C": "kurang baik", "D": "tidak baik"}
SOURCES = ("formulir", "unggah CSV", "unggah XLSX")
DECLINE_POINTS = 5  # default drop in score (points) that flags a service decline

# A survey period: a year "2026", a semester "2026-S1"/"2026-S2", a quarter "2026-Q1" … "2026-Q4".
PERIOD_PATTERN = re.compile(r"^(20\d\d)(-(S[12]|Q[1-4]))?$")


# --- calculation ------------------------------------------------------------------------
def check_answers(answers: list[list[int]]) -> None:
    if not answers:
        raise DomainError("Survei harus memiliki sedikitnya 1 responden.")
    for number, row in enumerate(answers, start=1):
        if not isinstance(row, (list, tuple)) or len(row) != len(ELEMENTS):
            raise DomainError(f"Responden ke-{number} harus menjawab tepat 9 unsur (u1–u9).")
        for code, value in zip(ELEMENT_CODES, row):
            if type(value) is not int or not 1 <= value <= 4:
                raise DomainError(f"Responden ke-{number}, unsur {code}: jawaban harus angka "
                                  f"bulat 1–4 (bukan '{value}').")


def check_convention(weight_convention: str) -> Fraction:
    if weight_convention not in WEIGHTS:
        raise DomainError(f"Konvensi bobot IKM '{weight_convention}' tidak dikenal "
                          "(pilih 'exact' untuk 1/9 atau 'rounded' untuk 0,11).")
    return WEIGHTS[weight_convention]


def convention_for_weight(weight: float) -> str:
    """Maps today's `Settings.ikm_weight` (1/9 or 0.11) to a convention name."""
    for name, exact in WEIGHTS.items():
        if math.isclose(weight, exact, abs_tol=1e-9):
            return name
    raise DomainError(f"Bobot IKM {weight} tidak dikenal; gunakan 1/9 atau 0,11.")


def round_half_up(value: Fraction, places: int = 2) -> Fraction:
    scale = 10 ** places
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def grade_of(score: float | Fraction) -> str:
    # The score is rounded to 2 decimals before grading, as published (91.475… → 91.48).
    rounded = round_half_up(Fraction(str(score)))  # str(): 64.995 means 64.995, not the float below it
    return next((grade for lowest, grade in GRADES if rounded >= lowest), "D")


def compute_ikm(answers: list[list[int]], weight_convention: str = "exact") -> dict:
    """Results of one survey: NRR per element, IKM, score (2 decimals), grade and its label."""
    check_answers(answers)
    weight = check_convention(weight_convention)
    respondents = len(answers)
    nrr = [Fraction(sum(column), respondents) for column in zip(*answers)]
    ikm = sum(value * weight for value in nrr)
    score = round_half_up(ikm * 25)
    grade = grade_of(score)
    return {"respondents": respondents, "nrr": [float(value) for value in nrr],
            "ikm": float(ikm), "score": float(score), "grade": grade,
            "grade_label": GRADE_LABELS[grade], "weight_convention": weight_convention}


def decline(previous_score: float | None, current_score: float,
            threshold_points: float = DECLINE_POINTS) -> bool:
    """True when the score fell by at least `threshold_points` since the previous survey."""
    if previous_score is None:
        return False
    return round(previous_score - current_score, 2) >= threshold_points


# --- the aggregate ----------------------------------------------------------------------
def check_period(period: str) -> str:
    period = (period or "").strip().upper()
    if not PERIOD_PATTERN.match(period):
        raise DomainError(f"Periode survei '{period}' tidak sah; gunakan tahun (2026), semester "
                          "(2026-S1, 2026-S2) atau triwulan (2026-Q1 … 2026-Q4).")
    return period


def survey_id(unit_code: str, period: str) -> UUID:
    return uuid5(NAMESPACE, f"survey:{(unit_code or '').strip().upper()}:{check_period(period)}")


def check_source(source: str) -> str:
    if source not in SOURCES:
        raise DomainError(f"Sumber data survei '{source}' tidak dikenal ({', '.join(SOURCES)}).")
    return source


class Survey(Aggregate):
    """One SKM of one unit for one period; the same unit and period can be recorded only once."""

    @staticmethod
    def create_id(unit_code: str, period: str) -> UUID:
        return survey_id(unit_code, period)

    @classmethod
    def record(cls, *, unit_code: str, unit_id: UUID, period: str, answers: list[list[int]],
               source: str, weight_convention: str, actor: str, role: str) -> "Survey":
        unit_code = (unit_code or "").strip().upper()
        if not unit_code:
            raise DomainError("Kode unit wajib diisi.")
        results = compute_ikm(answers, weight_convention)
        return cls(unit_code=unit_code, unit_id=unit_id, period=check_period(period),
                   source=check_source(source), answers=[list(row) for row in answers],
                   **results, actor=actor, role=role)

    @event("Recorded")
    def __init__(self, unit_code: str, unit_id: UUID, period: str, source: str,
                 answers: list[list[int]], respondents: int, nrr: list[float], ikm: float,
                 score: float, grade: str, grade_label: str, weight_convention: str,
                 actor: str, role: str) -> None:
        self.unit_code, self.unit_id, self.period, self.source = unit_code, unit_id, period, source
        self.answers, self.respondents, self.nrr = answers, respondents, nrr
        self.ikm, self.score, self.grade, self.grade_label = ikm, score, grade, grade_label
        self.weight_convention = weight_convention
        self.corrections = 0

    def correct(self, answers: list[list[int]], reason: str, actor: str, role: str,
                source: str | None = None) -> None:
        """New answers replace the old ones through a new event; the original stays in history."""
        reason = clean_text(reason, "Alasan koreksi survei", required=True)
        results = compute_ikm(answers, self.weight_convention)
        if [list(row) for row in answers] == self.answers:
            raise DomainError("Jawaban koreksi sama dengan data yang tercatat; tidak ada yang diubah.")
        self._corrected(answers=[list(row) for row in answers], reason=reason,
                        source=check_source(source or self.source), **results, actor=actor, role=role)

    @event("Corrected")
    def _corrected(self, answers: list[list[int]], source: str, reason: str, respondents: int,
                   nrr: list[float], ikm: float, score: float, grade: str, grade_label: str,
                   weight_convention: str, actor: str, role: str) -> None:
        self.answers, self.source, self.respondents, self.nrr = answers, source, respondents, nrr
        self.ikm, self.score, self.grade, self.grade_label = ikm, score, grade, grade_label
        self.corrections += 1

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

from domain.limits import bounded_int, clean_text
from domain.organisation import NAMESPACE
from domain.rules import DomainError

ELEMENTS = (  # PermenPANRB 14/2017, Lampiran: the order of its list (a to i)
    ("u1", "Persyaratan"),
    ("u2", "Sistem, mekanisme dan prosedur"),
    ("u3", "Waktu penyelesaian"),
    ("u4", "Biaya/tarif"),
    ("u5", "Produk spesifikasi jenis pelayanan"),
    ("u6", "Kompetensi pelaksana"),
    ("u7", "Perilaku pelaksana"),
    ("u8", "Penanganan pengaduan, saran dan masukan"),
    ("u9", "Sarana dan prasarana"),
)
# Surveys recorded before the event named its elements were entered with u8 and u9 the other way
# round (some sources swap them): they are shown under the names their form carried.
LEGACY_ELEMENTS = ELEMENTS[:7] + (("u8", ELEMENTS[8][1]), ("u9", ELEMENTS[7][1]))
ELEMENT_NAMES = tuple(name for _, name in ELEMENTS)
ELEMENT_CODES = tuple(code for code, _ in ELEMENTS)

WEIGHTS = {"exact": Fraction(1, 9), "rounded": Fraction(11, 100)}
# Lowest rounded score of each grade, best first (DOMAIN.md; below 65.00 is D).
GRADES = ((Fraction(8831, 100), "A"), (Fraction(7661, 100), "B"), (Fraction(65), "C"))
GRADE_LABELS = {"A": "sangat baik", "B": "baik", "C": "kurang baik", "D": "tidak baik"}
SOURCES = ("formulir", "unggah CSV", "unggah XLSX")
DECLINE_POINTS = 5  # default drop in score (points) that flags a service decline

# Krejcie & Morgan (1970), the sample table the SKM guidance uses: (population up to, respondents).
# A population between two rows takes the larger row's minimum; above the last, its minimum.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148), (250, 152),
    (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175), (340, 181), (360, 186),
    (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226),
    (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361),
    (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379),
    (40000, 380), (50000, 381), (75000, 382), (1000000, 384))
POPULATION_LIMIT = 2_000_000_000

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


def check_sample_table(table) -> tuple:
    """(population, minimum) rows with both rising; refuses anything else."""
    rows = tuple(tuple(row) for row in table or ())
    if not rows or any(len(row) != 2 or not all(isinstance(v, int) and v > 0 for v in row)
                       for row in rows):
        raise DomainError("Tabel sampel SKM harus berisi pasangan (populasi, responden minimal) > 0.")
    if any(a[0] >= b[0] or a[1] > b[1] for a, b in zip(rows, rows[1:])):
        raise DomainError("Tabel sampel SKM harus urut naik menurut populasi.")
    return rows


def sample_minimum(population: int | None, table=KREJCIE_MORGAN) -> int:
    """The fewest respondents for a result that stands for a population of service users
    (Krejcie–Morgan); an unknown population takes the table's largest minimum."""
    rows = check_sample_table(table)
    if population is None:
        return rows[-1][1]
    minimum = next((m for size, m in rows if population <= size), rows[-1][1])
    return min(minimum, population)


def check_population(value) -> int | None:
    """The number of service users in the period, as typed (blank: unknown)."""
    if value is None or str(value).strip() == "":
        return None
    return bounded_int(str(value).strip().replace(".", ""), "Populasi penerima layanan", 1,
                       POPULATION_LIMIT)


def indicative(respondents: int, minimum: int | None) -> bool:
    """A result with fewer respondents than its minimum is indicative, not the unit's IKM."""
    return minimum is not None and respondents < minimum


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
               source: str, weight_convention: str, actor: str, role: str,
               population: int | None = None, sample_table=KREJCIE_MORGAN) -> "Survey":
        """`population`: service users in the period (None: unknown); the minimum number of
        respondents (Krejcie–Morgan, `sample_table`) and the elements' names are recorded with it."""
        unit_code = (unit_code or "").strip().upper()
        if not unit_code:
            raise DomainError("Kode unit wajib diisi.")
        results = compute_ikm(answers, weight_convention)
        population = check_population(population)
        return cls(unit_code=unit_code, unit_id=unit_id, period=check_period(period),
                   source=check_source(source), answers=[list(row) for row in answers],
                   **results, actor=actor, role=role, elements=list(ELEMENT_NAMES),
                   population=population, minimum=sample_minimum(population, sample_table))

    @event("Recorded")
    def __init__(self, unit_code: str, unit_id: UUID, period: str, source: str,
                 answers: list[list[int]], respondents: int, nrr: list[float], ikm: float,
                 score: float, grade: str, grade_label: str, weight_convention: str,
                 actor: str, role: str, elements: list | None = None, population: int | None = None,
                 minimum: int | None = None) -> None:
        self.unit_code, self.unit_id, self.period, self.source = unit_code, unit_id, period, source
        self.elements, self.population, self.minimum = elements, population, minimum
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

"""How a unit's own predikat caps the distribution of its staff's SKP predikat.

Guidance circulated with PermenPANRB 6/2022 (a secondary source, DOMAIN.md): shown as a WARNING
before a unit submits its appraisals, never a block. The table is data with DOMAIN.md's values as
defaults; `check_distribution` accepts another table when BKD's guidance changes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from domain.rules import PREDIKAT_ORDER, DomainError

ORG_PREDIKATS = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
DEFAULT_ORG_PREDIKAT = "Baik"


@dataclass(frozen=True)
class Bound:
    """The share of staff whose predikat is one of `predikats` must respect a limit."""
    predikats: tuple[str, ...]
    at_least: float | None = None   # share 0..1
    at_most: float | None = None    # share 0..1
    must_exist: bool = False        # at least one person

    def problem(self, counts: Counter, total: int) -> str | None:
        have = sum(counts[p] for p in self.predikats)
        share, names = have / total, " dan/atau ".join(self.predikats)
        if self.must_exist and have == 0:
            return f"harus ada pegawai dengan predikat {names} (saat ini tidak ada)"
        if self.at_least is not None and share < self.at_least:
            return f"{names} paling sedikit {percent(self.at_least)} (saat ini {percent(share)})"
        if self.at_most is not None and share > self.at_most:
            limit = "tidak boleh ada" if self.at_most == 0 else f"paling banyak {percent(self.at_most)}"
            return f"{names} {limit} (saat ini {percent(share)})"
        return None


GUIDANCE: dict[str, tuple[Bound, ...]] = {
    "Istimewa": (Bound(("Sangat Baik",), at_most=0.70),),
    "Baik": (Bound(("Baik",), at_most=0.70),
             Bound(("Butuh Perbaikan", "Kurang"), must_exist=True)),
    "Butuh Perbaikan": (Bound(("Butuh Perbaikan",), at_least=0.60),
                        Bound(("Sangat Baik",), at_most=0.10)),
    "Kurang": (Bound(("Kurang",), at_least=0.60), Bound(("Butuh Perbaikan",), at_least=0.10),
               Bound(("Sangat Baik",), at_most=0.10)),
    "Sangat Kurang": (Bound(("Sangat Kurang",), at_least=0.60),
                      Bound(("Kurang", "Butuh Perbaikan"), at_least=0.10),
                      Bound(("Sangat Baik",), at_most=0.0)),
}


def percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def check_org_predikat(value: str) -> str:
    if value not in ORG_PREDIKATS:
        raise DomainError(f"Predikat unit '{value}' tidak dikenal; pilih {', '.join(ORG_PREDIKATS)}.")
    return value


def distribution(predikats: Iterable[str]) -> dict[str, int]:
    """Counts per predikat in the matrix's order (every predikat present, zero included)."""
    counts = Counter(predikats)
    return {p: counts[p] for p in reversed(PREDIKAT_ORDER)}


def check_distribution(org_predikat: str, counts: dict[str, int],
                       guidance: dict[str, tuple[Bound, ...]] = GUIDANCE) -> list[str]:
    """Warnings (Bahasa Indonesia) where the staff distribution does not fit the unit's predikat."""
    check_org_predikat(org_predikat)
    total = sum(counts.values())
    if total == 0:
        return []
    counter = Counter(counts)
    problems = (bound.problem(counter, total) for bound in guidance[org_predikat])
    return [f"Unit berpredikat {org_predikat}: {p}." for p in problems if p]

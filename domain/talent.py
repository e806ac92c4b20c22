"""Talent map (PermenPANRB 3/2020): the potensial score, the 9-box layout and what each box calls for.

The regulation sets no weights or cut-offs: they are `TalentSettings` with the guidance reported in
2025 (DOMAIN.md, marked unsure) as defaults, and every scored assessment records the settings used.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Iterable

from domain.rules import BOX_ACTIONS, DomainError, golongan_rank

COMPONENTS = {  # key -> label
    "kompetensi": "Kompetensi", "potensi": "Potensi", "kualifikasi": "Kualifikasi",
    "integritas": "Integritas",
}
BOX_GRID = ((4, 7, 9), (2, 5, 8), (1, 3, 6))  # rows kinerja di atas → di bawah; columns rendah → tinggi
GRID_ROWS = ("di_atas", "sesuai", "di_bawah")
SUCCESSION_BOXES = (7, 8, 9)
DISCIPLINE_BOX = 1
ROTATION_BOX = 4
BELOW_BAIK = ("Butuh Perbaikan", "Kurang", "Sangat Kurang")
DEVELOPMENT_KINDS = {"pelatihan": "Pelatihan", "coaching": "Coaching", "mentoring": "Mentoring"}
OUTCOMES = {"tercapai": "Tercapai", "sebagian": "Tercapai sebagian", "tidak_tercapai": "Tidak tercapai"}
STRATEGIC_TYPES = ("jpt", "administrator")
# The kinerja axis follows the SKP predikat (DOMAIN.md, PermenPANRB 3/2020 with 6/2022), so nobody
# rated Kurang sits in box 7-9.
KINERJA_OF_PREDIKAT = {"Sangat Baik": "di_atas", "Baik": "sesuai", "Butuh Perbaikan": "di_bawah",
                       "Kurang": "di_bawah", "Sangat Kurang": "di_bawah"}


@dataclass(frozen=True)
class TalentSettings:
    """Weights (percent) of the potensial components and the score cut-offs (0–100)."""
    weights: dict = field(default_factory=lambda: {
        "kompetensi": 40, "potensi": 25, "kualifikasi": 20, "integritas": 15})
    menengah_from: float = 60.0
    tinggi_from: float = 80.0
    development_boxes: tuple = (2, 3, 4, 6)   # boxes listed for development (5: the core, 7: succession)
    unsure: tuple = ("weights", "menengah_from", "tinggi_from", "development_boxes")

    def __post_init__(self):
        if set(self.weights) != set(COMPONENTS) or any(w < 0 for w in self.weights.values()):
            raise DomainError("Bobot potensial harus untuk kompetensi, potensi, kualifikasi dan integritas.")
        if sum(self.weights.values()) != 100:
            raise DomainError("Jumlah bobot potensial harus 100%.")
        if not 0 < self.menengah_from < self.tinggi_from <= 100:
            raise DomainError("Batas skor harus 0 < menengah < tinggi ≤ 100.")

    def with_overrides(self, **values) -> "TalentSettings":
        unknown = set(values) - {f.name for f in fields(self)}
        if unknown:
            raise DomainError(f"Pengaturan talenta tidak dikenal: {', '.join(sorted(unknown))}.")
        return replace(self, **values)


DEFAULT_TALENT_SETTINGS = TalentSettings()


def check_components(components: dict) -> dict[str, float]:
    """Each component a score 0–100; refuses missing or out-of-range values."""
    checked = {}
    for key, label in COMPONENTS.items():
        value = components.get(key)
        try:
            number = float(str(value).replace(",", "."))
        except (TypeError, ValueError):
            raise DomainError(f"Nilai {label} wajib diisi dengan angka 0–100.") from None
        if not 0 <= number <= 100:
            raise DomainError(f"Nilai {label} {number:g} di luar rentang 0–100.")
        checked[key] = number
    return checked


def potential_score(components: dict, settings: TalentSettings = DEFAULT_TALENT_SETTINGS
                    ) -> tuple[float, str]:
    """(weighted score 0–100, rendah/menengah/tinggi) from the four components."""
    values = check_components(components)
    score = round(sum(values[k] * settings.weights[k] for k in COMPONENTS) / 100, 2)
    if score >= settings.tinggi_from:
        return score, "tinggi"
    return score, "menengah" if score >= settings.menengah_from else "rendah"


def kinerja_of(predikat: str) -> str:
    """The 9-box kinerja axis (di_atas / sesuai / di_bawah) of an SKP predikat."""
    if predikat not in KINERJA_OF_PREDIKAT:
        raise DomainError(f"Predikat SKP '{predikat}' tidak dikenal.")
    return KINERJA_OF_PREDIKAT[predikat]


def kinerja_source(period: str, predikat: str | None, without: str = "diisi langsung") -> str:
    """Where a box's kinerja came from, as the talent table shows it (`without`: for a box
    recorded before boxes named their predikat)."""
    return f"predikat SKP {period.removeprefix('SKP ')}: {predikat}" if predikat else without


def latest_completed(periods: Iterable) -> object | None:
    """The latest closed appraisal period (domain.appraisal.AppraisalPeriod) among `periods`."""
    return max((p for p in periods if not p.is_open), key=lambda p: (p.year, p.ends), default=None)


def box_action(box: int | None) -> str:
    return BOX_ACTIONS.get(box, "") if box else ""


def development_reasons(predikat: str | None, box: int | None,
                        settings: TalentSettings = DEFAULT_TALENT_SETTINGS) -> list[str]:
    """Why a person is on the "perlu pengembangan" list (empty: not on it)."""
    reasons = []
    if predikat in BELOW_BAIK:
        reasons.append(f"predikat SKP {predikat}")
    if box in settings.development_boxes:
        reasons.append(f"kotak {box}: {box_action(box)}")
    return reasons


def fits_education(family: str, admitted: str | tuple | list) -> bool:
    """Competence fit: the post admits the person's education family (empty list: any)."""
    families = [f for f in (admitted.split(",") if isinstance(admitted, str) else admitted) if f]
    return not families or family in families


def succession_ready(golongan: str, band_low: str, band_high: str) -> bool:
    """Within the post's pangkat band, or one step below it (ready for promotion into it)."""
    rank = golongan_rank(golongan)
    return golongan_rank(band_low) - 1 <= rank <= golongan_rank(band_high)

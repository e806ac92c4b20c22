"""DOMAIN.md's distribution guidance (organisation predikat → staff predikat) row by row, and the
potensial score of the talent map."""
from __future__ import annotations

import pytest

from domain.rules import DomainError
from domain.skp_guidance import Bound, check_distribution, distribution
from domain.talent import TalentSettings, development_reasons, fits_education, potential_score

ORDER = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")

# organisation predikat | staff counts SB B BP K SK | expected warnings (substrings, "" = fits)
GUIDANCE_TABLE = """
Istimewa        | 7 3 0 0 0  |
Istimewa        | 8 2 0 0 0  | Sangat Baik paling banyak 70% (saat ini 80%)
Baik            | 1 7 2 0 0  |
Baik            | 2 7 0 1 0  |
Baik            | 0 8 2 0 0  | Baik paling banyak 70% (saat ini 80%)
Baik            | 3 7 0 0 0  | harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang
Butuh Perbaikan | 1 3 6 0 0  |
Butuh Perbaikan | 0 5 5 0 0  | Butuh Perbaikan paling sedikit 60% (saat ini 50%)
Butuh Perbaikan | 2 2 6 0 0  | Sangat Baik paling banyak 10% (saat ini 20%)
Kurang          | 1 1 1 6 1  |
Kurang          | 0 2 1 5 2  | Kurang paling sedikit 60% (saat ini 50%)
Kurang          | 1 3 0 6 0  | Butuh Perbaikan paling sedikit 10% (saat ini 0%)
Kurang          | 2 0 1 7 0  | Sangat Baik paling banyak 10% (saat ini 20%)
Sangat Kurang   | 0 2 1 0 7  |
Sangat Kurang   | 0 0 0 1 9  |
Sangat Kurang   | 0 3 1 0 6  |
Sangat Kurang   | 0 4 1 0 5  | Sangat Kurang paling sedikit 60% (saat ini 50%)
Sangat Kurang   | 0 3 0 0 7  | Kurang dan/atau Butuh Perbaikan paling sedikit 10% (saat ini 0%)
Sangat Kurang   | 1 1 1 0 7  | Sangat Baik tidak boleh ada (saat ini 10%)
"""


def guidance_rows():
    for line in GUIDANCE_TABLE.strip().splitlines():
        org, counts, expected = (part.strip() for part in line.split("|"))
        yield org, dict(zip(ORDER, map(int, counts.split()))), expected


@pytest.mark.parametrize("org,counts,expected", list(guidance_rows()))
def test_the_distribution_guidance_follows_domain_md(org, counts, expected):
    warnings = check_distribution(org, counts)
    if not expected:
        assert warnings == []
    else:
        assert len(warnings) == 1 and expected in warnings[0] and warnings[0].startswith(f"Unit berpredikat {org}")


def test_an_empty_unit_has_no_warning_and_an_unknown_organisation_predikat_is_refused():
    assert check_distribution("Baik", distribution([])) == []
    with pytest.raises(DomainError, match="Predikat unit 'Hebat' tidak dikenal"):
        check_distribution("Hebat", {"Baik": 1})


def test_the_guidance_table_is_a_setting():
    strict = {"Baik": (Bound(("Baik",), at_most=0.5),)}
    assert check_distribution("Baik", {"Baik": 6, "Kurang": 4}, strict) == [
        "Unit berpredikat Baik: Baik paling banyak 50% (saat ini 60%)."]


@pytest.mark.parametrize("components,score,potensial", [
    ({"kompetensi": 100, "potensi": 100, "kualifikasi": 100, "integritas": 100}, 100.0, "tinggi"),
    ({"kompetensi": 80, "potensi": 80, "kualifikasi": 80, "integritas": 80}, 80.0, "tinggi"),
    ({"kompetensi": 90, "potensi": 50, "kualifikasi": 60, "integritas": 70}, 71.0, "menengah"),
    ({"kompetensi": 60, "potensi": 60, "kualifikasi": 60, "integritas": 60}, 60.0, "menengah"),
    ({"kompetensi": 50, "potensi": 70, "kualifikasi": "59,5", "integritas": 60}, 58.4, "rendah"),
])
def test_the_potensial_score_weights_competence_40_potential_25_qualification_20_integrity_15(
        components, score, potensial):
    assert potential_score(components) == (score, potensial)


def test_weights_and_cut_offs_are_settings_and_must_be_consistent():
    settings = TalentSettings().with_overrides(menengah_from=50.0, tinggi_from=70.0)
    assert potential_score({"kompetensi": 70, "potensi": 70, "kualifikasi": 70, "integritas": 70},
                           settings) == (70.0, "tinggi")
    with pytest.raises(DomainError, match="Jumlah bobot potensial harus 100%"):
        TalentSettings(weights={"kompetensi": 50, "potensi": 25, "kualifikasi": 20, "integritas": 15})
    with pytest.raises(DomainError, match="Nilai Integritas wajib diisi"):
        potential_score({"kompetensi": 1, "potensi": 1, "kualifikasi": 1})


def test_who_needs_development_and_who_does_not_fit_their_post():
    assert development_reasons("Baik", 9) == []
    assert development_reasons("Baik", 1) == []  # box 1 goes the discipline route, not development
    assert development_reasons("Butuh Perbaikan", 3) == [
        "predikat SKP Butuh Perbaikan", "kotak 3: penempatan sesuai; bimbingan kinerja; pengembangan"]
    assert fits_education("kesehatan", "kesehatan,farmasi") and fits_education("hukum", "")
    assert not fits_education("pendidikan", "kesehatan")

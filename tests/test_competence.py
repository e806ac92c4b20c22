"""Competence (JPM) and the tables behind posts: figures from DOMAIN.md, table-driven."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.competence import (MANAJERIAL, SOSIAL_KULTURAL, Assessment, check_standard,
                               default_standard, jpm, jpm_category)
from domain.city_plan import PlanSettings
from domain.plan_rules import competence_rules, person_jpm
from domain.professions import band_problems, check_post_band, jf_of
from domain.rules import DomainError
from tests.city_builder import AS_OF, person, post

S = PlanSettings()
CORE = tuple((name, "manajerial", 3) for name in MANAJERIAL) + \
    ((SOSIAL_KULTURAL[0], "sosial_kultural", 3),)
TEKNIS = (("penyusunan anggaran", "teknis", 3), ("analisis kebijakan", "teknis", 3))


def levels(core: int, **teknis) -> dict:
    found = {name: core for name in MANAJERIAL + SOSIAL_KULTURAL}
    return found | {name.replace("_", " "): level for name, level in teknis.items()}


JPM_CASES = [  # (case, assessment levels, standard, jenjang, settings, JPM, category)
    ("every level met", levels(3), CORE, None, {}, 100.0, "Memenuhi Syarat"),
    ("one competence at 1 of 3", levels(3) | {"integritas": 1}, CORE, None, {}, 92.59,
     "Memenuhi Syarat"),
    ("above the standard counts only up to it", levels(5), CORE, None, {}, 100.0,
     "Memenuhi Syarat"),
    ("... unless the cap is off", levels(4), CORE, None, {"jpm_cap_at_required": False}, 133.33,
     "Memenuhi Syarat"),
    ("all at 2 of 3", levels(2), CORE, None, {}, 66.67, "Kurang Memenuhi Syarat"),
    ("ahli pertama: teknis 60 / manajerial 40", levels(3, penyusunan_anggaran=2,
                                                      analisis_kebijakan=2),
     CORE + TEKNIS, "ahli_pertama", {}, 80.0, "Memenuhi Syarat"),
    ("ahli madya: teknis 40 / manajerial 60", levels(3, penyusunan_anggaran=2,
                                                    analisis_kebijakan=2),
     CORE + TEKNIS, "ahli_madya", {}, 86.67, "Memenuhi Syarat"),
    ("no weighting: pooled", levels(3, penyusunan_anggaran=2, analisis_kebijakan=2),
     CORE + TEKNIS, "ahli_pertama", {"jpm_weighted": False}, 93.94, "Memenuhi Syarat"),
    ("a missing teknis competence counts 0", levels(3, penyusunan_anggaran=3), CORE + TEKNIS,
     None, {}, 90.91, "Memenuhi Syarat"),
    ("three competences at 1 of 3", levels(3) | dict.fromkeys(MANAJERIAL[:3], 1), CORE, None,
     {}, 77.78, "Masih Memenuhi Syarat"),
    ("no assessment", None, CORE, None, {}, None, None),
]


@pytest.mark.parametrize("case,found,standard,level,changes,value,category", JPM_CASES,
                         ids=[case[0] for case in JPM_CASES])
def test_jpm_and_its_category(case, found, standard, level, changes, value, category):
    settings = replace(S, **changes)
    assert jpm(found, standard, level, settings) == value
    assert jpm_category(value, settings) == category


@pytest.mark.parametrize("value,category", [(80.0, "Memenuhi Syarat"),
                                            (79.99, "Masih Memenuhi Syarat"),
                                            (68.0, "Masih Memenuhi Syarat"),
                                            (67.99, "Kurang Memenuhi Syarat")])
def test_the_category_thresholds_of_domain_md(value, category):
    assert jpm_category(value, S) == category


@pytest.mark.parametrize("jabatan_type,level,required", [
    ("jpt", None, 4), ("administrator", None, 3), ("pengawas", None, 3),
    ("fungsional_keahlian", "ahli_madya", 3), ("fungsional_keahlian", "ahli_muda", 2),
    ("fungsional_keahlian", "ahli_pertama", 2), ("fungsional_keterampilan", "terampil", 2),
    ("pelaksana", None, 2)])
def test_a_post_without_a_standard_gets_the_default_by_level(jabatan_type, level, required):
    standard = default_standard(jabatan_type, level, S)
    assert len(standard) == 9 and {item[2] for item in standard} == {required}
    assert check_standard(standard) == []


def test_a_standard_is_checked():
    assert check_standard((("integritas", "manajerial", 6), ("x", "lain", 2),
                           ("integritas", "manajerial", 3))) == [
        "level integritas harus 1–5, bukan 6", "jenis kompetensi 'lain' tidak dikenal "
        "(manajerial, sosial_kultural, teknis)", "kompetensi integritas muncul dua kali"]


def test_structural_candidates_need_at_least_masih_memenuhi_syarat():
    kasi = post("KASI", "U", 1, "pengawas", band=("III/c", "III/d"), eselon="IV.a")  # default 3s
    for core, blocked in [(3, False), (2, True)]:  # 2 of 3 everywhere: 66.67% < 68%
        who = person("X", "KASI", assessment=Assessment(AS_OF, tuple(levels(core).items())))
        assert bool(competence_rules(who, kasi, S)) == blocked
        assert person_jpm(who, kasi, S) == (100.0 if core == 3 else 66.67)
    unassessed = person("X", "KASI")
    assert "Belum ada hasil asesmen" in competence_rules(unassessed, kasi, S)[0][1]
    assert competence_rules(unassessed, kasi, replace(S, structural_needs_jpm=False)) == []


# --- post bands against the tables (post creation) ------------------------------------------------
BAND_CASES = [  # (jabatan_type, eselon, level, low, high, problem or "")
    ("administrator", "III.b", None, "III/d", "IV/a", ""),
    ("administrator", "III.b", None, "III/c", "IV/a", "bertentangan dengan eselon III.b"),
    ("pengawas", "III.b", None, "III/d", "IV/a", "harus eselon IV.a atau IV.b"),
    ("jpt", "II.b", None, "IV/b", "IV/c", ""),
    ("fungsional_keahlian", None, "ahli_pertama", "III/a", "III/b", ""),
    ("fungsional_keahlian", None, "ahli_pertama", "III/a", "III/d", "jenjang Ahli Pertama"),
    ("fungsional_keterampilan", None, "ahli_muda", "III/c", "III/d", "bukan jenjang"),
    ("fungsional_keterampilan", None, "terampil", "II/b", "II/d", ""),
    ("pelaksana", None, None, "II/a", "III/d", ""),
    ("pelaksana", None, None, "III/d", "II/a", "terbalik"),
]


@pytest.mark.parametrize("jabatan_type,eselon,level,low,high,problem", BAND_CASES)
def test_a_post_band_must_agree_with_the_eselon_and_jf_tables(jabatan_type, eselon, level, low,
                                                             high, problem):
    found = band_problems(jabatan_type, eselon, level, low, high)
    if not problem:
        assert found == []
        check_post_band(jabatan_type, eselon, level, low, high)
    else:
        assert any(problem in text for text in found), found
        with pytest.raises(DomainError, match="Rentang pangkat jabatan tidak sah"):
            check_post_band(jabatan_type, eselon, level, low, high)


@pytest.mark.parametrize("name,jabatan_type,recorded,expected", [
    ("Perawat Ahli Pertama", "fungsional_keahlian", None, "Perawat"),
    ("Dokter Spesialis Ahli Muda", "fungsional_keahlian", None, "Dokter Spesialis"),
    ("Asisten Apoteker Terampil", "fungsional_keterampilan", None, "Asisten Apoteker"),
    ("Guru Kelas", "fungsional_keahlian", "Guru", "Guru"),
    ("Pengadministrasi Umum", "pelaksana", None, None),
])
def test_the_jf_of_a_post(name, jabatan_type, recorded, expected):
    assert jf_of(name, jabatan_type, recorded) == expected

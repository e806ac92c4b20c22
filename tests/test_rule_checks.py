"""Rule checks of one proposed move, read from the views (what the step view shows)."""
from __future__ import annotations

from datetime import date

from events.readside.readmodels import db
from events.readside.rule_checks import violations
from tests.factory import NURSE, PLANNER, TEACHER, build_small_city
from events.usecases import appraisal


def test_a_move_names_every_rule_it_breaks_with_its_regulation(system):
    build_small_city(system.app)
    for year in (2024, 2025):
        name = f"SKP {year}"
        if year == 2024:
            appraisal.open_period(system.app, PLANNER, name, year, date(year, 1, 1), date(year, 12, 31))
        appraisal.appraise(system.app, PLANNER, NURSE, name, "sesuai", "sesuai")
        appraisal.appraise(system.app, PLANNER, TEACHER, name, "di_bawah", "sesuai")
    db.connect(reuse_if_open=True)
    system.catch_up()
    as_of = date(2026, 3, 1)
    assert violations(NURSE, "DINKES-PERAWAT", as_of) == [  # the puskesmas's only nurse
        "Hanya 1 pemangku Perawat di Puskesmas Sibolga Kota (kebutuhan ABK 3); minimal 1 harus "
        "tetap (pengaturan “pemangku minimal per JF”)"]
    into_school = violations(NURSE, "DISDIK-GURU", as_of)
    assert any("Pasal 190" in v for v in into_school)  # a nurse's education does not fit a school
    teacher = violations(TEACHER, "DISDIK-GURU", as_of)
    assert any("Butuh Perbaikan" in v and "Peraturan BKN 5/2019" in v for v in teacher)
    assert violations("000", "DISDIK-GURU", as_of) == ["ASN atau jabatan tujuan tidak ditemukan di data saat ini."]

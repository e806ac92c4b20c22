"""Competence assessments: the rules for one result (level, date, names), the best-fitting posts
on the planner's rules, the file reader, and the all-or-nothing import on both databases."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from domain.access import Actor
from domain.city_plan import PlanSettings
from domain.competence import (MANAJERIAL, SOSIAL_KULTURAL, Assessment, canonical_levels,
                               check_assessment_date, check_level, known_names)
from domain.plan_snapshot import index
from domain.post_fit import best_fitting_posts
from domain.rules import DomainError
from events.files.competence_files import read_assessments
from events.files.survey_files import FileErrors
from events.readside import competence_queries
from events.readside.readmodels import EmployeeRow, db
from events.usecases import competence
from tests.city_builder import city, person, post
from tests.factory import CLERK, NURSE, PLANNER, TEACHER, build_small_city

TODAY = date(2026, 11, 27)
KNOWN = known_names(["pelayanan klinis"])
CORE = tuple((name, "manajerial", 3) for name in MANAJERIAL) + ((SOSIAL_KULTURAL[0], "sosial_kultural", 3),)


# --- one result ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value,level", [(1, 1), ("5", 5), (" 3 ", 3), (4.0, 4), ("2,0", 2), ("3.00", 3)])
def test_a_level_is_a_whole_number_from_1_to_5(value, level):
    assert check_level("integritas", value) == level


@pytest.mark.parametrize("value,message", [(0, "harus 1–5, bukan 0"), ("6", "harus 1–5, bukan 6"),
                                           ("-1", "harus 1–5"), ("3,5", "bukan bilangan bulat"),
                                           ("tiga", "bukan bilangan bulat"), ("", "wajib diisi"),
                                           (None, "wajib diisi"), (True, "wajib diisi"),
                                           ("=1+2", "bukan bilangan bulat")])
def test_a_level_outside_1_to_5_is_refused_in_indonesian(value, message):
    with pytest.raises(DomainError, match=message):
        check_level("integritas", value)


def test_an_assessment_date_may_not_lie_in_the_future():
    assert check_assessment_date("2026-11-27", TODAY) == TODAY
    assert check_assessment_date(date(2025, 1, 2), TODAY) == date(2025, 1, 2)
    with pytest.raises(DomainError, match="tidak boleh setelah hari ini"):
        check_assessment_date(date(2026, 11, 28), TODAY)
    with pytest.raises(DomainError, match="tidak sah"):
        check_assessment_date("2026-02-30", TODAY)


def test_competence_names_are_those_of_the_standards_in_any_case():
    assert canonical_levels({"Integritas": 3, "PELAYANAN  klinis": 2}, KNOWN) == {
        "integritas": 3, "pelayanan klinis": 2}
    with pytest.raises(DomainError, match="Kompetensi tidak dikenal: menyanyi"):
        canonical_levels({"menyanyi": 3}, KNOWN)


# --- the best-fitting posts -----------------------------------------------------------------------
def assessed(levels: dict) -> Assessment:
    return Assessment(on=date(2025, 6, 1), levels=tuple(levels.items()))


def test_best_fitting_posts_are_allowed_vacant_posts_ranked_by_jpm():
    strict = CORE[:8] + ((SOSIAL_KULTURAL[0], "sosial_kultural", 5),)
    people = [person("1", "A", assessment=assessed(dict.fromkeys(MANAJERIAL + SOSIAL_KULTURAL, 3)))]
    posts = [post("A", "U1", 1), post("B", "U2", 2, competence=CORE),      # 100%
             post("C", "U2", 2, competence=strict),                        # 27 of 29
             post("FULL", "U3", 0, competence=CORE),                       # no free seat
             post("HIGH", "U3", 2, competence=CORE, band=("IV/a", "IV/b")),  # pangkat band
             post("EDU", "U3", 2, competence=CORE, families=("kesehatan",))]  # education
    snapshot = city(people, posts)
    found = best_fitting_posts(snapshot.people[0], index(snapshot), PlanSettings())
    assert [(code.code, value) for value, code in found] == [("B", 100.0), ("C", 93.1)]
    assert best_fitting_posts(person("2", "A"), index(city([person("2", "A")], posts)),
                              PlanSettings()) == []  # never assessed: nothing to rank


# --- the file -------------------------------------------------------------------------------------
def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_a_file_with_unknown_columns_bad_levels_and_dates_is_refused_whole_with_every_place():
    data = csv_file("NIP,Tanggal,Integritas,Kerja Sama,Menyanyi",
                    f"{NURSE},2025-06-01,3,4,")
    with pytest.raises(FileErrors) as refused:
        read_assessments("hasil.csv", data, KNOWN, TODAY)
    assert [str(e) for e in refused.value.errors] == [
        "baris 1, kolom Menyanyi: kompetensi tidak dikenal (bukan manajerial, sosial kultural, atau "
        "teknis suatu standar jabatan)"]
    data = csv_file("nip;tanggal;integritas;kerja sama",
                    f"{NURSE};01-06-2025;3;6",
                    f"{TEACHER};2026-12-01;3;4",
                    f"{CLERK};kemarin;3;4",
                    "12345;2025-06-01;3;3")
    with pytest.raises(FileErrors) as refused:
        read_assessments("hasil.csv", data, KNOWN, TODAY)
    assert [(e.row, e.column) for e in refused.value.errors] == [
        (2, "kerja sama"), (3, "Tanggal"), (4, "Tanggal"), (5, "NIP")]
    messages = " | ".join(str(e) for e in refused.value.errors)
    assert "harus 1–5, bukan 6" in messages and "tidak boleh setelah hari ini" in messages
    assert "tidak sah" in messages and "harus 18 digit" in messages


def test_an_xlsx_file_is_read_with_its_dates_and_blank_cells():
    book = openpyxl.Workbook()
    book.active.append(["NIP", "Tanggal", "integritas", "pelayanan klinis"])
    book.active.append([NURSE, date(2025, 6, 1), 3, None])
    book.active.append([TEACHER, "2025-07-01", 4.0, 2])
    data = io.BytesIO()
    book.save(data)
    rows = read_assessments("hasil.xlsx", data.getvalue(), KNOWN, TODAY)
    assert [(r.row, r.nip, r.on, r.levels) for r in rows] == [
        (2, NURSE, date(2025, 6, 1), {"integritas": 3}),
        (3, TEACHER, date(2025, 7, 1), {"integritas": 4, "pelayanan klinis": 2})]


# --- the use case on both databases ------------------------------------------------------------------
def assessed_rows() -> dict:
    db.connect(reuse_if_open=True)
    return {r.nip: (r.assessed_on, r.assessment) for r in EmployeeRow.select()
            if r.assessed_on is not None}


def test_an_import_records_every_row_or_nothing(system):
    build_small_city(system.app)
    good = csv_file("NIP,Tanggal,Integritas,Kerja Sama,Perekat Bangsa",
                    f"{NURSE},2025-06-01,3,4,2", f"{TEACHER},02/07/2025,5,,3")
    bad = csv_file("NIP,Tanggal,Integritas", f"{CLERK},2025-06-01,3",
                   "199001012015031999,2025-06-01,3")  # a well-formed NIP nobody holds
    before = system.event_count()
    with pytest.raises(FileErrors) as refused:
        competence.import_assessments(system.app, PLANNER, "hasil.csv", bad, TODAY)
    assert [e.row for e in refused.value.errors] == [3]
    assert "tidak ditemukan" in str(refused.value.errors[0])
    assert system.event_count() == before and assessed_rows() == {}  # the clerk's good row neither
    with pytest.raises(FileErrors, match="muncul lebih dari sekali"):
        competence.import_assessments(system.app, PLANNER, "hasil.csv",
                                      csv_file("NIP,Tanggal,Integritas", f"{CLERK},2025-06-01,3",
                                               f"{CLERK},2025-06-02,4"), TODAY)
    result = competence.import_assessments(system.app, PLANNER, "hasil.csv", good, TODAY)
    assert result == {"rows": 2, "recorded": 2} and system.event_count() == before + 2
    rows = assessed_rows()
    assert rows[NURSE][0] == date(2025, 6, 1) and rows[TEACHER][0] == date(2025, 7, 2)
    assert sorted(map(tuple, __import__("json").loads(rows[TEACHER][1]))) == [
        ("integritas", 5), ("perekat bangsa", 3)]
    block = competence_queries.employee_competence(NURSE)
    assert block["assessed_on"] == date(2025, 6, 1) and block["jpm"] is not None
    assert {item["name"]: item["achieved"] for item in block["standard"]}["kerja sama"] == 4


def test_only_bkd_records_assessments_and_never_in_the_future(system):
    build_small_city(system.app)
    with pytest.raises(DomainError, match="tidak berwenang"):
        competence.assess_competence(system.app, Actor("kadis", "kepala_opd", "DINKES"), NURSE,
                                     date(2025, 6, 1), {"integritas": 3})
    with pytest.raises(DomainError, match="tidak berwenang"):
        competence.import_assessments(system.app, Actor("admin", "admin"), "x.csv", b"", TODAY)
    with pytest.raises(DomainError, match="tidak boleh setelah hari ini"):
        competence.assess_competence(system.app, Actor("vera", "verifikator"), NURSE,
                                     date(2026, 11, 28), {"integritas": 3}, today=TODAY)
    with pytest.raises(DomainError, match="tidak dikenal"):
        competence.assess_competence(system.app, Actor("vera", "verifikator"), NURSE,
                                     date(2025, 6, 1), {"bernyanyi": 3}, today=TODAY)
    competence.assess_competence(system.app, Actor("kaban", "kepala_bkd"), NURSE, date(2025, 6, 1),
                                 {"Integritas": 2}, today=TODAY)
    assert assessed_rows()[NURSE] == (date(2025, 6, 1), '[["integritas", 2]]')


def test_the_command_line_imports_a_file_or_refuses_it_listing_every_row(tmp_path):
    import json
    import os

    from conftest import mutasi
    from events.store import Storage
    from events.system import System
    data_dir = tmp_path / "data"
    system = System(Storage(data_dir))
    build_small_city(system.app)
    system.close()
    env = {**os.environ, "MUTASI_DATA_DIR": str(data_dir)}
    env.pop("MUTASI_DATABASE_URL", None)
    bad, good = tmp_path / "salah.csv", tmp_path / "hasil.csv"
    bad.write_bytes(csv_file("NIP,Tanggal,Integritas", f"{NURSE},2025-06-01,3", f"{CLERK},2025-06-01,0"))
    good.write_bytes(csv_file("NIP,Tanggal,Integritas", f"{NURSE},2025-06-01,3"))
    refused = mutasi("competence", "import", str(bad), env=env, check=False)
    assert refused.returncode == 1 and "baris 3, kolom integritas" in refused.stderr
    assert "tidak ada data yang disimpan" in refused.stderr
    assert json.loads(mutasi("competence", "import", str(good), "--json", env=env).stdout) == {
        "rows": 1, "recorded": 1}

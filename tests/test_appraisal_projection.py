"""The SKP cycle and talent map on real persistence (SQLite and PostgreSQL): the new events become
rows, replaying from scratch gives the same rows, and the read queries see what the users see."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import Actor
from domain.rules import make_nip
from events.usecases import appraisal, talent
from events.readside import appraisal_queries, projections, queries, talent_queries
from events.readside.readmodels import (AppraisalNoteRow, DevelopmentRow, EmployeeRow, TalentScoreRow,
                               UnitAppraisalRow, db)
from events.readside.talent_queries import TalentFilter
from tests.factory import CLERK, HEAD_DINKES, NURSE, PLANNER, TEACHER, build_small_city, person

COMMITTEE = Actor("tim", "tim_penilai")
LAWYER = make_nip(date(1988, 8, 8), date(2012, 1, 1), "L", 4)
SCORES = {"kompetensi": 90, "potensi": 80, "kualifikasi": 70, "integritas": 100}


@pytest.fixture
def city(system):
    build_small_city(system.app)
    person(system.app, LAWYER, "Andi Hasibuan", "L", date(1988, 8, 8), "DINKES-PERAWAT", family="hukum")
    db.connect(reuse_if_open=True)
    system.catch_up()
    return system


def run_cycle(app) -> None:
    for nip, hasil in ((NURSE, "di_atas"), (CLERK, "sesuai"), (LAWYER, "di_bawah")):
        appraisal.appraise(app, HEAD_DINKES, nip, "SKP 2025", hasil, "sesuai", f"catatan {nip[-3:]}")
    appraisal.submit_unit(app, HEAD_DINKES, "SKP 2025", "DINKES", [NURSE, CLERK, LAWYER])
    appraisal.return_unit(app, PLANNER, "SKP 2025", "DINKES", "lengkapi alasan")
    appraisal.set_unit_predikat(app, PLANNER, "SKP 2025", "DINKES", "Istimewa")
    appraisal.appraise(app, HEAD_DINKES, NURSE, "SKP 2025", "di_atas", "di_atas", "melampaui target")
    appraisal.open_period(app, PLANNER, "SKP 2024", 2024, date(2024, 1, 1), date(2024, 12, 31))
    appraisal.appraise(app, HEAD_DINKES, NURSE, "SKP 2024", "di_atas", "di_atas", "melampaui target")
    appraisal.close_period(app, PLANNER, "SKP 2024")  # the box takes kinerja from a closed period
    talent.score_potential(app, COMMITTEE, NURSE, SCORES)
    talent.assess_talent(app, COMMITTEE, LAWYER, "SKP 2025", "di_bawah", "menengah")
    talent.plan_development(app, HEAD_DINKES, LAWYER, "coaching", "coaching administrasi",
                                date(2025, 9, 1), "kotak 3", date(2025, 6, 1))
    talent.record_development_outcome(app, HEAD_DINKES, LAWYER, 1, "sebagian", "perlu lanjutan")


def test_cycle_and_talent_events_become_rows_and_a_rebuild_gives_the_same_checksum(city):
    run_cycle(city.app)
    city.catch_up()
    unit = UnitAppraisalRow.get(UnitAppraisalRow.unit_code == "DINKES")
    assert (unit.state, unit.return_reason, unit.org_predikat, unit.submitted_by) == (
        "dikembalikan", "lengkapi alasan", "Istimewa", "kadis.kes")
    nurse = EmployeeRow.get(EmployeeRow.nip == NURSE)
    note = AppraisalNoteRow.get(AppraisalNoteRow.employee_id == nurse.id)
    assert (note.justification, note.actor, nurse.last_predikat, nurse.last_box) == (
        "melampaui target", "kadis.kes", "Sangat Baik", 9)
    assert TalentScoreRow.get(TalentScoreRow.employee_id == nurse.id).score == 85.0
    assert nurse.version == city.app.employee(NURSE).version
    lawyer = EmployeeRow.get(EmployeeRow.nip == LAWYER)
    action = DevelopmentRow.get(DevelopmentRow.employee_id == lawyer.id)
    assert (action.kind, action.due, action.outcome, action.note) == ("coaching", date(2025, 9, 1),
                                                                      "sebagian", "perlu lanjutan")
    assert lawyer.version == city.app.employee(LAWYER).version
    kinds = [r["kind"] for r in queries.employee_timeline(lawyer.id)["rows"][:2]]
    assert kinds == ["Hasil pengembangan", "Rencana pengembangan"]

    incremental = projections.checksum()
    assert projections.rebuild(city.app) == city.event_count()
    assert projections.checksum() == incremental


def test_the_sheet_shows_each_persons_status_through_the_cycle(city):
    app, period = city.app, lambda: appraisal_queries.get_period("SKP 2025")
    appraisal.appraise(app, HEAD_DINKES, NURSE, "SKP 2025", "sesuai", "sesuai", "sesuai target")
    city.catch_up()
    statuses = {r["nip"]: r["status_label"] for r in appraisal_queries.sheet_rows(period(), "DINKES")}
    assert statuses == {NURSE: "draf", CLERK: "belum dinilai", LAWYER: "belum dinilai"}
    assert [r["nip"] for r in appraisal_queries.sheet_rows(period(), "DINKES", "PKM-SBK")] == [NURSE]
    summary = appraisal_queries.summary(period(), "DINKES")
    assert (summary["total"], summary["rated"], summary["unrated"]) == (3, 1, 2)
    assert summary["warnings"] == ["Unit berpredikat Baik: Baik paling banyak 70% (saat ini 100%).",
                                   "Unit berpredikat Baik: harus ada pegawai dengan predikat Butuh "
                                   "Perbaikan dan/atau Kurang (saat ini tidak ada)."]
    for nip in (CLERK, LAWYER):
        appraisal.appraise(app, HEAD_DINKES, nip, "SKP 2025", "di_bawah", "sesuai")
    appraisal.submit_unit(app, HEAD_DINKES, "SKP 2025", "DINKES", appraisal_queries.roster("DINKES"))
    city.catch_up()
    assert appraisal_queries.sheet_row(period(), "DINKES", NURSE)["status_label"] == "diajukan"
    appraisal.close_period(app, PLANNER, "SKP 2025")
    city.catch_up()
    assert appraisal_queries.sheet_row(period(), "DINKES", CLERK)["status_label"] == "final"


def test_progress_lists_overdue_units_and_the_city_distribution(city):
    app = city.app
    for nip in (NURSE, CLERK, LAWYER):
        appraisal.appraise(app, HEAD_DINKES, nip, "SKP 2025", "sesuai", "sesuai")
    appraisal.submit_unit(app, HEAD_DINKES, "SKP 2025", "DINKES", [NURSE, CLERK, LAWYER])
    city.catch_up()
    period = appraisal_queries.get_period("SKP 2025")
    during = appraisal_queries.progress(period, date(2025, 11, 1))
    after = {u["code"]: u for u in appraisal_queries.progress(period, date(2026, 1, 15))["units"]}
    assert during["overdue"] == 0 and during["submitted"] == 1
    assert (after["DINKES"]["overdue"], after["DISDIK"]["overdue"]) == (False, True)
    assert (after["DINKES"]["pct"], after["DISDIK"]["pct"], after["DINKES"]["total"]) == (100, 0, 3)
    assert {d["predikat"]: d["count"] for d in during["city"]}["Baik"] == 3


def test_the_talent_map_counts_boxes_lists_people_and_who_to_develop_or_move(city):
    app = city.app
    for nip, hasil, perilaku in ((NURSE, "di_atas", "di_atas"), (CLERK, "sesuai", "sesuai"),
                                 (LAWYER, "di_bawah", "sesuai"), (TEACHER, "sesuai", "sesuai")):
        appraisal.appraise(app, PLANNER, nip, "SKP 2025", hasil, perilaku)
    appraisal.close_period(app, PLANNER, "SKP 2025")
    talent.score_potential(app, COMMITTEE, NURSE, SCORES)
    talent.assess_talent(app, COMMITTEE, CLERK, "SKP 2025", "sesuai", "menengah")
    talent.assess_talent(app, COMMITTEE, LAWYER, "SKP 2025", "di_bawah", "rendah")
    talent.assess_talent(app, COMMITTEE, TEACHER, "SKP 2025", "sesuai", "rendah")
    city.catch_up()
    everything = TalentFilter("SKP 2025")
    grid = talent_queries.box_counts(PLANNER, everything)["grid"]
    assert [[c["count"] for c in line] for line in grid] == [[0, 0, 1], [1, 1, 0], [1, 0, 0]]
    assert talent_queries.box_counts(HEAD_DINKES, everything)["total"] == 3  # not the teacher
    assert talent_queries.box_counts(PLANNER, TalentFilter("SKP 2025", golongan="III/b"))["total"] == 4
    assert talent_queries.box_counts(PLANNER, TalentFilter("SKP 2025", golongan="IV"))["total"] == 0
    assert [p["nip"] for p in talent_queries.box_people(PLANNER, everything, 9)["rows"]] == [NURSE]
    develop = talent_queries.development_list(HEAD_DINKES, everything)
    assert [r["nip"] for r in develop["rows"]] == [LAWYER]  # Butuh Perbaikan; box 1 is not development
    moves = talent_queries.move_candidates(PLANNER, everything)
    assert [r["nip"] for r in moves["rows"]] == [LAWYER] and "pendidikan hukum" in moves["rows"][0]["reasons"][0]

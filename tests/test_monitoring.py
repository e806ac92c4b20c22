"""Monitoring at the use-case level: surveys by form and file, the decline flag after mutations, the
investigation up to a closing corrective action, post-move evaluations, and the planner's hold."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import ForbiddenError
from domain.plan_rules import move_blockers
from domain.plan_settings import PlanSettings
from domain.rules import DomainError
from domain.stakeholder_settings import StakeholderSettings
from events.usecases import monitoring, planning
from events.readside.rule_checks import violations
from events.readside.snapshot import city_snapshot
from events.readside import monitoring_queries
from events.readside.queries import employee_timeline
from events.readside.readmodels import EmployeeRow, ProposalRow
from events.readside.stakeholder_rows import EvaluationRow, InvestigationRow
from events.files.survey_files import FileErrors
from tests.factory import CLERK, HEAD_DINKES, HEAD_DISDIK, NURSE, PLANNER, TEACHER
from tests.stakeholder_city import HEAD_PKM, answers, csv_bytes, execute_move, views  # noqa: F401
from tests.test_survey import EXAMPLE


def record(system, unit, period, rows, **kwargs) -> dict:
    result = monitoring.record_survey(system.app, PLANNER, unit, period, rows, **kwargs)
    system.catch_up()
    return result


def flagged_city(system) -> dict:
    """PKM-SBK: 100 in 2025-S2, a nurse moved in on 2026-02-02, 75 in 2026-S1."""
    record(system, "PKM-SBK", "2025-S2", answers(4))
    execute_move(system.app)
    system.catch_up()
    return record(system, "PKM-SBK", "2026-S1", answers(3))


def kinds_of(nip: str) -> list[str]:
    return [r["kind"] for r in employee_timeline(EmployeeRow.get(EmployeeRow.nip == nip).id, per_page=50)["rows"]]


def test_the_worked_example_typed_into_the_form_scores_91_48():
    text = "\n".join(" ".join(map(str, row)) for row in EXAMPLE)
    assert monitoring.parse_form_answers(text + "\n\n") == EXAMPLE


@pytest.mark.parametrize("text,message", [
    ("4 4 4 4 4 4 4 4 4\n4 4 5 4 4 4 4 4 4", "baris 2, kolom u3: nilai 5 di luar rentang 1–4"),
    ("4 4 4 4 4 4 4 4", "baris 1, kolom u9: nilai kosong"),
    ("4 4 4 4 4 4 4 4 4 4", "baris 1: 10 jawaban"),
    ("4 4 x 4 4 4 4 4 4", "kolom u3: nilai 'x' bukan angka"),
])
def test_form_answers_errors_name_the_line_and_the_element(text, message):
    with pytest.raises(FileErrors) as refused:
        monitoring.parse_form_answers(text)
    assert message in "; ".join(map(str, refused.value.errors))


def test_a_drop_after_mutations_into_the_unit_flags_it_on_its_history_and_the_timelines(views):
    result = flagged_city(views)
    assert (result["score"], result["grade"], result["flag"] is not None) == (75.0, "C", True)
    case = InvestigationRow.get(InvestigationRow.id == result["flag"])
    assert (case.status, case.previous_score, case.drop, case.unit_code) == ("flagged", 100.0, 25.0, "PKM-SBK")
    assert [m["nip"] for m in monitoring_queries.get_investigation(case.id)["movements"]] == [CLERK]
    history = [h["kind"] for h in monitoring_queries.unit_history("PKM-SBK")]
    assert history == ["Penurunan layanan ditandai", "Survei kepuasan", "Survei kepuasan"]
    assert "Penurunan layanan unit" in kinds_of(CLERK)


def test_no_flag_without_mutations_or_below_the_threshold(views):
    record(views, "DISDIK", "2025", answers(4))
    assert record(views, "DISDIK", "2026", answers(3))["flag"] is None  # nobody moved
    record(views, "PKM-SBK", "2025-Q4", answers(4))
    execute_move(views.app)
    views.catch_up()
    slight = [[4] * 9] * 9 + [[3] * 9]  # 97.5: 2.5 points down
    assert record(views, "PKM-SBK", "2026-Q1", slight)["flag"] is None
    stricter = StakeholderSettings(decline_points=2.0)
    assert record(views, "PKM-SBK", "2026-Q2", [[4] * 9] * 8 + [[3] * 9] * 2,
                  settings=stricter)["flag"] is not None


def test_a_survey_is_recorded_once_per_unit_and_period(views):
    record(views, "DISDIK", "2026-S1", answers(4))
    events = views.event_count()
    with pytest.raises(DomainError, match="sudah tercatat"):
        record(views, "disdik", "2026-s1", answers(2))
    assert views.event_count() == events


def test_a_bad_file_is_refused_with_rows_and_columns_and_records_nothing(views):
    events = views.event_count()
    bad = csv_bytes([[4] * 9, [4, 4, 9, 4, 4, 4, 4, 4, 4], [4, 4, 4, 4, "", 4, 4, 4, 4]])
    with pytest.raises(FileErrors) as refused:
        monitoring.import_survey_file(views.app, PLANNER, "DISDIK", "2026", "skm.csv", bad)
    assert [str(e) for e in refused.value.errors] == [
        "baris 3, kolom u3: nilai 9 di luar rentang 1–4", "baris 4, kolom u5: nilai kosong; isi angka 1–4"]
    assert views.event_count() == events
    good = monitoring.import_survey_file(views.app, PLANNER, "DISDIK", "2026", "skm.csv", csv_bytes(EXAMPLE))
    assert (good["score"], good["grade"]) == (91.48, "A")


def test_only_bkd_records_surveys(views):
    with pytest.raises(ForbiddenError):
        monitoring.record_survey(views.app, HEAD_DISDIK, "DISDIK", "2026", answers(4))


def test_an_investigation_goes_from_flag_to_a_closing_corrective_action(views):
    case = flagged_city(views)["flag"]
    app = views.app
    with pytest.raises(DomainError, match="tidak dapat mencatat temuan"):
        monitoring.record_findings(app, PLANNER, case, findings="Perawat baru belum dilatih triase.")
    monitoring.open_investigation(app, PLANNER, case, note="")
    with pytest.raises(DomainError, match="Catat temuan"):
        monitoring.close_investigation(app, PLANNER, case, summary="Selesai ditangani.")
    monitoring.record_findings(app, PLANNER, case, findings="Perawat baru belum dilatih triase pasien.")
    with pytest.raises(DomainError, match="sedikitnya satu tindakan"):
        monitoring.close_investigation(app, PLANNER, case, summary="Selesai ditangani.")
    monitoring.record_action(views.app, PLANNER, case, "pelatihan", "Pelatihan triase dua minggu.", CLERK)
    proposal_id = monitoring.propose_correction(views.app, PLANNER, case, CLERK, "DINKES-PERAWAT",
                                                "Kembali ke dinas setelah pelatihan.")
    monitoring.close_investigation(app, PLANNER, case, summary="Pelatihan selesai; usulan korektif diajukan.")
    views.catch_up()
    proposal = ProposalRow.get(ProposalRow.id == proposal_id)
    assert (proposal.source, proposal.state, proposal.to_post) == ("corrective", "draft", "DINKES-PERAWAT")
    row = monitoring_queries.get_investigation(case)
    assert (row["status"], row["actions"]) == ("closed", 2)
    assert [a["kind"] for a in row["actions_list"]] == ["pelatihan", "usulan_korektif"]
    history = [h["kind"] for h in monitoring_queries.unit_history("PKM-SBK")][:5]
    assert history == ["Investigasi ditutup", "Tindakan korektif", "Tindakan korektif", "Temuan investigasi",
                       "Investigasi dibuka"]
    assert {"Investigasi dibuka", "Tindakan korektif", "Investigasi ditutup"} <= set(kinds_of(CLERK))


def test_corrective_actions_are_bkd_only_and_checked_before_any_proposal(views):
    case = flagged_city(views)["flag"]
    with pytest.raises(ForbiddenError):
        monitoring.propose_correction(views.app, HEAD_DINKES, case, CLERK, "DINKES-PERAWAT", "Kembali ke dinas.")
    proposals = ProposalRow.select().count()
    with pytest.raises(DomainError, match="tidak dapat mencatat tindakan"):  # still only flagged
        monitoring.propose_correction(views.app, PLANNER, case, CLERK, "DINKES-PERAWAT", "Kembali ke dinas.")
    views.catch_up()
    assert ProposalRow.select().count() == proposals


def test_evaluations_are_due_at_3_and_6_months_and_overdue_afterwards(views):
    proposal_id = execute_move(views.app, tmt=date(2026, 2, 2))
    views.catch_up()
    due = {r.months: r.due for r in EvaluationRow.select()}
    assert due == {3: date(2026, 5, 2), 6: date(2026, 8, 2)}
    inbox = monitoring_queries.evaluation_inbox(HEAD_PKM, date(2026, 5, 3), 30)
    assert [(r["months"], r["overdue"]) for r in inbox] == [(3, True), (6, False)]
    assert monitoring_queries.evaluation_inbox(HEAD_DISDIK, date(2026, 5, 3), 30) == []
    assert [(o["unit_code"], o["overdue"]) for o in monitoring_queries.overdue_by_unit(date(2026, 5, 3))] == [
        ("PKM-SBK", 1)]
    assert monitoring_queries.overdue_by_unit(date(2026, 5, 2)) == []

    def evaluate(actor, on, adaptation="baik", notes="", months=3):
        monitoring.record_evaluation(views.app, actor, proposal_id, months, adaptation, "sesuai", notes, on)
    with pytest.raises(DomainError, match="baru dapat diisi mulai 02-04-2026"):
        evaluate(HEAD_PKM, date(2026, 3, 1))
    with pytest.raises(ForbiddenError, match="kepala unit baru pegawai"):
        evaluate(HEAD_DISDIK, date(2026, 5, 10))
    with pytest.raises(DomainError, match="Catatan wajib"):
        evaluate(HEAD_PKM, date(2026, 5, 10), adaptation="kurang")
    evaluate(HEAD_PKM, date(2026, 5, 10), notes="Cepat menyesuaikan diri.")
    with pytest.raises(DomainError, match="sudah diisi"):
        evaluate(HEAD_PKM, date(2026, 5, 11))
    views.catch_up()
    assert monitoring_queries.overdue_by_unit(date(2026, 5, 11)) == []
    assert kinds_of(CLERK)[0] == "Evaluasi pasca-mutasi"
    assert "terlambat" in employee_timeline(EmployeeRow.get(EmployeeRow.nip == CLERK).id)["rows"][0]["summary"]


def test_the_planner_moves_nobody_out_of_a_unit_under_open_investigation(views):
    case = flagged_city(views)["flag"]
    snapshot, _ = city_snapshot(date(2026, 7, 1))
    clerk = next(p for p in snapshot.people if p.nip == CLERK)
    assert not clerk.unit_under_investigation  # flagged only: not yet an open investigation
    monitoring.open_investigation(views.app, PLANNER, case, note="")
    views.catch_up()
    snapshot, _ = city_snapshot(date(2026, 7, 1))
    people = {p.nip: p for p in snapshot.people}
    assert people[CLERK].unit_under_investigation and people[NURSE].unit_under_investigation  # both in PKM-SBK
    assert not people[TEACHER].unit_under_investigation
    blockers = move_blockers(people[CLERK], snapshot, PlanSettings(min_months_in_post=0, predikat_years=0))
    assert any("sedang diinvestigasi" in b for b in blockers)
    assert not any("diinvestigasi" in b for b in move_blockers(
        people[CLERK], snapshot, PlanSettings(min_months_in_post=0, predikat_years=0,
                                              hold_units_under_investigation=False)))


def test_an_individual_proposal_out_of_a_unit_under_investigation_is_held_like_a_plan_line(views):
    """One mapper from the views to the planner's snapshot: the rule check of a single proposal
    sees the investigation hold that the planner sees (it did not before)."""
    case = flagged_city(views)["flag"]
    assert not any("diinvestigasi" in v for v in violations(CLERK, "DINKES-PERAWAT", date(2026, 7, 1)))
    monitoring.open_investigation(views.app, PLANNER, case, note="")
    views.catch_up()
    assert any("sedang diinvestigasi" in v for v in violations(CLERK, "DINKES-PERAWAT", date(2026, 7, 1)))

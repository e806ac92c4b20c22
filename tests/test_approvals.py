"""The approval workflow at the use-case level: every transition, every refusal, separation of
duties, and two deciders racing on real persistence."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from domain.access import Actor
from domain.proposal import CHECKLIST
from domain.rules import ConflictError, DomainError
from events.usecases import approvals, decrees
from tests.factory import HEAD_DINKES, NURSE, PLANNER, build_small_city

VERIFIER = Actor("dewi.bkd", "perencana")
COMMITTEE = Actor("tim.satu", "tim_penilai")
COMMITTEE_2 = Actor("tim.dua", "tim_penilai")
MAYOR = Actor("walikota", "ppk")
ALL_DOCUMENTS = {key: True for key in CHECKLIST}


@pytest.fixture
def city(app):
    build_small_city(app)
    return app


def proposed(app) -> str:
    return approvals.propose(app, HEAD_DINKES, NURSE, "DINKES-PERAWAT", "memperkuat dinas")


def issue_decree(app, actor, proposal_id, **kwargs):
    return decrees.issue_decree(app, actor, [proposal_id], **kwargs)


def through(app, proposal_id, until: str):
    steps = [
        (approvals.submit, PLANNER, {"violations": []}),
        (approvals.record_documents, VERIFIER, {"checklist": ALL_DOCUMENTS}),
        (approvals.verify, VERIFIER, {}),
        (approvals.recommend, COMMITTEE, {"opinion": "setuju", "note": ""}),
        (approvals.decide, MAYOR, {"decision": "approve", "reason": ""}),
        (issue_decree, PLANNER, {"sk_number": "821.2/55/BKD/2026", "sk_date": date(2026, 1, 5),
                                 "tmt": date(2026, 2, 1)}),
    ]
    for use_case, actor, kwargs in steps:
        use_case(app, actor, proposal_id, **kwargs)
        if use_case.__name__ == until:
            break
    return approvals.load_proposal(app, proposal_id)


def test_a_proposal_goes_from_unit_head_to_execution_and_moves_the_asn(city):
    proposal_id = proposed(city)
    assert through(city, proposal_id, "issue_decree").state == "decreed"
    with pytest.raises(DomainError, match="TMT 2026-02-01"):
        decrees.execute(city, PLANNER, proposal_id, date(2026, 1, 20))
    decrees.execute(city, PLANNER, proposal_id, date(2026, 2, 1))
    proposal = approvals.load_proposal(city, proposal_id)
    assert proposal.state == "executed"
    assert proposal.evaluations_due == [date(2026, 5, 1), date(2026, 8, 1)]
    assert city.employee(NURSE).position_id == city.position("DINKES-PERAWAT").id


def test_verification_is_blocked_until_every_document_is_there(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "submit")
    approvals.record_documents(city, VERIFIER, proposal_id,
                               checklist={**ALL_DOCUMENTS, "bebas_temuan": False})
    with pytest.raises(DomainError, match="bebas temuan Inspektorat"):
        approvals.verify(city, VERIFIER, proposal_id)


def test_a_returned_proposal_goes_back_to_the_planner_with_the_reason(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "recommend")
    with pytest.raises(DomainError, match="Alasan wajib"):
        approvals.decide(city, MAYOR, proposal_id, decision="return", reason="")
    approvals.decide(city, MAYOR, proposal_id, decision="return", reason="lengkapi ABK")
    proposal = approvals.load_proposal(city, proposal_id)
    assert proposal.state == "returned"
    approvals.submit(city, PLANNER, proposal_id, violations=[])  # resubmitted after revision
    assert approvals.load_proposal(city, proposal_id).state == "submitted"


def test_rule_violations_block_submission_until_the_ppk_waives_them_with_a_reason(city):
    proposal_id = proposed(city)
    rule = "Masa jabatan 10 bulan < minimal 24 bulan (PP 11/2017 Pasal 190 ayat 3)"
    with pytest.raises(DomainError, match="perlu pengecualian"):
        approvals.submit(city, PLANNER, proposal_id, violations=[rule])
    with pytest.raises(DomainError, match="Hanya PPK"):
        approvals.waive_rule(city, PLANNER, proposal_id, rule=rule, reason="kebutuhan mendesak")
    approvals.waive_rule(city, MAYOR, proposal_id, rule=rule, reason="kebutuhan mendesak")
    approvals.submit(city, PLANNER, proposal_id, violations=[rule])


@pytest.mark.parametrize("step_name,actor,allowed", [
    ("recommend", PLANNER, False), ("recommend", MAYOR, False), ("recommend", COMMITTEE, True),
    ("decide", COMMITTEE, False), ("decide", PLANNER, False), ("decide", MAYOR, True),
    ("verify", COMMITTEE, False), ("verify", MAYOR, False), ("verify", VERIFIER, True),
])
def test_each_step_belongs_to_one_role(city, step_name, actor, allowed):
    proposal_id = proposed(city)
    previous = {"verify": "record_documents", "recommend": "verify", "decide": "recommend"}[step_name]
    through(city, proposal_id, previous)
    kwargs = {"recommend": {"opinion": "setuju", "note": ""}, "decide": {"decision": "approve", "reason": ""},
              "verify": {}}[step_name]
    if allowed:
        getattr(approvals, step_name)(city, actor, proposal_id, **kwargs)
    else:
        with pytest.raises(DomainError, match="bukan wewenang"):
            getattr(approvals, step_name)(city, actor, proposal_id, **kwargs)


def test_whoever_submitted_an_item_cannot_recommend_or_decide_it(city):
    chair = Actor(PLANNER.username, "tim_penilai")  # same user, now acting as committee member
    proposal_id = proposed(city)
    through(city, proposal_id, "verify")
    with pytest.raises(DomainError, match="Pemisahan tugas"):
        approvals.recommend(city, chair, proposal_id, opinion="setuju", note="")


def test_one_user_holds_at_most_one_step_of_an_item(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "recommend")
    same_person_as_ppk = Actor(COMMITTEE.username, "ppk")
    with pytest.raises(DomainError, match="satu langkah"):
        approvals.decide(city, same_person_as_ppk, proposal_id, decision="approve", reason="")


def test_a_decision_can_be_undone_while_nobody_upstream_acted_on_it(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "decide")
    with pytest.raises(DomainError, match="Hanya keputusan terakhir Anda"):
        approvals.undo_decision(city, Actor("ppk.lain", "ppk"), proposal_id)
    approvals.undo_decision(city, MAYOR, proposal_id)
    assert approvals.load_proposal(city, proposal_id).state == "recommended"
    with pytest.raises(DomainError, match="tidak dapat dilakukan"):
        issue_decree(city, PLANNER, proposal_id, sk_number="SK", sk_date=date(2026, 1, 1),
                     tmt=date(2026, 2, 1))


def test_withdrawing_is_an_event_and_ends_the_item(city):
    proposal_id = proposed(city)
    with pytest.raises(DomainError, match="Alasan penarikan"):
        approvals.withdraw(city, HEAD_DINKES, proposal_id, reason=" ")
    approvals.withdraw(city, HEAD_DINKES, proposal_id, reason="pegawai bersangkutan cuti")
    with pytest.raises(DomainError, match="tidak dapat dilakukan"):
        approvals.submit(city, PLANNER, proposal_id, violations=[])


def test_a_unit_head_proposes_only_for_their_own_units(city):
    with pytest.raises(DomainError, match="bukan pegawai unit Anda"):
        approvals.propose(city, Actor("kadis.dik", "kepala_opd", "DISDIK"), NURSE, "DINKES-PERAWAT", "x")


def test_a_stale_decision_is_refused_with_who_decided_and_when(city):
    proposal_id = proposed(city)
    proposal = through(city, proposal_id, "recommend")
    version = proposal.version
    approvals.decide(city, MAYOR, proposal_id, expected_version=version, decision="approve", reason="")
    with pytest.raises(DomainError, match="walikota \\(ppk\\)"):
        approvals.decide(city, Actor("wakil", "ppk"), proposal_id, expected_version=version,
                         decision="reject", reason="tidak perlu")


def test_two_committee_members_recommending_at_once_record_exactly_one_recommendation(system):
    app = system.app
    build_small_city(app)
    proposal_id = proposed(app)
    through(app, proposal_id, "verify")
    outcomes, barrier = [], threading.Barrier(2)

    def recommend(actor):
        proposal = approvals.load_proposal(app, proposal_id)
        barrier.wait()
        try:
            proposal.recommend(opinion="setuju", note="", actor=actor.username, role=actor.role)
            app.store(proposal, conflict="sudah diputuskan")
            outcomes.append("ok")
        except (ConflictError, DomainError) as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=recommend, args=(a,)) for a in (COMMITTEE, COMMITTEE_2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and "sudah diputuskan" in " ".join(outcomes)
    events = [type(e).__name__ for e in app.events.get(approvals.load_proposal(app, proposal_id).id)]
    assert events.count("Recommended") == 1


def test_the_decision_history_shows_on_the_asns_timeline_and_survives_a_rebuild(system):
    from events.readside import projections, queries
    from events.readside.readmodels import EmployeeRow, ProposalRow, db
    app = system.app
    build_small_city(app)
    proposal_id = proposed(app)
    through(app, proposal_id, "issue_decree")
    decrees.execute(app, PLANNER, proposal_id, date(2026, 2, 1))
    db.connect(reuse_if_open=True)
    system.catch_up()
    row = ProposalRow.get(ProposalRow.id == proposal_id)
    assert (row.state, row.recommended_by, row.decided_by, row.sk_number) == (
        "executed", "tim.satu", "walikota", "821.2/55/BKD/2026")
    employee = EmployeeRow.get(EmployeeRow.nip == NURSE)
    kinds = [r["kind"] for r in queries.employee_timeline(employee.id, per_page=50)["rows"]]
    assert kinds[:3] == ["Mutasi", "Mutasi dilaksanakan", "SK mutasi terbit"]
    assert {"Usulan mutasi", "Pertimbangan Tim Penilai", "Keputusan PPK"} <= set(kinds)
    assert employee.unit_code == "DINKES"
    before = projections.checksum()
    projections.rebuild(app)
    assert projections.checksum() == before


def test_text_that_could_become_a_spreadsheet_formula_stays_text():
    import io

    from openpyxl import load_workbook

    from events.files.documents import safe_cell, xlsx
    data = xlsx("Uji", ["a", "b"], [["=HYPERLINK(\"x\")", "+1"], ["-2", "@SUM(A1)"], ["biasa", 3]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]] == ["'=HYPERLINK(\"x\")", "'+1"]
    assert [c.value for c in sheet[3]] == ["'-2", "'@SUM(A1)"]
    assert [c.value for c in sheet[4]] == ["biasa", 3] and sheet.cell(2, 1).data_type == "s"
    assert safe_cell("\tx") == "'\tx"


def test_an_individual_proposal_is_checked_against_the_rules_when_submitted(system):
    from events.readside.readmodels import db
    app = system.app
    build_small_city(app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    proposal_id = approvals.propose(app, HEAD_DINKES, NURSE, "DINKES-PERAWAT", "memperkuat dinas")
    rules = approvals.current_violations(approvals.load_proposal(app, proposal_id))
    assert any("SKP" in rule for rule in rules)  # no appraisal recorded for the last two years
    with pytest.raises(DomainError, match="perlu pengecualian"):
        approvals.submit(app, PLANNER, proposal_id)
    for rule in rules:
        approvals.waive_rule(app, MAYOR, proposal_id, rule=rule, reason="kebutuhan mendesak")
    approvals.submit(app, PLANNER, proposal_id)
    waived = [e for e in app.events.get(approvals.load_proposal(app, proposal_id).id)
              if type(e).__name__ == "RuleWaived"]
    assert [(e.actor, e.reason) for e in waived] == [("walikota", "kebutuhan mendesak")] * len(rules)

"""The approval workflow at the use-case level, on real persistence: every step as BKD works, the
rules re-checked at each later step, one open move per person, separation of duties, the file as
evidence, and deciders or proposers racing each other (30 at once, SQLite and PostgreSQL)."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from domain.access import Actor, ForbiddenError
from domain.rules import DomainError
from events.readside.readmodels import ProposalRow, db
from events.store import Storage
from events.system import System
from events.usecases import appraisal, approvals, decrees, dossier, employees, organisation
from tests.factory import (CLERK, HEAD_BKD, HEAD_DINKES, MAYOR, NURSE, PDF, PLANNER, SK, STEPS, TODAY,
                           VERIFIER, in_session, proposed, ready_city, through, with_file)

@pytest.fixture
def city(tmp_path):
    system = System(Storage(tmp_path))
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    yield system.app
    system.close()


def test_a_proposal_goes_through_every_step_and_moves_the_asn(city):
    proposal_id = proposed(city)
    assert through(city, proposal_id, "decree").state == "decreed"
    with pytest.raises(DomainError, match="SPMT"):
        decrees.execute(city, PLANNER, proposal_id, TODAY)
    decrees.record_after_decree(city, VERIFIER, proposal_id, "spmt", TODAY, "SPMT/1")
    decrees.execute(city, PLANNER, proposal_id, TODAY)
    proposal = approvals.load_proposal(city, proposal_id)
    assert proposal.state == "executed" and city.employee(NURSE).position_id == city.position("DINKES-PERAWAT").id
    row = ProposalRow.get(ProposalRow.id == proposal_id)
    assert (row.verified_by, row.forwarded_by, row.recommended_by, row.decided_by, row.spmt_on) == (
        "vera.bkd", "kaban.bkd", "tim.penilai", "walikota", TODAY)
    assert proposed(city, to_post="PKM-PERAWAT")  # the move ended: a new proposal may start


def test_one_person_has_one_open_proposal_until_it_ends(city):
    first = proposed(city)
    with pytest.raises(DomainError, match="sedang dalam proses usulan"):
        approvals.propose(city, PLANNER, NURSE, "DISDIK-GURU", "permohonan sendiri", source="own_request")
    through(city, first, "forward")
    in_session(city, [first], objections={first: "belum mendesak"})
    approvals.decide(city, MAYOR, first, "reject", "mengikuti rekomendasi Tim")
    second = proposed(city)  # a rejection ends the open move
    with pytest.raises(DomainError, match="sedang dalam proses usulan"):
        approvals.undo_decision(city, MAYOR, first)  # the rejection cannot come back over the new one
    approvals.withdraw(city, HEAD_DINKES, second, "batal")
    approvals.undo_decision(city, MAYOR, first)
    assert approvals.load_proposal(city, first).state == "recommended"


def test_the_person_must_still_be_in_the_from_post_when_the_sk_is_issued(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "decide")
    employees.transfer(city, PLANNER, NURSE, "DISDIK-GURU", "800/10", TODAY, TODAY, "penugasan lain")
    with pytest.raises(DomainError, match="tidak lagi menduduki jabatan asal PKM-PERAWAT"):
        decrees.issue_decree(city, HEAD_BKD, [proposal_id], SK, TODAY, TODAY)
    assert approvals.load_proposal(city, proposal_id).state == "approved"


def test_a_rule_that_fails_later_blocks_the_step_until_the_ppk_waives_it(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "verify")
    appraisal.correct_appraisal(city, PLANNER, NURSE, "SKP 2025", "di_bawah", "sesuai", "koreksi atasan")
    with pytest.raises(DomainError, match="ditahan.*SKP 2025"):
        approvals.forward(city, HEAD_BKD, proposal_id)
    [rule] = approvals.rules_now(city, approvals.load_proposal(city, proposal_id))
    with pytest.raises(DomainError, match="Hanya PPK"):
        approvals.waive_rule(city, HEAD_BKD, proposal_id, rule, "kebutuhan")
    approvals.waive_rule(city, MAYOR, proposal_id, rule, "puskesmas kekurangan perawat")
    approvals.forward(city, HEAD_BKD, proposal_id)


def test_a_waiver_comes_after_verification_and_never_after_execution(city):
    proposal_id = proposed(city)
    with pytest.raises(DomainError, match="setelah berkas diverifikasi"):
        approvals.waive_rule(city, MAYOR, proposal_id, "aturan apa pun", "alasan")
    through(city, proposal_id, "spmt")
    decrees.execute(city, PLANNER, proposal_id, TODAY)
    with pytest.raises(DomainError, match="Dilaksanakan"):
        approvals.waive_rule(city, MAYOR, proposal_id, "aturan apa pun", "alasan")


def test_the_file_needs_real_evidence_and_a_pdf_is_a_pdf(city):
    proposal_id = proposed(city)
    approvals.submit(city, PLANNER, proposal_id)
    with pytest.raises(DomainError, match="Berkas belum lengkap"):
        approvals.verify(city, VERIFIER, proposal_id)
    with pytest.raises(DomainError, match="isi berkas tidak dikenali"):
        dossier.record_evidence(city, PLANNER, proposal_id, "status_pns", "1", TODAY, "sk.pdf", b"MZ\x90\x00 exe")
    with pytest.raises(DomainError, match="paling besar"):
        dossier.record_evidence(city, PLANNER, proposal_id, "status_pns", "1", TODAY, "sk.pdf",
                                PDF + b"0" * (6 * 1024 * 1024))
    with_file(city, proposal_id)
    approvals.verify(city, VERIFIER, proposal_id)
    data, media_type, _ = dossier.evidence_file(city, MAYOR, proposal_id, "status_pns")
    assert (data, media_type) == (PDF, "application/pdf")
    with pytest.raises(ForbiddenError):
        dossier.evidence_file(city, HEAD_DINKES, proposal_id, "status_pns")


def test_the_ppk_decides_against_the_committee_only_one_by_one_and_with_a_reason(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "forward")
    in_session(city, [proposal_id], objections={proposal_id: "masa kerja di unit asal kurang"})
    with pytest.raises(DomainError, match="berbeda dengan rekomendasi"):
        approvals.bulk_decide(city, MAYOR, [proposal_id], "approve", "")
    approvals.decide(city, MAYOR, proposal_id, "approve", "puskesmas tujuan kosong", against_recommendation=True)
    row = ProposalRow.get(ProposalRow.id == proposal_id)
    assert row.state == "approved" and row.against_recommendation


def test_a_unit_head_withdraws_only_their_units_proposals(city):
    proposal_id = proposed(city)
    for outsider in (Actor("kadis.dik", "kepala_opd", "DISDIK"), Actor("admin", "admin")):
        with pytest.raises(DomainError):
            approvals.withdraw(city, outsider, proposal_id, "bukan urusan saya")
    through(city, proposal_id, "decree")
    with pytest.raises(DomainError, match="SK terbit"):
        approvals.withdraw(city, PLANNER, proposal_id, "terlambat")


def test_the_drafter_never_verifies_and_the_administrator_takes_no_step(city):
    proposal_id = approvals.propose(city, PLANNER, NURSE, "DINKES-PERAWAT", "permintaan sendiri",
                                    source="own_request")
    with pytest.raises(DomainError, match="surat permohonan"):
        approvals.submit(city, PLANNER, proposal_id)
    with_file(city, proposal_id)
    approvals.submit(city, PLANNER, proposal_id)
    with pytest.raises(DomainError, match="Pemisahan tugas"):
        approvals.verify(city, Actor(PLANNER.username, "verifikator"), proposal_id)
    with pytest.raises(DomainError, match="bukan wewenang"):
        approvals.verify(city, Actor("admin", "admin"), proposal_id)


def test_a_plan_follows_its_lines_from_submitted_to_closed(tmp_path):
    from domain.plan import Plan
    system = System(Storage(tmp_path))
    db.connect(reuse_if_open=True)
    app = system.app
    ready_city(app)
    line = {"nip": NURSE, "name": "Rina Situmeang", "from_post": "PKM-PERAWAT", "to_post": "DINKES-PERAWAT",
            "to_unit": "DINKES", "from_unit": "PKM-SBK", "reasons": ["mengisi kekurangan"], "score": 10.0}
    plan = Plan.draft(name="Uji", settings={}, log_position=0, figures={}, lines=[line], actor="perencana",
                      role="perencana")
    app.store(plan)
    [proposal_id] = approvals.submit_plan(app, PLANNER, plan.id)
    for _, step in STEPS[:1] + STEPS[2:6]:
        step(app, proposal_id)
    assert app.plan(plan.id).status == "decided"
    decrees.issue_decree(app, HEAD_BKD, [proposal_id], SK, TODAY, TODAY, plan_id=plan.id)
    assert app.plan(plan.id).status == "decreed"
    decrees.record_after_decree(app, VERIFIER, proposal_id, "spmt", TODAY, "SPMT/1")
    decrees.execute(app, PLANNER, proposal_id, TODAY)
    assert app.plan(plan.id).status == "closed"
    system.close()


# --- racing on real persistence (SQLite and PostgreSQL) --------------------------------------------
def race(count: int, work) -> list[str]:
    outcomes, barrier = [], threading.Barrier(count)

    def run(n):
        barrier.wait()
        try:
            work(n)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(str(error))
    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_thirty_simultaneous_proposals_for_one_person_give_one_proposal(system):
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    outcomes = race(30, lambda n: approvals.propose(  # a unit head and BKD, both clicking many times
        system.app, HEAD_DINKES if n % 2 else PLANNER, CLERK, "PKM-PERAWAT" if n % 2 else "DISDIK-GURU",
        f"usulan {n}", source="unit_head" if n % 2 else "own_request"))
    assert outcomes.count("ok") == 1, outcomes
    assert ProposalRow.select().where(ProposalRow.nip == CLERK).count() == 1


def test_thirty_simultaneous_decisions_on_one_proposal_give_one_decision(system):
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    proposal_id = proposed(system.app)
    version = through(system.app, proposal_id, "recommend").version
    deciders = [Actor(f"ppk{n}", "ppk") for n in range(30)]
    outcomes = race(30, lambda n: approvals.decide(system.app, deciders[n], proposal_id,
                                                   "approve" if n % 2 else "reject", "alasan", expected_version=version))
    assert outcomes.count("ok") == 1, outcomes
    decided = [e for e in system.app.events.get(approvals.load_proposal(system.app, proposal_id).id)
               if type(e).__name__ == "Decided"]
    assert len(decided) == 1


def test_the_decision_history_shows_on_the_asns_timeline_and_survives_a_rebuild(city):
    from events.readside import projections, queries
    from events.readside.readmodels import EmployeeRow
    proposal_id = proposed(city)
    through(city, proposal_id, "spmt")
    decrees.execute(city, PLANNER, proposal_id, TODAY)
    employee = EmployeeRow.get(EmployeeRow.nip == NURSE)
    kinds = [r["kind"] for r in queries.employee_timeline(employee.id, per_page=80)["rows"]]
    assert kinds[:3] == ["Mutasi", "Mutasi dilaksanakan", "Pelantikan/SPMT dicatat"]
    assert {"Usulan mutasi", "Diteruskan ke Tim Penilai", "Pertimbangan Tim Penilai", "Keputusan PPK",
            "SK mutasi terbit", "Bukti berkas dicatat"} <= set(kinds)
    before = projections.checksum()
    projections.rebuild(city)
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


def test_execution_waits_for_room_in_the_target_post(city):
    proposal_id = proposed(city)
    through(city, proposal_id, "spmt")
    organisation.change_need(city, PLANNER, "DINKES-PERAWAT", 1, "formasi dikurangi")
    result = decrees.execute_due(city, PLANNER, [proposal_id], TODAY + timedelta(days=1))
    assert result["done"] == 0 and "formasi kosong" in result["refused"][proposal_id]

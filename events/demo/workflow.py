"""Past decisions for the demo city: a plan and individual proposals that went through the whole
approval workflow (some returned, rejected or withdrawn), so the queues and the trail are not empty.
Everything goes through the same use cases as a user's clicks."""
from __future__ import annotations

from datetime import date

from domain.access import Actor
from domain.proposal import CHECKLIST
from events.usecases import approvals, decrees, planning
from events.readside.queries import visible_unit_codes
from events.readside.readmodels import EmployeeRow, PositionRow, ProposalRow

PLANNER = Actor("perencana", "perencana")
VERIFIER = Actor("admin", "admin")
COMMITTEE = Actor("tim.penilai", "tim_penilai")
MAYOR = Actor("walikota", "ppk")
HEAD = Actor("kadis.kesehatan", "kepala_opd", "DINKES")
ALL_DOCUMENTS = {key: True for key in CHECKLIST}


def run_demo_workflow(system, today: date) -> dict:
    app = system.app
    plan_id = planning.draft_from_views(app, PLANNER, "Rencana mutasi semester II 2026 (demo)",
                                        {"max_moves": 24, "time_limit": 60})
    approvals.submit_plan(app, PLANNER, plan_id)
    system.catch_up()
    ids = [r.id for r in ProposalRow.select().where(ProposalRow.plan_id == plan_id).order_by(ProposalRow.nip)]
    approvals.bulk_verify(app, VERIFIER, ids)
    approvals.bulk_recommend(app, COMMITTEE, ids[:20], {ids[0]: "kebutuhan unit asal masih tinggi"})
    approvals.bulk_decide(app, MAYOR, ids[:16], "approve", "", {ids[0]: ("reject", "mengikuti pertimbangan Tim Penilai"),
                                                               ids[1]: ("return", "lengkapi analisis beban kerja")})
    approved = ids[2:16]
    decrees.issue_decree(app, PLANNER, approved[:10], "821.2/301/BKD/2026", today, today, plan_id=plan_id)
    for proposal_id in approved[:10]:
        decrees.execute(app, VERIFIER, proposal_id, today)
    system.catch_up()
    individual = unit_head_proposals(app, system)
    return {"plan": str(plan_id), "plan_lines": len(ids), "executed": 10, "individual": individual}


def unit_head_proposals(app, system) -> int:
    """A few proposals by the head of Dinas Kesehatan, left at different steps."""
    puskesmas = [code for code in visible_unit_codes(HEAD) if code != HEAD.unit_code]
    nurses = (EmployeeRow.select(EmployeeRow.nip)
              .join(PositionRow, on=(EmployeeRow.position_id == PositionRow.id))
              .where(EmployeeRow.unit_code.in_(puskesmas), EmployeeRow.active,
                     PositionRow.jabatan_type == "pelaksana")
              .order_by(EmployeeRow.nip).limit(4))
    target = PositionRow.select().where(PositionRow.unit_code == "DINKES",
                                        PositionRow.jabatan_type == "pelaksana").order_by(PositionRow.code).first()
    if target is None:
        return 0
    made = []
    for n, row in enumerate(nurses):
        proposal_id = approvals.propose(app, HEAD, row.nip, target.code,
                                        "memperkuat administrasi dinas selama akreditasi puskesmas")
        made.append(proposal_id)
        if n == 0:
            approvals.withdraw(app, HEAD, proposal_id, reason="pegawai mengajukan cuti besar")
            continue
        rules = approvals.current_violations(approvals.load_proposal(app, proposal_id))
        for rule in rules:  # the demo's past decisions include waivers, as real ones do
            approvals.waive_rule(app, MAYOR, proposal_id, rule=rule,
                                 reason="kebutuhan mendesak akreditasi puskesmas (data demo)")
        approvals.submit(app, PLANNER, proposal_id)
        approvals.record_documents(app, VERIFIER, proposal_id,
                                   checklist={**ALL_DOCUMENTS, "bebas_temuan": n != 1})
        if n == 1:
            continue  # waits for the Inspektorat's letter
        approvals.verify(app, VERIFIER, proposal_id)
        if n == 3:
            approvals.recommend(app, COMMITTEE, proposal_id, opinion="setuju", note="")
    system.catch_up()
    return len(made)

"""Past decisions for the demo city: a plan and individual proposals that went through the approval
workflow as BKD works (a perencana drafts and prepares the file with its evidence, a verifikator
verifies, the Kepala BKD forwards to the Tim Penilai Kinerja and issues the SK, the committee
recommends in one session with its berita acara, the PPK decides, once against the committee with a
reason; SPMT and execution after the SK), with some lines returned,
rejected, withdrawn or still open, so the queues and the trail are not empty. Everything goes through
the same use cases as a user's clicks."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache

from fpdf import FPDF

from domain.access import Actor
from domain.proposal import OPEN_STATES
from events.demo.modules import fill_modules, plan_consultation
from events.readside.queries import visible_unit_codes
from events.readside.readmodels import EmployeeRow, PositionRow, ProposalRow
from events.usecases import approvals, committee, decrees, dossier, planning

PLANNER = Actor("perencana", "perencana")
VERIFIER = Actor("verifikator", "verifikator")
HEAD_BKD = Actor("kepala.bkd", "kepala_bkd")
COMMITTEE = Actor("tim.penilai", "tim_penilai")  # chairs the session and keeps its minutes
MEMBERS = ("tim.penilai", "tim.anggota1", "tim.anggota2")
MAYOR = Actor("walikota", "ppk")
HEAD = Actor("kadis.kesehatan", "kepala_opd", "DINKES")
DEMO_REASON = "(data demo)"


@cache
def demo_document() -> bytes:
    """One small scanned-looking PDF that stands for every document of the demo's files."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=timezone.utc))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "DOKUMEN CONTOH - DATA DEMO\nPemerintah Kota Sibolga (sintetis)\n"
                         "Berkas ini mewakili satu dokumen usulan mutasi.")
    return bytes(pdf.output())


def prepare_file(app, proposal_id, issued: date) -> None:
    """The perencana attaches a document to every item the route requires."""
    proposal = approvals.load_proposal(app, proposal_id)
    for n, item in enumerate(proposal.required_documents()):
        dossier.record_evidence(app, PLANNER, proposal_id, item, f"800/{n + 1}/BKD/{issued.year}", issued,
                                f"{item}.pdf", demo_document())


def run_demo_workflow(system, today: date) -> dict:
    app = system.app
    plan_id = planning.draft_from_views(app, PLANNER, "Rencana mutasi semester II 2026 (demo)",
                                        {"max_moves": 24, "time_limit": 60})
    approvals.submit_plan(app, PLANNER, plan_id)
    consultation = plan_consultation(app, plan_id)  # held before the plan's lines are decided
    ids = [r.id for r in ProposalRow.select().where(ProposalRow.plan_id == plan_id).order_by(ProposalRow.nip)]
    for proposal_id in ids[:20]:
        prepare_file(app, proposal_id, today - timedelta(days=20))
    approvals.bulk_verify(app, VERIFIER, ids[:20])
    approvals.bulk_forward(app, HEAD_BKD, ids[:18])
    committee_session(app, today, ids[:16], {  # (line, member) -> the member's objection
        (ids[0], "tim.anggota1"): "kebutuhan unit asal masih tinggi",
        (ids[0], "tim.anggota2"): "unit asal belum mendapat pengganti",
        (ids[2], "tim.penilai"): "masa kerja di unit asal belum cukup",
        (ids[2], "tim.anggota1"): "masa kerja di unit asal belum cukup",
        (ids[4], "tim.anggota2"): "sebaiknya menunggu hasil evaluasi semester"})
    approvals.decide(app, MAYOR, ids[2], "approve", "puskesmas tujuan tanpa tenaga pengganti sejak Juli "
                     + DEMO_REASON, against_recommendation=True)
    approvals.decide(app, MAYOR, ids[1], "return", "lengkapi analisis beban kerja " + DEMO_REASON)
    approvals.bulk_decide(app, MAYOR, [ids[0], *ids[3:14]], "approve", "",
                          {ids[0]: ("reject", "mengikuti rekomendasi Tim Penilai Kinerja")})
    approved = [ids[2], *ids[3:14]]
    decrees.issue_decree(app, HEAD_BKD, approved[:10], "821.2/301/BKD/2026", today, today, plan_id=plan_id)
    for proposal_id in approved[:10]:
        decrees.record_after_decree(app, VERIFIER, proposal_id, "spmt", today, f"SPMT/{str(proposal_id)[:4]}")
    executed = decrees.execute_due(app, PLANNER, approved[:10], today)["done"]
    individual = unit_head_proposals(app, system, today)
    modules = fill_modules(app, today, prepare_file)
    return {"plan": str(plan_id), "plan_lines": len(ids), "executed": executed, "individual": individual,
            "consultations": {**consultation, **modules.pop("consultation")}, **modules}


def committee_session(app, today: date, proposal_ids: list, objections: dict) -> None:
    """One session of the three demo members on the forwarded lines: a member objects alone on one
    line (the majority agrees), the majority objects on two (recommended "tidak setuju")."""
    number = f"01/TPK/{today.year}"
    committee.convene(app, COMMITTEE, number, today, proposal_ids, list(MEMBERS))
    for proposal_id in proposal_ids:
        for member in MEMBERS:
            objection = objections.get((proposal_id, member))
            committee.record_view(app, COMMITTEE, number, proposal_id, member,
                                  "tidak_setuju" if objection else "setuju", objection or "")
    committee.conclude(app, COMMITTEE, number)


def unit_head_proposals(app, system, today: date) -> int:
    """A few proposals by the head of Dinas Kesehatan, left at different steps."""
    puskesmas = [code for code in visible_unit_codes(HEAD) if code != HEAD.unit_code]
    in_plan = ProposalRow.select(ProposalRow.nip).where(ProposalRow.state.in_(OPEN_STATES))
    nurses = (EmployeeRow.select(EmployeeRow.nip)
              .join(PositionRow, on=(EmployeeRow.position_id == PositionRow.id))
              .where(EmployeeRow.unit_code.in_(puskesmas), EmployeeRow.active,
                     PositionRow.jabatan_type == "pelaksana",
                     EmployeeRow.nip.not_in(in_plan))  # nobody already in process
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
        prepare_file(app, proposal_id, today - timedelta(days=7))
        approvals.submit(app, PLANNER, proposal_id)
        if n == 1:
            continue  # waits for the verifikator
        approvals.verify(app, VERIFIER, proposal_id)
        for rule in approvals.rules_now(app, approvals.load_proposal(app, proposal_id)):
            approvals.waive_rule(app, MAYOR, proposal_id, rule=rule,  # waivers, as real files have them
                                 reason="kebutuhan mendesak akreditasi puskesmas " + DEMO_REASON)
        if n == 3:
            approvals.forward(app, HEAD_BKD, proposal_id)
    return len(made)

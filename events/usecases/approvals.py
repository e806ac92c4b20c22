"""Approval use cases: each step of a proposal is get → one command → store().

A plan line becomes a Proposal when the plan is submitted; individual proposals come from a unit
head or from an ASN's own request recorded by BKD. The SK and execution on the TMT: `decrees.py`.
"""
from __future__ import annotations

from uuid import UUID

from domain.access import Actor
from domain.employee import employee_id
from domain.proposal import CHECKLIST, Proposal
from domain.rules import DomainError
from events.app import Mutasi
from events.readside.approval_queries import move_violations
from events.usecases.employees import check_unit_scope

STEP_CONFLICT = ("Usulan ini baru saja diputuskan oleh pengguna lain; muat ulang untuk melihat siapa "
                 "dan kapan.")


def load_proposal(app: Mutasi, proposal_id) -> Proposal:
    try:
        return app.load(Proposal, UUID(str(proposal_id)), "Usulan")
    except ValueError:
        raise DomainError("Usulan tidak ditemukan.") from None


# --- making proposals -------------------------------------------------------------------------
def submit_plan(app: Mutasi, actor: Actor, plan_id) -> list[UUID]:
    """The planner submits a draft: every line becomes a submitted proposal, in one transaction."""
    plan = app.plan(plan_id)
    plan.submit(actor=actor.username, role=actor.role)
    proposals = []
    for line in plan.lines:
        proposal = Proposal.propose(source="plan", nip=line["nip"], employee_id=employee_id(line["nip"]),
                                    name=line["name"], from_post=line["from_post"], to_post=line["to_post"],
                                    to_unit=line["to_unit"], reason="; ".join(line["reasons"]) or "baris rencana",
                                    plan_id=plan.id, line=line, actor=actor.username, role=actor.role)
        proposal.submit(violations=[], actor=actor.username, role=actor.role)
        proposals.append(proposal)
    app.store(plan, *proposals)
    return [p.id for p in proposals]


def propose(app: Mutasi, actor: Actor, nip: str, to_post: str, reason: str,
            source: str = "unit_head", violations: list[str] | None = None) -> UUID:
    """An individual proposal (unit head, or an ASN's own request recorded by BKD)."""
    if source == "unit_head" and actor.role != "kepala_opd":
        raise DomainError("Usulan Kepala OPD hanya dapat dibuat oleh Kepala OPD.")
    if source == "own_request" and not actor.can("manage_employees"):
        raise DomainError("Permohonan ASN dicatat oleh BKD.")
    if source == "corrective" and not actor.can("investigate"):
        raise DomainError("Usulan korektif dari investigasi layanan dibuat oleh BKD.")
    employee = app.employee(nip)
    if not employee.active:
        raise DomainError(f"{employee.name} sudah tidak aktif.")
    if actor.role == "kepala_opd":
        check_unit_scope(app, actor, employee)
    from_post, target = app.load_position_code(employee.position_id), app.position(to_post)
    proposal = Proposal.propose(source=source, nip=employee.nip, employee_id=employee.id, name=employee.name,
                                from_post=from_post, to_post=target.code, to_unit=target.unit_code,
                                reason=reason, plan_id=None, line={"violations": violations or []},
                                actor=actor.username, role=actor.role)
    app.store(proposal)
    return proposal.id


def current_violations(proposal: Proposal) -> list[str]:
    """The rules the move breaks today. Plan lines were drafted within the rules by the planner."""
    return move_violations(proposal.source, proposal.nip, proposal.to_post)


# --- one step of one proposal -------------------------------------------------------------------
def proposal_at(app: Mutasi, proposal_id, expected_version: int | None) -> Proposal:
    """The proposal, refused when someone acted on it since the form was rendered."""
    proposal = load_proposal(app, proposal_id)
    if expected_version is not None and proposal.version != expected_version:
        last = list(app.events.get(proposal.id))[-1]
        raise DomainError(f"Usulan ini sudah ditindaklanjuti oleh {last.actor} ({last.role}) pada "
                          f"{last.timestamp:%d-%m-%Y %H:%M} UTC; muat ulang.")
    return proposal


def submit(app: Mutasi, actor: Actor, proposal_id, violations: list[str] | None = None,
           expected_version: int | None = None) -> None:
    """Submits a draft or returned proposal; the rules it breaks are checked from the views."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.submit(violations=current_violations(proposal) if violations is None else violations,
                    actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def waive_rule(app: Mutasi, actor: Actor, proposal_id, rule: str, reason: str,
               expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.waive(rule=rule, reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def record_documents(app: Mutasi, actor: Actor, proposal_id, checklist: dict[str, bool],
                     expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.record_documents(checklist=checklist, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def verify(app: Mutasi, actor: Actor, proposal_id, expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.verify(actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def return_to_planner(app: Mutasi, actor: Actor, proposal_id, reason: str,
                      expected_version: int | None = None) -> None:
    """BKD sends a submitted proposal back at the document check, with the reason."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.return_to_planner(step="verify", reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def recommend(app: Mutasi, actor: Actor, proposal_id, opinion: str, note: str,
              expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.recommend(opinion=opinion, note=note, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def decide(app: Mutasi, actor: Actor, proposal_id, decision: str, reason: str,
           expected_version: int | None = None) -> None:
    """The PPK approves, rejects or returns ('approve', 'reject', 'return')."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.decide(decision=decision, reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def undo_decision(app: Mutasi, actor: Actor, proposal_id,
                  expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.undo_decision(actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def withdraw(app: Mutasi, actor: Actor, proposal_id, reason: str,
             expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.withdraw(reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


# --- one step for many proposals (a plan's review page): all or nothing ---------------------------
def bulk_verify(app: Mutasi, actor: Actor, proposal_ids: list) -> int:
    """Every document recorded as complete, then verified."""
    proposals = [load_proposal(app, proposal_id) for proposal_id in proposal_ids]
    for proposal in proposals:
        proposal.record_documents(checklist={k: True for k in CHECKLIST}, actor=actor.username,
                                  role=actor.role)
        proposal.verify(actor=actor.username, role=actor.role)
    app.store(*proposals, conflict="Sebagian usulan baru saja diubah pengguna lain; muat ulang.")
    return len(proposals)


def bulk_recommend(app: Mutasi, actor: Actor, proposal_ids: list,
                   objections: dict | None = None) -> int:
    """'setuju' for every proposal except those in `objections` {id: note}: 'tidak setuju'."""
    objections = {str(k): v for k, v in (objections or {}).items()}
    proposals = [load_proposal(app, proposal_id) for proposal_id in proposal_ids]
    for proposal in proposals:
        objection = objections.get(str(proposal.id))
        proposal.recommend(opinion="setuju" if objection is None else "tidak_setuju",
                           note=objection or "", actor=actor.username, role=actor.role)
    app.store(*proposals, conflict="Sebagian usulan baru saja diubah pengguna lain; muat ulang.")
    return len(proposals)


def bulk_decide(app: Mutasi, actor: Actor, proposal_ids: list, decision: str, reason: str,
                exceptions: dict | None = None) -> int:
    """One decision for many proposals, with per-proposal exceptions {id: (decision, reason)}."""
    exceptions = {str(k): v for k, v in (exceptions or {}).items()}
    proposals = []
    for proposal_id in proposal_ids:
        proposal = load_proposal(app, proposal_id)
        own_decision, own_reason = exceptions.get(str(proposal.id), (decision, reason))
        proposal.decide(decision=own_decision, reason=own_reason, actor=actor.username, role=actor.role)
        proposals.append(proposal)
    app.store(*proposals, conflict="Sebagian usulan baru saja diputuskan pengguna lain; muat ulang.")
    return len(proposals)

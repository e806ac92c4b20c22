"""Approval use cases: each step of a proposal is get → one command → store().

A plan line becomes a Proposal when the plan is submitted; individual proposals come from a unit
head, from an ASN's own request recorded by BKD (with the letter as evidence) or from a service
investigation. Every proposal claims the person's one open move (domain/open_move.py) in the same
transaction, and releases it when it ends. Before every later step the rules are evaluated again on
the data of that moment (`rules_now`) and handed to the aggregate, which refuses the step while one
fails unwaived. The file's evidence: `dossier.py`; the committee's sessions: `committee.py`; the SK
and execution: `decrees.py`.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.employee import employee_id
from domain.formats import waktu
from domain.labels import label
from domain.open_move import OpenMove, open_move_id
from domain.organisation import Position
from domain.plan import Plan
from domain.plan_settings import PlanSettings
from domain.proposal import Proposal
from domain.rules import ConflictError, DomainError
from events.app import Mutasi
from events.readside import approval_queries
from events.readside.queries import may_see_unit_code
from events.readside.rule_checks import violations
from events.usecases.employees import employee_in_scope

STEP_CONFLICT = ("Usulan ini baru saja diputuskan oleh pengguna lain; muat ulang untuk melihat siapa "
                 "dan kapan.")
BULK_CONFLICT = "Sebagian usulan baru saja diubah pengguna lain; muat ulang."


def load_proposal(app: Mutasi, proposal_id) -> Proposal:
    try:
        return app.load(Proposal, UUID(str(proposal_id)), "Usulan")
    except ValueError:
        raise DomainError("Usulan tidak ditemukan.") from None


# --- the person's one open move ------------------------------------------------------------------
def open_move(app: Mutasi, actor: Actor, nip: str) -> OpenMove:
    try:
        return app.load(OpenMove, open_move_id(nip), "Usulan terbuka")
    except DomainError:
        return OpenMove.for_person(nip=nip, actor=actor.username, role=actor.role)


def claim_move(app: Mutasi, actor: Actor, proposal: Proposal) -> OpenMove:
    move = open_move(app, actor, proposal.nip)
    move.claim(proposal_id=proposal.id, name=proposal.name, actor=actor.username, role=actor.role)
    return move


def release_move(app: Mutasi, actor: Actor, proposal: Proposal) -> OpenMove:
    move = open_move(app, actor, proposal.nip)
    move.release(proposal_id=proposal.id, outcome=proposal.state, actor=actor.username, role=actor.role)
    return move


def store_with_move(app: Mutasi, proposal: Proposal, move: OpenMove) -> None:
    app.store(proposal, move, conflict=f"{proposal.name} baru saja diusulkan atau diputuskan oleh pengguna lain; "
                                       "satu orang hanya satu usulan terbuka. Muat ulang dan periksa.")


# --- the rules of the moment -----------------------------------------------------------------------
def plan_settings(app: Mutasi, plan_id) -> PlanSettings:
    """The rules' settings of a plan's lines: those its plan was drafted with (a proposal outside a
    plan, `plan_id` None: the defaults)."""
    return PlanSettings.from_dict(app.plan(plan_id).settings) if plan_id else PlanSettings()


def rules_now(app: Mutasi, proposal: Proposal, *days: date) -> list[str]:
    """The rules the move breaks on the data of this moment, evaluated on each given day (today by
    default); a plan line under the settings its plan was drafted with."""
    settings = plan_settings(app, proposal.plan_id)
    found: list[str] = []
    for day in days or (date.today(),):
        found += violations(proposal.nip, proposal.to_post, day, settings)
    return list(dict.fromkeys(found))


def current_violations(proposal: Proposal) -> list[str]:
    """What the step page shows before submission: the rules the move breaks today."""
    return violations(proposal.nip, proposal.to_post)


# --- making proposals -------------------------------------------------------------------------
def submit_plan(app: Mutasi, actor: Actor, plan_id) -> list[UUID]:
    """The planner submits a draft: every line becomes a submitted proposal and claims its person's
    open move, in one transaction; a person already in another proposal refuses the whole plan."""
    plan = app.plan(plan_id)
    plan.submit(actor=actor.username, role=actor.role)
    proposals, moves, refused = [], [], []
    for line in plan.lines:
        proposal = Proposal.propose(source="plan", nip=line["nip"], employee_id=employee_id(line["nip"]),
                                    name=line["name"], from_post=line["from_post"], to_post=line["to_post"],
                                    to_unit=line["to_unit"], reason="; ".join(line["reasons"]) or "baris rencana",
                                    plan_id=plan.id, line=line, actor=actor.username, role=actor.role,
                                    from_unit=line.get("from_unit"))
        try:
            moves.append(claim_move(app, actor, proposal))
        except DomainError as error:
            refused.append(str(error))
            continue
        proposal.submit(violations=[], actor=actor.username, role=actor.role)
        proposals.append(proposal)
    if refused:
        raise DomainError("Rencana tidak dapat diajukan: " + " ".join(refused) + " Tolak baris itu lalu "
                          "optimalkan ulang.")
    app.store(plan, *proposals, *moves, conflict="Sebagian pegawai dalam rencana ini baru saja diusulkan "
                                                 "pengguna lain; muat ulang draf.")
    return [p.id for p in proposals]


def propose(app: Mutasi, actor: Actor, nip: str, to_post: str, reason: str,
            source: str = "unit_head", route: str = "internal") -> UUID:
    """An individual proposal (unit head, an ASN's own request recorded by BKD, or corrective)."""
    if source == "unit_head" and actor.role != "kepala_opd":
        raise DomainError("Usulan Kepala OPD hanya dapat dibuat oleh Kepala OPD.")
    if source == "own_request" and actor.role != "perencana":
        raise DomainError("Permohonan ASN dicatat oleh perencana BKD.")
    if source == "corrective" and not actor.can("investigate"):
        raise DomainError("Usulan korektif dari investigasi layanan dibuat oleh BKD.")
    employee = employee_in_scope(app, actor, nip)  # a unit head: only a NIP of their unit
    if not employee.active:
        raise DomainError(f"{employee.name} sudah tidak aktif.")
    current = app.load(Position, employee.position_id, "Jabatan")
    target = app.position(to_post)
    proposal = Proposal.propose(source=source, nip=employee.nip, employee_id=employee.id, name=employee.name,
                                from_post=current.code, to_post=target.code, to_unit=target.unit_code,
                                reason=reason, plan_id=None, line=None, actor=actor.username,
                                role=actor.role, route=route, from_unit=current.unit_code)
    store_with_move(app, proposal, claim_move(app, actor, proposal))
    return proposal.id


# --- one step of one proposal -------------------------------------------------------------------
def proposal_at(app: Mutasi, proposal_id, expected_version: int | None) -> Proposal:
    """The proposal, refused when someone acted on it since the form was rendered."""
    proposal = load_proposal(app, proposal_id)
    if expected_version is not None and proposal.version != expected_version:
        last = approval_queries.last_step(proposal.id)
        who = (f" oleh {last['actor']} ({label('role', last['role'])}) pada {waktu(last['occurred_at'])}"
               if last else "")
        raise ConflictError(f"Usulan ini sudah ditindaklanjuti{who}; muat ulang.")
    return proposal


def submit(app: Mutasi, actor: Actor, proposal_id, expected_version: int | None = None) -> None:
    """Submits a draft or returned proposal; the rules it breaks today are recorded with it."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.submit(violations=rules_now(app, proposal), actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def waive_rule(app: Mutasi, actor: Actor, proposal_id, rule: str, reason: str,
               expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.waive(rule=rule, reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def verify(app: Mutasi, actor: Actor, proposal_id, expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.verify(actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def return_to_planner(app: Mutasi, actor: Actor, proposal_id, reason: str,
                      expected_version: int | None = None) -> None:
    """The verifikator sends a submitted proposal back at the document check, with the reason."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.return_to_planner(step="verify", reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def forward(app: Mutasi, actor: Actor, proposal_id, expected_version: int | None = None) -> None:
    """The Kepala BKD forwards a verified file to the Tim Penilai Kinerja."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.forward(violations=rules_now(app, proposal), actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def recommend(app: Mutasi, actor: Actor, proposal: Proposal, opinion: str, note: str, session_id: UUID) -> None:
    """The committee's recommendation on one proposal, with the rules of today. Only a concluded
    session gives one (`committee.conclude`, which stores it with the session in one transaction)."""
    proposal.recommend(opinion=opinion, note=note, violations=rules_now(app, proposal), session_id=session_id,
                       actor=actor.username, role=actor.role)


def decide(app: Mutasi, actor: Actor, proposal_id, decision: str, reason: str,
           against_recommendation: bool = False, expected_version: int | None = None) -> None:
    """The PPK approves, rejects or returns ('approve', 'reject', 'return'); a rejection ends the
    person's open move."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.decide(decision=decision, reason=reason, violations=rules_now(app, proposal),
                    against_recommendation=against_recommendation, actor=actor.username, role=actor.role)
    ended = [release_move(app, actor, proposal)] if proposal.state == "rejected" else []
    app.store(proposal, *ended, *plan_follows(app, actor, [proposal]), conflict=STEP_CONFLICT)


def undo_decision(app: Mutasi, actor: Actor, proposal_id, expected_version: int | None = None) -> None:
    """Takes back one's own last decision; undoing a rejection claims the person's move again."""
    proposal = proposal_at(app, proposal_id, expected_version)
    was_rejected = proposal.state == "rejected"
    proposal.undo_decision(actor=actor.username, role=actor.role)
    again = [claim_move(app, actor, proposal)] if was_rejected else []
    app.store(proposal, *again, conflict=STEP_CONFLICT)


def withdraw(app: Mutasi, actor: Actor, proposal_id, reason: str,
             expected_version: int | None = None) -> None:
    """BKD withdraws until the SK; a unit head only a proposal out of or into their own units."""
    proposal = proposal_at(app, proposal_id, expected_version)
    if actor.role == "kepala_opd" and not any(
            may_see_unit_code(actor, code) for code in (proposal.from_unit, proposal.to_unit) if code):
        raise ForbiddenError("Usulan ini bukan usulan unit Anda; hanya BKD yang dapat menariknya.")
    proposal.withdraw(reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, release_move(app, actor, proposal), *plan_follows(app, actor, [proposal]),
              conflict=STEP_CONFLICT)


# --- one step for many proposals (a plan's review page): all or nothing ---------------------------
def bulk(app: Mutasi, proposal_ids: list, step) -> list[Proposal]:
    """Runs `step(proposal)` on each; refuses the whole set, naming every person it failed for."""
    proposals, refused = [load_proposal(app, proposal_id) for proposal_id in proposal_ids], []
    for proposal in proposals:
        try:
            step(proposal)
        except DomainError as error:
            refused.append(f"{proposal.name}: {error}")
    if refused:
        raise DomainError(f"Tidak ada yang disimpan; {len(refused)} dari {len(proposals)} usulan ditolak: "
                          + " | ".join(refused))
    return proposals


def bulk_verify(app: Mutasi, actor: Actor, proposal_ids: list) -> int:
    """Verifies every file that already carries its evidence (nothing is ticked on anyone's behalf)."""
    proposals = bulk(app, proposal_ids, lambda p: p.verify(actor=actor.username, role=actor.role))
    app.store(*proposals, conflict=BULK_CONFLICT)
    return len(proposals)


def bulk_forward(app: Mutasi, actor: Actor, proposal_ids: list) -> int:
    proposals = bulk(app, proposal_ids, lambda p: p.forward(violations=rules_now(app, p), actor=actor.username,
                                                            role=actor.role))
    app.store(*proposals, conflict=BULK_CONFLICT)
    return len(proposals)


def bulk_decide(app: Mutasi, actor: Actor, proposal_ids: list, decision: str, reason: str,
                exceptions: dict | None = None) -> int:
    """One decision for many proposals, with per-proposal exceptions {id: (decision, reason)}. A
    bulk decision never goes against the committee: such lines are refused by name, to be decided
    one by one."""
    exceptions = {str(k): v for k, v in (exceptions or {}).items()}

    def one(proposal: Proposal) -> None:
        own_decision, own_reason = exceptions.get(str(proposal.id), (decision, reason))
        proposal.decide(decision=own_decision, reason=own_reason, violations=rules_now(app, proposal),
                        actor=actor.username, role=actor.role)
    proposals = bulk(app, proposal_ids, one)
    ended = [release_move(app, actor, p) for p in proposals if p.state == "rejected"]
    app.store(*proposals, *ended, *plan_follows(app, actor, proposals),
              conflict="Sebagian usulan baru saja diputuskan pengguna lain; muat ulang.")
    return len(proposals)


# --- the plan follows its lines -----------------------------------------------------------------
def plan_follows(app: Mutasi, actor: Actor, changed: list[Proposal]) -> list[Plan]:
    """The plans whose state moves on with these proposals: decided once no line awaits a decision,
    decreed once every approved line has its SK, closed once every line has ended."""
    plans = []
    for plan_id in {p.plan_id for p in changed if p.plan_id}:
        states = approval_queries.plan_states(plan_id)
        states.update({str(p.id): p.state for p in changed if p.plan_id == plan_id})
        plan, target = app.plan(plan_id), approval_queries.plan_stage(states.values())
        if target and plan.status != target and plan.status in ("submitted", "decided", "decreed"):
            plan.advance(to=target, actor=actor.username, role=actor.role)
            plans.append(plan)
    return plans

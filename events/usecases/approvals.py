"""Approval use cases: each step of a proposal is get → one command → save().

A plan line becomes a Proposal when the plan is submitted; individual proposals come from a unit
head or from an ASN's own request recorded by BKD. Execution on the TMT records the mutation on the
Employee in the same transaction as the proposal's Executed event.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor
from domain.employee import Employee, employee_id
from domain.proposal import CHECKLIST, Proposal
from domain.rules import DomainError


def load_proposal(app, proposal_id) -> Proposal:
    try:
        return app.load(Proposal, UUID(str(proposal_id)), "Usulan")
    except ValueError:
        raise DomainError("Usulan tidak ditemukan.") from None


def submit_plan(app, actor: Actor, plan_id) -> list[UUID]:
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


def propose(app, actor: Actor, nip: str, to_post: str, reason: str, source: str = "unit_head",
            violations: list[str] | None = None) -> UUID:
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
        app.check_unit_scope(actor, employee)
    from_post, target = app.load_position_code(employee.position_id), app.position(to_post)
    proposal = Proposal.propose(source=source, nip=employee.nip, employee_id=employee.id, name=employee.name,
                                from_post=from_post, to_post=target.code, to_unit=target.unit_code,
                                reason=reason, plan_id=None, line={"violations": violations or []},
                                actor=actor.username, role=actor.role)
    app.store(proposal)
    return proposal.id


def step(app, actor: Actor, proposal_id, command: str, expected_version: int | None = None, **kwargs):
    """Runs one workflow command on a proposal (submit, verify, recommend, decide, ...)."""
    proposal = load_proposal(app, proposal_id)
    if expected_version is not None and proposal.version != expected_version:
        raise_conflict(app, proposal)
    if command == "submit" and "violations" not in kwargs:
        kwargs["violations"] = current_violations(proposal)
    getattr(proposal, command)(**kwargs, actor=actor.username, role=actor.role)
    app.store(proposal, conflict="Usulan ini baru saja diputuskan oleh pengguna lain; muat ulang untuk "
                                 "melihat siapa dan kapan.")
    return proposal


def current_violations(proposal) -> list[str]:
    """The rules the move breaks today. Plan lines were drafted within the rules by the planner."""
    if proposal.source == "plan":
        return []
    from events.readside.rule_checks import violations
    return violations(proposal.nip, proposal.to_post)


def raise_conflict(app, proposal) -> None:
    last = list(app.events.get(proposal.id))[-1]
    raise DomainError(f"Usulan ini sudah ditindaklanjuti oleh {last.actor} ({last.role}) pada "
                      f"{last.timestamp:%d-%m-%Y %H:%M} UTC; muat ulang.")


def bulk_decide(app, actor: Actor, proposal_ids: list, decision: str, reason: str,
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


def execute(app, actor: Actor, proposal_id, on: date) -> None:
    """On the TMT: the mutation is recorded on the ASN and the proposal closes, atomically."""
    proposal = load_proposal(app, proposal_id)
    proposal.mark_executed(on=on, actor=actor.username, role=actor.role)
    employee = app.load(Employee, proposal.employee_id, "ASN")
    decree = proposal.decree
    employee.transfer(to=app.position(proposal.to_post), sk_number=decree["sk_number"],
                      sk_date=decree["sk_date"], tmt=decree["tmt"],
                      reason=f"Pelaksanaan usulan {proposal.id} ({proposal.source})",
                      actor=actor.username, role=actor.role)
    app.store(proposal, employee)


def issue_decree(app, actor: Actor, proposal_ids: list, sk_number: str, sk_date: date, tmt: date,
                 plan_id=None) -> UUID:
    """One SK for the approved proposals, signed once, at issuance: the PDF generated from the event's
    data (its SHA-256 recorded) is signed with the installation's key and the signed file is kept by
    its SHA-256 (recorded too); every proposal gets its Decreed event in the same transaction."""
    from domain.decree import Decree, check_sk_number
    from events.files.decree_pdf import decree_pdf
    from events.files.documents import content_hash
    from events.readside import blobs
    if app.decree_signer is None:
        raise DomainError("Kunci tanda tangan elektronik SK belum disiapkan pada instalasi ini.")
    sk_number = check_sk_number(sk_number)  # before it is printed and signed
    proposals = [load_proposal(app, pid) for pid in proposal_ids]
    lines = []
    for proposal in proposals:
        proposal.issue_decree(sk_number=sk_number, sk_date=sk_date, tmt=tmt, actor=actor.username,
                              role=actor.role)
        lines.append(decree_line(app, proposal))
    wording = app.decree_settings.wording()
    unsigned = decree_pdf(sk_number, sk_date, tmt, lines, wording)
    signed = app.decree_signer.sign(unsigned, signer_name=wording["mayor_name"],
                                    reason=f"Keputusan Wali Kota Sibolga Nomor {sk_number}")
    decree = Decree.issue(sk_number=sk_number, sk_date=sk_date, tmt=tmt,
                          plan_id=UUID(str(plan_id)) if plan_id else None, lines=lines,
                          content_hash=content_hash(unsigned), signed_hash=content_hash(signed),
                          wording=wording, actor=actor.username, role=actor.role)
    blobs.put(signed, "application/pdf")  # first: an event never names a file that is not there
    app.store(decree, *proposals, conflict=f"Nomor SK {sk_number} sudah dipakai, atau salah satu usulan "
                                           "baru saja diubah; muat ulang.")
    return decree.id


def decree_line(app, proposal) -> dict:
    """One row of the Lampiran: the person and the post and unit they leave and join, by name."""
    employee = app.load(Employee, proposal.employee_id, "ASN")
    return {"proposal": str(proposal.id), "nip": proposal.nip, "name": proposal.name,
            "golongan": employee.golongan, **post_on_decree(app, "from", proposal.from_post),
            **post_on_decree(app, "to", proposal.to_post)}


def post_on_decree(app, side: str, code: str) -> dict:
    from domain.organisation import Unit, unit_id
    position = app.position(code)
    unit = app.load(Unit, unit_id(position.unit_code), f"Unit {position.unit_code}")
    return {f"{side}_post": code, f"{side}_post_name": position.name, f"{side}_unit": unit.code,
            f"{side}_unit_name": unit.name, f"{side}_parent": unit.parent_code}


def decree_document(app, actor: Actor, sk_number: str) -> tuple[bytes, str]:
    """The SK as signed at issuance, and its SHA-256, for those involved only."""
    from domain.access import ForbiddenError
    from domain.decree import Decree, decree_id
    from events.readside import blobs
    decree = app.load(Decree, decree_id(sk_number), f"SK {sk_number}")
    if not may_read_decree(app, actor, decree):
        raise ForbiddenError(f"SK {decree.sk_number} hanya dapat diunduh oleh BKD, PPK, Inspektorat, "
                             "Tim Penilai Kinerja dan Kepala OPD dari unit yang tercantum di dalamnya.")
    if not decree.signed_hash:
        raise DomainError(f"SK {decree.sk_number} terbit sebelum SK ditandatangani secara elektronik; "
                          "berkasnya tidak tersimpan.")
    return blobs.get(decree.signed_hash), decree.signed_hash


def may_read_decree(app, actor: Actor, decree) -> bool:
    """BKD's planners, the PPK and the Inspektorat; the committee when it recommended a line; the
    Kepala OPD of a unit (or parent unit) people leave or join."""
    if actor.can("read_decrees"):
        return True
    if actor.role == "kepala_opd":
        return decree.involves_unit(actor.unit_code)
    if actor.role == "tim_penilai":
        return any("recommend" in load_proposal(app, line["proposal"]).holders for line in decree.lines)
    return False


def bulk_step(app, actor: Actor, proposal_ids: list, command: str, arguments) -> int:
    """The same step on many proposals, saved in one transaction (all or nothing)."""
    proposals = []
    for proposal_id in proposal_ids:
        proposal = load_proposal(app, proposal_id)
        if command == "verify_with_documents":
            proposal.record_documents(checklist={k: True for k in CHECKLIST}, actor=actor.username,
                                      role=actor.role)
            proposal.verify(actor=actor.username, role=actor.role)
        else:
            getattr(proposal, command)(**arguments(proposal.id), actor=actor.username, role=actor.role)
        proposals.append(proposal)
    app.store(*proposals, conflict="Sebagian usulan baru saja diubah pengguna lain; muat ulang.")
    return len(proposals)

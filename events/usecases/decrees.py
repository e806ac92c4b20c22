"""Decree use cases: one SK for approved proposals (its PDF's hash recorded), the SK's PDF checked
against that hash, and execution on the TMT, which records the mutation on the Employee in the same
transaction as the proposal's Executed event.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor
from domain.decree import Decree, decree_id
from domain.employee import Employee
from domain.rules import DomainError
from events.app import Mutasi
from events.files.documents import content_hash, decree_pdf
from events.usecases.approvals import load_proposal


def issue_decree(app: Mutasi, actor: Actor, proposal_ids: list, sk_number: str, sk_date: date,
                 tmt: date, plan_id=None) -> UUID:
    """One SK for the approved proposals: the PDF is generated from the same data and its hash is
    recorded; every proposal gets its Decreed event in the same transaction."""
    proposals = [load_proposal(app, pid) for pid in proposal_ids]
    lines = []
    for proposal in proposals:
        employee = app.load(Employee, proposal.employee_id, "ASN")
        lines.append({"proposal": str(proposal.id), "nip": proposal.nip, "name": proposal.name,
                      "golongan": employee.golongan, "from": post_label(app, proposal.from_post),
                      "to": post_label(app, proposal.to_post)})
        proposal.issue_decree(sk_number=sk_number, sk_date=sk_date, tmt=tmt, actor=actor.username,
                              role=actor.role)
    digest = content_hash(decree_pdf(sk_number, sk_date, tmt, lines))
    decree = Decree.issue(sk_number=sk_number, sk_date=sk_date, tmt=tmt,
                          plan_id=UUID(str(plan_id)) if plan_id else None, lines=lines,
                          content_hash=digest, actor=actor.username, role=actor.role)
    app.store(decree, *proposals, conflict=f"Nomor SK {sk_number} sudah dipakai, atau salah satu usulan "
                                           "baru saja diubah; muat ulang.")
    return decree.id


def post_label(app: Mutasi, code: str) -> str:
    position = app.position(code)
    return f"{position.name}, {position.unit_code}"


def decree_document(app: Mutasi, sk_number: str) -> tuple[bytes, str]:
    """The SK's PDF, regenerated from its event and checked against the recorded hash."""
    decree = app.load(Decree, decree_id(sk_number), f"SK {sk_number}")
    data = decree_pdf(decree.sk_number, decree.sk_date, decree.tmt, decree.lines)
    if content_hash(data) != decree.content_hash:
        raise DomainError("Dokumen SK yang dibangkitkan tidak cocok dengan sidik yang tercatat.")
    return data, decree.content_hash


def execute(app: Mutasi, actor: Actor, proposal_id, on: date) -> None:
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


def execute_due(app: Mutasi, actor: Actor, proposal_ids: list, on: date) -> dict:
    """Executes each decreed proposal whose TMT has come, each on its own; returns how many were
    executed and the refused ones, id → message."""
    refused = {}
    for proposal_id in proposal_ids:
        try:
            execute(app, actor, proposal_id, on)
        except DomainError as error:
            refused[proposal_id] = str(error)
    return {"done": len(proposal_ids) - len(refused), "refused": refused}

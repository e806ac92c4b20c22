"""What the findings check (events/usecases/findings.py) reads besides the events: the person and
unit of a proposal, the evaluations past due with the position of the execution that set them."""
from __future__ import annotations

from datetime import date

import peewee as pw

from events.readside.audit import AuditRow
from events.readside.readmodels import ProposalRow
from events.readside.stakeholder_rows import EvaluationRow


def proposal_subject(proposal_id) -> dict:
    """The person and target unit of a proposal (empty when the views do not have it yet)."""
    row = ProposalRow.select(ProposalRow.nip, ProposalRow.name, ProposalRow.to_unit).where(
        ProposalRow.id == proposal_id).dicts().first()
    return row or {"nip": None, "name": "", "to_unit": None}


def decree_positions() -> list[int]:
    """Where each SK was issued in the log (its Decree.Issued event), oldest first."""
    return [r.position for r in AuditRow.select(AuditRow.position).where(AuditRow.type == "Decree.Issued")
            .order_by(AuditRow.position)]


def overdue_evaluations(today: date) -> list[dict]:
    """Evaluations past their due date and not done, each with the position of the execution that
    scheduled it (its evidence in the log)."""
    executed = (AuditRow.select(AuditRow.aggregate_id, pw.fn.MAX(AuditRow.position).alias("position"))
                .where(AuditRow.type == "Proposal.Executed").group_by(AuditRow.aggregate_id))
    positions = {r["aggregate_id"]: r["position"] for r in executed.dicts()}
    rows = EvaluationRow.select().where(~EvaluationRow.done, EvaluationRow.due < today).dicts()
    return [{**r, "position": positions[r["proposal_id"]]} for r in rows if r["proposal_id"] in positions]

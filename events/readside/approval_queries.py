"""Read side of the approval workflow: queues per role and the proposals of a plan."""
from __future__ import annotations

from datetime import date

from peewee import fn

from domain.access import Actor
from domain.proposal import STATES
from events.readside.queries import visible_unit_codes
from events.readside.readmodels import ProposalRow

QUEUES = {  # role -> the states waiting for that role's step
    "perencana": ("draft", "returned", "submitted", "approved", "decreed"),
    "admin": ("draft", "returned", "submitted", "approved", "decreed"),
    "tim_penilai": ("verified",),
    "ppk": ("recommended",),
    "kepala_opd": ("draft", "returned"),
}


def queue(actor: Actor, state: str | None = None, plan_id=None) -> list[dict]:
    states = QUEUES.get(actor.role, ())
    if state:
        states = tuple(s for s in states if s == state)
    query = ProposalRow.select().where(ProposalRow.state.in_(states))
    if plan_id:
        query = query.where(ProposalRow.plan_id == plan_id)
    units = visible_unit_codes(actor)
    if units is not None:
        query = query.where(ProposalRow.from_unit.in_(list(units)) | ProposalRow.to_unit.in_(list(units)))
    rows = list(query.order_by(ProposalRow.updated_at, ProposalRow.nip).dicts())
    today = date.today()
    return [r for r in rows if r["state"] != "decreed" or (r["tmt"] and r["tmt"] <= today)]


def counts(actor: Actor) -> dict[str, int]:
    rows = (ProposalRow.select(ProposalRow.state, fn.COUNT(ProposalRow.id).alias("n"))
            .group_by(ProposalRow.state).tuples())
    totals = {state: n for state, n in rows}
    return {STATES[s]: totals.get(s, 0) for s in STATES}


def plan_proposals(plan_id) -> list[dict]:
    return list(ProposalRow.select().where(ProposalRow.plan_id == plan_id)
                .order_by(ProposalRow.nip).dicts())


def get_proposal_row(proposal_id) -> dict | None:
    return ProposalRow.select().where(ProposalRow.id == proposal_id).dicts().first()

"""Read side of the approval workflow: queues per role, the proposals of a plan, and everything the
step page of one proposal shows."""
from __future__ import annotations

import json
from datetime import date

from peewee import fn

from domain.access import Actor
from domain.proposal import STATES
from events.readside.queries import list_steps, visible_unit_codes
from events.readside.readmodels import ProposalRow
from events.readside.rule_checks import violations

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


def get_proposal_step(proposal_id) -> dict | None:
    """One proposal as its step page shows it: the row with its checklist, waivers and the
    planner's explanation decoded, its steps (who, when, why) and the rules the move breaks."""
    row = get_proposal_row(proposal_id)
    if row is None:
        return None
    open_rules = move_violations(row["source"], row["nip"], row["to_post"]) \
        if row["state"] in ("draft", "returned") else []
    return {**row, "checklist": json.loads(row["checklist"]), "waivers": json.loads(row["waivers"]),
            "planner_reasons": json.loads(row["planner_reasons"] or "null"),
            "steps": list_steps(row["id"]), "violations": open_rules}


def move_violations(source: str, nip: str, to_post: str) -> list[str]:
    """The rules a proposed move breaks today. Plan lines were drafted within the rules by the
    planner."""
    if source == "plan":
        return []
    return violations(nip, to_post)

"""Read side of the approval workflow: queues per role, the proposals of a plan, and everything the
step page of one proposal shows."""
from __future__ import annotations

import json
from datetime import date

from peewee import fn

from domain.access import Actor
from domain.proposal import OPEN_STATES, STATES
from events.readside.committee_queries import proposal_session
from events.readside.queries import list_steps, visible_unit_codes
from events.readside.readmodels import ProposalRow
from events.readside.rule_checks import violations

QUEUES = {  # role -> the states waiting for that role's step (the administrator takes none)
    "perencana": ("draft", "returned", "submitted", "decreed"),  # submit, evidence, SPMT, execution
    "verifikator": ("submitted", "decreed"),                     # verification, SPMT/pelantikan
    "kepala_bkd": ("verified", "approved"),                      # forward to the committee, SK
    "tim_penilai": ("forwarded",),
    "ppk": ("recommended",),
    "kepala_opd": ("draft", "returned", "submitted", "verified", "forwarded"),  # their proposals
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
    planner's explanation decoded, its steps (who, when, why), the rules the move breaks and the
    committee's session on it (members' views, recommendation)."""
    row = get_proposal_row(proposal_id)
    if row is None:
        return None
    open_rules = violations(row["nip"], row["to_post"]) if row["state"] in OPEN_STATES else []
    return {**row, "checklist": json.loads(row["checklist"]), "waivers": json.loads(row["waivers"]),
            "planner_reasons": json.loads(row["planner_reasons"] or "null"),
            "steps": list_steps(row["id"]), "violations": open_rules, "committee": proposal_session(row["id"])}


def last_step(proposal_id) -> dict | None:
    steps = list_steps(proposal_id)
    return steps[-1] if steps else None


def plan_states(plan_id) -> dict[str, str]:
    """proposal id → state, for every line of a plan."""
    return {str(pid): state for pid, state in ProposalRow.select(ProposalRow.id, ProposalRow.state)
            .where(ProposalRow.plan_id == plan_id).tuples()}


def plan_stage(states) -> str | None:
    """Where a submitted plan stands by its lines: None while a line awaits a decision, then
    decided, decreed (no approved line without its SK) and closed (every line ended)."""
    states = set(states)
    if states & {"draft", "submitted", "verified", "forwarded", "recommended", "returned"}:
        return None
    if states <= {"executed", "rejected", "withdrawn"}:
        return "closed"
    return "decided" if "approved" in states else "decreed"


# --- the export of `mutasi proposals --json` ------------------------------------------------------
EXPORT_STATES = {"draft": "open", "submitted": "open", "verified": "open", "forwarded": "open",
                 "recommended": "open", "approved": "approved", "decreed": "decreed", "executed": "executed",
                 "rejected": "rejected", "withdrawn": "withdrawn", "returned": "returned"}
EXPORT_STEPS = {"Proposed": "proposed", "Submitted": "submitted", "Verified": "verified",
                "Forwarded": "forwarded", "Recommended": "recommended", "Decided": "decided",
                "RuleWaived": "waived", "Decreed": "decreed", "Executed": "executed", "Withdrawn": "withdrawn"}


def export_step(step: dict) -> dict | None:
    kind, detail = step["kind"], step["detail"] or ""
    name = EXPORT_STEPS.get(kind)
    if kind == "AfterDecreeRecorded" and detail.startswith("SPMT"):
        name = "spmt"
    if kind == "Decided" and step["role"] != "ppk":
        name = "returned"  # sent back at the document check
    if name is None:
        return None
    out = {"step": name, "actor": step["actor"], "role": step["role"],
           "time": step["occurred_at"].isoformat() + "Z", "outcome": None, "reason": step["reason"]}
    if name == "recommended":
        out["outcome"] = detail.replace(" ", "_")
    if name == "decided":
        out["outcome"] = detail.split(" ")[0]
        out["against_recommendation"] = "berbeda dengan rekomendasi" in detail
    return out


def export_proposals(state: str | None = None) -> list[dict]:
    """Every proposal with the steps it went through, in the layout of `mutasi proposals --json`."""
    rows = []
    for row in ProposalRow.select().order_by(ProposalRow.updated_at, ProposalRow.id).dicts():
        exported = EXPORT_STATES[row["state"]]
        if state and exported != state:
            continue
        steps = [s for s in (export_step(step) for step in list_steps(row["id"])) if s]
        rows.append({"id": str(row["id"]), "nip": row["nip"], "from_post": row["from_post"],
                     "to_post": row["to_post"], "route": row["route"], "state": exported, "steps": steps})
    return rows

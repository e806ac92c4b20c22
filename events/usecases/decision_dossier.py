"""The decision dossier: for a PPK's decision on a proposal, what the decider saw, reconstructed
from the log: the proposal as it stood just before the decision (file, waivers, who took each step),
the rules evaluated on the views of that moment (a replay up to the event before the decision,
`events.readside.as_of`) on the day of the decision, the Tim Penilai's session and recommendation
and its berita acara's hash, the published public comments on the posts concerned, and the
settings in force (a plan line's settings as its plan recorded them). Exported as a PDF
(`events.files.dossier_pdf`)."""
from __future__ import annotations

from domain.access import Actor
from domain.proposal import STATES
from domain.rules import DomainError
from events.app import Mutasi
from events.readside import approval_queries, committee_queries, consultation_queries, queries
from events.readside.as_of import WIB, AsOfViews
from events.readside.rule_checks import violations
from events.readside.timeline import PROPOSAL_KINDS
from events.usecases.approvals import load_proposal, plan_settings


def decision_dossier(app: Mutasi, actor: Actor, proposal_id, as_of_views: AsOfViews) -> dict:
    """The dossier of the latest decision on the proposal (refused when it has none)."""
    actor.require("audit")
    proposal = load_proposal(app, proposal_id)
    decided = [s for s in queries.list_steps(proposal.id) if s["kind"] == "Decided"]
    if not decided:
        raise DomainError("Usulan ini belum diputuskan PPK: belum ada dosier keputusan.")
    step = decided[-1]
    event = [e for e in app.repository.event_store.get(proposal.id) if type(e).__name__ == "Decided"][-1]
    before = app.repository.get(proposal.id, version=event.originator_version - 1)
    settings = plan_settings(app, before.plan_id)
    decided_at = event.timestamp.astimezone(WIB)
    with as_of_views.reading_before(step["notification_id"]):
        row = approval_queries.get_proposal_row(proposal.id) or {}
        seen = {
            "row": row,
            "rules": violations(before.nip, before.to_post, decided_at.date(), settings),
            "session": committee_queries.proposal_session(proposal.id),
            "comments": consultation_queries.proposal_comments(row) if row else [],
            "steps": [{**s, "kind_label": PROPOSAL_KINDS.get(s["kind"], s["kind"])}
                      for s in queries.list_steps(proposal.id)],
        }
    return {"proposal_id": str(proposal.id), "position": step["notification_id"], "decided_at": decided_at,
            "decision": event.decision, "reason": event.reason, "actor": event.actor, "role": event.role,
            "against_recommendation": bool(getattr(event, "against_recommendation", False)),
            "nip": before.nip, "name": row.get("name", ""), "from_post": row.get("from_post", ""),
            "to_post": before.to_post, "to_unit": row.get("to_unit", ""), "state_before": before.state,
            "state_label": STATES.get(before.state, before.state),
            "opinion": before.opinion, "waivers": list(before.waivers), "checklist": dict(before.checklist),
            "violations_at_submission": list(getattr(before, "violations_at_submission", []) or []),
            "settings": settings.to_dict(),
            "committee": committee_in_force(app, getattr(before, "session_id", None), decided_at.date()),
            **seen}



def committee_in_force(app: Mutasi, session_id, decided_on) -> dict:
    """The Tim's quorum and roster as the session recorded them (`source`: "sidang"); for a session
    recorded before sessions kept them, or none, the installation's settings of today, said so."""
    session = app.repository.get(session_id) if session_id else None
    if session is not None and getattr(session, "quorum", None) is not None:
        return {"quorum": session.quorum, "members": list(session.roster), "source": "sidang",
                "number": session.number}
    settings = app.committee_settings
    return {"quorum": settings.quorum, "members": [m.username for m in settings.members if m.serves_on(decided_on)],
            "source": "instalasi", "number": getattr(session, "number", None)}

"""Projection handlers of the Tim Penilai Kinerja's sessions: the session, its agenda and each
member's view (rows in events/readside/committee_rows.py). The proposals' own Recommended events
are projected with the other proposal events (events/readside/handlers.py)."""
from __future__ import annotations

import json
from uuid import UUID

from events.readside.committee_rows import CommitteeItemRow, CommitteeSessionRow, CommitteeViewRow
from events.readside.stakeholder_handlers import change, put, when


def on_convened(e, s):
    put(s, CommitteeSessionRow, e.originator_id, {
        "id": e.originator_id, "number": e.number, "held_on": e.held_on, "state": "open",
        "members": json.dumps(e.members), "items": len(e.items), "convened_by": e.actor,
        "convened_at": when(e), "concluded_by": None, "concluded_at": None, "minutes_sha256": None})
    for number, item in enumerate(e.items, 1):
        proposal_id = UUID(item["proposal_id"])
        put(s, CommitteeItemRow, (e.originator_id, proposal_id), {
            "session_id": e.originator_id, "proposal_id": proposal_id, "number": number, "nip": item["nip"],
            "name": item["name"], "from_post": item["from_post"], "from_post_name": item["from_post_name"],
            "from_unit_name": item["from_unit_name"], "to_post": item["to_post"],
            "to_post_name": item["to_post_name"], "to_unit_name": item["to_unit_name"],
            "recommendation": None, "note": None})


def on_view_recorded(e, s):
    proposal_id = UUID(e.proposal_id)
    put(s, CommitteeViewRow, (e.originator_id, proposal_id, e.member), {
        "session_id": e.originator_id, "proposal_id": proposal_id, "member": e.member, "opinion": e.opinion,
        "note": e.note, "recorded_by": e.actor, "recorded_at": when(e)})


def on_concluded(e, s):
    change(s, CommitteeSessionRow, e.originator_id, state="concluded", concluded_by=e.actor,
           concluded_at=when(e), minutes_sha256=e.minutes_sha256)
    for proposal_id, recommendation in e.recommendations.items():
        change(s, CommitteeItemRow, (e.originator_id, UUID(proposal_id)),
               recommendation=recommendation["opinion"], note=recommendation["note"] or None)


COMMITTEE_HANDLERS = {
    "CommitteeSession.Convened": on_convened,
    "CommitteeSession.ViewRecorded": on_view_recorded,
    "CommitteeSession.Concluded": on_concluded,
}

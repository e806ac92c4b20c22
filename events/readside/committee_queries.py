"""Read side of the Tim Penilai Kinerja's sessions: the list, one session with its agenda and the
members' views, what waits for a session, what the committee decides on for each item, and the
session behind a proposal's recommendation (its step page)."""
from __future__ import annotations

import json
from datetime import date

from peewee import fn

from domain.access import Actor
from domain.committee import majority
from domain.plan_rules import retirement_on
from events.readside.committee_rows import CommitteeItemRow, CommitteeSessionRow, CommitteeViewRow
from events.readside.queries import get_employee
from events.readside.readmodels import PositionRow, ProposalRow
from events.readside.rule_checks import violations


def list_sessions() -> list[dict]:
    """Every session, newest first, with how many items it recommended and did not."""
    counts = {(sid, rec): n for sid, rec, n in CommitteeItemRow.select(
        CommitteeItemRow.session_id, CommitteeItemRow.recommendation, fn.COUNT(CommitteeItemRow.proposal_id))
        .group_by(CommitteeItemRow.session_id, CommitteeItemRow.recommendation).tuples()}
    rows = list(CommitteeSessionRow.select().order_by(CommitteeSessionRow.held_on.desc(),
                                                      CommitteeSessionRow.number.desc()).dicts())
    for row in rows:
        row["members"] = json.loads(row["members"])
        row["agreed"], row["objected"] = counts.get((row["id"], "setuju"), 0), counts.get((row["id"], "tidak_setuju"), 0)
    return rows


def get_session(session_id) -> dict | None:
    """One session: its members present and, per item, each member's view, the majority and the
    recommendation."""
    row = CommitteeSessionRow.select().where(CommitteeSessionRow.id == session_id).dicts().first()
    if row is None:
        return None
    row["members"] = json.loads(row["members"])
    views: dict = {}
    for view in CommitteeViewRow.select().where(CommitteeViewRow.session_id == session_id).dicts():
        views.setdefault(view["proposal_id"], {})[view["member"]] = view
    row["agenda"] = []
    for item in (CommitteeItemRow.select().where(CommitteeItemRow.session_id == session_id)
                 .order_by(CommitteeItemRow.number).dicts()):
        row["agenda"].append(with_views(item, views.get(item["proposal_id"], {}), row["members"]))
    return row


def get_session_item(session_id, proposal_id) -> dict | None:
    """One item of a session as its partial on the session page shows it."""
    session = get_session(session_id)
    if session is None:
        return None
    item = next((i for i in session["agenda"] if str(i["proposal_id"]) == str(proposal_id)), None)
    return None if item is None else {"session": session, "item": item}


def with_views(item: dict, views: dict, members: list[dict]) -> dict:
    present = [m["username"] for m in members]
    complete = all(member in views for member in present)
    return {**item, "views": views, "complete": complete,
            "majority": majority([views[m]["opinion"] for m in present if m in views]) if complete else None}


def open_session_of(proposal_id) -> str | None:
    """The number of a session not yet concluded whose agenda holds this proposal."""
    row = (CommitteeSessionRow.select(CommitteeSessionRow.number)
           .join(CommitteeItemRow, on=(CommitteeItemRow.session_id == CommitteeSessionRow.id))
           .where(CommitteeItemRow.proposal_id == proposal_id, CommitteeSessionRow.state == "open").first())
    return row.number if row else None


def waiting_for_session(plan_id=None) -> list[dict]:
    """Proposals forwarded to the Tim and on no open session's agenda: what a new session may discuss."""
    on_agenda = (CommitteeItemRow.select(CommitteeItemRow.proposal_id)
                 .join(CommitteeSessionRow, on=(CommitteeItemRow.session_id == CommitteeSessionRow.id))
                 .where(CommitteeSessionRow.state == "open"))
    query = ProposalRow.select().where(ProposalRow.state == "forwarded", ProposalRow.id.not_in(on_agenda))
    if plan_id:
        query = query.where(ProposalRow.plan_id == plan_id)
    return list(query.order_by(ProposalRow.updated_at, ProposalRow.nip).dicts())


def proposal_session(proposal_id) -> dict | None:
    """The latest session that discussed this proposal (concluded first, then one still open),
    with the members' views on it and its recommendation: what the step page shows the PPK."""
    item = (CommitteeItemRow.select(CommitteeItemRow, CommitteeSessionRow.state)
            .join(CommitteeSessionRow, on=(CommitteeItemRow.session_id == CommitteeSessionRow.id))
            .where(CommitteeItemRow.proposal_id == proposal_id)
            .order_by(CommitteeSessionRow.held_on.desc(), CommitteeSessionRow.convened_at.desc()).dicts().first())
    if item is None:
        return None
    found = get_session_item(item["session_id"], proposal_id)
    return {**found["item"], "session": found["session"]}


def decision_file(actor: Actor, nip: str, to_post: str, with_rules: bool = True) -> dict:
    """What the committee decides on for one item: golongan, education, age and BUP in the target
    post, the SKP history, the talent boxes and (while it is being decided) the rules the move
    breaks today."""
    as_of = date.today()
    employee = get_employee(actor, nip) or {}
    post = PositionRow.select().where(PositionRow.code == to_post).dicts().first()
    file = {"employee": employee, "violations": violations(nip, to_post, as_of) if with_rules else None,
            "age": None, "bup": None, "retires": None}
    if employee:
        born = employee["birth_date"]
        file["age"] = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
    if employee and post:
        file["bup"], file["retires"] = retirement_on(employee["birth_date"], post["jabatan_type"], post["level"])
    return file

"""What the deciding roles read on a proposal's step page, on one screen: the committee's decision
file (golongan, education, age and BUP, SKP history, talent boxes) with the credentials held and the
JPM for the target post, from the read models through the one mapper (no aggregate is loaded)."""
from __future__ import annotations

import json

from domain.access import Actor
from domain.competence import jpm_category
from domain.plan_rules import person_jpm
from domain.plan_settings import PlanSettings
from events.readside.committee_queries import decision_file
from events.readside.readmodels import EmployeeRow, PositionRow
from events.readside.snapshot import person_of, post_of


def step_file(actor: Actor, nip: str, to_post: str) -> dict:
    """The decision file without the rules (the step page lists them itself); empty outside the
    actor's units."""
    file = decision_file(actor, nip, to_post, with_rules=False)
    file.update(credentials=[], jpm=None, jpm_category=None)
    if not file["employee"]:
        return file
    file["credentials"] = json.loads(file["employee"]["credentials"] or "[]")
    row = EmployeeRow.get_or_none(EmployeeRow.nip == nip)
    target = PositionRow.get_or_none(PositionRow.code == to_post)
    if row is not None and target is not None and row.assessed_on is not None:
        settings = PlanSettings()
        file["jpm"] = person_jpm(person_of(row, to_post, {}, set(), {}), post_of(target), settings)
        file["jpm_category"] = jpm_category(file["jpm"], settings)
    return file

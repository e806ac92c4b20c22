"""The posts that fit a person best ("jabatan paling sesuai" on the employee page).

Candidates are the posts the planner's own rules let the person take (`plan_rules.pair_rules`, the
same sentences "why not" gives) with a free seat (holders below the ABK need, as a proposal needs
on the day it takes effect), ranked by the person's JPM for each post (`plan_rules.person_jpm`,
i.e. domain.competence). Posts the rules cannot tell apart (`plan_candidates.class_key`) are
judged once, as the planner does.
"""
from __future__ import annotations

from domain.plan_candidates import class_key
from domain.plan_rules import pair_rules, person_jpm
from domain.plan_settings import PlanSettings
from domain.plan_snapshot import Person, Post, SnapshotIndex

BEST_POSTS = 5


def best_fitting_posts(person: Person, idx: SnapshotIndex, s: PlanSettings,
                       limit: int = BEST_POSTS) -> list[tuple[float, Post]]:
    """Up to `limit` (JPM, post) pairs, the highest JPM first; [] without an assessment."""
    if person.assessment is None:
        return []
    current, verdicts, found = idx.current(person), {}, []
    for post in idx.posts.values():
        if post.code == current.code or post.holders >= post.need:
            continue
        key = class_key(post)
        if key not in verdicts:
            allowed = not pair_rules(person, current, post, idx.as_of, s)
            verdicts[key] = person_jpm(person, post, s) if allowed else None
        if verdicts[key] is not None:
            found.append((verdicts[key], post))
    found.sort(key=lambda item: (-item[0], item[1].name, item[1].code))
    return found[:limit]

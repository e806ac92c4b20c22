"""The score of a move: what it does to the city's weighted shortage, and the reasons to make it.

The plan maximises  Σ over moves of their reasons − move costs − Σ over units of the unit's
shortage penalty (domain.shortage.Penalty); staying scores 0. The penalty depends on all moves
together, so the planner model carries it (domain.plan_mip); a line shows `kekurangan`, what the
move alone would change in the weighted shortage of the snapshot.

Reasons (competence fit, talent, box 4, rotation due) count only when the person leaves a surplus
or the move itself reduces the weighted shortage: a move from a post at or below its need to an
equally or less urgent post never scores positive.
"""
from __future__ import annotations

import math
from dataclasses import fields

from domain.competence import default_standard, jpm
from domain.labels import SCORE_PARTS
from domain.plan_settings import PlanSettings
from domain.plan_snapshot import CitySnapshot, Person, Post, SnapshotIndex, index, keep_index
from domain.rules import months_between
from domain.shortage import unit_penalty

COMPONENTS = ("kekurangan", "relief", "fit", "talent", "box4_rotation", "rotation_due",
              "move_cost")
REASONS = ("fit", "talent", "box4_rotation", "rotation_due")
LABELS = SCORE_PARTS  # domain/labels.py


class Scorer:
    """Scores of moves on one snapshot under one set of settings (unit penalties computed once)."""

    def __init__(self, idx: SnapshotIndex, s: PlanSettings):
        self.idx, self.s = idx, s
        self.penalty = {code: unit_penalty(idx.unit_need[code], unit.service_priority, s)
                        for code, unit in idx.units.items()}
        shortage = idx.unit_shortage
        # what one more holder of a short post is worth, and one fewer of a post at or below its
        # need costs, at the snapshot
        self.gain = {code: self.penalty[p.unit](shortage[p.unit]) -
                     self.penalty[p.unit](shortage[p.unit] - 1) if p.holders < p.need else 0.0
                     for code, p in idx.posts.items()}
        self.cost = {code: self.penalty[p.unit].cost_of_one_more(shortage[p.unit])
                     if p.holders <= p.need else 0.0 for code, p in idx.posts.items()}
        self._standards: dict = {}
        # kept for domain.plan_candidates, pure functions of the snapshot and settings: class
        # key -> number; rule profile -> (classes judged, classes admitted); (nip, class) -> fit
        self.class_ids: dict = {}
        self.eligible_memo: dict = {}
        self.fit_memo: dict = {}

    def shortage_effect(self, current: Post, post: Post) -> tuple[float, int]:
        """(weighted effect, change of the city shortage) of this single move at the snapshot."""
        leaves, fills = current.holders <= current.need, post.holders < post.need
        if leaves and fills and current.unit == post.unit:
            return 0.0, 0  # one post's shortage moves to another post of the same unit
        return round(self.gain[post.code] - self.cost[current.code], 6), leaves - fills

    def urgency(self, unit: str) -> float:
        """What one more missing person costs the unit now."""
        return self.penalty[unit].cost_of_one_more(self.idx.unit_shortage[unit])

    def origin(self, person: Person, current: Post) -> dict[str, float]:
        """The components that do not depend on the target post."""
        months = months_between(person.in_post_since, self.idx.as_of)
        return {"relief": float(self.s.w_relief) if current.holders > current.need else 0.0,
                "box4_rotation": float(self.s.w_box4_rotation) if person.box == 4 else 0.0,
                "rotation_due": float(self.s.w_rotation_due)
                if months >= self.s.max_months_in_post else 0.0,
                "move_cost": -float(self.s.move_cost)}

    def jpm(self, person: Person, post: Post) -> float | None:
        if person.assessment is None:
            return None
        key = (post.jabatan_type, post.level)
        if not post.competence and key not in self._standards:
            self._standards[key] = default_standard(post.jabatan_type, post.level, self.s)
        standard = post.competence or self._standards[key]
        return jpm(person.assessment.as_dict(), standard, post.level, self.s)

    def fit(self, person: Person, current: Post, post: Post) -> float:
        """JPM gained for the new post over the current; without assessment, education family."""
        new, old = self.jpm(person, post), self.jpm(person, current)
        if new is not None and old is not None:
            return round(float(self.s.w_jpm) * (new - old), 6)
        admitted, before = post.admits(person.education_family), \
            current.admits(person.education_family)
        if admitted == before:
            return 0.0
        return float(self.s.w_fit) if admitted else -float(self.s.w_fit)

    def talent(self, person: Person, current: Post, post: Post) -> float:
        return float(self.s.w_talent) if post.strategic and talented(person, current) else 0.0

    def parts(self, person: Person, current: Post, post: Post,
              fit: float | None = None) -> dict[str, float]:
        """Every component of moving `person` from `current` to `post`, "lp" (the part the
        planner model scores per pair) and "total" (lp + kekurangan)."""
        if post.code == current.code:
            return dict.fromkeys(COMPONENTS + ("lp", "total"), 0.0)
        effect, _ = self.shortage_effect(current, post)
        parts = {"kekurangan": effect, **self.origin(person, current),
                 "fit": self.fit(person, current, post) if fit is None else fit,
                 "talent": self.talent(person, current, post)}
        if not reasons_count(current, effect):
            parts.update(dict.fromkeys(REASONS, 0.0))
        lp = lp_score(parts["relief"] + parts["move_cost"],
                      math.fsum(parts[key] for key in REASONS), True)
        return {**parts, "lp": lp, "total": round(lp + effect, 6)}

    def lp(self, origin: dict, current: Post, post: Post, fit: float, talent: float) -> float:
        """parts(...)["lp"] from the person's `origin` parts, the class `fit` and the talent
        bonus a strategic post would give: the fast path of pricing."""
        effect, _ = self.shortage_effect(current, post)
        reasons = fit + origin["box4_rotation"] + origin["rotation_due"] + \
            (talent if post.strategic else 0.0)
        return lp_score(origin["relief"] + origin["move_cost"], reasons,
                        reasons_count(current, effect))


def reasons_count(current: Post, effect: float) -> bool:
    """Reasons to move count when the person leaves a surplus or the move reduces the weighted
    shortage by itself."""
    return current.holders > current.need or effect > 1e-9


def lp_score(fixed: float, reasons: float, counted: bool) -> float:
    return round(fixed + (reasons if counted else 0.0), 6)


def talented(person: Person, current: Post) -> bool:
    return person.box is not None and person.box >= 7 and not current.strategic


_cache: list = []  # (index, scoring settings, scorer) of the last ones used, newest first
# settings that only the MIP reads (limits, solver): a change of these keeps the scorer
SOLVE_ONLY = frozenset({"max_moves", "max_leaving_share", "unit_budgets", "tpp_cost", "solver",
                        "time_limit", "gap", "lp_first", "price_all_pairs", "max_pricing_rounds"})


def scoring_settings(settings: PlanSettings) -> tuple:
    return tuple(getattr(settings, item.name) for item in fields(settings)
                 if item.name not in SOLVE_ONLY)


def scorer(snapshot: CitySnapshot, settings: PlanSettings) -> Scorer:
    """The scorer of this snapshot and settings. An equal snapshot with settings that differ at
    most in what only the MIP reads (a re-optimisation) gets the one already built, with what it
    has learnt (eligibility, fits)."""
    idx, key = index(snapshot), scoring_settings(settings)
    found = next((k for k, (seen, s, _) in enumerate(_cache) if seen is idx and s == key), None)
    return _keep(_cache.pop(found)[2] if found is not None else Scorer(idx, settings), key)


def same_scorer(known: Scorer | None, snapshot: CitySnapshot,
                settings: PlanSettings) -> Scorer | None:
    """`known` (e.g. the scorer of an earlier plan) when it scores an equal snapshot with equal
    scoring settings, cached again as the scorer of both; else None."""
    if known is None or scoring_settings(known.s) != scoring_settings(settings) or not (
            known.idx.snapshot is snapshot or known.idx.snapshot == snapshot):
        return None
    keep_index(known.idx, snapshot)
    return _keep(known, scoring_settings(settings))


def _keep(found: Scorer, key: tuple) -> Scorer:
    _cache[:] = [entry for entry in _cache if entry[2] is not found]
    _cache.insert(0, (found.idx, key, found))
    del _cache[2:]
    return found


def score_pair(person: Person, post: Post, snapshot: CitySnapshot,
               settings: PlanSettings) -> dict[str, float]:
    """The score of moving `person` to `post` by component, "lp" and "total"; staying scores 0."""
    idx = index(snapshot)
    return scorer(snapshot, settings).parts(person, idx.current(person), post)

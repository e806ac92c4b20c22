"""From a plain snapshot of the city to a rule-respecting mutasi plan, explained line by line.

    snapshot = CitySnapshot(as_of, people, posts, units)
    plan = plan_city(snapshot, PlanSettings(max_moves=150), Edits(forbid={(nip, post)}))
    plan.lines, plan.figures, plan.fixed

`build_plan_problem` turns the best eligible moves of every person into a planner `Problem`
(domain.planner); people who may not move, or have no move worth making, are not variables: they
stay and use a seat of their post. `plan_city` solves it and reads the result back into lines.
Snapshot types, rules and scores: domain.plan_rules; settings: domain.plan_settings (both
re-exported here). Explanations (reasons, alternatives, figures, "why not?"): domain.plan_explain.
"""
from __future__ import annotations

import heapq
import math
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from domain.plan_rules import (LABELS, CitySnapshot, Person, PlanSettings, Post,  # noqa: F401
                               SnapshotIndex, UnitInfo, appraisal_years, fill_value, fit_value,
                               index, move_blockers, move_rules, origin_parts, pair_blockers,
                               pair_rules, score_pair, talented)
from domain.planner import Pair, PlanPosition, PlanUnit, Problem, Result, solve
from domain.rules import DomainError


# --- building the planner problem -----------------------------------------------------------------
@dataclass
class Edits:
    """The planner's changes to a draft: locked lines, forced and rejected moves."""

    keep: set = field(default_factory=set)  # nips whose line is locked ...
    keep_at: dict = field(default_factory=dict)  # ... at this post (default: their current post)
    force: set = field(default_factory=set)  # (nip, post) pairs the plan must contain
    forbid: set = field(default_factory=set)  # (nip, post) pairs the plan must not contain
    waive: bool = False  # True: forced pairs may break rules (recorded in Line.waived)


@dataclass
class CityModel:
    """The planner problem of one snapshot, and what the explanations need to know about it."""

    problem: Problem
    snapshot: CitySnapshot
    settings: PlanSettings
    edits: Edits
    candidates: dict[str, list[tuple[str, float]]]  # nip -> best eligible moves, best first
    fixed: dict[str, list[tuple[str, str]]]  # nip -> (rule, sentence) keeping them in post
    waived: dict[str, list[str]]  # nip -> rules waived for their forced pair
    precheck: list[str]  # reasons, found while building, that no plan exists
    build_seconds: float = 0.0


def build_plan_problem(snapshot: CitySnapshot, settings: PlanSettings | None = None,
                       edits: Edits | None = None, *,
                       stick_to: dict[str, str] | None = None) -> CityModel:
    """One variable per person who may move; everybody else stays and uses a seat of their post.

    `stick_to` (nip -> post) adds a bonus below one score point in total to those lines, so
    that a re-solve keeps as much as possible of an earlier plan (domain.plan_explain.why_not)."""
    started = time.perf_counter()
    s, idx = settings or PlanSettings(), index(snapshot)
    edits = _checked_edits(edits or Edits(), idx)
    model = CityModel(Problem({}, {}, {}, []), snapshot, s, edits, {}, {}, {}, [])
    forced = _forced(edits, idx)
    movable = _split(model, idx, forced)
    seats = {code: idx.capacity(post) for code, post in idx.posts.items()}
    for nip in model.fixed:
        seats[idx.people[nip].position] -= 1
    ranking = _Ranking(idx, s, seats)
    forbidden = defaultdict(set)
    for nip, code in edits.forbid:
        forbidden[nip].add(code)
    for person in movable:
        model.candidates[person.nip] = ranking.candidates(person, forbidden[person.nip])
        if not model.candidates[person.nip] and person.nip not in forced and \
                person.position not in forbidden[person.nip]:
            model.fixed[person.nip] = [("tanpa_kandidat", "Tidak ada jabatan tujuan yang memenuhi "
                                        "syarat dan lebih baik daripada tetap")]
            seats[person.position] -= 1
    _fill_problem(model, idx, forced, seats, stick_to or {})
    model.build_seconds = time.perf_counter() - started
    return model


def _checked_edits(edits: Edits, idx: SnapshotIndex) -> Edits:
    for nip in edits.keep:
        if nip not in idx.people:
            raise DomainError(f"Baris yang dikunci: pegawai {nip} tidak ada dalam snapshot.")
    for nip, code in [*edits.keep_at.items(), *edits.force, *edits.forbid]:
        if nip not in idx.people:
            raise DomainError(f"Pegawai {nip} tidak ada dalam snapshot.")
        if code not in idx.posts:
            raise DomainError(f"Jabatan {code} tidak ada dalam snapshot.")
    return edits


def _forced(edits: Edits, idx: SnapshotIndex) -> dict[str, str]:
    """nip -> post for every forced move (locked lines elsewhere than the current post)."""
    forced: dict[str, str] = {}
    wanted = sorted(edits.force) + sorted((nip, edits.keep_at.get(nip, idx.people[nip].position))
                                          for nip in edits.keep)
    for nip, code in wanted:
        if forced.get(nip, code) != code:
            raise DomainError(f"Pegawai {nip} dikunci ke lebih dari satu jabatan: "
                              f"{forced[nip]} dan {code}.")
        forced[nip] = code
    return forced


def _split(model: CityModel, idx: SnapshotIndex, forced: dict[str, str]) -> list[Person]:
    """Fill model.fixed with the people who stay by rule or by lock; return the others."""
    movable, s = [], model.settings
    for person in idx.snapshot.people:
        target = forced.get(person.nip)
        blockers = move_rules(person, idx, s)
        if target == person.position:
            model.fixed[person.nip] = [("dikunci", "Baris dikunci tetap di jabatan oleh perencana")]
        elif target is not None:
            rules = blockers + pair_rules(person, idx.current(person), idx.posts[target],
                                           idx.as_of, s)
            if rules and not model.edits.waive:
                raise DomainError(f"{person.name} ({person.nip}) tidak boleh dipindahkan ke "
                                  f"{target}: {'; '.join(text for _, text in rules)}")
            model.waived[person.nip] = [text for _, text in rules]
            movable.append(person)
        elif blockers:
            model.fixed[person.nip] = blockers
        else:
            movable.append(person)
    return movable


class _Ranking:
    """Best candidate posts per person without scoring every post: posts are grouped in classes
    that the rules cannot tell apart, and each class is kept sorted by its target score."""

    def __init__(self, idx: SnapshotIndex, s: PlanSettings, seats: dict[str, int]):
        self.idx, self.s, self.k = idx, s, s.candidates_per_person
        groups = defaultdict(list)
        for post in idx.posts.values():
            if seats[post.code] > 0:
                key = (post.band_low, post.band_high, tuple(post.education_families),
                       post.structural, post.eselon)
                groups[key].append(post)
        self.classes = [(posts[0], self._sorted(posts, False), self._sorted(posts, True))
                        for posts in groups.values()]
        self.cache: dict = {}

    def _sorted(self, posts: list[Post], talented: bool) -> list[tuple[float, int, str]]:
        bonus = float(self.s.w_talent) if talented else 0.0
        return sorted((-(fill_value(p, self.idx, self.s) + (bonus if p.strategic else 0.0)),
                       p.holders - p.need, p.code) for p in posts)

    def candidates(self, person: Person, forbidden: set[str]) -> list[tuple[str, float]]:
        current = self.idx.current(person)
        base = math.fsum(origin_parts(person, current, self.idx, self.s).values())
        floor = self.s.min_candidate_score
        found = []
        for target, _, code in self._ranked(person, current, len(forbidden)):
            total = round(base + target, 6)
            if floor is not None and total <= floor or len(found) == self.k:
                break
            if code != person.position and code not in forbidden:
                found.append((code, total))
        return found

    def _ranked(self, person: Person, current: Post, extra: int) -> list[tuple[float, int, str]]:
        """(target part of the score, surplus, code), best first, for everybody like `person`."""
        talent = talented(person, current)
        profile = (person.golongan, person.education_family, current.structural, current.eselon,
                   talent, current.admits(person.education_family), extra)
        if profile not in self.cache:
            length, best = self.k + 1 + extra, []
            for rep, plain, with_talent in self.classes:
                rules = pair_rules(person, current, rep, self.idx.as_of, self.s)
                if all(rule == "jabatan_sama" for rule, _ in rules):
                    fit = fit_value(person, current, rep, self.s)
                    best += [(-key + fit, surplus, code)
                             for key, surplus, code in (with_talent if talent else plain)[:length]]
            self.cache[profile] = heapq.nsmallest(length, best, key=lambda t: (-t[0], t[1], t[2]))
        return self.cache[profile]


def _fill_problem(model: CityModel, idx: SnapshotIndex, forced: dict[str, str],
                  seats: dict[str, int], stick_to: dict[str, str]) -> None:
    s, problem = model.settings, model.problem
    costs, budgets = s.tpp_cost or {}, s.unit_budgets or {}
    unknown = sorted((set(costs) | set(budgets)) - set(idx.units))
    if unknown:
        raise DomainError(f"Anggaran/biaya TPP menyebut unit tak dikenal: {', '.join(unknown)}.")
    bonus = 0.5 / (len(idx.people) + 1)
    for person in idx.snapshot.people:
        if person.nip in model.fixed:
            continue
        options = [(forced[person.nip], None)] if person.nip in forced else \
            [(person.position, 0.0)] + model.candidates[person.nip]
        problem.employees[person.nip] = person.position
        for code, score in options:
            if score is None:
                score = score_pair(person, idx.posts[code], idx.snapshot, s)["total"]
            score += bonus if stick_to.get(person.nip) == code else 0.0
            cost = costs.get(idx.posts[code].unit, 0.0)
            problem.pairs.append(Pair(person.nip, code, score, cost))
    problem.force = sorted(forced.items())
    problem.forbid = sorted(pair for pair in model.edits.forbid if pair[0] in problem.employees)
    problem.max_moves = s.max_moves
    used = {pair.position for pair in problem.pairs} | set(problem.employees.values())
    problem.positions = {code: PlanPosition(idx.posts[code].unit, seats[code])
                         for code in sorted(used)}
    fixed_units = Counter(idx.current(idx.people[nip]).unit for nip in model.fixed)
    for code in idx.units:
        budget = budgets.get(code)
        budget = None if budget is None else budget - fixed_units[code] * costs.get(code, 0.0)
        problem.units[code] = PlanUnit(budget, _max_leaving(idx.unit_staff[code], s))
    model.precheck = _precheck(model, idx, seats)


def _max_leaving(staff: int, s: PlanSettings) -> int | None:
    return None if s.max_leaving_share is None else math.ceil(s.max_leaving_share * staff - 1e-9)


def _precheck(model: CityModel, idx: SnapshotIndex, seats: dict[str, int]) -> list[str]:
    """Limits that fixed people alone already break: the planner would only see the remainder."""
    reasons = []
    incoming = Counter(code for nip, code in model.problem.force
                       if code != idx.people[nip].position)
    for code, count in sorted(incoming.items()):
        post = idx.posts[code]
        if count > seats[code]:
            reasons.append(
                f"Jabatan {code} ({post.name}): {count} pegawai dikunci ke jabatan ini, tetapi "
                f"kursi yang bisa dipakai hanya {seats[code]} (kapasitas {idx.capacity(post)} = "
                f"maks(kebutuhan {post.need}, pemangku {post.holders}); "
                f"{idx.capacity(post) - seats[code]} pemangku tidak dapat pindah)")
    for code, unit in model.problem.units.items():
        if unit.budget is not None and unit.budget < -1e-9:
            reasons.append(f"Unit {code}: anggaran tidak cukup bahkan untuk pegawai yang tidak "
                           f"dapat pindah (kurang {-unit.budget:g})")
    return reasons


# --- the plan -------------------------------------------------------------------------------------
@dataclass
class Line:
    nip: str
    name: str
    from_post: str
    from_unit: str
    to_post: str
    to_unit: str
    score: float
    breakdown: dict
    reasons: list[str]
    alternatives: list[dict]
    waived: list[str] = field(default_factory=list)  # rules a forced line breaks (waive=True)
    locked: bool = False  # forced or kept by the planner


@dataclass
class CityPlan:
    result: Result
    lines: list[Line]
    figures: dict
    fixed: list[dict]  # people who stay by rule or lock: nip, name, post, unit, rules, blockers
    model: CityModel | None = field(default=None, repr=False, compare=False)  # for why_not

    @property
    def score(self) -> float:
        return round(math.fsum(line.score for line in self.lines), 6)

    def to_dict(self) -> dict:
        return {"result": self.result.to_dict(), "lines": [asdict(line) for line in self.lines],
                "figures": self.figures, "fixed": self.fixed}


PlanEdits = Edits  # the name used in the first drafts of this module

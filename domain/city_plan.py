"""From a plain snapshot of the city to a rule-respecting mutasi plan, explained line by line.

    snapshot = CitySnapshot(as_of, people, posts, units)
    plan = plan_city(snapshot, PlanSettings(max_moves=150), Edits(forbid={(nip, post)}))
    plan.lines, plan.figures, plan.fixed

`build_plan_problem` turns the city into a planner `Problem` (domain.planner): every person who
may move is a variable with their current post and their best few eligible moves
(domain.plan_candidates); people kept by a rule or a lock stay and use a seat of their post. The
objective is the moves' reasons minus each unit's convex shortage penalty (domain.plan_score,
domain.shortage). `plan_city` (domain.plan_explain) solves it with column generation over every
eligible move (domain.pricing) and reads the result back into lines.
Snapshot types and rules: domain.plan_rules; settings: domain.plan_settings (re-exported here).
"""
from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from domain.plan_candidates import Classes
from domain.plan_rules import (BLOCK_KINDS, CitySnapshot, Credential, Person, PlanSettings,  # noqa: F401
                               Post, SnapshotIndex, UnitInfo, index, move_blockers, move_rules,
                               pair_blockers, pair_rules)
from domain.plan_score import LABELS, Scorer, same_scorer, score_pair, scorer  # noqa: F401
from domain.plan_snapshot import Block, holder_group  # noqa: F401
from domain.planner import (Pair, PlanPosition, PlanUnit, Problem, Result, ShortageTerm,
                            StayGroup)
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
    candidates: dict[str, list[tuple[str, float]]]  # nip -> starting moves (post, total), best first
    fixed: dict[str, list[tuple[str, str]]]  # nip -> (rule, sentence) keeping them in post
    waived: dict[str, list[str]]  # nip -> rules waived for their forced pair
    precheck: list[str]  # reasons, found while building, that no plan exists
    build_seconds: float = 0.0
    classes: Classes | None = None
    eligible_pairs: int = 0  # every eligible move of the people in the problem
    baseline: float = 0.0  # the shortage penalty if nobody moves (the problem's offset)
    bonus: dict = field(default_factory=dict)  # (nip, post) -> stick_to bonus
    reused: int = 0  # columns taken over from the model of an earlier plan (`start`)
    lp_basis: tuple | None = None  # the last LP's basis by label (domain.pricing), for the next

    def price(self, duals: dict, problem: Problem) -> list[Pair]:
        """The eligible moves outside `problem` with a positive reduced cost (domain.pricing)."""
        idx, forced = index(self.snapshot), {nip for nip, _ in problem.force}
        in_model = defaultdict(set)
        for pair in problem.pairs:
            in_model[pair.employee].add(pair.position)
        for nip, code in problem.forbid:
            in_model[nip].add(code)
        people = [idx.people[nip] for nip in problem.employees if nip not in forced]
        costs = self.settings.tpp_cost or {}
        return self.classes.price(people, in_model, duals, self.bonus,
                                  lambda unit: costs.get(unit, 0.0))


def build_plan_problem(snapshot: CitySnapshot, settings: PlanSettings | None = None,
                       edits: Edits | None = None, *,
                       stick_to: dict[str, str] | None = None,
                       start: CityModel | None = None) -> CityModel:
    """Every person who may move is a variable; everybody else stays and uses a seat of their post.

    `stick_to` (nip -> post) adds a bonus below one score point in total to those lines, so
    that a re-solve keeps as much as possible of an earlier plan (domain.plan_explain.why_not).
    `start`: the model of an earlier plan of the same city and scoring settings (a draft before
    an edit); its starting candidates and the moves its pricing added are taken over where the
    edits still allow them, so that pricing has little left to add (`_warm_scores`)."""
    started = time.perf_counter()
    s = settings or PlanSettings()
    known = same_scorer(start.classes.scorer if start and start.classes else None, snapshot, s)
    idx = known.idx if known else index(snapshot)
    edits = _checked_edits(edits or Edits(), idx)
    # the index's snapshot: equal to `snapshot`, shared by every model of this city
    model = CityModel(Problem({}, {}, {}, []), idx.snapshot, s, edits, {}, {}, {}, [])
    forced = _forced(edits, idx)
    movable = _split(model, idx, forced)
    seats = {code: idx.capacity(post) for code, post in idx.posts.items()}
    for nip in model.fixed:
        seats[idx.people[nip].position] -= 1
    model.classes = Classes(known or scorer(snapshot, s), seats)
    bonus = 0.5 / (len(idx.people) + 1)
    model.bonus = {(nip, code): bonus for nip, code in (stick_to or {}).items()}
    forbidden = defaultdict(set)
    for nip, code in edits.forbid:
        forbidden[nip].add(code)
    scores, offered, warm = {}, Counter(), _warm_scores(start, model)
    for person in movable:
        if person.nip in forced:
            continue
        current, nip = idx.current(person), person.nip
        if nip in warm:
            found = [(code, total) for code, total in start.candidates[nip]
                     if code not in forbidden[nip] and model.classes.has_seat(code)]
            model.candidates[nip] = found
            scores.update({(nip, code): warm[nip][code] for code, _ in found})
            offered.update(code for code, _ in found)
        else:
            found = model.classes.starting_candidates(person, current, forbidden[nip], offered)
            model.candidates[nip] = [(code, parts["total"]) for code, parts in found]
            scores.update({(nip, code): parts["lp"] for code, parts in found})
        model.eligible_pairs += model.classes.eligible_pairs(person, current, forbidden[nip])
    _fill_problem(model, idx, movable, forced, seats, scores)
    _add_warm_columns(model, warm, forbidden)
    model.build_seconds = time.perf_counter() - started
    return model


def _warm_scores(start: CityModel | None, model: CityModel) -> dict[str, dict[str, float]]:
    """nip -> post -> score of every move column of `start` whose person was free to move there
    (not forced, so every column is an eligible move, none waived); empty when `start` scored
    another snapshot or with other scoring settings (another scorer, `same_scorer`)."""
    if start is None or start.classes is None or start.classes.scorer is not model.classes.scorer:
        return {}
    warm = defaultdict(dict)
    employees = start.problem.employees
    for pair in start.problem.pairs:
        if pair.employee in start.candidates and employees[pair.employee] != pair.position:
            warm[pair.employee][pair.position] = pair.score - start.bonus.get(pair.key, 0.0)
    return {nip: warm[nip] for nip in start.candidates}


def _add_warm_columns(model: CityModel, warm: dict, forbidden: dict) -> None:
    """The moves `start`'s pricing added, for people still free to move, where the edits and
    seats still allow them (the starting candidates are already columns)."""
    problem, costs = model.problem, model.settings.tpp_cost or {}
    for nip, found in warm.items():
        if nip not in model.candidates:
            continue
        known = {code for code, _ in model.candidates[nip]} | forbidden[nip]
        for code, score in found.items():
            if code not in known and model.classes.has_seat(code):
                unit = model.classes.idx.posts[code].unit
                problem.pairs.append(Pair(nip, code, score + model.bonus.get((nip, code), 0.0),
                                          costs.get(unit, 0.0)))
                model.reused += 1
    model.reused += sum(len(found) for nip, found in model.candidates.items() if nip in warm)


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


def _fill_problem(model: CityModel, idx: SnapshotIndex, movable: list[Person],
                  forced: dict[str, str], seats: dict[str, int], scores: dict) -> None:
    s, problem = model.settings, model.problem
    costs, budgets = s.tpp_cost or {}, s.unit_budgets or {}
    unknown = sorted((set(costs) | set(budgets)) - set(idx.units))
    if unknown:
        raise DomainError(f"Anggaran/biaya TPP menyebut unit tak dikenal: {', '.join(unknown)}.")
    for person in movable:
        problem.employees[person.nip] = person.position
        if person.nip in forced:
            code = forced[person.nip]
            options = [(code, model.classes.scorer.parts(person, idx.current(person),
                                                         idx.posts[code])["lp"])]
        else:
            options = [(person.position, 0.0)] + [(code, scores[person.nip, code])
                                                  for code, _ in model.candidates[person.nip]]
        for code, score in options:
            score += model.bonus.get((person.nip, code), 0.0)
            problem.pairs.append(Pair(person.nip, code, score, costs.get(idx.posts[code].unit, 0.0)))
    problem.force = sorted(forced.items())
    problem.forbid = sorted(pair for pair in model.edits.forbid if pair[0] in problem.employees)
    problem.max_moves = s.max_moves
    problem.positions = {code: PlanPosition(post.unit, seats[code])
                         for code, post in sorted(idx.posts.items())}
    fixed_units = Counter(idx.current(idx.people[nip]).unit for nip in model.fixed)
    for code in idx.units:
        budget = budgets.get(code)
        budget = None if budget is None else budget - fixed_units[code] * costs.get(code, 0.0)
        problem.units[code] = PlanUnit(budget, _max_leaving(idx.unit_staff[code], s))
    problem.min_stay = _stay_groups(idx, movable, s)
    problem.shortage = _shortage_terms(model.classes.scorer, movable)
    model.baseline = problem.offset = problem.penalty(dict(problem.employees))
    model.precheck = _precheck(model, idx, seats)


def _stay_groups(idx: SnapshotIndex, movable: list[Person], s: PlanSettings) -> list[StayGroup]:
    """Per unit and JF it needs, at least `min_holders_per_jf` holders stay (with fewer holders
    than that, nobody of them may move: the rule `pemangku_tunggal`)."""
    members = defaultdict(list)
    for person in movable:
        current = idx.current(person)
        if not current.is_principal:  # a principal has a rule of their own
            members[current.unit, holder_group(current)].append(person.nip)
    groups = []
    for (unit, jf), nips in sorted(members.items()):
        staying = idx.jf_holders[unit, jf] - len(nips)
        if s.min_holders_per_jf and idx.jf_need[unit, jf] >= 1 and \
                staying < s.min_holders_per_jf:
            groups.append(StayGroup(f"{jf} di {idx.units[unit].name}", tuple(nips),
                                    min(s.min_holders_per_jf - staying, len(nips))))
    return groups


def _shortage_terms(scorer: Scorer, movable: list[Person]) -> dict[str, ShortageTerm]:
    """Per unit with an ABK need: the people missing at each post if the movable people left."""
    idx = scorer.idx
    movable_at = Counter(person.position for person in movable)
    deficits = defaultdict(dict)
    for code, post in sorted(idx.posts.items()):
        if post.need > 0:
            deficits[post.unit][code] = post.need - (post.holders - movable_at[code])
    return {unit: ShortageTerm(found, tuple(scorer.penalty[unit].lines()))
            for unit, found in deficits.items()}


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
    kind: str = "mutasi"  # mutasi | perpindahan_jabatan | pemberhentian_jf (domain.plan_rules)
    jpm: float | None = None  # JPM for the target post (None: no assessment)
    shortage_change: int = 0  # change of the city's shortage by this line (domain.shortage)


@dataclass
class CityPlan:
    result: Result
    lines: list[Line]
    figures: dict
    fixed: list[dict]  # people who stay by rule or lock: nip, name, post, unit, rules, blockers
    model: CityModel | None = field(default=None, repr=False, compare=False)  # for why_not

    @property
    def score(self) -> float:
        """The plan's objective against leaving everybody in post (figures["score"])."""
        return self.figures.get("score", round(math.fsum(line.score for line in self.lines), 6))

    def to_dict(self) -> dict:
        return {"result": self.result.to_dict(), "lines": [asdict(line) for line in self.lines],
                "figures": self.figures, "fixed": self.fixed}


PlanEdits = Edits  # the name used in the first drafts of this module

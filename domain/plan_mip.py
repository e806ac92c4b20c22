"""The planner's MIP: one binary per allowed pair, then the shortage and penalty columns.

    max  Σ score·x − Σ_units t_u
    s.t. each employee exactly one pair; position capacities; unit budgets; the move budget and
         per-unit leaving caps ("stays ≥ placed now − limit"); minimum stays per group;
         s_p + Σ placed at p ≥ deficit_p  (s_p = the post's shortage, 0 ≤ s_p ≤ deficit_p;
         deficit_p = need − holders outside the problem);
         t_u ≥ slope_k · Σ_{p in u} s_p + intercept_k  for every line k of the unit's convex
         penalty (domain.shortage.Penalty); a post without deficit has no shortage.

Every row has a label `(kind, key)`, so that the duals of a solved relaxation price pairs left
out of the model (`reduced_cost`, domain.pricing). Rows that cannot bind are left out; their dual
is 0. A shortage row is kept even without arrivals: its dual is what one more arrival is worth.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.solver import INF, Mip, gc_paused

if TYPE_CHECKING:
    from domain.planner import Pair, Problem


@dataclass
class PlanModel:
    mip: Mip
    pairs: list[Pair]  # column k is pairs[k]
    rows: list[tuple[str, object]] = field(default_factory=list)  # row i's label (kind, key)
    # soft models only: slack column -> (kind, unit or position id, limit)
    slacks: dict[int, tuple[str, str, float]] = field(default_factory=dict)
    extra: list = field(default_factory=list)  # labels of the columns after the pairs

    def column_labels(self) -> list:
        """Column k's label: the pair's (employee, position), then ("s", post) / ("t", unit) of
        the shortage columns and ("slack", limit label) of a soft model's slacks."""
        return [pair.key for pair in self.pairs] + self.extra

    def add_row(self, label: tuple[str, object], cols: list[int], coefs: list[float],
                lower: float | None = None, upper: float | None = None) -> None:
        self.mip.add_row(cols, coefs, lower=lower, upper=upper)
        self.rows.append(label)

    def duals(self, values: list[float]) -> dict[tuple[str, object], float]:
        return dict(zip(self.rows, values))


def build_model(problem: Problem, soft: bool = False, every_row: bool = False) -> PlanModel:
    """One binary per allowed pair. `soft`: limits get penalised slacks and scores count 0.
    `every_row`: a row for every capacity and budget, binding or not, so that columns can be
    added later (`column_entries`)."""
    pairs = problem.allowed_pairs()
    model = PlanModel(Mip(), pairs)
    forced = set(problem.force)
    with gc_paused():
        for pair in pairs:
            model.mip.add_column(0.0 if soft else pair.score,
                                 lower=1.0 if pair.key in forced else 0.0)
        groups = _group(problem, pairs)
        for employee in problem.employees:
            cols = groups["employee"][employee]
            model.add_row(("employee", employee), cols, [1.0] * len(cols), lower=1.0, upper=1.0)
        _add_capacities(model, problem, groups["position"], soft, every_row)
        _add_budgets(model, problem, groups["unit"], soft, every_row)
        _add_move_limits(model, problem, groups["stay"], soft)
        _add_min_stays(model, problem, pairs, soft)
        _add_shortage(model, problem, groups["position"], soft)
    return model


def _group(problem: Problem, pairs: list[Pair]) -> dict[str, dict[str | None, list[int]]]:
    """Column lists by employee, position, unit, and the "stay" columns by the unit stayed in."""
    groups = {kind: defaultdict(list) for kind in ("employee", "position", "unit", "stay")}
    for col, pair in enumerate(pairs):
        unit = problem.unit_of(pair.position)
        groups["employee"][pair.employee].append(col)
        groups["position"][pair.position].append(col)
        groups["unit"][unit].append(col)
        if problem.employees[pair.employee] == pair.position:
            groups["stay"][unit].append(col)
    return groups


def _add_capacities(model: PlanModel, problem: Problem, by_position, soft: bool,
                    every_row: bool) -> None:
    for position_id, position in problem.positions.items():
        cols = by_position[position_id]
        if position.capacity is not None and (every_row or len(cols) > position.capacity):
            _add_limit(model, soft, ("capacity", position_id, position.capacity),
                       cols, [1.0] * len(cols), upper=position.capacity)


def _add_budgets(model: PlanModel, problem: Problem, by_unit, soft: bool,
                 every_row: bool) -> None:
    for unit_id, unit in problem.units.items():
        cols = [col for col in by_unit[unit_id] if model.pairs[col].cost > 0]
        if unit.budget is not None and (cols or every_row):
            _add_limit(model, soft, ("budget", unit_id, unit.budget),
                       cols, [model.pairs[col].cost for col in cols], upper=unit.budget)


def _add_move_limits(model: PlanModel, problem: Problem, stays_by_unit, soft: bool) -> None:
    """moves <= M  is written  stays >= placed_now - M: one term per employee with a stay pair."""
    placed_now = defaultdict(int)
    for current in problem.employees.values():
        if current is not None:
            placed_now[problem.unit_of(current)] += 1
    limits = [("moves", "", problem.max_moves, sum(placed_now.values()),
               [col for cols in stays_by_unit.values() for col in cols])]
    limits += [("leaving", unit_id, unit.max_leaving, placed_now[unit_id], stays_by_unit[unit_id])
               for unit_id, unit in problem.units.items()]
    for kind, key, limit, placed, stays in limits:
        if limit is not None and placed - limit > 0:
            _add_limit(model, soft, (kind, key, limit), stays, [1.0] * len(stays),
                       lower=placed - limit)


def _add_min_stays(model: PlanModel, problem: Problem, pairs: list[Pair], soft: bool) -> None:
    """At least `minimum` of a group's employees stay in their current position."""
    stay_col = {pair.employee: col for col, pair in enumerate(pairs)
                if problem.employees[pair.employee] == pair.position}
    for group in problem.min_stay:
        cols = [stay_col[e] for e in group.employees if e in stay_col]
        _add_limit(model, soft, ("min_stay", group.label, group.minimum), cols,
                   [1.0] * len(cols), lower=group.minimum)


def _add_shortage(model: PlanModel, problem: Problem, by_position, soft: bool) -> None:
    """s_p per post with a deficit, t_u per unit with its penalty lines."""
    mip = model.mip
    for unit_id, term in problem.shortage.items():
        cols = []
        for position_id, deficit in term.deficits.items():
            if deficit <= 0:
                continue
            placed = by_position.get(position_id, [])
            s_col = mip.add_column(0.0, upper=float(deficit), integer=False)
            model.extra.append(("s", position_id))
            model.add_row(("shortage", position_id), [s_col] + placed,
                          [1.0] * (len(placed) + 1), lower=float(deficit))
            cols.append(s_col)
        t_col = mip.add_column(0.0 if soft else -1.0, upper=INF, integer=False)
        model.extra.append(("t", unit_id))
        for k, (slope, intercept) in enumerate(term.lines):
            model.add_row(("penalty", (unit_id, k)), [t_col] + cols, [1.0] + [-slope] * len(cols),
                          lower=intercept)


def _add_limit(model: PlanModel, soft: bool, label: tuple[str, str, float], cols: list[int],
               coefs: list[float], lower: float | None = None, upper: float | None = None) -> None:
    """A side constraint; in a soft model a penalised slack column may break it."""
    if soft:
        slack = model.mip.add_column(-1.0, upper=INF, integer=False)
        model.extra.append(("slack", label))
        model.slacks[slack] = label
        cols, coefs = cols + [slack], coefs + [1.0 if upper is None else -1.0]
    model.add_row(label[:2], cols, coefs, lower=lower, upper=upper)


def reduced_cost(pair: Pair, unit: str, duals: dict[tuple[str, object], float]) -> float:
    """score − Σ row coefficient × dual over the rows a move column (not a stay) would enter;
    positive: adding the pair could improve the relaxation (an LP with unit budgets, capacities
    and shortage rows; move limits and minimum stays hold stay columns only)."""
    return (pair.score - duals.get(("employee", pair.employee), 0.0)
            - duals.get(("capacity", pair.position), 0.0)
            - pair.cost * duals.get(("budget", unit), 0.0)
            - duals.get(("shortage", pair.position), 0.0))


def column_entries(pair: Pair, unit: str, rows: dict[tuple[str, object], int]
                   ) -> tuple[list[int], list[float]]:
    """The rows (indices in `rows`, label -> index) and coefficients of a move column (not a
    stay) in a model built with every_row=True: the same rows `reduced_cost` reads."""
    entries = [(("employee", pair.employee), 1.0), (("capacity", pair.position), 1.0),
               (("budget", unit), pair.cost), (("shortage", pair.position), 1.0)]
    found = [(rows[label], coef) for label, coef in entries if label in rows and coef]
    return [index for index, _ in found], [coef for _, coef in found]


def plan_from(pairs: list[Pair], values: list[float] | None) -> dict[str, str] | None:
    """The assignment in `values` when it is integral on the pair columns; else None."""
    if values is None:
        return None
    assignment: dict[str, str] = {}
    for pair, value in zip(pairs, values):
        if abs(value - round(value)) > 1e-6:
            return None
        if value > 0.5:
            if pair.employee in assignment:
                return None
            assignment[pair.employee] = pair.position
    return assignment

"""Optimal over every eligible move: column generation around the planner model.

The model starts with each person's best few moves (domain.plan_candidates). Its LP relaxation is
solved with HiGHS; the row duals price every eligible move left out (reduced cost = score − the
duals of the rows the move would enter); moves with a positive reduced cost are added and the LP
is solved again (warm, in the same HiGHS model), until none is left. The last LP is then optimal
over *all* eligible moves, so its objective bounds every plan that uses any of them: a plan within
the requested gap of that bound is proven optimal over all eligible moves. Only then does a plan
say so. The loop runs in one child process under the solver watchdog (domain.solver).

    result, report = solve_priced(problem, price, settings, eligible_pairs)
    report.eligible_pairs, report.pairs_priced, report.pairs_added, report.rounds
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Callable

import highspy

from domain.explanation import cheap_reasons
from domain.plan_mip import build_model, column_entries, plan_from
from domain.planner import Pair, Problem, Result, result_of, solve
from domain.solver import Run, run_mip, run_watched, to_highs, watch_margin


@dataclass
class PricingReport:
    eligible_pairs: int = 0  # eligible moves (rules, seats, locks), besides staying
    pairs_priced: int = 0  # eligible moves outside the final model, priced by its duals
    pairs_added: int = 0  # moves added because their reduced cost was positive
    rounds: int = 0  # LP relaxations solved
    converged: bool = False  # no eligible move left with a positive reduced cost
    lp_bound: float | None = None  # the last LP's objective: a bound over all eligible moves
    seconds: float = 0.0  # time spent pricing (not solving)
    lp_seconds: float = 0.0  # time spent in the LP relaxations
    warm_basis: bool = False  # the first LP started from an earlier plan's basis
    # the last LP's basis by column and row label: the warm start of the next edit's first LP
    basis: tuple | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Generated:
    """What the child sends back: the pairs it added and the last LP."""

    status: str
    added: list[Pair] = field(default_factory=list)
    values: list[float] | None = None  # the pair columns, in allowed_pairs() order + added;
    # None: the last LP was not solved to optimality
    objective: float | None = None
    report: PricingReport = field(default_factory=PricingReport)
    version: str = ""


def solve_priced(problem: Problem, price: Callable[[dict, Problem], list[Pair]], s,
                 eligible_pairs: int, basis: tuple | None = None) -> tuple[Result, PricingReport]:
    """Solve `problem`, adding priced pairs until none can improve the relaxation.

    `price(duals, problem)` returns eligible pairs outside the problem with a positive reduced
    cost (empty: there are none); `s` gives solver, time_limit, gap, lp_first and
    max_pricing_rounds. `basis`: an earlier plan's last LP basis (`report.basis`), the first
    LP's starting point where its labels match (measured at scale 1: 1,051 simplex iterations
    and 0.05 s instead of 3,241 and 0.33 s); it changes where the simplex starts, not what it
    proves."""
    started = time.perf_counter()
    if not problem.employees or cheap_reasons(problem):
        return solve(problem, s.solver, s.time_limit, s.gap, lp_first=s.lp_first), \
            PricingReport(eligible_pairs)
    model = build_model(problem, every_row=True)
    watched = run_watched(lambda built: _generate(problem, model, price, s, built, basis),
                          s.time_limit,
                          watch_margin(model.mip, s.time_limit), what="Pricing")
    generated = watched.payload
    if generated is None or generated.status != "optimal":  # no relaxation: solve as it stands
        return solve(problem, s.solver, _left(started, s.time_limit), s.gap), \
            PricingReport(eligible_pairs)
    report = generated.report
    report.eligible_pairs = eligible_pairs
    report.lp_bound = None if report.lp_bound is None else report.lp_bound + problem.offset
    problem.pairs.extend(generated.added)
    in_model = sum(1 for pair in problem.pairs if problem.employees[pair.employee] != pair.position)
    report.pairs_priced = max(eligible_pairs - in_model, 0)
    result = _final(problem, generated, s, started, report.converged)
    result.seconds = time.perf_counter() - started
    return result, report


def _generate(problem: Problem, model, price, s, built, basis) -> _Generated:
    """In the child: solve the LP, price, add columns, re-solve warm; until nothing is added."""
    h = to_highs(model.mip, relax=True)
    h.setOptionValue("time_limit", float(s.time_limit))
    warm = basis is not None and _set_basis(h, model, basis)
    built(0.0)
    rows = {label: index for index, label in enumerate(model.rows)}
    pair_cols, report, started = list(range(len(model.pairs))), PricingReport(), time.perf_counter()
    while True:
        solved = time.perf_counter()
        h.run()
        if warm and report.rounds == 0 and \
                h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            warm = False  # the earlier basis did not lead to an optimum: start cold
            h.clearSolver()
            h.run()
        report.lp_seconds += time.perf_counter() - solved
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return _Generated("no_relaxation", report=report)
        report.rounds += 1
        solution = h.getSolution()
        pricing = time.perf_counter()
        added = price(dict(zip(model.rows, solution.row_dual)), problem)
        report.seconds += time.perf_counter() - pricing
        if not added:
            report.converged = True
            break
        for pair in added:
            indices, values = column_entries(pair, problem.unit_of(pair.position), rows)
            h.addCol(pair.score, 0.0, 1.0, len(indices), indices, values)
            pair_cols.append(h.getNumCol() - 1)
        # re-solve from the last basis: new columns keep it primal feasible, so primal simplex
        # (measured: 28 iterations instead of ~2,000 for the dual simplex from scratch)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("simplex_strategy", 4)
        problem.pairs.extend(added)
        report.pairs_added += len(added)
        if report.rounds >= s.max_pricing_rounds or \
                time.perf_counter() - started > s.time_limit / 2:  # leave time for the MIP
            h.run()  # the bound and plan of the model as it stands; not converged
            break
    added = problem.pairs[len(problem.pairs) - report.pairs_added:]
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:  # the last run stopped on time
        return _Generated("optimal", added, None, None, report, h.version())
    values = list(h.getSolution().col_value)
    report.lp_bound, report.warm_basis = h.getInfo().objective_function_value, warm
    report.basis = _basis_of(h, model.column_labels() + [pair.key for pair in added], model.rows)
    return _Generated("optimal", added, [values[col] for col in pair_cols], report.lp_bound,
                      report, h.version())


def _basis_of(h, columns: list, rows: list) -> tuple[dict, dict]:
    basis = h.getBasis()
    return (dict(zip(columns, (int(status) for status in basis.col_status))),
            dict(zip(rows, (int(status) for status in basis.row_status))))


def _set_basis(h, model, basis: tuple[dict, dict]) -> bool:
    """Start from an earlier LP's basis: known columns and rows keep their status, new columns
    start at their lower bound, new rows basic; the count of basic variables is evened out.
    False (and a cold start) when HiGHS refuses it."""
    lower, basic = int(highspy.HighsBasisStatus.kLower), int(highspy.HighsBasisStatus.kBasic)
    columns, rows = basis
    col_status = [columns.get(label, lower) for label in model.column_labels()]
    row_status = [rows.get(label, basic) for label in model.rows]
    surplus = col_status.count(basic) + row_status.count(basic) - len(row_status)
    for k in range(len(model.pairs)):  # too many basic: pair columns leave at their lower bound
        if surplus > 0 and col_status[k] == basic:
            col_status[k], surplus = lower, surplus - 1
    for k, status in enumerate(row_status):  # too few: row slacks enter
        if surplus < 0 and status != basic:
            row_status[k], surplus = basic, surplus + 1
    start = highspy.HighsBasis()
    start.col_status = [highspy.HighsBasisStatus(status) for status in col_status]
    start.row_status = [highspy.HighsBasisStatus(status) for status in row_status]
    start.valid = True
    return surplus == 0 and h.setBasis(start) == highspy.HighsStatus.kOk


def _final(problem: Problem, generated: _Generated, s, started: float,
           converged: bool) -> Result:
    """The integer plan: the last LP when integral (and lp_first), else the MIP on its columns;
    certified against the LP bound over all eligible moves when pricing converged."""
    building = time.perf_counter()
    model = build_model(problem)
    build_seconds = time.perf_counter() - building
    bound = generated.objective if converged else None
    if s.lp_first and plan_from(model.pairs, generated.values) is not None:
        run = Run("optimal", "highs", version=generated.version, values=generated.values,
                  objective=generated.objective, bound=generated.objective,
                  solve_seconds=generated.report.lp_seconds)
        result = result_of(problem, model, run, f"{s.solver} (LP HiGHS integral)", s.gap,
                           build_seconds, bound=bound)
    else:
        result = _fixed_first(problem, model, generated, s, started, build_seconds, bound)
    if not converged:  # the run's bound holds for its columns only, not for all moves
        result.bound = result.gap = None
        result.status = "feasible" if result.status == "optimal" else result.status
    return result


def _fixed_first(problem: Problem, model, generated: _Generated, s, started: float,
                 build_seconds: float, bound: float | None) -> Result:
    """A fractional LP: first the MIP with every pair the LP put at 0 or 1 fixed there (small,
    so fast); its plan stands when it is proven within the gap of the bound over all eligible
    moves. Otherwise the MIP over every column; the better of the two plans stands (without a
    bound, when pricing stopped early, the fixed MIP at least gives a plan quickly)."""
    first = None
    if s.lp_first and generated.values is not None:
        lower, upper = list(model.mip.lower), list(model.mip.upper)
        for col, value in enumerate(generated.values):
            if value < 1e-6:
                upper[col] = 0.0
            elif value > 1 - 1e-6:
                lower[col] = 1.0
        fixed = replace(model.mip, lower=lower, upper=upper)
        run = run_mip(fixed, s.solver, _left(started, s.time_limit),
                      _solver_gap(s.gap, bound, problem.offset))
        first = result_of(problem, model, run, f"{s.solver} (LP HiGHS, pecahan diperbaiki)",
                          s.gap, build_seconds, bound=bound)
        if first.status == "optimal":
            return first
    run = run_mip(model.mip, s.solver, _left(started, s.time_limit),
                  _solver_gap(s.gap, bound, problem.offset))
    result = result_of(problem, model, run, s.solver, s.gap, build_seconds, bound=bound)
    if first is not None and first.objective is not None and (
            result.objective is None or first.objective > result.objective):
        return first  # e.g. the full MIP ran out of time
    return result


def _solver_gap(gap: float, bound: float | None, offset: float) -> float:
    """The solver's relative gap on the objective without the offset that matches `gap` on the
    objective with it (the certificate's), given the bound."""
    if bound is None:
        return gap
    return gap * max(abs(bound + offset), 1.0) / max(abs(bound), 1.0)


def _left(started: float, time_limit: float) -> float:
    return max(time_limit - (time.perf_counter() - started), 1.0)

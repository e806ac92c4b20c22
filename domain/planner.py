"""The optimisation core: place every employee in one eligible position, maximising the total score.

    problem = Problem.from_dict(json.load(open("problem.json")))
    result = solve(problem, solver="cbc", time_limit=60.0, gap=1e-4)
    result.status, result.assignment, result.tight, result.diagnosis

Side constraints: position capacities, unit budgets (sum of the chosen pairs' cost), a city-wide
move budget (`max_moves`), per-unit `max_leaving`, minimum stays per group (`min_stay`), and locks
(`force` / `forbid` pairs). Optionally a convex penalty on each unit's shortage (`shortage`): the
objective is then the pairs' scores minus the penalties. A move is a placement outside the
employee's current position; placing someone without one is not a move. `domain.plan_mip` builds
the MIP, `domain.solver` runs it; `domain.explanation` says which limits bind and why no plan
exists. Messages for users are in Bahasa Indonesia.
"""
from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from domain.explanation import cheap_reasons, slack_reasons, tight_constraints
from domain.plan_mip import PlanModel, build_model, plan_from  # noqa: F401 (re-exported)
from domain.solver import SOLVERS, run_mip


@dataclass(frozen=True)
class Pair:
    """An eligible placement with its score and what it costs the position's unit budget."""

    employee: str
    position: str
    score: float
    cost: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        return self.employee, self.position


@dataclass(frozen=True)
class PlanPosition:
    """What the planner needs of a position (not the `organisation.Position` aggregate)."""

    unit: str
    capacity: int | None = None  # None: unlimited


@dataclass(frozen=True)
class PlanUnit:
    """What the planner needs of a unit (not the `organisation.Unit` aggregate)."""

    budget: float | None = None  # None: no limit
    max_leaving: int | None = None  # None: no limit


@dataclass(frozen=True)
class StayGroup:
    """At least `minimum` of `employees` stay in their current position (e.g. holders of a JF
    that their unit needs)."""

    label: str
    employees: tuple
    minimum: int


@dataclass(frozen=True)
class ShortageTerm:
    """A unit's shortage penalty: per position the people missing if no employee of the problem
    sits there (need − holders outside the problem), and the penalty's (slope, intercept) lines:
    penalty = max over lines of slope × Σ shortage + intercept (convex)."""

    deficits: dict
    lines: tuple

    def penalty(self, arrivals: dict[str, int]) -> float:
        missing = math.fsum(max(0, deficit - arrivals.get(position, 0))
                            for position, deficit in self.deficits.items())
        return max(slope * missing + intercept for slope, intercept in self.lines)


@dataclass
class Problem:
    employees: dict[str, str | None]  # employee id -> current position id (None: not placed yet)
    positions: dict[str, PlanPosition]
    units: dict[str, PlanUnit]
    pairs: list[Pair]
    max_moves: int | None = None
    force: list[tuple[str, str]] = field(default_factory=list)
    forbid: list[tuple[str, str]] = field(default_factory=list)
    min_stay: list[StayGroup] = field(default_factory=list)
    shortage: dict[str, ShortageTerm] = field(default_factory=dict)  # unit id -> its penalty
    offset: float = 0.0  # a constant added to the objective (a city plan: its penalty if nobody
    # moves, so that staying scores 0); solvers work without it, bounds and results include it

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        """Read and validate the JSON form; raises ValueError with a message for the user."""
        return _read_problem(data)

    def allowed_pairs(self) -> list[Pair]:
        """The pairs a plan may use: not forbidden; a forced employee only their forced pair."""
        forbidden, forced = set(self.forbid), set(self.force)
        forced_employees = {employee for employee, _ in forced}
        return [pair for pair in self.pairs if pair.key not in forbidden
                and (pair.employee not in forced_employees or pair.key in forced)]

    def unit_of(self, position: str | None) -> str | None:
        return None if position is None else self.positions[position].unit

    def count_moves(self, assignment: dict[str, str]) -> int:
        return sum(1 for employee, position in assignment.items()
                   if self.employees[employee] not in (None, position))

    def penalty(self, assignment: dict[str, str]) -> float:
        """Σ over units of the shortage penalty left by this assignment."""
        arrivals = defaultdict(int)
        for position in assignment.values():
            arrivals[position] += 1
        return math.fsum(term.penalty(arrivals) for term in self.shortage.values())

    def objective(self, assignment: dict[str, str]) -> float:
        scores = {pair.key: pair.score for pair in self.pairs}
        return math.fsum(scores[item] for item in assignment.items()) - self.penalty(assignment) \
            + self.offset


@dataclass
class Result:
    status: str  # "optimal" | "feasible" | "infeasible" | "no_solution"
    objective: float | None = None
    bound: float | None = None  # proven upper bound on the objective
    gap: float | None = None  # (bound - objective) / max(|objective|, 1)
    seconds: float = 0.0
    assignment: dict[str, str] = field(default_factory=dict)
    solver: str = ""
    solver_version: str = ""
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    n_variables: int = 0
    n_constraints: int = 0
    moves: int | None = None
    tight: list[str] = field(default_factory=list)
    diagnosis: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def solve(problem: Problem, solver: str = "cbc", time_limit: float = 60.0,
          gap: float = 1e-4, lp_first: bool = False) -> Result:
    """The best plan the solver finds within `time_limit`; "optimal" only when proven within `gap`.

    `lp_first`: solve the LP relaxation first; when its optimum is integral it is a proven optimal
    plan and the MIP run is skipped (assignment models with few side constraints usually are).
    When no plan exists, `diagnosis` says why (this may take a second run of up to `time_limit`)."""
    if solver not in SOLVERS:
        raise ValueError(f"Solver '{solver}' tidak dikenal (pilihan: {', '.join(SOLVERS)})")
    started = time.perf_counter()
    reasons = cheap_reasons(problem)
    if reasons:
        result = Result("infeasible", solver=solver, diagnosis=reasons)
    else:
        result = _solve_model(problem, solver, time_limit, gap, lp_first)
    if result.status == "infeasible" and not result.diagnosis:
        result.diagnosis = diagnose(problem, solver, time_limit) or [
            "Solver menyatakan tidak ada rencana yang memenuhi semua batasan, "
            "tetapi relaksasi tidak menemukan batasan yang harus dilonggarkan"]
    result.seconds = time.perf_counter() - started
    return result


def diagnose(problem: Problem, solver: str = "cbc", time_limit: float = 60.0) -> list[str]:
    """Why no plan exists (Bahasa Indonesia); [] when a plan exists.

    Cheap necessary conditions first; otherwise solve a copy whose side constraints may be broken
    at a penalty, and name the ones it had to break."""
    reasons = cheap_reasons(problem)
    if reasons:
        return reasons
    model = build_model(problem, soft=True)
    run = run_mip(model.mip, solver, time_limit, gap=1e-6)
    if run.values is None:
        return [f"Penyebab tidak ditemukan dalam batas waktu {time_limit:g} detik"]
    return slack_reasons(model.slacks, run.values)


def solve_file(path: str, **options) -> dict:
    """For `mutasi plan --problem FILE.json --json`: the result as a JSON-ready dict."""
    with open(path, encoding="utf-8") as problem_file:
        problem = Problem.from_dict(json.load(problem_file))
    return solve(problem, **options).to_dict()


def _solve_model(problem: Problem, solver: str, time_limit: float, gap: float,
                 lp_first: bool = False) -> Result:
    if not problem.employees:
        return Result("optimal", objective=0.0, bound=0.0, gap=0.0, solver=solver, moves=0)
    started = time.perf_counter()
    model = build_model(problem)
    build_seconds = time.perf_counter() - started
    run = integral_lp(model, time_limit) if lp_first else None
    used = f"{solver} (LP HiGHS integral)" if run is not None else solver
    if run is None:
        run = run_mip(model.mip, solver, max(time_limit - (time.perf_counter() - started), 1.0), gap)
    return result_of(problem, model, run, used, gap, build_seconds)


def result_of(problem: Problem, model: PlanModel, run, solver: str, gap: float,
              build_seconds: float, bound: float | None = None) -> Result:
    """The plan in a solver run with its certificate; `bound` replaces the run's own bound (e.g.
    the LP bound over every eligible pair, domain.pricing)."""
    result = Result(run.status, solver=solver, solver_version=run.version,
                    build_seconds=build_seconds + run.build_seconds,
                    solve_seconds=run.solve_seconds, n_variables=len(model.mip.objective),
                    n_constraints=len(model.mip.rows))
    if run.status in ("optimal", "feasible"):
        assignment = plan_from(model.pairs, run.values)
        if assignment is None or len(assignment) != len(problem.employees):
            result.status = "no_solution"  # never trust a plan that is not integral and complete
        else:
            _certify(result, problem, assignment, run.bound if bound is None else bound, gap,
                     proven=run.status == "optimal")
    return result


def integral_lp(model: PlanModel, time_limit: float):
    """The LP relaxation's run when its optimum is integral (then a proven MIP optimum), else None.
    HiGHS's simplex solves it whichever MIP solver was chosen: measured 2.6 s against CBC's 20 s on
    the 217k-variable scale-10 city."""
    run = run_mip(model.mip, "highs", time_limit, gap=0.0, relax=True)
    if run.status != "optimal" or plan_from(model.pairs, run.values) is None:
        return None
    return run


def _certify(result: Result, problem: Problem, assignment: dict[str, str],
             bound: float | None, gap: float, proven: bool) -> None:
    """Fill the plan and its certificate; "optimal" needs a proof and a gap within the request."""
    result.assignment = assignment
    result.objective = problem.objective(assignment)
    result.moves = problem.count_moves(assignment)
    result.tight = tight_constraints(problem, assignment)
    result.bound = _valid_bound(problem, result.objective,
                                None if bound is None else bound + problem.offset)
    if result.bound is not None:
        result.gap = (result.bound - result.objective) / max(abs(result.objective), 1.0)
    proven_within_gap = proven and result.gap is not None and result.gap <= gap + 1e-9
    result.status = "optimal" if proven_within_gap else "feasible"


def _valid_bound(problem: Problem, objective: float, bound: float | None) -> float | None:
    """No bound below the plan itself; with integer scores the bound rounds down to an integer."""
    if bound is None:
        return None
    if not problem.shortage and all(float(pair.score).is_integer() for pair in problem.pairs):
        bound = float(math.floor(bound + 1e-6))
    return max(bound, objective)


# --- reading the JSON form ------------------------------------------------------------------------
def _read_problem(data: dict) -> Problem:
    if not isinstance(data, dict):
        raise ValueError("Masalah harus berupa objek JSON")
    units = {unit_id: PlanUnit(_number(item.get("budget"), f"Unit {unit_id}: anggaran"),
                               _count(item.get("max_leaving"), f"Unit {unit_id}: max_leaving"))
             for unit_id, item in _by_id(data.get("units"), "unit")}
    positions = {position_id: PlanPosition(
                     _reference(item.get("unit"), units, f"Posisi {position_id}: unit"),
                     _count(item.get("capacity"), f"Posisi {position_id}: kapasitas"))
                 for position_id, item in _by_id(data.get("positions"), "posisi")}
    employees = {employee_id: _reference(item.get("current"), positions,
                                         f"Pegawai {employee_id}: posisi saat ini", required=False)
                 for employee_id, item in _by_id(data.get("employees"), "pegawai")}
    pairs = _read_pairs(data.get("pairs"), employees, positions)
    force = _read_locks(data, "force", employees, positions)
    known = {pair.key for pair in pairs}
    for employee, position in force:
        if (employee, position) not in known:
            raise ValueError(f"force {employee}→{position}: pasangan itu tidak ada di daftar pairs")
    return Problem(employees, positions, units, pairs, _count(data.get("max_moves"), "max_moves"),
                   force, _read_locks(data, "forbid", employees, positions))


def _by_id(items, what: str) -> list[tuple[str, dict]]:
    found: dict[str, dict] = {}
    for item in items or []:
        if not isinstance(item, dict) or item.get("id") is None:
            raise ValueError(f"Setiap {what} perlu 'id', bukan {item!r}")
        item_id = str(item["id"])
        if item_id in found:
            raise ValueError(f"ID {what} ganda: {item_id}")
        found[item_id] = item
    return list(found.items())


def _read_pairs(items, employees: dict, positions: dict) -> list[Pair]:
    pairs, seen = [], set()
    for item in items or []:
        if not isinstance(item, dict):
            raise ValueError(f"Setiap pasangan harus berupa objek, bukan {item!r}")
        label = f"Pasangan {item.get('employee')}→{item.get('position')}"
        employee = _reference(item.get("employee"), employees, f"{label}: pegawai")
        position = _reference(item.get("position"), positions, f"{label}: posisi")
        if (employee, position) in seen:
            raise ValueError(f"{label} muncul lebih dari sekali")
        seen.add((employee, position))
        score = _number(item.get("score"), f"{label}: skor", required=True, negative_ok=True)
        cost = _number(item.get("cost"), f"{label}: biaya") or 0
        pairs.append(Pair(employee, position, score, cost))
    return pairs


def _read_locks(data: dict, name: str, employees: dict, positions: dict) -> list[tuple[str, str]]:
    locks = []
    for item in data.get(name) or []:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise ValueError(f"Setiap entri {name} harus [pegawai, posisi], bukan {item!r}")
        employee = _reference(item[0], employees, f"{name} {item[0]}→{item[1]}: pegawai")
        position = _reference(item[1], positions, f"{name} {item[0]}→{item[1]}: posisi")
        locks.append((employee, position))
    return locks


def _reference(value, known: dict, label: str, required: bool = True) -> str | None:
    """An id that must exist in `known`; None only where not `required`."""
    if value is None:
        if required:
            raise ValueError(f"{label} wajib diisi")
        return None
    if str(value) not in known:
        raise ValueError(f"{label} '{value}' tidak dikenal")
    return str(value)


def _count(value, label: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"{label} harus bilangan bulat ≥ 0 atau null, bukan {value!r}")
    return value


def _number(value, label: str, required: bool = False, negative_ok: bool = False) -> float | None:
    if value is None and not required:
        return None
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
            or (value < 0 and not negative_ok)):
        raise ValueError(f"{label} harus angka{'' if negative_ok else ' ≥ 0'}, bukan {value!r}")
    return value

"""Run a maximisation MIP with CBC (through PuLP) or HiGHS (through highspy), under a hard watchdog.

The planner describes its model as a `Mip` (plain lists, no solver objects). `run_mip` solves it
in a child process of its own session, so that a solver which overruns its time limit (both do, see
PLANNER.md) can be killed together with CBC's own subprocess. Nothing here knows about employees.

A `Run` is honest about what the solver proved:
  "optimal"     the solver proved its plan within the requested relative gap
  "feasible"    an integer plan, not proven (time limit); `bound` if the solver reported one
  "infeasible"  the solver proved that no plan exists
  "no_solution" no integer plan (time limit, watchdog): `values` is None; never read LP values
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import os
import re
import signal
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import highspy
import numpy as np
import pulp

INF = float("inf")
GRACE_SECONDS = 10.0  # the watchdog's fixed allowance on top of the time limit and the build


class Row(NamedTuple):
    cols: list[int]
    coefs: list[float]
    lower: float | None  # None: no lower side
    upper: float | None  # None: no upper side


@dataclass
class Mip:
    """max objective·x  s.t.  rows, lower <= x <= upper, x integer where `integer`."""

    objective: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def add_column(self, objective: float, lower: float = 0.0, upper: float = 1.0,
                   integer: bool = True) -> int:
        self.objective.append(objective)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.objective) - 1

    def add_row(self, cols: list[int], coefs: list[float], lower: float | None = None,
                upper: float | None = None) -> None:
        if lower is None and upper is None:
            raise ValueError("a row needs a lower or an upper side")
        if lower is not None and upper is not None and lower != upper:
            raise ValueError("a row is one-sided or an equality")
        self.rows.append(Row(cols, coefs, lower, upper))

    @property
    def n_nonzeros(self) -> int:
        return sum(len(row.cols) for row in self.rows)


@dataclass
class Run:
    status: str  # "optimal" | "feasible" | "infeasible" | "no_solution"
    solver: str
    version: str = ""
    objective: float | None = None
    bound: float | None = None
    values: list[float] | None = None
    duals: list[float] | None = None  # row duals of an LP relaxation solved by HiGHS
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    killed: bool = False  # the watchdog had to kill the solver


@contextmanager
def gc_paused():
    """Building many small objects is about twice as fast without the cyclic garbage collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- CBC through PuLP -----------------------------------------------------------------------------
def to_pulp(mip: Mip, relax: bool = False):
    """A PuLP model; zero-padded names keep PuLP's name sort equal to column order."""
    with gc_paused():
        lp = pulp.LpProblem("mutasi", pulp.LpMaximize)
        cat = pulp.LpContinuous if relax else pulp.LpInteger
        xs = [pulp.LpVariable(f"x{k:07d}", lo, None if hi == INF else hi,
                              cat if is_int else pulp.LpContinuous)
              for k, (lo, hi, is_int) in enumerate(zip(mip.lower, mip.upper, mip.integer))]
        lp.setObjective(pulp.LpAffineExpression(list(zip(xs, mip.objective))))
        for i, row in enumerate(mip.rows):
            expr = pulp.LpAffineExpression([(xs[c], a) for c, a in zip(row.cols, row.coefs)])
            lp.addConstraint(_pulp_constraint(expr, row), name=f"c{i:07d}")
    return lp, xs


def _pulp_constraint(expr, row: Row):
    if row.lower == row.upper:
        return pulp.LpConstraint(expr, pulp.LpConstraintEQ, rhs=row.lower)
    if row.upper is not None:
        return pulp.LpConstraint(expr, pulp.LpConstraintLE, rhs=row.upper)
    return pulp.LpConstraint(expr, pulp.LpConstraintGE, rhs=row.lower)


def solve_cbc(mip: Mip, time_limit: float, gap: float, relax: bool, workdir: str,
              built: Callable[[float], None]) -> Run:
    started = time.perf_counter()
    lp, xs = to_pulp(mip, relax)
    build_seconds = time.perf_counter() - started
    built(build_seconds)
    log_path = os.path.join(workdir, "cbc.log")
    command = pulp.PULP_CBC_CMD(mip=not relax, msg=False, timeLimit=time_limit, gapRel=gap,
                                logPath=log_path)
    command.tmpDir = workdir
    started = time.perf_counter()
    lp.solve(command)
    run = Run(_cbc_status(lp), "cbc", build_seconds=build_seconds,
              solve_seconds=time.perf_counter() - started)
    with open(log_path) as log_file:
        _read_cbc_answer(run, lp, xs, log_file.read())
    return run


def _cbc_status(lp) -> str:
    """PuLP says "Optimal" for a time-limited incumbent: only sol_status 1 is a proof."""
    if lp.sol_status == 1:
        return "optimal"
    if lp.sol_status == 2:
        return "feasible"
    if lp.status == -1:
        return "infeasible"
    return "no_solution"


def _read_cbc_answer(run: Run, lp, xs, log: str) -> None:
    version = re.search(r"^Version:\s*(\S+)", log, re.M)
    run.version = version.group(1) if version else ""
    if run.status not in ("optimal", "feasible"):
        return
    run.values = [x.varValue or 0.0 for x in xs]
    run.objective = lp.objective.value() if xs else 0.0
    # CBC prints the bound only when it stopped early, with 3 decimals: add half a unit of the last
    # digit so that it stays a valid upper bound. "Optimal solution found" alone means proven.
    bound = re.search(r"^(?:Upper|Lower) bound:\s*(\S+)", log, re.M)
    if bound:
        run.bound = float(bound.group(1)) + 5e-4
    elif run.status == "optimal":
        run.bound = run.objective


# --- HiGHS through highspy ------------------------------------------------------------------------
def to_highs(mip: Mip, relax: bool = False):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    n = len(mip.objective)
    h.addVars(n, np.array(mip.lower, dtype=float), np.array(mip.upper, dtype=float))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(mip.objective, dtype=float))
    integer = [] if relax else [k for k, is_int in enumerate(mip.integer) if is_int]
    if integer:
        kinds = np.full(len(integer), highspy.HighsVarType.kInteger.value, dtype=np.uint8)
        h.changeColsIntegrality(len(integer), np.array(integer, dtype=np.int32), kinds)
    starts, cols, coefs = [], [], []
    for row in mip.rows:
        starts.append(len(cols))
        cols.extend(row.cols)
        coefs.extend(row.coefs)
    lower = [-INF if row.lower is None else row.lower for row in mip.rows]
    upper = [INF if row.upper is None else row.upper for row in mip.rows]
    h.addRows(len(mip.rows), np.array(lower, dtype=float), np.array(upper, dtype=float), len(cols),
              np.array(starts, dtype=np.int32), np.array(cols, dtype=np.int32),
              np.array(coefs, dtype=float))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return h


def solve_highs(mip: Mip, time_limit: float, gap: float, relax: bool, workdir: str,
                built: Callable[[float], None]) -> Run:
    started = time.perf_counter()
    h = to_highs(mip, relax)
    build_seconds = time.perf_counter() - started
    built(build_seconds)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    started = time.perf_counter()
    h.run()
    run = Run(_highs_status(h), "highs", version=h.version(), build_seconds=build_seconds,
              solve_seconds=time.perf_counter() - started)
    if run.status in ("optimal", "feasible"):
        info, solution = h.getInfo(), h.getSolution()
        run.values = list(solution.col_value)
        run.duals = list(solution.row_dual) if relax else None
        run.objective = info.objective_function_value
        run.bound = info.mip_dual_bound if not relax else run.objective
        if run.bound is not None and not math.isfinite(run.bound):
            run.bound = None
    return run


def _highs_status(h) -> str:
    status = h.getModelStatus()
    has_plan = h.getInfo().primal_solution_status == 2  # kSolutionStatusFeasible
    if status == highspy.HighsModelStatus.kOptimal and has_plan:
        return "optimal"
    if status in (highspy.HighsModelStatus.kInfeasible,
                  highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible"
    return "feasible" if has_plan else "no_solution"


SOLVERS = {"cbc": solve_cbc, "highs": solve_highs}


# --- the watchdog ---------------------------------------------------------------------------------
def run_mip(mip: Mip, solver: str = "cbc", time_limit: float = 60.0, gap: float = 1e-4,
            relax: bool = False) -> Run:
    """Solve `mip` in a killable child process; kill it after time_limit + a margin."""
    if solver not in SOLVERS:
        raise ValueError(f"Solver '{solver}' tidak dikenal (pilihan: {', '.join(SOLVERS)})")
    with tempfile.TemporaryDirectory(prefix="mutasi-solver-") as workdir:
        watched = run_watched(
            lambda built: SOLVERS[solver](mip, time_limit, gap, relax, workdir, built),
            time_limit, watch_margin(mip, time_limit), what=f"Solver {solver}")
    if watched.payload is not None:
        return watched.payload
    return Run("no_solution", solver, build_seconds=watched.build_seconds,
               solve_seconds=watched.waited, killed=True)


@dataclass
class Watched:
    payload: object = None  # what the work returned; None: killed by the watchdog
    build_seconds: float = 0.0
    waited: float = 0.0


def run_watched(work: Callable[[Callable[[float], None]], object], time_limit: float,
                margin: float, what: str = "Solver") -> Watched:
    """Run `work(built)` in a child process of its own session and return what it returns.

    The work calls `built(seconds)` once its model is built; the child is killed (with whatever it
    started, e.g. CBC) when it has not called it within `margin`, or has not finished within
    time_limit + margin after it. A failure in the child is raised here as a RuntimeError."""
    # fork, not spawn/forkserver: those re-import the caller's __main__ (a CLI script, a test
    # runner) in the child and pickle the model; fork copies the built model for free.
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, daemon=True, args=(writer, work))
    child.start()
    writer.close()
    try:
        return _collect(reader, what, time_limit, margin)
    finally:
        reader.close()
        _kill_session(child)


def watch_margin(mip: Mip, time_limit: float) -> float:
    """Time for building and writing the model (~20 µs per entry each, see PLANNER.md) and slack."""
    return GRACE_SECONDS + 0.1 * time_limit + 50e-6 * (len(mip.objective) + mip.n_nonzeros)


def _collect(reader, what: str, time_limit: float, margin: float) -> Watched:
    """Wait for "built" (the margin), then for "done" (time limit + margin); else give up."""
    kind, payload = _receive(reader, margin)
    build_seconds, waiting_since = 0.0, time.perf_counter()
    if kind == "built":
        build_seconds = payload
        kind, payload = _receive(reader, time_limit + margin)
    if kind == "done":
        return Watched(payload, build_seconds)
    if kind == "error":
        raise RuntimeError(f"{what} gagal: {payload}")
    return Watched(None, build_seconds, time.perf_counter() - waiting_since)


def _receive(reader, timeout: float) -> tuple[str, object]:
    if not reader.poll(timeout):
        return "timeout", None
    try:
        return reader.recv()
    except EOFError:
        return "error", "proses solver berhenti tanpa hasil"


def _kill_session(child) -> None:
    """Kill the child and everything it started (CBC) by the child's own process-group id."""
    if child.is_alive():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            child.kill()
    child.join()


def _child_main(conn, work) -> None:
    os.setsid()  # own process group: the watchdog kills CBC with us
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # HiGHS prints a banner; keep the caller's stdout (e.g. --json) clean
    try:
        conn.send(("done", work(lambda seconds: conn.send(("built", seconds)))))
    except Exception as error:  # reported to the parent, which raises it
        conn.send(("error", f"{type(error).__name__}: {error}"))

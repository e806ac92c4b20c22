"""Benchmark of the optimisation core on a city-sized synthetic problem; prints one JSON object.

    .venv/bin/python bench/planner_core.py [--time-limit 120]

3,000 employees × 600 positions (60 units), ~45 candidate positions each (current one included),
a binding city-wide move budget, fixed seed. Solved with CBC and HiGHS, plus the LP relaxation of
the same model as a floor: how many times the LP time does the MIP take?
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.planner import Problem, build_model, solve  # noqa: E402
from domain.solver import run_mip  # noqa: E402

SEED, EMPLOYEES, POSITIONS, UNITS, CANDIDATES, MAX_MOVES = 20240601, 3000, 600, 60, 45, 450


def synthetic_problem(rng: random.Random) -> dict:
    positions = [{"id": f"p{k:03d}", "unit": f"u{k % UNITS:02d}", "capacity": rng.randint(4, 7)}
                 for k in range(POSITIONS)]
    seats = [p["id"] for p in positions for _ in range(p["capacity"])]
    rng.shuffle(seats)
    employees = [{"id": f"e{k:04d}", "current": seats[k] if k < 0.9 * EMPLOYEES else None}
                 for k in range(EMPLOYEES)]
    pairs = []
    for employee in employees:
        candidates = set(rng.sample([p["id"] for p in positions], CANDIDATES - 1))
        if employee["current"]:
            candidates.add(employee["current"])
        pairs += [{"employee": employee["id"], "position": position,
                   "score": 60 + rng.randint(0, 20) if position == employee["current"]
                   else rng.randint(0, 100)}
                  for position in sorted(candidates)]
    return {"employees": employees, "positions": positions,
            "units": [{"id": f"u{k:02d}", "budget": None} for k in range(UNITS)],
            "pairs": pairs, "max_moves": MAX_MOVES}


def mip_figures(problem: Problem, solver: str, time_limit: float) -> dict:
    result = solve(problem, solver=solver, time_limit=time_limit, gap=1e-4)
    return {"status": result.status, "solver_version": result.solver_version,
            "build_seconds": round(result.build_seconds, 2),
            "solve_seconds": round(result.solve_seconds, 2), "seconds": round(result.seconds, 2),
            "objective": result.objective, "bound": result.bound, "gap": result.gap,
            "n_variables": result.n_variables, "n_constraints": result.n_constraints,
            "moves": result.moves, "move_budget_tight": f"batas mutasi {MAX_MOVES}/{MAX_MOVES}"
            in result.tight}


def lp_figures(problem: Problem, solver: str, time_limit: float) -> dict:
    model = build_model(problem)
    run = run_mip(model.mip, solver, time_limit, relax=True)
    return {"status": run.status, "solve_seconds": round(run.solve_seconds, 2),
            "objective": run.objective}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=120.0)
    time_limit = parser.parse_args().time_limit
    started = time.perf_counter()
    data = synthetic_problem(random.Random(SEED))
    problem = Problem.from_dict(data)
    report = {"problem": {"seed": SEED, "employees": EMPLOYEES, "positions": POSITIONS,
                          "pairs": len(data["pairs"]), "max_moves": MAX_MOVES,
                          "read_seconds": round(time.perf_counter() - started, 2)}}
    for solver in ("cbc", "highs"):
        mip, lp = mip_figures(problem, solver, time_limit), lp_figures(problem, solver, time_limit)
        report[solver] = mip
        report[f"{solver}_lp_relaxation"] = lp
        ratio = mip["solve_seconds"] / lp["solve_seconds"]
        report[f"{solver}_mip_to_lp_time_ratio"] = round(ratio, 1)
        report[f"{solver}_lp_to_mip_value_gap"] = (lp["objective"] - mip["objective"]) / abs(
            mip["objective"]) if mip["objective"] is not None else None
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

"""The city planner on the demo city, printed as one JSON object.

For each scale the demo city is built into a temporary SQLite store through the real use cases;
the planner then reads its snapshot from the read models (as `mutasi plan` does) and drafts a plan:
model build and solve seconds, objective, bound, gap, variables, constraints, moves; a
re-optimisation after one edit (a rejected line); and a floor baseline measured in the same run on
the same planner problem: the LP relaxation (HiGHS), with the MIP/LP time ratio, and HiGHS's MIP.

    .venv/bin/python bench/planner.py [--scales 1,10] [--max-moves 150,1500]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.city_plan import Edits, PlanSettings, build_plan_problem  # noqa: E402
from domain.plan_explain import plan_city  # noqa: E402
from domain.planner import build_model, solve  # noqa: E402
from domain.solver import run_mip  # noqa: E402
from events.demo.loader import load_demo  # noqa: E402
from events.usecases.planning import city_snapshot  # noqa: E402
from events.readside.readmodels import db  # noqa: E402
from events.store import Storage  # noqa: E402
from events.system import System  # noqa: E402


def plan_figures(plan, seconds: float) -> dict:
    f = plan.figures
    return {"status": f["status"], "objective": f["objective"], "bound": f["bound"], "gap": f["gap"],
            "variables": f["variables"], "constraints": f["constraints"], "moves": f["moves"],
            "people_considered": f["people_considered"], "build_seconds": f["build_seconds"],
            "solve_seconds": f["solve_seconds"], "total_seconds": round(seconds, 3)}


def measure(scale: int, max_moves: int, time_limit: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        system = System(Storage(Path(folder)))
        db.connect(reuse_if_open=True)
        load_demo(system, scale=scale)
        started = time.perf_counter()
        snapshot, _ = city_snapshot()
        snapshot_seconds = time.perf_counter() - started
        settings = PlanSettings(max_moves=max_moves, time_limit=time_limit, gap=1e-3 if scale == 1 else 5e-3)
        started = time.perf_counter()
        plan = plan_city(snapshot, settings)
        draft = plan_figures(plan, time.perf_counter() - started)
        first = plan.lines[0]
        edits = Edits(keep={first.nip}, keep_at={first.nip: first.from_post},
                      forbid={(first.nip, first.to_post)})
        started = time.perf_counter()
        revised = plan_city(snapshot, settings, edits)
        reopt = plan_figures(revised, time.perf_counter() - started)
        problem = build_plan_problem(snapshot, settings).problem
        started = time.perf_counter()
        lp = run_mip(build_model(problem).mip, "highs", time_limit, relax=True)
        lp_seconds = time.perf_counter() - started
        highs = solve(problem, "highs", time_limit, settings.gap)
        system.close()
    return {
        "scale": scale, "people": len(snapshot.people), "posts": len(snapshot.posts), "max_moves": max_moves,
        "snapshot_seconds": round(snapshot_seconds, 3), "draft_cbc": draft, "reoptimise_after_one_edit": reopt,
        "floor_lp_relaxation_highs": {"objective": lp.objective, "seconds": round(lp_seconds, 3)},
        "mip_highs": {"status": highs.status, "objective": highs.objective, "gap": highs.gap,
                      "seconds": round(highs.seconds, 3)},
        "ratio_cbc_total_to_lp": round(draft["total_seconds"] / max(lp_seconds, 1e-9), 2),
        "ratio_cbc_to_highs_mip": round(draft["total_seconds"] / max(highs.seconds, 1e-9), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--max-moves", default="150,1500")
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    budgets = [int(m) for m in args.max_moves.split(",")]
    results = {f"scale_{s}": measure(s, m, args.time_limit) for s, m in zip(scales, budgets)}
    print(json.dumps({"benchmark": "planner", "results": results}, indent=2))


if __name__ == "__main__":
    main()

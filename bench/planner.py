"""The city planner on the demo city, printed as one JSON object.

For each scale the demo city is built into a temporary SQLite store through the real use cases;
the planner then reads its snapshot from the read models (as `mutasi plan` does) and drafts a plan:
model build and solve seconds, objective, bound, gap, variables, constraints, moves; the proof over
every eligible move (eligible, priced and added pairs, pricing rounds and seconds, LP seconds); the
city's shortage before and after and the shortage reduced per move; a re-optimisation after one
edit (a rejected line) on the city read again from the read models, started from the draft (as
`planning.revise` does) and without that start; the same edit through the use cases (draft, then
revise: reading the city, solving, recording the event); the same draft with HiGHS as the MIP
solver; and the lines a plan under the first model's rules (no JF, credential, sole-holder,
principal, block or competence rule) would draw that the regulations refuse, counted by rule.
The machine's load average is printed with the figures (wall-clock times depend on it).

    .venv/bin/python bench/planner.py [--scales 1,10] [--max-moves 150,1500]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.city_plan import Edits, PlanSettings  # noqa: E402
from domain.plan_explain import plan_city  # noqa: E402
from domain.plan_rules import index, move_rules, pair_rules  # noqa: E402
from events.demo.loader import load_demo  # noqa: E402
from events.demo.workflow import PLANNER  # noqa: E402
from events.usecases import planning  # noqa: E402
from events.usecases.planning import city_snapshot  # noqa: E402
from events.readside.readmodels import db  # noqa: E402
from events.store import Storage  # noqa: E402
from events.system import System  # noqa: E402

FIRST_MODEL_RULES = dict(allow_jf_transfer=True, allow_leave_jf=True, same_jf_level=False,
                         enforce_education_field=False, enforce_credentials=False,
                         min_holders_per_jf=0, protect_principals=False, hold_blocked_people=False,
                         structural_needs_jpm=False)
FIGURES = ("status", "objective", "bound", "gap", "variables", "constraints", "moves",
           "people_considered", "build_seconds", "solve_seconds", "certificate", "eligible_pairs",
           "pairs_priced", "pairs_added", "pairs_reused", "warm_basis", "rounds",
           "pricing_seconds", "lp_seconds", "shortage_before", "shortage_after",
           "shortage_reduced_per_move", "kinds", "solver", "diagnosis")


def plan_figures(plan, seconds: float) -> dict:
    return {**{key: plan.figures[key] for key in FIGURES}, "total_seconds": round(seconds, 3)}


def timed_plan(snapshot, settings, edits=None, start=None):
    started = time.perf_counter()
    plan = plan_city(snapshot, settings, edits, start=start)
    return plan, plan_figures(plan, time.perf_counter() - started)


def reoptimised(plan, settings) -> tuple[dict, dict]:
    """One rejected line, re-optimised on the city read again (equal, not the same objects):
    started from the draft, and without that start."""
    first = plan.lines[0]
    edits = Edits(keep={first.nip}, keep_at={first.nip: first.from_post},
                  forbid={(first.nip, first.to_post)})
    started = time.perf_counter()
    again, _ = city_snapshot()
    read = time.perf_counter() - started
    _, warm = timed_plan(again, PlanSettings.from_dict(settings.to_dict()), edits, start=plan)
    _, cold = timed_plan(again, PlanSettings.from_dict(settings.to_dict()), edits)
    return {**warm, "snapshot_seconds": round(read, 3)}, cold


def through_use_cases(system, max_moves: int, time_limit: float, gap: float) -> dict:
    """A draft and one rejected line as the perencana makes them (read, solve, record)."""
    settings = {"max_moves": max_moves, "time_limit": time_limit, "gap": gap}
    started = time.perf_counter()
    plan_id = planning.draft_from_views(system.app, PLANNER, "Draf benchmark", settings)
    drafted = time.perf_counter() - started
    line = planning.get_plan(system.app, plan_id)["lines"][0]
    started = time.perf_counter()
    planning.revise(system.app, PLANNER, plan_id, "reject", nip=line["nip"],
                    reason="benchmark: satu baris ditolak")
    revised = time.perf_counter() - started
    figures = planning.get_plan(system.app, plan_id)["figures"]
    return {"draft_seconds": round(drafted, 3), "revise_seconds": round(revised, 3),
            **{key: figures[key] for key in ("status", "certificate", "rounds", "pairs_added",
                                             "pairs_reused")}}


def refused_now(snapshot, settings: PlanSettings) -> dict:
    """Lines drawn under the first model's rules that today's rules refuse, counted by rule."""
    lax, figures = timed_plan(snapshot, replace(settings, **FIRST_MODEL_RULES))
    idx, counts, refused = index(snapshot), Counter(), 0
    for line in lax.lines:
        who = idx.people[line.nip]
        keys = {key for key, _ in move_rules(who, idx, settings) +
                pair_rules(who, idx.current(who), idx.posts[line.to_post], idx.as_of, settings)}
        counts.update(keys)
        refused += bool(keys)
    return {"lines": figures["moves"], "refused": refused, "by_rule": dict(counts.most_common()),
            "shortage_before": figures["shortage_before"],
            "shortage_after": figures["shortage_after"]}


def measure(scale: int, max_moves: int, time_limit: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        system = System(Storage(Path(folder)))
        db.connect(reuse_if_open=True)
        load_demo(system, scale=scale)
        started = time.perf_counter()
        snapshot, _ = city_snapshot()
        snapshot_seconds = time.perf_counter() - started
        settings = PlanSettings(max_moves=max_moves, time_limit=time_limit,
                                gap=1e-3 if scale == 1 else 5e-3)
        plan, draft = timed_plan(snapshot, settings)
        reopt = cold = use_cases = None
        if plan.lines:
            reopt, cold = reoptimised(plan, settings)
            use_cases = through_use_cases(system, max_moves, time_limit, settings.gap)
        _, highs = timed_plan(snapshot, replace(settings, solver="highs"))
        first_model = refused_now(snapshot, settings)
        system.close()
    return {
        "scale": scale, "people": len(snapshot.people), "posts": len(snapshot.posts),
        "max_moves": max_moves, "snapshot_seconds": round(snapshot_seconds, 3),
        "draft_cbc": draft, "reoptimise_after_one_edit": reopt,
        "reoptimise_without_start": cold, "use_cases_draft_and_revise": use_cases,
        "draft_highs": highs,
        "first_model_lines_refused_now": first_model,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--max-moves", default="150,1500")
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    budgets = [int(m) for m in args.max_moves.split(",")]
    load_before = os.getloadavg()
    results = {f"scale_{s}": measure(s, m, args.time_limit) for s, m in zip(scales, budgets)}
    print(json.dumps({"benchmark": "planner", "cpus": os.cpu_count(),
                      "load_average_before_after": [round(load_before[0], 2),
                                                    round(os.getloadavg()[0], 2)],
                      "results": results}, indent=2))


if __name__ == "__main__":
    main()

"""A re-optimisation after an edit starts from the plan before it: the same proof, less work.

The planner keeps what it learnt of a city (its index, each rule profile's eligible classes, each
person's competence fit) for an equal snapshot and equal scoring settings, and a plan's columns
(starting candidates and the moves its pricing added) are the warm start of the next edit. The
plan must still be optimal over every eligible move under the new edits: checked against a
solve with every eligible pair.
"""
from __future__ import annotations

import copy
import shutil
import random
from collections import Counter
from dataclasses import replace

import pytest

from domain.city_plan import Edits, PlanSettings, UnitInfo, build_plan_problem, pair_blockers, \
    score_pair
from domain.plan_explain import plan_city
from domain.plan_score import scorer
from domain.plan_snapshot import index
from domain.planner import Pair, solve
from tests.city_builder import city, moves, person, post
from tests.test_city_plan import NURSE_POST, random_city, violations


def optimum_with_edits(snapshot, settings: PlanSettings, edits: Edits) -> float:
    """The planner problem under `edits` with every eligible, not forbidden pair, solved exactly."""
    problem = build_plan_problem(snapshot, settings, edits).problem
    known = {pair.key for pair in problem.pairs} | set(edits.forbid)
    forced = {nip for nip, _ in problem.force}
    costs = settings.tpp_cost or {}
    for who in snapshot.people:
        if who.nip not in problem.employees or who.nip in forced:
            continue
        for target in snapshot.posts:
            if (who.nip, target.code) not in known and \
                    not pair_blockers(who, target, snapshot, settings):
                problem.pairs.append(Pair(who.nip, target.code,
                                          score_pair(who, target, snapshot, settings)["lp"],
                                          costs.get(target.unit, 0)))
    return solve(problem, "highs", 60, gap=1e-9).objective


def reread(snapshot, settings: PlanSettings):
    """The same city and settings as a new request reads them: equal, not the same objects."""
    return copy.deepcopy(snapshot), PlanSettings.from_dict(settings.to_dict())


@pytest.mark.parametrize("seed", range(12))
def test_edits_re_optimised_from_the_draft_stay_optimal_over_every_eligible_move(seed):
    rng = random.Random(1000 + seed)
    snapshot = random_city(rng)
    settings = PlanSettings(max_moves=rng.choice([None, rng.randint(1, 6)]),
                            candidates_per_person=rng.randint(1, 3),
                            max_leaving_share=rng.choice([None, 0.3]), min_months_in_post=6,
                            gap=1e-9)
    plan = plan_city(snapshot, settings)
    edits = Edits()
    for step in range(3):  # forbid a line, lock another person in post, forbid again
        if not plan.lines:
            break
        line = plan.lines[rng.randrange(len(plan.lines))]
        if step == 1:
            edits = replace(edits, keep=edits.keep | {line.nip},
                            keep_at={**edits.keep_at, line.nip: line.from_post})
        else:
            edits = replace(edits, forbid=edits.forbid | {(line.nip, line.to_post)})
        again, same = reread(snapshot, settings)
        plan = plan_city(again, same, edits, start=plan)
        assert plan.result.status == "optimal", plan.result.diagnosis
        assert plan.figures["certificate"].startswith("Optimal atas semua")
        assert plan.result.objective == pytest.approx(optimum_with_edits(snapshot, settings, edits),
                                                      abs=1e-6)
        assert violations(snapshot, settings, plan) == []
        assert not set(moves(plan).items()) & edits.forbid
        assert not set(moves(plan)) & edits.keep


def nurses():
    """Three surplus nurses, one candidate each (the hospital); pricing adds the puskesmas."""
    units = (UnitInfo("RSUD", "RSUD", 1, None), UnitInfo("PKM", "Puskesmas", 1, None),
             UnitInfo("SETDA", "Setda", 3, None))
    posts = (post("RSUD-PERAWAT", "RSUD", 4, **NURSE_POST),
             post("PKM-PERAWAT", "PKM", 2, **NURSE_POST),
             post("DINKES-PERAWAT", "SETDA", 1, **NURSE_POST))
    people = [person("RN-RSUD", "RSUD-PERAWAT", family="kesehatan", months=10),
              *[person(nip, "DINKES-PERAWAT", family="kesehatan") for nip in "ABC"]]
    return city(people, posts, units)


def test_the_moves_pricing_added_to_the_draft_are_columns_of_the_next_edit():
    snapshot = nurses()
    narrow = PlanSettings(candidates_per_person=1, max_leaving_share=None, gap=1e-9)
    draft = plan_city(snapshot, narrow)
    assert draft.figures["pairs_added"] >= 1 and draft.figures["pairs_reused"] == 0
    chosen = moves(draft)
    to_puskesmas = next(nip for nip, code in chosen.items() if code == "PKM-PERAWAT")
    edits = Edits(forbid={(to_puskesmas, "PKM-PERAWAT")})
    for k in range(3):  # other requests (one person's page) index other snapshots meanwhile
        index(replace(snapshot, people=snapshot.people[k:k + 1]))
    again, same = reread(snapshot, narrow)
    revised = plan_city(again, same, edits, start=draft)
    assert revised.model.classes.scorer is draft.model.classes.scorer
    # the moves the draft's pricing added are columns from the start, where still allowed
    current = {who.nip: who.position for who in snapshot.people}
    starting = {(nip, code) for nip, found in draft.model.candidates.items() for code, _ in found}
    added = {pair.key for pair in draft.model.problem.pairs
             if pair.position != current[pair.employee] and pair.key not in starting}
    kept = added - edits.forbid
    assert kept and revised.figures["pairs_reused"] == len(starting) + len(kept)
    assert revised.figures["warm_basis"] and not draft.figures["warm_basis"]  # the draft's LP basis
    assert "dipakai ulang dari draf sebelumnya" in revised.figures["certificate"]
    assert revised.result.status == "optimal"
    assert revised.result.objective == pytest.approx(optimum_with_edits(snapshot, narrow, edits))
    assert Counter(moves(revised).values()) == {"RSUD-PERAWAT": 1, "PKM-PERAWAT": 1}
    assert moves(revised).get(to_puskesmas) != "PKM-PERAWAT"


def test_a_plan_of_other_scoring_settings_or_another_city_is_no_warm_start():
    snapshot = nurses()
    narrow = PlanSettings(candidates_per_person=1, max_leaving_share=None, gap=1e-9)
    draft = plan_city(snapshot, narrow)
    weighted = replace(narrow, w_fill=20.0)
    assert plan_city(snapshot, weighted, start=draft).figures["pairs_reused"] == 0
    other = replace(snapshot, posts=tuple(replace(p, need=p.need + 1) for p in snapshot.posts))
    assert plan_city(other, narrow, start=draft).figures["pairs_reused"] == 0
    limited = replace(narrow, max_moves=1)  # only the MIP reads it: the start holds
    assert plan_city(snapshot, limited, start=draft).figures["pairs_reused"] >= 1


def test_an_equal_city_read_again_reuses_the_index_and_the_scorer():
    snapshot, settings = nurses(), PlanSettings()
    first = scorer(snapshot, settings)
    again, same = reread(snapshot, settings)
    assert index(again) is index(snapshot)
    assert scorer(again, same) is first
    assert scorer(again, replace(same, max_moves=3, solver="highs", gap=0.01)) is first
    assert scorer(again, replace(same, w_fill=11.0)) is not first
    changed = replace(snapshot, people=snapshot.people[:-1])
    assert index(changed) is not index(snapshot)


def test_an_edit_through_the_use_cases_starts_from_the_plan_before_it(demo_env, tmp_path):
    """The perencana drafts on the demo city and rejects a line: the edit's solve starts from the
    draft's columns and LP basis, and still proves the plan over every eligible move."""
    from events.demo.workflow import PLANNER
    from events.store import Storage
    from events.system import System
    from events.usecases import planning
    shutil.copytree(demo_env["MUTASI_DATA_DIR"], tmp_path / "data")  # the shared city stays as is
    system = System(Storage(tmp_path / "data"))
    try:
        plan_id = planning.draft_from_views(system.app, PLANNER, "Uji awal hangat",
                                            {"max_moves": 20, "time_limit": 60})
        rejected = planning.get_plan(system.app, plan_id)["lines"][0]["nip"]
        planning.revise(system.app, PLANNER, plan_id, "reject", nip=rejected,
                        reason="uji: baris ditolak")
        plan = planning.get_plan(system.app, plan_id)
        figures = plan["figures"]
        assert figures["pairs_reused"] > 0 and figures["warm_basis"]
        assert figures["certificate"].startswith(f"Optimal atas semua {figures['eligible_pairs']} ")
        assert "dipakai ulang dari draf sebelumnya" in figures["certificate"]
        assert rejected not in {line["nip"] for line in plan["lines"]}
    finally:
        system.close()

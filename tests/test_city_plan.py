"""From a city snapshot to a plan: rules, limits, locks, a hand-computed optimum, "why not?", scale.

Plans are checked twice: with the module's own `move_blockers` / `pair_blockers`, and with an
independent restatement below of the pangkat-band and tenure rules and of the plan's limits.
Optimality over every eligible move is checked against a solve with every eligible pair.
"""
from __future__ import annotations

import json
import math
import random
import time
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from domain.city_plan import (CityPlan, CitySnapshot, Edits, Person, PlanSettings, Post, UnitInfo,
                              build_plan_problem, move_blockers, pair_blockers, score_pair)
from domain.competence import Assessment, MANAJERIAL, SOSIAL_KULTURAL
from domain.plan_explain import plan_city, why_not
from domain.planner import Pair, solve
from domain.rules import DomainError, nine_box, predikat
from tests.city_builder import ADM, AS_OF, LADDER, city, months_ago, moves, person, post

KES, KEU = ("kesehatan",), ("keuangan", "administrasi")
NURSE_POST = dict(jabatan_type="fungsional_keterampilan", level="terampil", band=("II/b", "II/d"),
                  families=KES, jf="Perawat")
BUDGET_POST = dict(jabatan_type="fungsional_keahlian", level="ahli_pertama",
                   band=("III/a", "III/b"), families=KEU, jf="Analis Anggaran")


# --- random cities -------------------------------------------------------------------------------------
def random_city(rng: random.Random) -> CitySnapshot:
    units = [UnitInfo(f"U{k}", f"Unit {k}", rng.randint(1, 3), None)
             for k in range(rng.randint(3, 5))]
    kinds = [  # (post fields, strategic, need range)
        (dict(), False, (1, 6)), (dict(families=()), False, (1, 4)),
        (NURSE_POST, False, (2, 6)), (BUDGET_POST, True, (1, 3)),
        (dict(jabatan_type="pengawas", eselon="IV.a", band=("III/c", "III/d")), False, (1, 1)),
        (dict(jabatan_type="administrator", eselon="III.b", band=("III/d", "IV/a"), families=()),
         True, (1, 1)),
    ]
    posts = []
    for k in range(rng.randint(6, 15)):
        fields, strategic, need = rng.choice(kinds)
        posts.append(post(f"P{k:02d}", rng.choice(units).code, rng.randint(*need),
                          strategic=strategic and rng.random() < 0.7, **fields))
    people = [random_person(rng, f"N{k:03d}", rng.choice(posts)) for k in range(rng.randint(10, 40))]
    return city(people, posts, units)


def random_person(rng: random.Random, nip: str, where: Post) -> Person:
    low, high = LADDER.index(where.band_low), LADDER.index(where.band_high)
    rank = rng.randint(low, high) if rng.random() < 0.8 else rng.randint(3, 14)
    family = rng.choice(where.education_families or ADM) if rng.random() < 0.8 else \
        rng.choice(("kesehatan", "keuangan", "teknik", "umum", "administrasi"))
    grades = ("Sangat Baik", "Baik", "Baik", "Baik", "Baik", "Baik", "Butuh Perbaikan", "Kurang")
    born = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
    assessed = Assessment(AS_OF, tuple((name, rng.randint(1, 5))
                                       for name in MANAJERIAL + SOSIAL_KULTURAL))
    return person(nip, where.code, LADDER[rank], family, rng.randint(3, 110),
                  (rng.choice(grades), rng.choice(grades)), rng.choice([None, *range(1, 10)]),
                  status="PPPK" if rng.random() < 0.1 else "PNS", birth_date=born,
                  under_discipline=rng.random() < 0.05, on_study_leave=rng.random() < 0.05,
                  assessment=assessed if rng.random() < 0.5 else None)


# --- an independent check of a plan ---------------------------------------------------------------
def violations(snapshot: CitySnapshot, settings: PlanSettings, plan: CityPlan) -> list[str]:
    people = {p.nip: p for p in snapshot.people}
    posts = {p.code: p for p in snapshot.posts}
    broken = []
    for line in plan.lines:
        who, target = people[line.nip], posts[line.to_post]
        if line.from_post != who.position or line.to_post == who.position:
            broken.append(f"{line.nip}: line does not start at the current post")
        if line.waived:
            continue
        broken += [f"{line.nip}: {text}" for text in move_blockers(who, snapshot, settings)]
        broken += [f"{line.nip}: {text}" for text in pair_blockers(who, target, snapshot, settings)]
        if settings.enforce_band and not (LADDER.index(target.band_low) <= LADDER.index(who.golongan)
                                          <= LADDER.index(target.band_high)):
            broken.append(f"{line.nip}: {who.golongan} outside {target.band_low}-{target.band_high}")
        as_of, since = snapshot.as_of, who.in_post_since
        months = (as_of.year - since.year) * 12 + as_of.month - since.month - (as_of.day < since.day)
        if months < settings.min_months_in_post:
            broken.append(f"{line.nip}: only {months} months in post")
    after = Counter(p.position for p in snapshot.people)
    leaving = Counter()
    for line in plan.lines:
        after[line.from_post] -= 1
        after[line.to_post] += 1
        leaving[posts[line.from_post].unit] += 1
    broken += [f"{code} over capacity" for code, p in posts.items()
               if after[code] > max(p.need, p.holders)]
    if settings.max_moves is not None and len(plan.lines) > settings.max_moves:
        broken.append("too many moves")
    staff = Counter(posts[p.position].unit for p in snapshot.people)
    if settings.max_leaving_share is not None:
        broken += [f"{unit}: {count} leave" for unit, count in leaving.items()
                   if count > math.ceil(settings.max_leaving_share * staff[unit] - 1e-9)]
    shortage = lambda held: sum(max(0, p.need - held[p.code]) for p in posts.values())  # noqa: E731
    if shortage(after) > shortage(Counter(p.position for p in snapshot.people)):
        broken.append("the city's shortage rose")
    return broken


def optimum_over_every_pair(snapshot: CitySnapshot, settings: PlanSettings) -> float:
    """The planner problem with every eligible pair added (by scoring every post), solved as a
    MIP: what column generation must reach without enumerating."""
    model = build_plan_problem(snapshot, settings)
    problem, known = model.problem, {pair.key for pair in model.problem.pairs}
    costs = settings.tpp_cost or {}
    for who in snapshot.people:
        if who.nip not in problem.employees:
            continue
        for target in snapshot.posts:
            if (who.nip, target.code) not in known and \
                    not pair_blockers(who, target, snapshot, settings):
                score = score_pair(who, target, snapshot, settings)["lp"]
                problem.pairs.append(Pair(who.nip, target.code, score, costs.get(target.unit, 0)))
    return solve(problem, "highs", 60, gap=1e-9).objective


@pytest.mark.parametrize("seed", range(30))
def test_random_cities_respect_every_rule_and_limit_and_are_optimal_over_every_pair(seed):
    rng = random.Random(seed)
    snapshot = random_city(rng)
    settings = PlanSettings(
        max_moves=rng.choice([None, rng.randint(0, 6)]), candidates_per_person=rng.randint(1, 4),
        max_leaving_share=rng.choice([None, 0.1, 0.3]), min_months_in_post=rng.choice([6, 24]),
        structural_same_eselon_only=rng.random() < 0.8, gap=1e-9,
        allow_jf_transfer=rng.random() < 0.3, allow_leave_jf=rng.random() < 0.3)
    plan = plan_city(snapshot, settings)
    assert plan.result.status == "optimal", plan.result.diagnosis
    assert plan.figures["certificate"].startswith("Optimal atas semua")
    assert violations(snapshot, settings, plan) == []
    assert plan.result.objective == pytest.approx(optimum_over_every_pair(snapshot, settings),
                                                  abs=1e-6)
    fixed = {row["nip"] for row in plan.fixed}
    assert not fixed & set(moves(plan))
    assert plan.figures["moves"] == len(plan.lines)
    assert plan.figures["people_considered"] + plan.figures["people_fixed"] == len(snapshot.people)


# --- column generation finds what pruning dropped -------------------------------------------------
def test_column_generation_adds_a_move_that_pruning_dropped():
    """Each of three surplus nurses starts with one candidate, the hospital (the most urgent
    post). Two may leave; the optimum spreads them, one to the hospital and one to the puskesmas:
    a pair that pruning dropped and pricing must add."""
    units = (UnitInfo("RSUD", "RSUD", 1, None), UnitInfo("PKM", "Puskesmas", 1, None),
             UnitInfo("SETDA", "Setda", 3, None))
    posts = (post("RSUD-PERAWAT", "RSUD", 4, **NURSE_POST), post("PKM-PERAWAT", "PKM", 2,
                                                                  **NURSE_POST),
             post("DINKES-PERAWAT", "SETDA", 1, **NURSE_POST))
    people = [person("RN-RSUD", "RSUD-PERAWAT", family="kesehatan", months=10),
              person("A", "DINKES-PERAWAT", family="kesehatan"),
              person("B", "DINKES-PERAWAT", family="kesehatan"),
              person("C", "DINKES-PERAWAT", family="kesehatan")]
    snapshot = city(people, posts, units)
    narrow = PlanSettings(candidates_per_person=1, max_leaving_share=None, gap=1e-9)
    model = build_plan_problem(snapshot, narrow)
    assert {nip: [code for code, _ in found] for nip, found in model.candidates.items()} == \
        {"A": ["RSUD-PERAWAT"], "B": ["RSUD-PERAWAT"], "C": ["RSUD-PERAWAT"]}
    plan = plan_city(snapshot, narrow)
    assert Counter(moves(plan).values()) == {"RSUD-PERAWAT": 1, "PKM-PERAWAT": 1}
    assert plan.figures["pairs_added"] >= 1 and plan.figures["rounds"] >= 2
    assert plan.figures["certificate"].startswith("Optimal atas semua 6 pasangan")
    assert plan.result.objective == pytest.approx(optimum_over_every_pair(snapshot, narrow))
    pruned = plan_city(snapshot, replace(narrow, price_all_pairs=False))
    assert pruned.score < plan.score and "price_all_pairs mati" in pruned.figures["certificate"]
    cut = plan_city(snapshot, replace(narrow, max_pricing_rounds=1))  # stopped before the proof
    assert (cut.result.status, cut.result.bound, cut.figures["pricing_converged"]) == \
        ("feasible", None, False)
    assert cut.figures["certificate"].startswith("Rencana layak, belum terbukti optimal")


# --- a tiny city with a hand-computed optimum --------------------------------------------------------
UNITS = (UnitInfo("RSUD", "RSUD", 1, None), UnitInfo("PKM", "Puskesmas", 2, None),
         UnitInfo("BPKPD", "BPKPD", 2, None), UnitInfo("SETDA", "Sekretariat Daerah", 3, None),
         UnitInfo("KEL", "Kelurahan", 2, None))
POSTS = (
    post("SETDA-ADM", "SETDA", 2),  # 4 holders: surplus 2
    post("KEL-ADM", "KEL", 2),  # 1 holder: short 1
    post("PKM-PERAWAT", "PKM", 2, **NURSE_POST),  # 3 holders: surplus 1
    post("RSUD-PERAWAT", "RSUD", 5, **NURSE_POST),  # 3 holders: short 2, priority 1
    post("SETDA-ANGGARAN", "SETDA", 1, **BUDGET_POST),  # 2 holders: surplus 1
    post("BPKPD-ANGGARAN", "BPKPD", 2, strategic=True, **BUDGET_POST),  # 1 holder: short 1
)


def tiny_people() -> list[Person]:
    return [
        person("NURSE", "PKM-PERAWAT", "II/c", "kesehatan"),
        *[person(f"PKM-RN{k}", "PKM-PERAWAT", "II/b", "kesehatan", months=10) for k in range(2)],
        *[person(f"RN{k}", "RSUD-PERAWAT", "II/b", "kesehatan", months=10) for k in range(3)],
        person("CLERK", "SETDA-ADM", "II/d", skp=("Butuh Perbaikan", "Baik")),
        person("NEW", "SETDA-ADM", "II/a", months=12),
        person("STAFF1", "SETDA-ADM", "II/c"),
        person("STAFF2", "SETDA-ADM", "II/b", box=4),
        person("FINANCE", "SETDA-ANGGARAN", "III/a", "keuangan", box=9),
        person("ANALIS2", "SETDA-ANGGARAN", "III/b", "keuangan", months=10),
        person("ANALIS", "BPKPD-ANGGARAN", "III/b", "keuangan", months=10),
        person("LURAH-ADM", "KEL-ADM", "II/b", months=10),
    ]


def tiny(**changes) -> CitySnapshot:
    people = [replace(p, **changes[p.nip]) if p.nip in changes else p for p in tiny_people()]
    return city(people, POSTS, UNITS)


OPEN = PlanSettings(max_leaving_share=None)
# unit penalties (w_fill 10 × priority factor × φ): RSUD need 5, shortage 2, breaks 1,2,3 →
# filling one is worth 15 × 1.5 = 22.5; KEL and BPKPD need 2, shortage 1 → 12 × 1 = 12
EXPECTED = {"NURSE": "RSUD-PERAWAT", "FINANCE": "BPKPD-ANGGARAN", "STAFF2": "KEL-ADM"}


def test_tiny_city_known_optimum():
    snapshot = tiny()
    plan = plan_city(snapshot, OPEN)
    assert moves(plan) == EXPECTED
    assert plan.result.status == "optimal" and plan.score == 45.5  # 19.5 + 15 + 11
    # Σ lp (-3 + 3 - 1) - RSUD's penalty left (15) + the penalty if nobody moves (61.5)
    assert plan.result.objective == 45.5 and plan.figures["score"] == 45.5
    nurse = next(line for line in plan.lines if line.nip == "NURSE")
    assert nurse.breakdown == {"kekurangan": 22.5, "relief": 2.0, "box4_rotation": 0.0,
                               "rotation_due": 0.0, "move_cost": -5.0, "fit": 0.0, "talent": 0.0,
                               "total": 19.5}
    assert "mengisi kekurangan Jabatan RSUD-PERAWAT di RSUD (kurang 2)" in nurse.reasons
    assert (nurse.kind, nurse.jpm, nurse.shortage_change) == ("mutasi", None, -1)
    finance = next(line for line in plan.lines if line.nip == "FINANCE")
    assert finance.score == 15.0 and "talenta kotak 9 ke jabatan strategis" in finance.reasons
    blockers = {row["nip"]: row["blockers"] for row in plan.fixed}
    assert blockers["CLERK"] == ["SKP 2025 'Butuh Perbaikan' di bawah 'Baik' (Peraturan BKN 5/2019)"]
    assert blockers["NEW"] == ["Masa jabatan 12 bulan < minimal 24 bulan (PP 11/2017 Pasal 190 ayat 3)"]
    assert plan.figures["fixed_by_rule"]["skp"] == 1
    assert plan.figures["shortage_before"] == 4 and plan.figures["shortage_after"] == 1
    assert plan.figures["units"]["RSUD"] == (5, 2, 1)
    assert plan.figures["shortage_by_jf"]["Perawat"] == (2, 1)
    assert plan.figures["shortage_reduced_per_move"] == 1.0


@pytest.mark.parametrize("solver", ["cbc", "highs"])
@pytest.mark.parametrize("lp_first", [True, False])
@pytest.mark.parametrize("price_all_pairs", [True, False])
def test_tiny_city_optimum_with_each_solver_and_path(solver, lp_first, price_all_pairs):
    plan = plan_city(tiny(), replace(OPEN, solver=solver, lp_first=lp_first,
                                     price_all_pairs=price_all_pairs))
    assert plan.result.status == "optimal" and plan.result.objective == 45.5
    assert moves(plan) == EXPECTED


def test_leaving_share_and_move_budget_keep_the_better_move():
    plan = plan_city(tiny(), PlanSettings())  # SETDA: ceil(0.1 × 6) = 1 may leave: FINANCE
    assert moves(plan) == {"NURSE": "RSUD-PERAWAT", "FINANCE": "BPKPD-ANGGARAN"}
    assert plan.figures["stayed_with_candidates"] >= 1
    plan = plan_city(tiny(), PlanSettings(max_leaving_share=None, max_moves=1))
    assert moves(plan) == {"NURSE": "RSUD-PERAWAT"}


# --- the objective spreads people instead of moving shortage around ---------------------------------
def test_a_move_from_a_post_at_its_need_to_an_equally_urgent_post_never_scores_positive():
    """The first objective gave such a move +15 (fill) − 8 (leaving short) − 5 = +2 and a rotation
    due made it +6: it moved shortage from one puskesmas to another."""
    units = (UnitInfo("PKM-A", "Puskesmas A", 1, None), UnitInfo("PKM-B", "Puskesmas B", 1, None))
    posts = (post("A-PERAWAT", "PKM-A", 3, **NURSE_POST), post("B-PERAWAT", "PKM-B", 3,
                                                               **NURSE_POST))
    people = [person(f"A{k}", "A-PERAWAT", family="kesehatan", months=70, box=4)
              for k in range(2)] + [person(f"B{k}", "B-PERAWAT", family="kesehatan", months=70)
                                    for k in range(2)]
    snapshot = city(people, posts, units)  # both short 1 of 3: equally urgent
    who = snapshot.people[0]
    parts = score_pair(who, snapshot.posts[1], snapshot, PlanSettings())
    assert parts["kekurangan"] < 0 and parts["rotation_due"] == parts["box4_rotation"] == 0
    assert parts["total"] < 0
    plan = plan_city(snapshot, OPEN)
    assert plan.lines == [] and plan.figures["shortage_after"] == plan.figures["shortage_before"]


def test_the_plan_fills_the_emptier_unit_first_and_never_raises_the_city_shortage():
    units = (UnitInfo("PKM-A", "Puskesmas A", 1, None), UnitInfo("PKM-B", "Puskesmas B", 1, None),
             UnitInfo("RSUD", "RSUD", 1, None))
    posts = (post("A-PERAWAT", "PKM-A", 4, **NURSE_POST), post("B-PERAWAT", "PKM-B", 4,
                                                               **NURSE_POST),
             post("RSUD-PERAWAT", "RSUD", 2, **NURSE_POST))
    people = [person("A0", "A-PERAWAT", family="kesehatan", months=10)] + \
        [person(f"B{k}", "B-PERAWAT", family="kesehatan", months=10) for k in range(3)] + \
        [person(f"R{k}", "RSUD-PERAWAT", family="kesehatan") for k in range(4)]
    snapshot = city(people, posts, units)  # RSUD 2 too many; PKM-A short 3, PKM-B short 1
    plan = plan_city(snapshot, OPEN)
    assert Counter(moves(plan).values()) == {"A-PERAWAT": 2}  # not 1 each: A lacks most
    assert (plan.figures["shortage_before"], plan.figures["shortage_after"]) == (4, 2)
    assert [line.shortage_change for line in plan.lines] == [-1, -1]


# --- locks ---------------------------------------------------------------------------------------------
def test_locked_forbidden_and_forced_lines():
    snapshot = tiny()
    kept = plan_city(snapshot, OPEN, Edits(keep={"NURSE"}))
    assert "NURSE" not in moves(kept) and moves(kept)["FINANCE"] == "BPKPD-ANGGARAN"
    kept_at = plan_city(snapshot, OPEN, Edits(keep={"STAFF1"}, keep_at={"STAFF1": "KEL-ADM"}))
    assert moves(kept_at)["STAFF1"] == "KEL-ADM" and "STAFF2" not in moves(kept_at)
    forbidden = plan_city(snapshot, OPEN, Edits(forbid={("NURSE", "RSUD-PERAWAT")}))
    assert moves(forbidden).get("NURSE") != "RSUD-PERAWAT"
    forced = plan_city(snapshot, OPEN, Edits(force={("STAFF1", "KEL-ADM")}))
    assert moves(forced)["STAFF1"] == "KEL-ADM"
    assert [line.nip for line in forced.lines if line.locked] == ["STAFF1"]
    assert all(violations(snapshot, OPEN, plan) == [] for plan in (kept, forbidden, forced))


def test_a_rule_forbidden_forced_pair_is_refused_unless_waived():
    with pytest.raises(DomainError, match=r"SKP 2025 'Butuh Perbaikan' di bawah 'Baik'"):
        plan_city(tiny(), OPEN, Edits(force={("CLERK", "KEL-ADM")}))
    with pytest.raises(DomainError, match=r"perpindahan jabatan, bukan mutasi"):
        plan_city(tiny(), OPEN, Edits(force={("STAFF1", "RSUD-PERAWAT")}))
    plan = plan_city(tiny(), OPEN, Edits(force={("CLERK", "KEL-ADM")}, waive=True))
    line = next(line for line in plan.lines if line.nip == "CLERK")
    assert line.to_post == "KEL-ADM" and "SKP 2025" in line.waived[0]


def test_infeasible_edits_get_a_diagnosis_naming_the_post():
    edits = Edits(force={("STAFF1", "KEL-ADM"), ("STAFF2", "KEL-ADM")})  # 1 seat left
    plan = plan_city(tiny(), OPEN, edits)
    assert plan.result.status == "infeasible" and plan.lines == []
    assert any("KEL-ADM" in reason for reason in plan.figures["diagnosis"])
    tight = plan_city(tiny(), PlanSettings(max_moves=1), Edits(force={("STAFF1", "KEL-ADM"),
                                                                     ("NURSE", "RSUD-PERAWAT")}))
    assert tight.result.status == "infeasible" and "Batas mutasi 1" in tight.figures["diagnosis"][0]


# --- every rule, on and off ------------------------------------------------------------------------------
RULE_CASES = {  # rule: (change to FINANCE that triggers it, settings that switch the rule off)
    "tenure": ({"in_post_since": months_ago(10)}, {"min_months_in_post": 6}),
    "skp": ({"predikat": {2025: "Kurang", 2024: "Baik"}}, {"predikat_years": 0}),
    "skp_missing": ({"predikat": {2024: "Baik"}}, {"predikat_years": 0}),
    "retirement": ({"birth_date": date(1968, 12, 20)}, {"horizon_months": 0}),
    "pppk": ({"status": "PPPK"}, {"pppk_may_move": True}),
    "band": ({"golongan": "II/d"}, {"enforce_band": False}),
    "education": ({"education_family": "teknik"}, {"enforce_education": False}),
}


@pytest.mark.parametrize("rule", sorted(RULE_CASES))
def test_each_rule_blocks_and_switching_it_off_lets_the_move_happen(rule):
    change, switch_off = RULE_CASES[rule]
    snapshot = tiny(FINANCE=change, NURSE={"in_post_since": months_ago(3)})
    on = plan_city(snapshot, OPEN)
    assert moves(on).get("FINANCE") != "BPKPD-ANGGARAN"
    assert violations(snapshot, OPEN, on) == []
    off = PlanSettings(max_leaving_share=None, **switch_off)
    assert moves(plan_city(snapshot, off))["FINANCE"] == "BPKPD-ANGGARAN"


@pytest.mark.parametrize("flag", ["under_discipline", "on_study_leave"])
def test_discipline_and_study_leave_keep_people_in_post(flag):
    assert "NURSE" in moves(plan_city(tiny(), OPEN))
    plan = plan_city(tiny(NURSE={flag: True}), OPEN)
    assert "NURSE" not in moves(plan)
    assert any("disiplin" in text or "tugas belajar" in text
               for row in plan.fixed if row["nip"] == "NURSE" for text in row["blockers"])


ALL_THREES = Assessment(AS_OF, tuple((name, 3) for name in MANAJERIAL + SOSIAL_KULTURAL))
STRUCTURAL_POSTS = (
    post("KASI-A", "SETDA", 1, "pengawas", ADM, ("III/c", "III/d"), eselon="IV.a"),
    post("KASI-B", "KEL", 1, "pengawas", ADM, ("III/c", "III/d"), eselon="IV.a"),  # vacant
    post("KABID", "BPKPD", 1, "administrator", ADM, ("III/d", "IV/a"), eselon="III.b"),  # vacant
    post("STAF", "SETDA", 1), post("STAF-KEL", "KEL", 1),
)


def structural_city(**changes) -> CitySnapshot:
    people = [person("KASI", "KASI-A", "III/d", months=70, assessment=ALL_THREES),
              person("STAF1", "STAF", "III/c", assessment=ALL_THREES),
              person("STAF2", "STAF", "III/c", months=10), person("X", "STAF-KEL", "II/a", months=5)]
    return city([replace(p, **changes.get(p.nip, {})) for p in people], STRUCTURAL_POSTS, UNITS)


def test_structural_rules_competence_and_the_election_freeze():
    snapshot = structural_city()
    assert "KASI" not in moves(plan_city(snapshot, OPEN))  # the only Kepala Seksi A stays
    rotate = PlanSettings(max_leaving_share=None, min_holders_per_jf=0)  # rotation of officials
    plan = plan_city(snapshot, rotate)  # KASI -> KASI-B: 12 fill - 10 leaving + 4 rotation - 5 = 1
    assert moves(plan) == {"KASI": "KASI-B"}  # not KABID (III.b); STAF1 may not enter KASI-B
    freeze = dict(election_freeze_start=date(2026, 6, 1), election_freeze_end=date(2027, 2, 1))
    frozen_settings = PlanSettings(max_leaving_share=None, min_holders_per_jf=0, **freeze)
    frozen = plan_city(snapshot, frozen_settings)
    assert "KASI" not in moves(frozen)
    vacant = pair_blockers(snapshot.people[0], STRUCTURAL_POSTS[1], snapshot, frozen_settings)
    assert any("tidak berganti pemangku" in text for text in vacant)
    assert any("UU 10/2016 Pasal 71 ayat 2" in text for row in frozen.fixed for text in row["blockers"])
    free = PlanSettings(max_leaving_share=None, structural_same_eselon_only=False,
                        min_holders_per_jf=0)
    assert moves(plan_city(snapshot, free)) == {"STAF1": "KASI-B", "KASI": "KABID"}  # 9 + 1
    blockers = pair_blockers(snapshot.people[1], STRUCTURAL_POSTS[0], snapshot, rotate)
    assert any("struktural hanya ke eselon yang sama" in text for text in blockers)  # the setting by its label
    weak = structural_city(KASI={"assessment": replace(ALL_THREES, levels=tuple(
        (name, 2) for name, _ in ALL_THREES.levels))})  # JPM 66,67% < 68%
    assert moves(plan_city(weak, rotate)) == {}
    assert moves(plan_city(weak, replace(rotate, structural_needs_jpm=False))) == {"KASI": "KASI-B"}
    line = plan.lines[0]
    assert line.jpm == 100.0 and any("JPM untuk jabatan tujuan" in r for r in line.reasons)


def test_unit_budgets_limit_arrivals():
    settings = PlanSettings(max_leaving_share=None, tpp_cost={"RSUD": 10.0, "BPKPD": 10.0},
                            unit_budgets={"RSUD": 30.0})  # 3 nurses already cost 30
    plan = plan_city(tiny(), settings)
    assert "NURSE" not in moves(plan) and moves(plan)["FINANCE"] == "BPKPD-ANGGARAN"
    assert "NURSE" in moves(plan_city(tiny(), replace(settings, unit_budgets={"RSUD": 40.0})))


# --- why not? ------------------------------------------------------------------------------------------
def test_why_not_a_forbidden_pair_names_the_rule():
    snapshot = tiny()
    plan = plan_city(snapshot, OPEN)
    answer = why_not(snapshot, OPEN, None, plan, "CLERK", "KEL-ADM")
    assert answer["allowed"] is False and "SKP 2025" in answer["rules"][0]
    answer = why_not(snapshot, OPEN, None, plan, "NURSE", "BPKPD-ANGGARAN")
    assert answer["allowed"] is False
    assert any("PP 11/2017 Pasal 190 ayat 4" in text for text in answer["rules"])
    assert {item["rule"] for item in answer["explanations"]} == {"pangkat", "pendidikan",
                                                                 "perpindahan"}


def test_why_not_an_allowed_pair_costs_points_and_changes_lines():
    snapshot, settings = tiny(), PlanSettings()  # only one may leave SETDA: FINANCE does
    plan = plan_city(snapshot, settings)
    answer = why_not(snapshot, settings, None, plan, "STAFF2", "KEL-ADM")
    assert answer["allowed"] is True and answer["cost"] == 4.0  # 15 - 11
    assert answer["changes"] == [{"nip": "FINANCE", "name": "Pegawai FINANCE",
                                  "from_post": "SETDA-ANGGARAN", "before": "BPKPD-ANGGARAN",
                                  "after": "SETDA-ANGGARAN",
                                  "text": "Pegawai FINANCE batal pindah ke BPKPD-ANGGARAN"}]  # as shown
    assert answer["text"].startswith("Memindahkan Pegawai STAFF2 ke Jabatan KEL-ADM")
    assert "menurunkan skor rencana 4,0 poin dan Pegawai FINANCE batal pindah" in answer["text"]


# --- settings ------------------------------------------------------------------------------------------
def test_settings_round_trip_and_refusals():
    settings = PlanSettings(max_moves=150, election_freeze_start=date(2026, 5, 1),
                            unit_budgets={"RSUD": 1e6}, tpp_cost={"RSUD": 2.5e3},
                            allow_jf_transfer=True, shortage_slopes=(1, 2, 2, 4))
    data = settings.to_dict()
    assert data["election_freeze_start"] == "2026-05-01" and data["priority_factors"] == [1.5, 1.2, 1.0]
    assert PlanSettings.from_dict(data) == settings
    assert PlanSettings.from_dict({**data, "w_leave_short": 8.0}) == settings  # stored drafts
    assert PlanSettings.from_dict({"max_moves": "40", "gap": "0,01"}).gap == 0.01
    for bad, message in [({"speed": 1}, "tidak dikenal: speed"), ({"max_moves": -1}, "batas jumlah mutasi"),
                         ({"min_predikat": "Bagus"}, "predikat SKP minimal"), ({"solver": "x"}, "solver"),
                         ({"election_freeze_start": "kemarin"}, "awal larangan mutasi pilkada"),
                         ({"shortage_slopes": [3, 2, 1, 0]}, "cembung"),
                         ({"transfer_education_keahlian": "S9"}, "pendidikan minimal JF keahlian"),
                         ({"jpm_masih_memenuhi": 90}, "JPM masih memenuhi")]:
        with pytest.raises(DomainError, match=message):
            PlanSettings.from_dict(bad)


# --- the demo city at scale -----------------------------------------------------------------------------
def snapshot_from_demo(demo, as_of: date | None = None) -> CitySnapshot:
    """The demo city at the end of its history: replay promotions, transfers, appraisals, 9-boxes."""
    from events.demo.city import HISTORY_END
    as_of = as_of or HISTORY_END
    where = demo.placements(as_of)
    state = {p.nip: {"golongan": p.golongan, "since": p.in_post_since, "predikat": {}, "box": None}
             for p in demo.people}
    for step in demo.steps:
        if step.on > as_of:
            break
        record = state.get(step.nip)
        if step.kind == "promotion":
            record["golongan"] = step.data["golongan"]
        elif step.kind == "transfer":
            record["since"] = step.data["tmt"]
        elif step.kind == "appraisal":
            year = int(step.data["period"].removeprefix("SKP "))
            record["predikat"][year] = predikat(step.data["hasil_kerja"], step.data["perilaku"])
        elif step.kind == "talent":
            record["box"] = nine_box(step.data["kinerja"], step.data["potensial"])
    holders = Counter(where.values())
    posts = tuple(Post(p.code, p.unit_code, p.name, p.jabatan_type, p.eselon, p.level, p.band_low,
                       p.band_high, tuple(p.education_families), p.track, p.abk_need,
                       holders[p.code], p.strategic) for p in demo.positions)
    units = tuple(UnitInfo(u.code, u.name, u.service_priority, u.parent_code) for u in demo.units)
    people = tuple(Person(p.nip, p.name, p.status, state[p.nip]["golongan"], p.birth_date,
                          p.education_level, p.education_family, where[p.nip],
                          state[p.nip]["since"], state[p.nip]["predikat"], state[p.nip]["box"])
                   for p in demo.people if p.nip in where)
    return CitySnapshot(as_of, people, posts, units)


def test_demo_city_at_scale_one():
    from events.demo.history import build_city
    snapshot = snapshot_from_demo(build_city(1))
    settings = PlanSettings(max_moves=150)
    started = time.perf_counter()
    plan = plan_city(snapshot, settings)
    figures = plan.figures
    print(f"\nscale 1: {figures['people_considered']} considered / {figures['people']} ASN, "
          f"{figures['variables']} variables, build {figures['build_seconds']} s + MIP build "
          f"{figures['mip_build_seconds']} s, solve {figures['solve_seconds']} s, total "
          f"{time.perf_counter() - started:.2f} s, {figures['status']} gap {figures['gap']}, "
          f"{figures['moves']} moves")
    assert figures["status"] == "optimal"
    assert figures["certificate"].startswith(f"Optimal atas semua {figures['eligible_pairs']} ")
    assert figures["pairs_priced"] + figures["variables"] - figures["people_considered"] >= \
        figures["eligible_pairs"]
    assert 0 < figures["moves"] <= 150
    assert figures["shortage_after"] < figures["shortage_before"]
    assert violations(snapshot, settings, plan) == []
    assert {line.kind for line in plan.lines} == {"mutasi"}
    json.dumps(plan.to_dict())  # figures, lines and the fixed list are JSON-ready

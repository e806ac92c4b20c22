"""From a city snapshot to a plan: rules, limits, locks, a hand-computed optimum, "why not?", scale.

Plans are checked twice: with the module's own `move_blockers` / `pair_blockers`, and with an
independent restatement below of the pangkat-band and tenure rules and of the plan's limits.
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
from domain.plan_explain import plan_city, why_not
from domain.rules import DomainError, nine_box, predikat

AS_OF = date(2026, 11, 27)
LADDER = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c",
          "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
ADM = ("administrasi", "umum", "hukum", "sosial", "keuangan")


# --- building cities --------------------------------------------------------------------------------
def months_ago(months: int, day: int = 15) -> date:
    year, month = divmod(AS_OF.year * 12 + AS_OF.month - 1 - months, 12)
    return date(year, month + 1, day)


def person(nip: str, position: str, golongan: str = "II/c", family: str = "administrasi",
           months: int = 36, skp=("Baik", "Baik"), box: int | None = 5, **more) -> Person:
    values = dict(nip=nip, name=f"Pegawai {nip}", status="PNS", golongan=golongan,
                  birth_date=date(1985, 6, 1), education_level="S1", education_family=family,
                  position=position, in_post_since=months_ago(months),
                  predikat={2025: skp[0], 2024: skp[1]}, box=box)
    return Person(**(values | more))


def post(code: str, unit: str, need: int, jabatan_type: str = "pelaksana", families=ADM,
         band=("II/a", "III/d"), eselon=None, level=None, strategic=False) -> Post:
    return Post(code, unit, f"Jabatan {code}", jabatan_type, eselon, level, band[0], band[1],
                tuple(families), "umum", need, 0, strategic)


def city(people, posts, units=None, as_of=AS_OF) -> CitySnapshot:
    """Holders are counted from the people, as a read model would."""
    holders = Counter(p.position for p in people)
    posts = tuple(replace(p, holders=holders[p.code]) for p in posts)
    units = units or tuple(UnitInfo(code, f"Unit {code}", 2, None)
                           for code in sorted({p.unit for p in posts}))
    return CitySnapshot(as_of, tuple(people), posts, tuple(units))


def random_city(rng: random.Random) -> CitySnapshot:
    units = [UnitInfo(f"U{k}", f"Unit {k}", rng.randint(1, 3), None)
             for k in range(rng.randint(3, 5))]
    kinds = [  # (jabatan_type, eselon, level, band, families, strategic, need range)
        ("pelaksana", None, None, ("II/a", "III/d"), ADM, False, (1, 6)),
        ("pelaksana", None, None, ("II/a", "III/d"), (), False, (1, 4)),
        ("fungsional_keterampilan", None, "terampil", ("II/b", "II/d"), ("kesehatan",), False, (2, 6)),
        ("fungsional_keahlian", None, "ahli_pertama", ("III/a", "III/b"), ("keuangan", "administrasi"),
         True, (1, 3)),
        ("pengawas", "IV.a", None, ("III/c", "III/d"), ADM, False, (1, 1)),
        ("administrator", "III.b", None, ("III/d", "IV/a"), (), True, (1, 1)),
    ]
    posts = []
    for k in range(rng.randint(6, 15)):
        jtype, eselon, level, band, families, strategic, need = rng.choice(kinds)
        posts.append(post(f"P{k:02d}", rng.choice(units).code, rng.randint(*need), jtype,
                          families, band, eselon, level, strategic and rng.random() < 0.7))
    people = [random_person(rng, f"N{k:03d}", rng.choice(posts)) for k in range(rng.randint(10, 40))]
    return city(people, posts, units)


def random_person(rng: random.Random, nip: str, where: Post) -> Person:
    low, high = LADDER.index(where.band_low), LADDER.index(where.band_high)
    rank = rng.randint(low, high) if rng.random() < 0.8 else rng.randint(3, 14)
    family = rng.choice(where.education_families or ADM) if rng.random() < 0.8 else \
        rng.choice(("kesehatan", "keuangan", "teknik", "umum", "administrasi"))
    grades = ("Sangat Baik", "Baik", "Baik", "Baik", "Baik", "Baik", "Butuh Perbaikan", "Kurang")
    born = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
    return person(nip, where.code, LADDER[rank], family, rng.randint(3, 110),
                  (rng.choice(grades), rng.choice(grades)), rng.choice([None, *range(1, 10)]),
                  status="PPPK" if rng.random() < 0.1 else "PNS", birth_date=born,
                  under_discipline=rng.random() < 0.05, on_study_leave=rng.random() < 0.05)


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
    return broken


def moves(plan: CityPlan) -> dict[str, str]:
    return {line.nip: line.to_post for line in plan.lines}


def brute_candidates(snapshot: CitySnapshot, settings: PlanSettings, who: Person) -> list:
    """Best K moves by scoring every post (the planner ranks classes of posts instead)."""
    stuck = Counter(p.position for p in snapshot.people if move_blockers(p, snapshot, settings))
    options = []
    for target in snapshot.posts:
        seats = max(target.need, target.holders) - stuck[target.code]
        score = score_pair(who, target, snapshot, settings)["total"]
        if seats > 0 and score > settings.min_candidate_score and \
                not pair_blockers(who, target, snapshot, settings):
            options.append((-score, target.holders - target.need, target.code))
    return [(code, -score) for score, _, code in sorted(options)[:settings.candidates_per_person]]


# --- property: random cities --------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(30))
def test_random_cities_respect_every_rule_and_limit(seed):
    rng = random.Random(seed)
    snapshot = random_city(rng)
    settings = PlanSettings(
        max_moves=rng.choice([None, rng.randint(0, 6)]), candidates_per_person=rng.randint(2, 12),
        max_leaving_share=rng.choice([None, 0.1, 0.3]), min_months_in_post=rng.choice([6, 24]),
        structural_same_eselon_only=rng.random() < 0.8)
    plan = plan_city(snapshot, settings)
    assert plan.result.status == "optimal", plan.result.diagnosis
    assert violations(snapshot, settings, plan) == []
    model = build_plan_problem(snapshot, settings)
    for who in snapshot.people:
        if who.nip in model.candidates:
            assert model.candidates[who.nip] == brute_candidates(snapshot, settings, who)
    fixed = {row["nip"] for row in plan.fixed}
    assert not fixed & set(moves(plan))
    assert plan.figures["moves"] == len(plan.lines)
    assert plan.figures["people_considered"] + plan.figures["people_fixed"] == len(snapshot.people)


# --- a tiny city with a hand-computed optimum --------------------------------------------------------
UNITS = (UnitInfo("RSUD", "RSUD", 1, None), UnitInfo("BPKPD", "BPKPD", 2, None),
         UnitInfo("SETDA", "Sekretariat Daerah", 3, None), UnitInfo("KEL", "Kelurahan", 2, None))
POSTS = (
    post("SETDA-ADM", "SETDA", 2),  # 4 holders: surplus 2
    post("RSUD-PERAWAT", "RSUD", 5, "fungsional_keterampilan", ("kesehatan",), ("II/b", "II/d"),
         level="terampil"),  # 3 holders: short 2, priority 1
    post("BPKPD-ANGGARAN", "BPKPD", 2, "fungsional_keahlian", ("keuangan", "administrasi"),
         ("III/a", "III/b"), level="ahli_pertama", strategic=True),  # 1 holder: short 1
    post("KEL-ADM", "KEL", 2),  # 1 holder: short 1 (FINANCE there: 12 + 6 - 5 = 13)
)


def tiny_people() -> list[Person]:
    return [
        person("NURSE", "SETDA-ADM", "II/c", "kesehatan"),  # 15 fill + 6 relief + 5 fit - 5 = 21
        person("CLERK", "SETDA-ADM", "II/d", skp=("Butuh Perbaikan", "Baik")),
        person("FINANCE", "SETDA-ADM", "III/a", "keuangan", box=9),  # 12 + 6 + 6 talent - 5 = 19
        person("NEW", "SETDA-ADM", "II/a", months=12),
        *[person(f"RN{k}", "RSUD-PERAWAT", "II/b", "kesehatan", months=10) for k in range(3)],
        person("ANALIS", "BPKPD-ANGGARAN", "III/b", "keuangan", months=10),
        person("LURAH-ADM", "KEL-ADM", "II/b", months=10),
    ]


def tiny(**changes) -> CitySnapshot:
    people = [replace(p, **changes[p.nip]) if p.nip in changes else p for p in tiny_people()]
    return city(people, POSTS, UNITS)


OPEN = PlanSettings(max_leaving_share=None)


def test_tiny_city_known_optimum():
    snapshot = tiny()
    plan = plan_city(snapshot, OPEN)
    assert moves(plan) == {"NURSE": "RSUD-PERAWAT", "FINANCE": "BPKPD-ANGGARAN"}
    assert plan.result.status == "optimal" and plan.score == plan.result.objective == 40.0
    nurse = next(line for line in plan.lines if line.nip == "NURSE")
    assert nurse.breakdown == {"fill": 15.0, "talent": 0.0, "fit": 5.0, "relief": 6.0,
                               "leave_short": 0.0, "box4_rotation": 0.0, "rotation_due": 0.0,
                               "move_cost": -5.0, "total": 21.0}
    assert "mengisi kekurangan Jabatan RSUD-PERAWAT di RSUD (kurang 2)" in nurse.reasons
    assert "pendidikan kesehatan sesuai jabatan tujuan" in nurse.reasons
    finance = next(line for line in plan.lines if line.nip == "FINANCE")
    assert finance.score == 19.0 and "talenta kotak 9 ke jabatan strategis" in finance.reasons
    blockers = {row["nip"]: row["blockers"] for row in plan.fixed}
    assert blockers["CLERK"] == ["SKP 2025 'Butuh Perbaikan' di bawah 'Baik' (Peraturan BKN 5/2019)"]
    assert blockers["NEW"] == ["Masa jabatan 12 bulan < minimal 24 bulan (PP 11/2017 Pasal 190 ayat 3)"]
    assert plan.figures["fixed_by_rule"]["skp"] == 1
    assert plan.figures["shortage_before"] == 4 and plan.figures["shortage_after"] == 2
    assert plan.figures["units"]["RSUD"] == (5, 2, 1)


@pytest.mark.parametrize("solver", ["cbc", "highs"])
@pytest.mark.parametrize("lp_first", [True, False])
def test_tiny_city_optimum_with_each_solver_and_path(solver, lp_first):
    plan = plan_city(tiny(), replace(OPEN, solver=solver, lp_first=lp_first))
    assert plan.result.status == "optimal" and plan.result.objective == 40.0
    assert moves(plan) == {"NURSE": "RSUD-PERAWAT", "FINANCE": "BPKPD-ANGGARAN"}


def test_leaving_share_and_move_budget_keep_the_better_move():
    for settings in (PlanSettings(), PlanSettings(max_leaving_share=None, max_moves=1)):
        plan = plan_city(tiny(), settings)  # SETDA: ceil(0.1 × 4) = 1 may leave
        assert moves(plan) == {"NURSE": "RSUD-PERAWAT"}
        assert plan.figures["stayed_with_candidates"] == 1


# --- locks ---------------------------------------------------------------------------------------------
def test_locked_forbidden_and_forced_lines():
    snapshot = tiny()
    kept = plan_city(snapshot, OPEN, Edits(keep={"NURSE"}))
    assert "NURSE" not in moves(kept) and moves(kept)["FINANCE"] == "BPKPD-ANGGARAN"
    kept_at = plan_city(snapshot, OPEN, Edits(keep={"NURSE"}, keep_at={"NURSE": "KEL-ADM"},
                                              waive=True))
    assert moves(kept_at)["NURSE"] == "KEL-ADM"
    forbidden = plan_city(snapshot, OPEN, Edits(forbid={("NURSE", "RSUD-PERAWAT")}))
    assert moves(forbidden).get("NURSE") != "RSUD-PERAWAT"
    forced = plan_city(snapshot, OPEN, Edits(force={("FINANCE", "KEL-ADM")}))
    assert moves(forced)["FINANCE"] == "KEL-ADM"
    assert [line.nip for line in forced.lines if line.locked] == ["FINANCE"]
    assert all(violations(snapshot, OPEN, plan) == [] for plan in (kept, forbidden, forced))


def test_a_rule_forbidden_forced_pair_is_refused_unless_waived():
    with pytest.raises(DomainError, match=r"SKP 2025 'Butuh Perbaikan' di bawah 'Baik'"):
        plan_city(tiny(), OPEN, Edits(force={("CLERK", "KEL-ADM")}))
    with pytest.raises(DomainError, match=r"rumpun 'administrasi' tidak diterima"):
        plan_city(tiny(), OPEN, Edits(force={("NEW", "RSUD-PERAWAT")}))
    plan = plan_city(tiny(), OPEN, Edits(force={("CLERK", "KEL-ADM")}, waive=True))
    line = next(line for line in plan.lines if line.nip == "CLERK")
    assert line.to_post == "KEL-ADM" and "SKP 2025" in line.waived[0]


def test_infeasible_edits_get_a_diagnosis_naming_the_post():
    edits = Edits(force={("NURSE", "KEL-ADM"), ("FINANCE", "KEL-ADM")}, waive=True)  # 1 seat left
    plan = plan_city(tiny(), OPEN, edits)
    assert plan.result.status == "infeasible" and plan.lines == []
    assert any("KEL-ADM" in reason for reason in plan.figures["diagnosis"])
    tight = plan_city(tiny(), PlanSettings(max_moves=1), Edits(force={("NURSE", "KEL-ADM"),
                                                                     ("FINANCE", "RSUD-PERAWAT")},
                                                              waive=True))
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


STRUCTURAL_POSTS = (
    post("KASI-A", "SETDA", 1, "pengawas", ADM, ("III/c", "III/d"), eselon="IV.a"),
    post("KASI-B", "KEL", 1, "pengawas", ADM, ("III/c", "III/d"), eselon="IV.a"),  # vacant
    post("KABID", "BPKPD", 1, "administrator", ADM, ("III/d", "IV/a"), eselon="III.b"),  # vacant
    post("STAF", "SETDA", 1), post("STAF-KEL", "KEL", 1),
)


def structural_city(**changes) -> CitySnapshot:
    people = [person("KASI", "KASI-A", "III/d", months=70), person("STAF1", "STAF", "III/c"),
              person("STAF2", "STAF", "III/c", months=10), person("X", "STAF-KEL", "II/a", months=5)]
    return city([replace(p, **changes.get(p.nip, {})) for p in people], STRUCTURAL_POSTS, UNITS)


def test_structural_rules_and_the_election_freeze():
    snapshot = structural_city()
    plan = plan_city(snapshot, OPEN)  # KASI -> KASI-B: 12 fill - 8 leave short + 4 rotation - 5 = 3
    assert moves(plan) == {"KASI": "KASI-B"}  # not KABID (III.b); STAF1 may not enter KASI-B
    freeze = dict(election_freeze_start=date(2026, 6, 1), election_freeze_end=date(2027, 2, 1))
    frozen_settings = PlanSettings(max_leaving_share=None, **freeze)
    frozen = plan_city(snapshot, frozen_settings)
    assert "KASI" not in moves(frozen)
    vacant = pair_blockers(snapshot.people[0], STRUCTURAL_POSTS[1], snapshot, frozen_settings)
    assert any("tidak berganti pemangku" in text for text in vacant)
    assert any("UU 10/2016 Pasal 71 ayat 2" in text for row in frozen.fixed for text in row["blockers"])
    free = plan_city(snapshot, PlanSettings(max_leaving_share=None, structural_same_eselon_only=False))
    assert moves(free) == {"STAF1": "KASI-B", "KASI": "KABID"}  # 13 + 3
    blockers = pair_blockers(snapshot.people[1], STRUCTURAL_POSTS[0], snapshot, OPEN)
    assert any("structural_same_eselon_only" in text for text in blockers)


def test_unit_budgets_limit_arrivals():
    settings = PlanSettings(max_leaving_share=None, tpp_cost={"RSUD": 10.0, "BPKPD": 10.0},
                            unit_budgets={"RSUD": 30.0})  # 3 nurses already cost 30
    plan = plan_city(tiny(), settings)
    assert moves(plan) == {"FINANCE": "BPKPD-ANGGARAN"}
    assert "NURSE" in moves(plan_city(tiny(), replace(settings, unit_budgets={"RSUD": 40.0})))


# --- why not? ------------------------------------------------------------------------------------------
def test_why_not_a_forbidden_pair_names_the_rule():
    snapshot = tiny()
    plan = plan_city(snapshot, OPEN)
    answer = why_not(snapshot, OPEN, None, plan, "CLERK", "KEL-ADM")
    assert answer["allowed"] is False and "SKP 2025" in answer["rules"][0]
    answer = why_not(snapshot, OPEN, None, plan, "NURSE", "BPKPD-ANGGARAN")
    assert answer["allowed"] is False and "PP 11/2017 Pasal 190 ayat 4" in answer["rules"][-1]


def test_why_not_an_allowed_pair_costs_points_and_changes_lines():
    snapshot, settings = tiny(), PlanSettings()  # only one may leave SETDA: the nurse does
    plan = plan_city(snapshot, settings)
    answer = why_not(snapshot, settings, None, plan, "FINANCE", "BPKPD-ANGGARAN")
    assert answer["allowed"] is True and answer["cost"] == 2.0  # 21 - 19
    assert answer["changes"] == [{"nip": "NURSE", "name": "Pegawai NURSE", "from_post": "SETDA-ADM",
                                  "before": "RSUD-PERAWAT", "after": "SETDA-ADM"}]
    assert answer["text"].startswith("Memindahkan Pegawai FINANCE ke Jabatan BPKPD-ANGGARAN")
    assert "menurunkan skor rencana 2,0 poin dan Pegawai NURSE batal pindah" in answer["text"]
    narrow = PlanSettings(candidates_per_person=1)  # FINANCE's candidates: BPKPD-ANGGARAN only
    answer = why_not(snapshot, narrow, None, plan_city(snapshot, narrow), "FINANCE", "KEL-ADM")
    assert answer["allowed"] is True and answer["cost"] == 8.0  # NURSE's 21 for FINANCE's 13
    assert "tidak termasuk 1 kandidat terbaik" in answer["notes"][0]


# --- settings ------------------------------------------------------------------------------------------
def test_settings_round_trip_and_refusals():
    settings = PlanSettings(max_moves=150, election_freeze_start=date(2026, 5, 1),
                            unit_budgets={"RSUD": 1e6}, tpp_cost={"RSUD": 2.5e3})
    data = settings.to_dict()
    assert data["election_freeze_start"] == "2026-05-01" and data["priority_factors"] == [1.5, 1.2, 1.0]
    assert PlanSettings.from_dict(data) == settings
    assert PlanSettings.from_dict({"max_moves": "40", "gap": "0,01"}).gap == 0.01
    for bad, message in [({"speed": 1}, "tidak dikenal: speed"), ({"max_moves": -1}, "max_moves"),
                         ({"min_predikat": "Bagus"}, "min_predikat"), ({"solver": "x"}, "solver"),
                         ({"election_freeze_start": "kemarin"}, "election_freeze_start")]:
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
    assert figures["status"] in ("optimal", "feasible")
    assert 0 < figures["moves"] <= 150
    assert violations(snapshot, settings, plan) == []
    json.dumps(plan.to_dict())  # figures, lines and the fixed list are JSON-ready

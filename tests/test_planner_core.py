"""The optimisation core: published optima, hand-made problems, honest statuses, a random property.

Plans are checked by `violations` below, written from the problem statement and independent of the
planner's own code.
"""
from __future__ import annotations

import csv
import itertools
import json
import math
import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from domain import solver as solver_module
from domain.planner import Problem, diagnose, solve, solve_file
from domain.solver import Mip, run_mip

ORLIB = Path(__file__).resolve().parent / "data" / "orlib-gap"


# --- helpers --------------------------------------------------------------------------------------
def gap_problem(name: str, maximise: bool) -> dict:
    """OR-Library GAP as a planner problem: an agent is a unit (budget = capacity) with one position
    of unlimited capacity, a job is an employee without a current position."""
    numbers = [int(token) for token in (ORLIB / name).read_text().split()]
    m, n = numbers[0], numbers[1]
    cost = [numbers[2 + a * n: 2 + (a + 1) * n] for a in range(m)]
    resource = [numbers[2 + (m + a) * n: 2 + (m + a + 1) * n] for a in range(m)]
    capacity = numbers[2 + 2 * m * n: 2 + 2 * m * n + m]
    sign = 1 if maximise else -1
    return {
        "units": [{"id": f"a{a}", "budget": capacity[a]} for a in range(m)],
        "positions": [{"id": f"a{a}", "unit": f"a{a}", "capacity": None} for a in range(m)],
        "employees": [{"id": f"j{j}", "current": None} for j in range(n)],
        "pairs": [{"employee": f"j{j}", "position": f"a{a}", "score": sign * cost[a][j],
                   "cost": resource[a][j]} for a in range(m) for j in range(n)],
    }


def published_optima() -> list[tuple[str, str, int]]:
    cases = []
    with open(ORLIB / "optima.csv", newline="") as optima:
        for row in csv.DictReader(optima):
            cases.append((row["instance"], "min", int(row["min_optimum"])))
            if row["max_optimum"]:
                cases.append((row["instance"], "max", int(row["max_optimum"])))
    return cases


def violations(data: dict, assignment: dict[str, str]) -> list[str]:
    """Every rule of the problem statement a plan breaks (empty: the plan is valid)."""
    unit_of = {p["id"]: p["unit"] for p in data["positions"]}
    current = {e["id"]: e["current"] for e in data["employees"]}
    pairs = {(p["employee"], p["position"]): p for p in data["pairs"]}
    forbid = {tuple(item) for item in data.get("forbid", [])}
    broken = [f"{e} unplaced" for e in current if e not in assignment]
    broken += [f"{e}->{p} not a pair" for e, p in assignment.items() if (e, p) not in pairs]
    broken += [f"{e}->{p} forbidden" for e, p in assignment.items() if (e, p) in forbid]
    broken += [f"{e} not at forced {p}" for e, p in data.get("force", []) if assignment.get(e) != p]
    for position in data["positions"]:
        seats = sum(1 for p in assignment.values() if p == position["id"])
        if position["capacity"] is not None and seats > position["capacity"]:
            broken.append(f"{position['id']} over capacity")
    moved = [e for e, p in assignment.items() if current[e] is not None and current[e] != p]
    if data.get("max_moves") is not None and len(moved) > data["max_moves"]:
        broken.append("too many moves")
    for unit in data["units"]:
        spent = sum(pairs[e, p].get("cost", 0) for e, p in assignment.items()
                    if (e, p) in pairs and unit_of[p] == unit["id"])
        if unit.get("budget") is not None and spent > unit["budget"] + 1e-9:
            broken.append(f"{unit['id']} over budget")
        leaving = sum(1 for e in moved if unit_of[current[e]] == unit["id"])
        if unit.get("max_leaving") is not None and leaving > unit["max_leaving"]:
            broken.append(f"{unit['id']} too many leaving")
    return broken


def plan_score(data: dict, assignment: dict[str, str]) -> float:
    scores = {(p["employee"], p["position"]): p["score"] for p in data["pairs"]}
    return math.fsum(scores[e, p] for e, p in assignment.items())


def brute_force_optimum(data: dict) -> float | None:
    """Best score over every combination of pairs; None when no valid plan exists."""
    options = [[(p["employee"], p["position"]) for p in data["pairs"] if p["employee"] == e["id"]]
               for e in data["employees"]]
    best = None
    for combination in itertools.product(*options):
        assignment = dict(combination)
        if not violations(data, assignment):
            score = plan_score(data, assignment)
            best = score if best is None else max(best, score)
    return best


def random_problem(rng: random.Random, employees: int, positions: int, units: int,
                   options: int) -> dict:
    unit_ids = [f"u{k}" for k in range(units)]
    position_ids = [f"p{k}" for k in range(positions)]
    data = {
        "units": [{"id": u, "budget": rng.choice([None, rng.randint(0, 8 * employees)]),
                   "max_leaving": rng.choice([None, None, rng.randint(0, 2)])} for u in unit_ids],
        "positions": [{"id": p, "unit": rng.choice(unit_ids),
                       "capacity": rng.choice([None, 1, 2, 3])} for p in position_ids],
        "employees": [{"id": f"e{k}", "current": rng.choice([None] + position_ids)}
                      for k in range(employees)],
        "pairs": [], "max_moves": rng.choice([None, rng.randint(0, employees)]),
    }
    for employee in data["employees"]:
        chosen = set(rng.sample(position_ids, rng.randint(1, min(options, positions))))
        if employee["current"] and rng.random() < 0.7:
            chosen.add(employee["current"])
        data["pairs"] += [{"employee": employee["id"], "position": p, "score": rng.randint(-5, 20),
                           "cost": rng.randint(0, 10)} for p in sorted(chosen)]
    some_pairs = lambda: [[p["employee"], p["position"]] for p in rng.sample(data["pairs"], 1)]
    data["force"] = some_pairs() if rng.random() < 0.3 else []
    data["forbid"] = some_pairs() if rng.random() < 0.3 else []
    return data


def hard_gap(rng: random.Random, agents: int, jobs: int) -> dict:
    """A "type D" GAP (Chu & Beasley): cost falls as resource rises, capacities tight."""
    resource = [[rng.randint(1, 100) for _ in range(jobs)] for _ in range(agents)]
    data = {
        "units": [{"id": f"a{a}", "budget": int(0.8 * sum(resource[a]) / agents)}
                  for a in range(agents)],
        "positions": [{"id": f"a{a}", "unit": f"a{a}", "capacity": None} for a in range(agents)],
        "employees": [{"id": f"j{j}", "current": None} for j in range(jobs)],
        "pairs": [{"employee": f"j{j}", "position": f"a{a}", "cost": resource[a][j],
                   "score": -(111 - resource[a][j] + rng.randint(-10, 10))}
                  for a in range(agents) for j in range(jobs)],
    }
    return data


def problem(employees, positions, units, pairs, **extra) -> dict:
    """A tiny problem from tuples: (id, current), (id, unit, capacity), (id, budget[, max_leaving]),
    (employee, position, score[, cost])."""
    return {
        "employees": [{"id": e, "current": c} for e, c in employees],
        "positions": [{"id": p, "unit": u, "capacity": c} for p, u, c in positions],
        "units": [{"id": u[0], "budget": u[1], "max_leaving": u[2] if len(u) > 2 else None}
                  for u in units],
        "pairs": [{"employee": p[0], "position": p[1], "score": p[2],
                   "cost": p[3] if len(p) > 3 else 0} for p in pairs],
        **extra,
    }


def solved(data: dict, **options):
    result = solve(Problem.from_dict(data), **options)
    if result.status in ("optimal", "feasible"):
        assert violations(data, result.assignment) == []
        assert result.objective == pytest.approx(plan_score(data, result.assignment))
    return result


# --- published optima ----------------------------------------------------------------------------
@pytest.mark.parametrize("name,sense,optimum", published_optima())
def test_the_planner_reproduces_the_published_gap_optimum(name, sense, optimum):
    result = solved(gap_problem(name, maximise=sense == "max"), solver="cbc", time_limit=30)
    assert result.status == "optimal"
    assert result.objective == (optimum if sense == "max" else -optimum)
    assert result.gap <= 1e-4


@pytest.mark.parametrize("name,sense", [("gap1-0", "max"), ("gap3-2", "min"), ("c05100", "min")])
def test_cbc_and_highs_agree_on_the_optimum(name, sense):
    data = gap_problem(name, maximise=sense == "max")
    cbc, highs = solved(data, solver="cbc"), solved(data, solver="highs")
    assert (cbc.status, highs.status) == ("optimal", "optimal")
    assert cbc.objective == highs.objective
    assert (cbc.solver_version, highs.solver_version) != ("", "")


# --- tiny problems with a known optimum -----------------------------------------------------------
STAY_OR_MOVE = problem(
    employees=[("e1", "p1"), ("e2", "p2"), ("e3", "p3")],
    positions=[("p1", "u1", 1), ("p2", "u1", 1), ("p3", "u1", 1), ("p4", "u2", None)],
    units=[("u1", None), ("u2", None)],
    pairs=[("e1", "p1", 1), ("e2", "p2", 1), ("e3", "p3", 1),
           ("e1", "p4", 10), ("e2", "p4", 10), ("e3", "p4", 10)])


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_a_binding_move_budget_lets_only_that_many_employees_move(solver):
    result = solved({**STAY_OR_MOVE, "max_moves": 1}, solver=solver)
    assert (result.status, result.objective, result.moves) == ("optimal", 12, 1)
    assert "batas mutasi 1/1" in result.tight
    assert solved(STAY_OR_MOVE, solver=solver).objective == 30


def test_a_full_position_goes_to_whoever_adds_most():
    data = problem([("e1", None), ("e2", None)], [("p1", "u1", 1), ("p2", "u1", None)],
                   [("u1", None)],
                   [("e1", "p1", 10), ("e2", "p1", 8), ("e1", "p2", 5), ("e2", "p2", 5)])
    result = solved(data)
    assert (result.status, result.objective) == ("optimal", 15)
    assert result.assignment == {"e1": "p1", "e2": "p2"}
    assert result.tight == ["posisi p1 penuh 1/1"]


def test_a_unit_budget_admits_only_what_it_can_pay_for():
    data = problem([("e1", None), ("e2", None)], [("p1", "u1", None), ("p2", "u2", None)],
                   [("u1", 6), ("u2", None)],
                   [("e1", "p1", 10, 6), ("e2", "p1", 9, 6), ("e1", "p2", 4), ("e2", "p2", 5)])
    result = solved(data)
    assert (result.status, result.objective) == ("optimal", 15)
    assert result.tight == ["anggaran unit u1 6/6"]


def test_max_leaving_caps_how_many_leave_a_unit():
    data = problem([("e1", "p1"), ("e2", "p2")],
                   [("p1", "u1", 1), ("p2", "u1", 1), ("p3", "u2", None)],
                   [("u1", None, 1), ("u2", None)],
                   [("e1", "p1", 1), ("e2", "p2", 1), ("e1", "p3", 10), ("e2", "p3", 10)])
    result = solved(data)
    assert (result.status, result.objective) == ("optimal", 11)
    assert "batas keluar unit u1 1/1" in result.tight


def test_a_move_inside_the_unit_counts_as_leaving_the_position():
    data = problem([("e1", "p1")], [("p1", "u1", 1), ("p2", "u1", 1)], [("u1", None, 0)],
                   [("e1", "p1", 1), ("e1", "p2", 5)])
    assert solved(data).assignment == {"e1": "p1"}


def test_force_and_forbid_are_honoured():
    data = problem([("e1", None), ("e2", None)], [("p1", "u1", None), ("p2", "u1", None),
                                                  ("p3", "u1", None)], [("u1", None)],
                   [("e1", "p1", 10), ("e1", "p2", 3), ("e2", "p1", 10), ("e2", "p3", 1)],
                   force=[["e2", "p3"]], forbid=[["e1", "p1"]])
    result = solved(data)
    assert result.assignment == {"e1": "p2", "e2": "p3"}
    assert result.objective == 4


def test_placing_an_employee_without_a_current_position_is_not_a_move():
    data = problem([("e1", "p1"), ("e2", None)], [("p1", "u1", 1), ("p2", "u1", 1)],
                   [("u1", None, 0)], [("e1", "p1", 1), ("e2", "p2", 7)], max_moves=0)
    result = solved(data)
    assert (result.status, result.moves) == ("optimal", 0)
    assert result.assignment == {"e1": "p1", "e2": "p2"}


# --- infeasibility and its diagnosis --------------------------------------------------------------
@pytest.mark.parametrize("data,expected", [
    (problem([("e1", None), ("e7", None)], [("p1", "u1", None)], [("u1", None)], [("e1", "p1", 1)]),
     "Pegawai e7 tidak punya satu pun posisi yang memenuhi syarat"),
    (problem([(f"e{k}", None) for k in range(3)], [("p1", "u1", 1), ("p2", "u1", 1)],
             [("u1", None)], [(f"e{k}", p, 1) for k in range(3) for p in ("p1", "p2")]),
     "Kapasitas total 2 < 3 pegawai yang harus ditempatkan"),
    (problem([("e1", None), ("e2", None)], [("p1", "u1", None)], [("u1", 36)],
             [("e1", "p1", 1, 20), ("e2", "p1", 1, 20)]),
     "Unit u1: anggaran 36 tidak cukup; biaya minimum penempatan yang wajib 40"),
    (problem([("e1", "p1"), ("e2", "p1")], [("p1", "u1", None), ("p2", "u1", None)], [("u1", None)],
             [("e1", "p2", 1), ("e2", "p2", 1)], max_moves=1),
     "Batas mutasi 1 terlalu kecil: 2 pegawai wajib pindah"),
    (problem([("e1", None)], [("p1", "u1", None), ("p2", "u1", None)], [("u1", None)],
             [("e1", "p1", 1), ("e1", "p2", 1)], force=[["e1", "p1"], ["e1", "p2"]]),
     "Pegawai e1 dikunci ke lebih dari satu posisi: p1, p2"),
    # no single cheap check sees this one: the penalised relaxation names the budget
    (problem([("e1", None), ("e2", None)], [("p1", "u1", None), ("p2", "u2", None)],
             [("u1", 5), ("u2", 4)], [(e, p, 1, 5) for e in ("e1", "e2") for p in ("p1", "p2")]),
     "Unit u2: anggaran 4 tidak cukup; perlu tambahan anggaran 1"),
])
@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_an_infeasible_problem_is_reported_with_its_cause(data, expected, solver):
    result = solve(Problem.from_dict(data), solver=solver)
    assert (result.status, result.assignment, result.objective) == ("infeasible", {}, None)
    assert any(reason.startswith(expected) for reason in result.diagnosis), result.diagnosis


def test_a_feasible_problem_has_nothing_to_diagnose():
    assert diagnose(Problem.from_dict(STAY_OR_MOVE)) == []


# --- honesty under time limits and the watchdog ---------------------------------------------------
@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_a_time_limited_run_is_optimal_only_within_the_requested_gap(solver):
    data = hard_gap(random.Random(7), agents=10, jobs=100)
    result = solved(data, solver=solver, time_limit=1.0, gap=1e-6)
    assert result.status in ("optimal", "feasible", "no_solution")
    if result.status == "optimal":
        assert result.gap <= 1e-6 + 1e-9
    if result.status == "feasible" and result.bound is not None:
        assert result.bound >= result.objective
    if result.status == "no_solution":
        assert result.assignment == {}


def hanging_solver(mip, time_limit, gap, relax, workdir, built):
    """Reports its model built, starts a helper process, then never answers."""
    built(0.0)
    helper = subprocess.Popen(["sleep", "60"])
    Path(os.environ["HANGING_SOLVER_PID_FILE"]).write_text(str(helper.pid))
    helper.wait()


def test_the_watchdog_kills_a_hanging_solver_and_its_helpers(monkeypatch, tmp_path):
    pid_file = tmp_path / "helper.pid"
    monkeypatch.setenv("HANGING_SOLVER_PID_FILE", str(pid_file))
    monkeypatch.setitem(solver_module.SOLVERS, "hanging", hanging_solver)
    monkeypatch.setattr(solver_module, "GRACE_SECONDS", 0.5)
    started = time.perf_counter()
    result = solve(Problem.from_dict(STAY_OR_MOVE), solver="hanging", time_limit=0.5)
    assert time.perf_counter() - started < 10
    assert (result.status, result.assignment) == ("no_solution", {})
    assert not process_is_running(int(pid_file.read_text()))


def process_is_running(pid: int, wait: float = 2.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


def test_an_lp_relaxation_runs_through_the_same_watchdog():
    mip = Mip()
    x, y = mip.add_column(1.0), mip.add_column(1.0)
    mip.add_row([x, y], [1.0, 1.0], upper=1.5)
    for solver in ("cbc", "highs"):
        run = run_mip(mip, solver, time_limit=5, relax=True)
        assert (run.status, run.objective) == ("optimal", pytest.approx(1.5))


# --- a property over random small problems --------------------------------------------------------
@pytest.mark.parametrize("seed", range(50))
def test_random_small_problems_get_a_valid_plan_with_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    data = random_problem(rng, employees=rng.randint(1, 6), positions=rng.randint(2, 5),
                          units=rng.randint(1, 3), options=3)
    result = solved(data, solver="cbc" if seed % 2 else "highs")
    best = brute_force_optimum(data)
    if best is None:
        assert result.status == "infeasible" and result.diagnosis
    else:
        assert (result.status, result.objective) == ("optimal", pytest.approx(best))
        assert result.gap <= 1e-4 + 1e-9


# --- input and output ----------------------------------------------------------------------------
@pytest.mark.parametrize("change,message", [
    (lambda d: d["pairs"].append({"employee": "x9", "position": "p1", "score": 1}), "pegawai 'x9'"),
    (lambda d: d["pairs"].append({"employee": "e1", "position": "x9", "score": 1}), "posisi 'x9'"),
    (lambda d: d["employees"].append({"id": "e1", "current": None}), "ID pegawai ganda: e1"),
    (lambda d: d["positions"][0].update(capacity=-1), "kapasitas harus bilangan bulat ≥ 0"),
    (lambda d: d["pairs"][0].pop("score"), "skor harus angka"),
    (lambda d: d.update(force=[["e1", "p2"]]), "tidak ada di daftar pairs"),
    (lambda d: d.update(max_moves=-3), "max_moves harus bilangan bulat ≥ 0"),
])
def test_invalid_input_is_refused_with_a_clear_message(change, message):
    data = json.loads(json.dumps(STAY_OR_MOVE))
    change(data)
    with pytest.raises(ValueError, match=message):
        Problem.from_dict(data)


def test_solve_file_gives_the_json_result(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps({**STAY_OR_MOVE, "max_moves": 2}))
    answer = solve_file(str(path), solver="highs", time_limit=10)
    assert {"status", "objective", "bound", "gap", "seconds", "assignment"} <= set(answer)
    assert (answer["status"], answer["objective"], answer["moves"]) == ("optimal", 21, 2)
    assert json.loads(json.dumps(answer)) == answer

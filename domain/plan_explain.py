"""Explaining a city plan in Bahasa Indonesia: why each line, what else was possible, plan-level
figures, and "why not A → B?" by re-solving with that move forced (Krarup et al. 2021).

Pure functions over the `CityModel` a plan was built from (domain.city_plan) and the planner's
`Result`; only `why_not` runs the solver again.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from domain.city_plan import (CityModel, CityPlan, CitySnapshot, Edits, Line, Person,
                              PlanSettings, Post, build_plan_problem)
from domain.plan_rules import SnapshotIndex, index, move_blockers, pair_blockers, score_pair
from domain.planner import Result, solve
from domain.rules import DomainError, months_between

ALTERNATIVES_SHOWN = 3
RULE_LABELS = {  # rule keys of CityPlan.fixed, figures["fixed_by_rule"] and the pair rules
    "masa_jabatan": "masa jabatan minimal", "skp": "predikat SKP",
    "pensiun": "pensiun dalam horizon", "pppk": "PPPK", "disiplin": "hukuman disiplin",
    "tugas_belajar": "tugas belajar", "pilkada": "larangan pilkada",
    "investigasi": "unit dalam investigasi layanan", "dalam_proses": "sedang dalam proses usulan",
    "dikunci": "dikunci perencana", "tanpa_kandidat": "tidak ada jabatan tujuan yang lebih baik",
    "jabatan_sama": "jabatan yang sama", "pangkat": "rentang pangkat",
    "pendidikan": "rumpun pendidikan", "struktural": "aturan jabatan struktural",
}


# --- reading a result back ------------------------------------------------------------------------
def read_plan(model: CityModel, result: Result) -> CityPlan:
    idx = index(model.snapshot)
    lines = _lines(model, result, idx) if result.assignment else []
    fixed = [{"nip": nip, "name": idx.people[nip].name, "post": idx.people[nip].position,
              "unit": idx.current(idx.people[nip]).unit, "rules": [key for key, _ in rules],
              "blockers": [text for _, text in rules]} for nip, rules in model.fixed.items()]
    return CityPlan(result, lines, plan_figures(model, result, lines), fixed, model)


def _lines(model: CityModel, result: Result, idx: SnapshotIndex) -> list[Line]:
    seats = Counter(result.assignment.values())
    spent = defaultdict(float)
    for pair in model.problem.pairs:
        if result.assignment.get(pair.employee) == pair.position:
            spent[idx.posts[pair.position].unit] += pair.cost
    lines, forced = [], {nip for nip, _ in model.problem.force}
    for person in model.snapshot.people:
        code = result.assignment.get(person.nip, person.position)
        if code == person.position:
            continue
        current, post = idx.current(person), idx.posts[code]
        breakdown = score_pair(person, post, model.snapshot, model.settings)
        locked = person.nip in forced
        alternatives = _alternatives(model, person, post.code, breakdown["total"], seats, spent,
                                     idx, locked)
        reasons = line_reasons(person, post, breakdown, idx, model.settings)
        if locked:
            reasons.insert(0, "ditetapkan oleh perencana (dikunci/dipaksakan)")
        lines.append(Line(person.nip, person.name, current.code, current.unit, post.code, post.unit,
                          breakdown["total"], breakdown, reasons, alternatives,
                          model.waived.get(person.nip, []), locked))
    return lines


def line_reasons(person: Person, post: Post, breakdown: dict, idx: SnapshotIndex,
                 s: PlanSettings) -> list[str]:
    """The human explanation of one move, largest components first."""
    current = idx.current(person)
    texts = {
        "fill": f"mengisi kekurangan {post.name} di {idx.units[post.unit].name} "
                f"(kurang {post.need - post.holders})",
        "relief": f"mengurangi kelebihan {current.name} di {idx.units[current.unit].name} "
                  f"(lebih {current.holders - current.need})",
        "leave_short": f"meninggalkan {current.name} yang " + (
            f"sudah kurang {current.need - current.holders} pegawai"
            if current.holders < current.need else "pas sesuai kebutuhan"),
        "fit": f"pendidikan {person.education_family} sesuai jabatan tujuan"
               if breakdown["fit"] > 0 else
               f"pendidikan {person.education_family} sesuai jabatan asal, kurang sesuai tujuan",
        "talent": f"talenta kotak {person.box} ke jabatan strategis",
        "box4_rotation": "kotak 4 (kinerja tinggi, potensial rendah): rotasi disarankan",
        "rotation_due": f"sudah {months_between(person.in_post_since, idx.as_of)} bulan di jabatan"
                        f" (rotasi jatuh tempo ≥ {s.max_months_in_post} bulan)",
    }
    shown = sorted((key for key in texts if breakdown[key]), key=lambda key: -abs(breakdown[key]))
    return [texts[key] for key in shown]


def _alternatives(model: CityModel, person: Person, chosen_post: str, chosen: float,
                  seats: Counter, spent: dict, idx: SnapshotIndex, locked: bool) -> list[dict]:
    """The best other candidates of a mover, and what kept each out of the plan."""
    found = []
    for code, score in model.candidates.get(person.nip, []):
        if code == chosen_post:
            continue
        blocked = "baris dikunci oleh perencana" if locked else \
            _blocked_by(model, code, score - chosen, seats, spent, idx)
        found.append({"post": code, "unit": idx.posts[code].unit, "score": score,
                      "diff": round(score - chosen, 6), "blocked_by": blocked})
        if len(found) == ALTERNATIVES_SHOWN:
            break
    return found


def _blocked_by(model: CityModel, code: str, diff: float, seats: Counter, spent: dict,
                idx: SnapshotIndex) -> str:
    capacity = model.problem.positions[code].capacity
    unit = model.problem.units[idx.posts[code].unit]
    if capacity is not None and seats[code] >= capacity:
        return f"jabatan penuh dalam rencana ({seats[code]}/{capacity} kursi yang dapat diisi)"
    if unit.budget is not None and spent[idx.posts[code].unit] >= unit.budget - 1e-9:
        return f"anggaran unit {idx.posts[code].unit} habis"
    if diff < 0:
        return "skor lebih rendah daripada pilihan dalam rencana"
    if diff == 0:
        return "skor sama; rencana memilih yang lain"
    return "tidak dipilih dalam batas gap solver"


# --- figures --------------------------------------------------------------------------------------
def plan_figures(model: CityModel, result: Result, lines: list[Line]) -> dict:
    idx, problem = index(model.snapshot), model.problem
    return {
        "status": result.status, "objective": result.objective, "bound": result.bound,
        "gap": result.gap, "score": round(math.fsum(line.score for line in lines), 6),
        "moves": len(lines), "max_moves": model.settings.max_moves,
        "people": len(idx.people), "people_considered": len(problem.employees),
        "people_fixed": len(model.fixed), "variables": len(problem.pairs),
        "constraints": result.n_constraints, "solver": result.solver,
        "solver_version": result.solver_version, "build_seconds": round(model.build_seconds, 3),
        "mip_build_seconds": round(result.build_seconds, 3),
        "solve_seconds": round(result.solve_seconds, 3), "seconds": round(result.seconds, 3),
        **_staffing(idx, lines), **_tight(result.tight),
        "fixed_by_rule": dict(Counter(key for rules in model.fixed.values()
                                      for key in dict.fromkeys(key for key, _ in rules))),
        "stayed_with_candidates": sum(1 for nip in problem.employees
                                      if result.assignment.get(nip) == idx.people[nip].position
                                      and model.candidates.get(nip)),
        "diagnosis": list(result.diagnosis) or _no_plan(result, model.settings),
    }


def _no_plan(result: Result, s: PlanSettings) -> list[str]:
    if result.status != "no_solution":
        return []
    return [f"Solver {s.solver} tidak menemukan rencana dalam batas waktu {s.time_limit:g} detik; "
            "naikkan time_limit, coba solver lain, atau kurangi candidates_per_person"]


def _staffing(idx: SnapshotIndex, lines: list[Line]) -> dict:
    """Shortage (Σ max(0, need − holders)) before/after, city and per unit; education fit share."""
    delta = Counter()
    for line in lines:
        delta[line.from_post] -= 1
        delta[line.to_post] += 1
    units = {code: [0, 0, 0] for code in idx.units}
    for post in idx.posts.values():
        row = units[post.unit]
        row[0] += post.need
        row[1] += max(0, post.need - post.holders)
        row[2] += max(0, post.need - post.holders - delta[post.code])
    moved = {line.nip: line.to_post for line in lines}
    fit_before = sum(idx.current(p).admits(p.education_family) for p in idx.people.values())
    fit_after = sum(idx.posts[moved.get(p.nip, p.position)].admits(p.education_family)
                    for p in idx.people.values())
    people = max(len(idx.people), 1)
    return {"shortage_before": sum(row[1] for row in units.values()),
            "shortage_after": sum(row[2] for row in units.values()),
            "units": {code: tuple(row) for code, row in units.items()},
            "fit_before": round(fit_before / people, 4), "fit_after": round(fit_after / people, 4)}


def _tight(tight: list[str]) -> dict:
    """Which limits bind, counted by kind (there can be hundreds of full posts)."""
    kinds = {"batas mutasi": "moves", "anggaran unit": "unit_budgets",
             "batas keluar unit": "unit_leaving", "posisi": "posts_full"}
    counts = Counter(next(name for prefix, name in kinds.items() if item.startswith(prefix))
                     for item in tight)
    moves = next((item.removeprefix("batas mutasi ") for item in tight
                  if item.startswith("batas mutasi")), None)
    return {"tight": {"moves": moves, **{name: counts[name] for name in kinds.values()
                                         if name != "moves"}},
            "tight_examples": tight[:5]}


# --- why not A → B? -------------------------------------------------------------------------------
def why_not(snapshot: CitySnapshot, settings: PlanSettings | None, edits: Edits | None,
            plan: CityPlan, nip: str, post_code: str) -> dict:
    """Why the plan does not move `nip` to `post_code`: the rule, or what forcing it would cost."""
    s, edits, idx = settings or PlanSettings(), edits or Edits(), index(snapshot)
    person, post = idx.people.get(nip), idx.posts.get(post_code)
    if person is None or post is None:
        raise DomainError(f"Pegawai {nip} atau jabatan {post_code} tidak ada dalam snapshot.")
    label = f"{person.name} ke {post.name} ({post.code})"
    rules = move_blockers(person, snapshot, s) + pair_blockers(person, post, snapshot, s)
    if (nip, post_code) in edits.forbid:
        rules.append("Pasangan ini ditolak oleh perencana")
    if rules:
        return {"allowed": False, "rules": rules,
                "text": f"{label} tidak diperbolehkan: " + "; ".join(rules) + "."}
    before = {line.nip: line.to_post for line in plan.lines}
    if before.get(nip) == post_code:
        return {"allowed": True, "cost": 0.0, "changes": [], "notes": [],
                "text": f"{label} sudah ada dalam rencana ini."}
    other = plan_city(snapshot, s, _forcing(edits, nip, post_code),
                      stick_to={p.nip: before.get(p.nip, p.position) for p in snapshot.people})
    if other.result.status not in ("optimal", "feasible"):
        reasons = other.result.diagnosis or [f"solver: {other.result.status}"]
        return {"allowed": False, "rules": reasons,
                "text": f"Tidak ada rencana sah yang memindahkan {label}: " + "; ".join(reasons)}
    cost = round(plan.score - other.score, 6)
    changes = _changes(idx, before, {line.nip: line.to_post for line in other.lines}, nip)
    return {"allowed": True, "cost": cost, "changes": changes, "status": other.result.status,
            "notes": _candidate_note(plan, person, post, s),
            "text": _why_not_text(label, cost, changes)}


def _forcing(edits: Edits, nip: str, post_code: str) -> Edits:
    return Edits(keep=set(edits.keep) - {nip},
                     keep_at={k: v for k, v in edits.keep_at.items() if k != nip},
                     force={pair for pair in edits.force if pair[0] != nip} | {(nip, post_code)},
                     forbid=set(edits.forbid), waive=edits.waive)


def _candidate_note(plan: CityPlan, person: Person, post: Post, s: PlanSettings) -> list[str]:
    candidates = dict(plan.model.candidates.get(person.nip, [])) if plan.model else {}
    if post.code in candidates:
        return []
    score = score_pair(person, post, plan.model.snapshot, s)["total"] if plan.model else None
    return [f"{post.code} tidak termasuk {s.candidates_per_person} kandidat terbaik {person.name}"
            f" (skor {_num(score)}); dievaluasi dengan memaksakan pasangan ini"]


def _changes(idx: SnapshotIndex, before: dict, after: dict, asked: str) -> list[dict]:
    changed = sorted(nip for nip in set(before) | set(after)
                     if nip != asked and before.get(nip) != after.get(nip))
    return [{"nip": nip, "name": idx.people[nip].name, "from_post": idx.people[nip].position,
             "before": before.get(nip, idx.people[nip].position),
             "after": after.get(nip, idx.people[nip].position)} for nip in changed]


def _why_not_text(label: str, cost: float, changes: list[dict], shown: int = 5) -> str:
    if cost > 0:
        effect = f"menurunkan skor rencana {_num(cost)} poin"
    elif cost < 0:
        effect = f"menaikkan skor rencana {_num(-cost)} poin (rencana awal belum optimal)"
    else:
        effect = "tidak mengubah skor rencana"
    parts = []
    for change in changes[:shown]:
        name, start, old, new = (change["name"], change["from_post"], change["before"],
                                 change["after"])
        parts.append(f"{name} batal pindah ke {old}" if new == start else
                     f"menggeser {name} dari {start} ke {new}" if old == start else
                     f"{name} pindah ke {new}, bukan {old}")
    if len(changes) > shown:
        parts.append(f"{len(changes) - shown} perubahan lain")
    tail = " dan " + ", ".join(parts) if parts else " dan tidak mengubah baris lain"
    return f"Memindahkan {label} {effect}{tail}."


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


def plan_city(snapshot: CitySnapshot, settings: PlanSettings | None = None,
              edits: Edits | None = None, *,
              stick_to: dict[str, str] | None = None) -> CityPlan:
    """The best plan within the rules, limits and edits, with its lines and figures."""
    s = settings or PlanSettings()
    model = build_plan_problem(snapshot, s, edits, stick_to=stick_to)
    if model.precheck:
        result = Result("infeasible", solver=s.solver, diagnosis=list(model.precheck))
    else:
        result = solve(model.problem, s.solver, s.time_limit, s.gap, lp_first=s.lp_first)
    return read_plan(model, result)

"""Explaining a city plan in Bahasa Indonesia: why each line, what else was possible, plan-level
figures (domain.plan_figures), and "why not A → B?" by re-solving with that move forced (Krarup
et al. 2021).

Pure functions over the `CityModel` a plan was built from (domain.city_plan) and the planner's
`Result`; only `plan_city` and `why_not` run the solver.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from domain.city_plan import (CityModel, CityPlan, CitySnapshot, Edits, Line, Person,
                              PlanSettings, Post, build_plan_problem)
from domain.competence import jpm_category
from domain.plan_figures import plan_figures
from domain.plan_rules import (MOVE_KINDS, SnapshotIndex, index, move_kind, move_rules,
                               pair_rules)
from domain.plan_score import scorer
from domain.planner import Result, solve
from domain.pricing import PricingReport, solve_priced
from domain.rule_book import EDIT_KEYS, RULE_BOOK, explain
from domain.rules import DomainError, months_between
from domain.solver import gc_paused
from domain.shortage import shortage_figures

ALTERNATIVES_SHOWN = 3
# rule keys of CityPlan.fixed, figures["fixed_by_rule"] and the pair rules -> label
RULE_LABELS = {**{key: rule.label for key, rule in RULE_BOOK.items()}, **EDIT_KEYS}


# --- reading a result back ------------------------------------------------------------------------
def read_plan(model: CityModel, result: Result, report: PricingReport | None = None) -> CityPlan:
    idx = index(model.snapshot)
    lines = _lines(model, result, idx) if result.assignment else []
    fixed = [{"nip": nip, "name": idx.people[nip].name, "post": idx.people[nip].position,
              "unit": idx.current(idx.people[nip]).unit, "rules": [key for key, _ in rules],
              "blockers": [text for _, text in rules]} for nip, rules in model.fixed.items()]
    return CityPlan(result, lines, plan_figures(model, result, lines, report), fixed, model)


def _lines(model: CityModel, result: Result, idx: SnapshotIndex) -> list[Line]:
    seats = Counter(result.assignment.values())
    spent = defaultdict(float)
    for pair in model.problem.pairs:
        if result.assignment.get(pair.employee) == pair.position:
            spent[idx.posts[pair.position].unit] += pair.cost
    lines, forced = [], {nip for nip, _ in model.problem.force}
    score = scorer(model.snapshot, model.settings)
    for person in model.snapshot.people:
        code = result.assignment.get(person.nip, person.position)
        if code == person.position:
            continue
        current, post = idx.current(person), idx.posts[code]
        breakdown = {key: value for key, value in score.parts(person, current, post).items()
                     if key != "lp"}
        locked = person.nip in forced
        alternatives = _alternatives(model, person, post.code, breakdown["total"], seats, spent,
                                     idx, locked)
        reasons = line_reasons(person, post, breakdown, idx, model.settings)
        if locked:
            reasons.insert(0, "ditetapkan oleh perencana (dikunci/dipaksakan)")
        lines.append(Line(person.nip, person.name, current.code, current.unit, post.code, post.unit,
                          breakdown["total"], breakdown, reasons, alternatives,
                          model.waived.get(person.nip, []), locked,
                          move_kind(person, current, post), score.jpm(person, post)))
    changes = shortage_figures(idx.staffing, [(line.from_post, line.to_post) for line in lines])
    for line, change in zip(lines, changes["shortage_per_move"]):
        line.shortage_change = change
    return lines


def line_reasons(person: Person, post: Post, breakdown: dict, idx: SnapshotIndex,
                 s: PlanSettings) -> list[str]:
    """The human explanation of one move: what it is, then its components, largest first."""
    current, score = idx.current(person), scorer(idx.snapshot, s)
    texts = {
        "kekurangan": _shortage_text(current, post, idx),
        "relief": f"mengurangi kelebihan {current.name} di {idx.units[current.unit].name} "
                  f"(lebih {current.holders - current.need})",
        "fit": _fit_text(person, current, post, breakdown, score, s),
        "talent": f"talenta kotak {person.box} ke jabatan strategis",
        "box4_rotation": "kotak 4 (kinerja tinggi, potensial rendah): rotasi disarankan",
        "rotation_due": f"sudah {months_between(person.in_post_since, idx.as_of)} bulan di jabatan"
                        f" (rotasi jatuh tempo ≥ {s.max_months_in_post} bulan)",
    }
    shown = sorted((key for key in texts if breakdown[key]), key=lambda key: -abs(breakdown[key]))
    if "fit" not in shown and score.jpm(person, post) is not None:
        shown.append("fit")  # the JPM for the target post is worth saying even when unchanged
    kind = move_kind(person, current, post)
    head = [] if kind == "mutasi" else [f"{MOVE_KINDS[kind]} (bukan mutasi; diizinkan pengaturan"
                                        f" {RULE_BOOK[_KIND_RULES[kind]].setting}, "
                                        f"{RULE_BOOK[_KIND_RULES[kind]].reference})"]
    return head + [texts[key] for key in shown]


_KIND_RULES = {"perpindahan_jabatan": "perpindahan", "pemberhentian_jf": "pemberhentian_jf"}


def _shortage_text(current: Post, post: Post, idx: SnapshotIndex) -> str:
    parts = []
    if post.holders < post.need:
        parts.append(f"mengisi kekurangan {post.name} di {idx.units[post.unit].name} "
                     f"(kurang {post.need - post.holders})")
    if current.holders <= current.need:
        state = f"sudah kurang {current.need - current.holders} pegawai" \
            if current.holders < current.need else "pas sesuai kebutuhan"
        parts.append(f"meninggalkan {current.name} yang {state}")
    return "; ".join(parts) or "tidak mengubah kekurangan"


def _fit_text(person: Person, current: Post, post: Post, breakdown: dict, score,
              s: PlanSettings) -> str:
    new, old = score.jpm(person, post), score.jpm(person, current)
    if new is not None and old is not None:
        return (f"JPM untuk jabatan tujuan {new:.1f}% ({jpm_category(new, s)}), di jabatan "
                f"sekarang {old:.1f}%").replace(".", ",")
    if breakdown["fit"] > 0:
        return f"pendidikan {person.education_family} sesuai jabatan tujuan"
    return f"pendidikan {person.education_family} sesuai jabatan asal, kurang sesuai tujuan"


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


# --- why not A → B? -------------------------------------------------------------------------------
def why_not(snapshot: CitySnapshot, settings: PlanSettings | None, edits: Edits | None,
            plan: CityPlan, nip: str, post_code: str) -> dict:
    """Why the plan does not move `nip` to `post_code`: the rule, or what forcing it would cost."""
    s, edits, idx = settings or PlanSettings(), edits or Edits(), index(snapshot)
    person, post = idx.people.get(nip), idx.posts.get(post_code)
    if person is None or post is None:
        raise DomainError(f"Pegawai {nip} atau jabatan {post_code} tidak ada dalam snapshot.")
    label = f"{person.name} ke {post.name} ({post.code})"
    found = move_rules(person, idx, s) + pair_rules(person, idx.current(person), post,
                                                    idx.as_of, s)
    rules = [text for _, text in found]
    if (nip, post_code) in edits.forbid:
        rules.append("Pasangan ini ditolak oleh perencana")
    if rules:
        return {"allowed": False, "rules": rules, "explanations": explain(k for k, _ in found),
                "text": f"{label} tidak diperbolehkan: " + "; ".join(rules) + "."}
    before = {line.nip: line.to_post for line in plan.lines}
    if before.get(nip) == post_code:
        return {"allowed": True, "cost": 0.0, "changes": [], "notes": [],
                "text": f"{label} sudah ada dalam rencana ini."}
    other = plan_city(snapshot, s, _forcing(edits, nip, post_code),
                      stick_to={p.nip: before.get(p.nip, p.position) for p in snapshot.people},
                      start=plan)
    if other.result.status not in ("optimal", "feasible"):
        reasons = other.result.diagnosis or [f"solver: {other.result.status}"]
        return {"allowed": False, "rules": reasons,
                "explanations": explain(_limit_rules(reasons)),
                "text": f"Tidak ada rencana sah yang memindahkan {label}: " + "; ".join(reasons)}
    cost = round(plan.score - other.score, 6)
    changes = _changes(idx, before, {line.nip: line.to_post for line in other.lines}, nip)
    kind = move_kind(person, idx.current(person), post)
    return {"allowed": True, "cost": cost, "changes": changes, "status": other.result.status,
            "kind": kind, "notes": _candidate_note(plan, person, post, s),
            "text": _why_not_text(label, cost, changes)}


def _limit_rules(reasons: list[str]) -> list[str]:
    """Rules of the book behind a diagnosis: a minimum-stay group is the sole-holder rule."""
    signs = {"pemangku harus tetap": "pemangku_tunggal"}
    return [key for sign, key in signs.items() if any(sign in reason for reason in reasons)]


def _forcing(edits: Edits, nip: str, post_code: str) -> Edits:
    return Edits(keep=set(edits.keep) - {nip},
                     keep_at={k: v for k, v in edits.keep_at.items() if k != nip},
                     force={pair for pair in edits.force if pair[0] != nip} | {(nip, post_code)},
                     forbid=set(edits.forbid), waive=edits.waive)


def _candidate_note(plan: CityPlan, person: Person, post: Post, s: PlanSettings) -> list[str]:
    candidates = dict(plan.model.candidates.get(person.nip, [])) if plan.model else {}
    if post.code in candidates:
        return []
    score = scorer(plan.model.snapshot, s).parts(
        person, index(plan.model.snapshot).current(person), post)["total"] if plan.model else None
    return [f"{post.code} tidak termasuk {s.candidates_per_person} kandidat awal {person.name}"
            f" (skor {_num(score)}); dievaluasi dengan memaksakan pasangan ini"]


def _changes(idx: SnapshotIndex, before: dict, after: dict, asked: str) -> list[dict]:
    changed = sorted(nip for nip in set(before) | set(after)
                     if nip != asked and before.get(nip) != after.get(nip))
    changes = [{"nip": nip, "name": idx.people[nip].name, "from_post": idx.people[nip].position,
                "before": before.get(nip, idx.people[nip].position),
                "after": after.get(nip, idx.people[nip].position)} for nip in changed]
    return [{**change, "text": _change_text(change)} for change in changes]


def _change_text(change: dict) -> str:
    """One other line the forced move changes, as a sentence part."""
    name, start, old, new = change["name"], change["from_post"], change["before"], change["after"]
    return (f"{name} batal pindah ke {old}" if new == start else
            f"menggeser {name} dari {start} ke {new}" if old == start else
            f"{name} pindah ke {new}, bukan {old}")


def _why_not_text(label: str, cost: float, changes: list[dict], shown: int = 5) -> str:
    if cost > 0:
        effect = f"menurunkan skor rencana {_num(cost)} poin"
    elif cost < 0:
        effect = f"menaikkan skor rencana {_num(-cost)} poin (rencana awal belum optimal)"
    else:
        effect = "tidak mengubah skor rencana"
    parts = [change["text"] for change in changes[:shown]]
    if len(changes) > shown:
        parts.append(f"{len(changes) - shown} perubahan lain")
    tail = " dan " + ", ".join(parts) if parts else " dan tidak mengubah baris lain"
    return f"Memindahkan {label} {effect}{tail}."


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


def plan_city(snapshot: CitySnapshot, settings: PlanSettings | None = None,
              edits: Edits | None = None, *,
              stick_to: dict[str, str] | None = None, start: CityPlan | None = None) -> CityPlan:
    """The best plan within the rules, limits and edits, with its lines and figures.

    `start`: an earlier plan of the same city (the draft before this edit): its columns
    (domain.city_plan.build_plan_problem) and its last LP basis (domain.pricing) are a warm
    start; what the plan proves does not change."""
    s = settings or PlanSettings()
    with gc_paused():  # in a big process (the web app) a collection pass costs more than the
        # solve, and in the solver's forked child it would touch every inherited object
        model = build_plan_problem(snapshot, s, edits, stick_to=stick_to,
                                   start=None if start is None else start.model)
        report = PricingReport(model.eligible_pairs)
        if model.precheck:
            result = Result("infeasible", solver=s.solver, diagnosis=list(model.precheck))
        elif s.price_all_pairs:
            basis = start.model.lp_basis if model.reused and start.model else None
            result, report = solve_priced(model.problem, model.price, s, model.eligible_pairs,
                                          basis)
            model.lp_basis = report.basis
        else:
            result = solve(model.problem, s.solver, s.time_limit, s.gap, lp_first=s.lp_first)
        return read_plan(model, result, report)

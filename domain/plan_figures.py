"""A city plan's figures: the certificate (what was proven, over which moves), the shortage before
and after (city, unit, profession, per move), limits that bind, and who was kept in post by which
rule. Pure functions over the model a plan was built from and the planner's `Result`.
"""
from __future__ import annotations

from collections import Counter

from domain.plan_snapshot import index
from domain.pricing import PricingReport
from domain.shortage import SHORTAGE_DEFINITION, shortage_figures, unit_needs


def plan_figures(model, result, lines: list, report: PricingReport | None = None) -> dict:
    idx, problem, s = index(model.snapshot), model.problem, model.settings
    report = report or PricingReport(model.eligible_pairs)
    staffing = shortage_figures(idx.staffing, [(line.from_post, line.to_post) for line in lines])
    objective = result.objective
    bonus = sum(model.bonus.get(item, 0.0) for item in result.assignment.items())
    return {
        "status": result.status, "objective": objective, "bound": result.bound,
        "gap": result.gap,  # objective and score: against leaving everybody in post; score
        # without the stick_to bonuses of a "why not?" re-solve
        "score": None if objective is None else round(objective - bonus, 6),
        "moves": len(lines), "max_moves": s.max_moves,
        "people": len(idx.people), "people_considered": len(problem.employees),
        "people_fixed": len(model.fixed), "variables": len(problem.pairs),
        "constraints": result.n_constraints, "solver": result.solver,
        "solver_version": result.solver_version, "build_seconds": round(model.build_seconds, 3),
        "mip_build_seconds": round(result.build_seconds, 3),
        "solve_seconds": round(result.solve_seconds, 3), "seconds": round(result.seconds, 3),
        **_pricing(report, s), "pairs_reused": model.reused,
        "certificate": certificate(result, report, s, model.reused),
        **staffing, "units": _units(idx, staffing), "shortage_definition": SHORTAGE_DEFINITION,
        "kinds": dict(Counter(line.kind for line in lines)), **_fit(idx, lines),
        **_tight(result.tight),
        "fixed_by_rule": dict(Counter(key for rules in model.fixed.values()
                                      for key in dict.fromkeys(key for key, _ in rules))),
        "stayed_with_candidates": sum(1 for nip in problem.employees
                                      if result.assignment.get(nip) == idx.people[nip].position
                                      and model.candidates.get(nip)),
        "diagnosis": list(result.diagnosis) or _no_plan(result, s),
    }


def _pricing(report: PricingReport, s) -> dict:
    return {"eligible_pairs": report.eligible_pairs, "pairs_priced": report.pairs_priced,
            "pairs_added": report.pairs_added, "rounds": report.rounds,
            "pricing_converged": report.converged and s.price_all_pairs,
            "pricing_seconds": round(report.seconds, 3), "lp_seconds": round(report.lp_seconds, 3),
            "warm_basis": report.warm_basis}


def certificate(result, report: PricingReport, s, reused: int = 0) -> str:
    """What the plan proves, in one sentence (`reused`: columns of an earlier draft)."""
    if result.status in ("infeasible", "no_solution"):
        return "Tidak ada rencana yang terbukti memenuhi semua batasan."
    gap = "-" if result.gap is None else f"{100 * result.gap:.2f}%".replace(".", ",")
    if result.status == "optimal" and report.converged and s.price_all_pairs:
        return (f"Optimal atas semua {report.eligible_pairs} pasangan yang memenuhi syarat "
                f"(gap {gap}; {report.rounds} putaran pricing, {report.pairs_added} pasangan "
                f"ditambahkan{_reused_text(reused)}).")
    if result.status == "optimal":
        return (f"Optimal atas {s.candidates_per_person} kandidat awal per pegawai (gap {gap}); "
                f"belum dibuktikan atas semua {report.eligible_pairs} pasangan yang memenuhi "
                "syarat (price_all_pairs mati).")
    return (f"Rencana layak, belum terbukti optimal atas semua {report.eligible_pairs} pasangan "
            f"yang memenuhi syarat (gap {gap}); naikkan batas waktu solver atau putaran evaluasi maksimal.")


def _reused_text(reused: int) -> str:
    return f", {reused} pasangan dipakai ulang dari draf sebelumnya" if reused else ""


def _units(idx, staffing: dict) -> dict:
    """unit -> (ABK need, shortage before, shortage after)."""
    needs = unit_needs(idx.staffing)
    return {code: (needs.get(code, (0, 0))[0], *staffing["shortage_by_unit"].get(code, (0, 0)))
            for code in idx.units}


def _fit(idx, lines: list) -> dict:
    """Share of people whose post admits their education family, before and after."""
    moved = {line.nip: line.to_post for line in lines}
    before = sum(idx.current(p).admits(p.education_family) for p in idx.people.values())
    after = sum(idx.posts[moved.get(p.nip, p.position)].admits(p.education_family)
                for p in idx.people.values())
    people = max(len(idx.people), 1)
    return {"fit_before": round(before / people, 4), "fit_after": round(after / people, 4)}


def _no_plan(result, s) -> list[str]:
    if result.status != "no_solution":
        return []
    return [f"Solver {s.solver} tidak menemukan rencana dalam batas waktu {s.time_limit:g} detik; "
            "naikkan batas waktu solver, coba solver lain, atau kurangi jumlah kandidat per ASN"]


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

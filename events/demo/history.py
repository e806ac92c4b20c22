"""The synthetic city's three years of history: careers (appraisals, talent assessments,
promotions, transfers, retirements) as date-sorted `Step`s, and `build_city`, which puts the
structure and people of `events.demo.city` together with that history.

Run `python -m events.demo.history --scale 10` for counts and the build time.
"""
from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from datetime import date, timedelta
from random import Random

from domain.rules import (GOLONGAN_CODES, POTENTIALS, RATINGS, add_months, golongan_rank, in_band,
                          months_between, predikat)
from events.demo import names as t
from events.demo.city import (HISTORY_END, HISTORY_START, PERIODS, City, PersonSpec, PositionSpec,
                              Step, _bup, _bup_date, _copy, _Ctx, _peer_key, _person, _pick,
                              _structure)

def _period_steps() -> list[Step]:
    steps = []
    for year, opened, closed in PERIODS:
        name = f"SKP {year}"
        steps.append(Step(opened, "open_period", None, {
            "period": name, "year": year, "starts": date(year, 1, 1), "ends": date(year, 12, 31)}))
        if closed:
            steps.append(Step(closed, "close_period", None, {"period": name}))
    return steps


def _next_promotion(rng: Random, person: PersonSpec) -> date:
    """Regular kenaikan pangkat every 4 years, on 1 April or 1 October."""
    due = add_months(person.cpns_date.replace(day=1), 47)
    due = date(due.year, 4, 1) if due.month <= 4 else date(due.year, 10, 1) if due.month <= 10 \
        else date(due.year + 1, 4, 1)
    return max(due, date(rng.randint(2024, 2027), rng.choice((4, 10)), 1))


def _move_dates(rng: Random, person: PersonSpec) -> list[date]:
    rate = 0.12 if months_between(person.in_post_since, HISTORY_START) >= 60 else 0.045
    return [date(year, rng.randint(2, last), rng.randint(1, 28))
            for year, last in ((2024, 12), (2025, 12), (2026, 10)) if rng.random() < rate]


def _plan(rng: Random, person: PersonSpec, pos: PositionSpec) -> list[tuple]:
    plan = []
    for year, _, closed in PERIODS:
        if closed and year >= person.cpns_date.year:
            plan.append((date(year + 1, 1, rng.randint(2, 31)), 0, "appraisal", year))
            if person.status == "PNS":
                plan.append((date(year + 1, 2, rng.randint(3, 20)), 1, "talent", year))
    if person.status == "PNS":  # PPPK have no kenaikan pangkat and no mutasi (setting default)
        plan.append((_next_promotion(rng, person), 2, "promotion", None))
        if not pos.eselon:
            plan += [(day, 3, "transfer", None) for day in _move_dates(rng, person)]
    return sorted((item for item in plan if item[0] <= HISTORY_END), key=lambda item: item[:2])


def _early_exit(rng: Random) -> tuple[date, str] | None:
    r = rng.random()
    if r >= 0.018:
        return None
    day = HISTORY_START + timedelta(days=rng.randint(45, (HISTORY_END - HISTORY_START).days))
    if r < 0.009:
        return day.replace(day=1), "atas permintaan sendiri"
    return day, "meninggal dunia"


def _leaving(person: PersonSpec, pos: PositionSpec, early) -> tuple[date, str]:
    bup = _bup_date(person.birth_date, _bup(pos))
    return early if early and early[0] < bup else (bup, "BUP")


def _appraisal(ctx, person, state, on, year) -> Step:
    hasil = _pick(ctx.rng, RATINGS, t.HASIL[state["quality"]])
    perilaku = _pick(ctx.rng, RATINGS, t.PERILAKU[state["quality"]])
    state["kinerja"][year], state["predikat"] = hasil, predikat(hasil, perilaku)
    return Step(on, "appraisal", person.nip, {"period": f"SKP {year}", "hasil_kerja": hasil,
                                              "perilaku": perilaku,
                                              "justification": t.JUSTIFICATION[state["predikat"]]})


def _talent(ctx, person, state, on, year) -> Step | None:
    if year not in state["kinerja"]:
        return None
    if "potensial" not in state or ctx.rng.random() < 0.2:
        state["potensial"] = _pick(ctx.rng, POTENTIALS, t.POTENSIAL[state["quality"]])
    return Step(on, "talent", person.nip, {"period": f"SKP {year}",
                                           "kinerja": state["kinerja"][year],
                                           "potensial": state["potensial"]})


def _promotion(ctx, person, state, on, _) -> Step | None:
    pos = state["pos"]  # above the band only for structural posts and a few others
    over = 1 if pos.eselon or ctx.rng.random() < 0.2 else 0
    cap = min(golongan_rank(pos.band_high) + over, t.EDU_CAP[person.education_level], 16)
    if state["rank"] >= cap or state.get("predikat", "Baik") not in ("Baik", "Sangat Baik"):
        return None
    state["rank"] += 1
    return Step(on, "promotion", person.nip,
                {"golongan": GOLONGAN_CODES[state["rank"]], "tmt": on, "sk_number": None})


def _transfer(ctx, person, state, on, _) -> Step | None:
    months = months_between(state["since"], on)
    if months < 24 and ctx.rng.random() >= 0.05:
        return None
    target = _target(ctx, state["pos"], GOLONGAN_CODES[state["rank"]], person.education_family)
    if target is None:
        return None
    reason = "penugasan khusus kebutuhan organisasi" if months < 24 else \
        "rotasi: lebih dari 5 tahun dalam jabatan" if months >= 60 else \
        "pemenuhan kebutuhan ABK" if ctx.short[target.code] else ctx.rng.choice(t.MOVE_REASONS)
    state.update(pos=target, since=on)
    return Step(on, "transfer", person.nip, {
        "to_position": target.code, "sk_number": None,
        "sk_date": on - timedelta(days=ctx.rng.randint(7, 30)), "tmt": on, "reason": reason})


def _target(ctx: _Ctx, pos: PositionSpec, golongan: str, family: str) -> PositionSpec | None:
    """A post that admits the person's golongan and education; short-staffed posts preferred."""
    options = [p for p in ctx.peers.get(_peer_key(pos), ()) if p.code != pos.code
               and in_band(golongan, p.band_low, p.band_high)
               and (not p.education_families or family in p.education_families)]
    if not options:
        return None
    return ctx.rng.choices(options, [3 if ctx.short[p.code] else 1 for p in options])[0]


HANDLERS = {"appraisal": _appraisal, "talent": _talent, "promotion": _promotion,
            "transfer": _transfer}


def _career(ctx: _Ctx, person: PersonSpec, pos: PositionSpec) -> list[Step]:
    rng = ctx.rng
    state = {"pos": pos, "rank": golongan_rank(person.golongan), "since": person.in_post_since,
             "quality": _pick(rng, *t.QUALITY), "kinerja": {}}  # quality: persistent performance
    early, steps = _early_exit(rng), []
    leave_on, reason = _leaving(person, pos, early)
    for on, _, kind, arg in _plan(rng, person, pos):
        if on >= leave_on:
            break
        step = HANDLERS[kind](ctx, person, state, on, arg)
        if step:
            steps.append(step)
            if kind == "transfer":  # the new post may have another BUP
                leave_on, reason = _leaving(person, state["pos"], early)
    if leave_on <= HISTORY_END:
        steps.append(Step(leave_on, "retirement", person.nip, {"date": leave_on, "reason": reason}))
    return steps


def _number_sks(steps: list[Step]) -> None:
    """SK numbers run per kind and year in date order (assigned after sorting)."""
    counters: Counter = Counter()
    for s in steps:
        if s.kind in ("promotion", "transfer"):
            prefix = "823" if s.kind == "promotion" else "821.2"
            year = s.data["tmt" if s.kind == "promotion" else "sk_date"].year
            counters[prefix, year] += 1
            s.data["sk_number"] = f"{prefix}/{counters[prefix, year]}/BKD/{year}"


# --- Plt ---------------------------------------------------------------------------------------
def _top(pos: PositionSpec) -> bool:
    return pos.eselon is not None or pos.name == "Kepala Sekolah"


def _acting_steps(units: list, positions: list, people: list, steps: list[Step]) -> list[Step]:
    """A named Plt for every top post (pejabat struktural, kepala sekolah) vacant at the end of the
    history, from the day it fell vacant (or the day the Plt took their own post): the highest
    official of the unit, else of its parent unit, else an Asisten of the Setda; for a school, its
    most senior PNS teacher."""
    where = {p.nip: p.position_code for p in people}
    since = {p.nip: p.in_post_since for p in people}
    rank = {p.nip: golongan_rank(p.golongan) for p in people}
    pns = {p.nip for p in people if p.status == "PNS"}
    holders, spec = Counter(where.values()), {p.code: p for p in positions}
    vacant = {p.code: HISTORY_START for p in positions if _top(p) and not holders[p.code]}
    for s in steps:
        if s.kind == "promotion":
            rank[s.nip] += 1
        elif s.kind in ("transfer", "retirement"):
            old = where.pop(s.nip)
            holders[old] -= 1
            if s.kind == "transfer":
                where[s.nip], since[s.nip] = s.data["to_position"], s.on
                holders[s.data["to_position"]] += 1
                vacant.pop(s.data["to_position"], None)
            if not holders[old] and _top(spec[old]):
                vacant[old] = s.on
    parent = {u.code: u.parent_code for u in units}
    by_unit: dict = {}
    for nip, code in sorted(where.items()):
        by_unit.setdefault(spec[code].unit_code, []).append(nip)
    acting, used = [], set()
    for code, start in sorted(vacant.items(), key=lambda v: (spec[v[0]].eselon or "V", v[0])):
        plt = _plt(spec[code], by_unit, where, spec, parent, rank, pns, used)
        if plt is None:
            continue
        used.add(plt)
        on = max(start, since[plt])
        acting.append(Step(on, "acting", plt, {"position": code, "start": on,
                                               "sk_number": f"800/{len(acting) + 1}/Plt/{on.year}"}))
    return acting


def _plt(post, by_unit, where, spec, parent, rank, pns, used) -> str | None:
    def officials(unit):  # the closest official above the post, else the unit's highest
        found = [n for n in by_unit.get(unit, ()) if n in pns and n not in used
                 and spec[where[n]].eselon and where[n] != post.code]
        above = [n for n in found if post.eselon and spec[where[n]].eselon < post.eselon]
        if above:
            return sorted(above, key=lambda n: (spec[where[n]].eselon, rank[n], n))[::-1]
        return sorted(found, key=lambda n: (spec[where[n]].eselon, -rank[n], n))
    if post.name == "Kepala Sekolah":
        teachers = [n for n in by_unit.get(post.unit_code, ()) if n in pns
                    and spec[where[n]].level == "guru"]
        return max(teachers, key=lambda n: (rank[n], n), default=None)
    unit, copy = post.unit_code, re.search(r"-\d+$", post.unit_code)
    for candidate in (unit, parent.get(unit), "SETDA" + (copy.group(0) if copy else "")):
        found = officials(candidate) if candidate else []
        if found:
            return found[0]
    return None


# --- the city ----------------------------------------------------------------------------------
def build_city(scale: int = 1, seed: int = 42) -> City:
    """The synthetic city; copies 2..scale have codes suffixed "-K" and fresh people."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = Random(seed)
    base_units, base_rows = _structure(rng)
    ctx = _Ctx(rng)
    units, positions, people, steps = [], [], [], _period_steps()
    for k in range(1, scale + 1):
        copy_units, rows = _copy(base_units, base_rows, k)
        ctx.use_copy(rows)
        units += copy_units
        positions += [p for p, _, _ in rows]
        for pos, count, _ in rows:
            for _ in range(count):
                person = _person(ctx, pos)
                people.append(person)
                steps += _career(ctx, person, pos)
    steps.sort(key=lambda s: s.on)  # stable: period steps first on their day
    steps += _acting_steps(units, positions, people, steps)
    steps.sort(key=lambda s: s.on)
    _number_sks(steps)
    return City(tuple(units), tuple(positions), tuple(people), tuple(steps), scale, seed)


def main(argv: list[str] | None = None) -> None:
    import json
    parser = argparse.ArgumentParser(description="Synthetic Kota Sibolga (demo data only).")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    city = build_city(args.scale, args.seed)
    summary = city.summary() | {"build_seconds": round(time.perf_counter() - started, 2)}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

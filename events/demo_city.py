"""A deterministic, SYNTHETIC Pemerintah Kota Sibolga as plain data (no database, no event store).

Everything here is invented demo data: the unit list follows the public structure of the city
(DOMAIN.md), but the people, their NIPs, ratings, ABK needs and history are random (seeded).

`build_city(scale, seed)` returns a `City`: units, positions, people as of the history start
(2024-01-01) and a date-sorted list of `Step`s from 2024-01-01 to 2026-11-27 that a loader
replays as event-store commands. Hires during the window are NOT modelled: every person in
`City.people` is registered at the history start (cpns_date < 2024-01-01) and is only promoted,
transferred, appraised, assessed and retired afterwards. Step kinds and their data keys are listed
above `_period_steps` below.

Run `python -m events.demo_city --scale 10` for counts and the build time.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from random import Random

from domain.rules import (ESELON_BANDS, GOLONGAN_CODES, POTENTIALS, RATINGS, golongan_rank,
                          in_band, make_nip, months_between, predikat, retirement_age,
                          validate_nip)
from events import demo_names as t
from events.demo_names import EDUCATION_FAMILIES

HISTORY_START, HISTORY_END = date(2024, 1, 1), date(2026, 11, 27)
PERIODS = (  # (year, opened on, closed on or None)
    (2023, date(2024, 1, 1), date(2024, 2, 28)), (2024, date(2024, 1, 2), date(2025, 2, 28)),
    (2025, date(2025, 1, 2), date(2026, 2, 27)), (2026, date(2026, 1, 2), None))
STRUCTURAL = ("jpt", "administrator", "pengawas")


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None
    service_priority: int


@dataclass(frozen=True)
class PositionSpec:
    code: str
    unit_code: str
    name: str
    jabatan_type: str
    eselon: str | None
    level: str | None
    band_low: str
    band_high: str
    education_families: tuple
    track: str
    abk_need: int
    strategic: bool


@dataclass(frozen=True)
class PersonSpec:
    nip: str
    name: str
    sex: str
    birth_date: date
    status: str
    golongan: str
    education_level: str
    education_field: str
    education_family: str
    position_code: str
    in_post_since: date
    cpns_date: date


@dataclass(frozen=True)
class Step:
    on: date
    kind: str
    nip: str | None
    data: dict


@dataclass(frozen=True)
class City:
    units: tuple
    positions: tuple
    people: tuple
    steps: tuple
    scale: int
    seed: int

    def placements(self, until: date = HISTORY_END) -> dict[str, str]:
        """nip -> position code of everyone still employed on `until`."""
        where = {p.nip: p.position_code for p in self.people}
        for s in self.steps:
            if s.on > until:
                break
            if s.kind == "transfer":
                where[s.nip] = s.data["to_position"]
            elif s.kind == "retirement":
                where.pop(s.nip, None)
        return where

    def bezetting(self, until: date = HISTORY_END) -> Counter:
        return Counter(self.placements(until).values())

    def summary(self) -> dict:
        staff = self.bezetting()
        return {"scale": self.scale, "seed": self.seed, "units": len(self.units),
                "positions": len(self.positions), "people": len(self.people),
                "pppk": sum(p.status == "PPPK" for p in self.people),
                "steps": len(self.steps),
                "steps_by_kind": dict(Counter(s.kind for s in self.steps)),
                "abk_need": sum(p.abk_need for p in self.positions),
                "staff_at_end": sum(staff.values()),
                "positions_short_at_end": sum(staff[p.code] < p.abk_need for p in self.positions),
                "positions_surplus_at_end": sum(staff[p.code] > p.abk_need for p in self.positions)}


# --- structure ---------------------------------------------------------------------------------
def _band(post: t.Post) -> tuple[str, str]:
    if post.band:
        return post.band
    if post.jabatan_type in STRUCTURAL:
        return ESELON_BANDS[post.grade]
    return t.LEVEL_BANDS.get(post.grade, t.PELAKSANA_BAND)


def _position(unit: UnitSpec, post: t.Post) -> PositionSpec:
    structural = post.jabatan_type in STRUCTURAL
    return PositionSpec(
        f"{unit.code}-{post.slug}", unit.code, post.name, post.jabatan_type,
        post.grade if structural else None, None if structural else post.grade, *_band(post),
        tuple(post.families), post.track, 1 if structural else post.abk, post.strategic)


def _headcount(rng: Random, pos: PositionSpec, fill: float) -> int:
    if pos.eselon:
        return 0 if pos.eselon != "II.a" and rng.random() < 0.06 else 1  # some posts held by a Plt
    return max(0, round(pos.abk_need * fill * rng.uniform(0.9, 1.1)))


def _structure(rng: Random):
    """(units, [(position, initial headcount, education fields)]) for one copy of the city."""
    units, rows, kelurahan_no = [], [], 0
    for row, posts in t.unit_table():
        unit = UnitSpec(*row)
        units.append(unit)
        for post in posts:
            fill = post.fill
            if unit.kind == "kelurahan" and post.slug == "PENGADM-UMUM":
                fill, kelurahan_no = t.KELURAHAN_FILL[kelurahan_no], kelurahan_no + 1
            pos = _position(unit, post)
            rows.append((pos, _headcount(rng, pos, fill), post.fields))
    return units, rows


def _copy(units, rows, k: int):
    if k == 1:
        return units, rows
    sfx = lambda code: code and f"{code}-{k}"  # noqa: E731
    units = [replace(u, code=sfx(u.code), parent_code=sfx(u.parent_code),
                     name=f"{u.name} (salinan {k})") for u in units]
    rows = [(replace(p, code=sfx(p.code), unit_code=sfx(p.unit_code)), n, f) for p, n, f in rows]
    return units, rows


# --- people ------------------------------------------------------------------------------------
class _Ctx:
    """Per-build state: the one rng, NIP sequences, and lookups of the copy being built."""

    def __init__(self, rng: Random):
        self.rng, self.nip_seq = rng, Counter()

    def use_copy(self, rows) -> None:
        self.fields = {p.code: f for p, _, f in rows}
        self.short = {p.code: n < p.abk_need for p, n, _ in rows}
        self.peers: dict = {}
        for p, _, _ in rows:
            self.peers.setdefault(_peer_key(p), []).append(p)


def _peer_key(pos: PositionSpec):
    """Transfers go to the same jabatan fungsional, or to pelaksana posts of the same track."""
    if pos.jabatan_type in STRUCTURAL:
        return None
    return ("pelaksana", pos.track) if pos.jabatan_type == "pelaksana" else (pos.name,)


def _pick(rng: Random, options: tuple, weights: tuple) -> str:
    return rng.choices(options, weights)[0]


def _name(rng: Random, sex: str) -> str:
    r = rng.random()
    faith = "muslim" if r < .57 else "christian" if r < .97 else "other"
    given = rng.choice(t.GIVEN_NAMES[faith, sex])
    r = rng.random()
    family = (rng.choice(t.MUSLIM_MARGA) if r < .5 else rng.choice(t.MINANG) if r < .65 else None) \
        if faith == "muslim" else (rng.choice(t.TOBA_MARGA if r < .8 else t.NIAS_MARGA)
                                   if faith == "christian" else None)
    if family is None or rng.random() < .25:  # Pesisir/Malay names: two given names, no marga
        given += " " + rng.choice(t.SECOND_MALE if sex == "L" else t.SECOND_FEMALE)
    return f"{given} {family}" if family else given


def _female_share(pos: PositionSpec) -> float:
    for prefix, share in t.FEMALE_SHARE.items():
        if pos.name.startswith(prefix):
            return share
    return 0.3 if pos.eselon else 0.5


def _education_level(rng: Random, pos: PositionSpec) -> str:
    if "Spesialis" in pos.name:
        return "S2"
    key = {"mahir": "terampil", "penyelia": "terampil", "ahli_utama": "ahli_madya"}.get(
        pos.level, pos.level or pos.jabatan_type)
    return _pick(rng, *t.EDU_BY_GRADE[key])


def _education(rng: Random, pos: PositionSpec, level: str, fields: tuple) -> tuple[str, str]:
    """(family, field); about 5% of people in posts with required families are misfits."""
    fams = pos.education_families
    misfit = bool(fams) and rng.random() < 0.05
    if misfit:
        family = rng.choice([f for f in EDUCATION_FAMILIES if f not in fams])
    else:
        family = (fams[0] if fields else rng.choice(fams)) if fams else \
            rng.choice(t.ADM + ("teknik",))
    if level == "SMA":
        if family in t.SMA_FIELDS:
            return family, t.SMA_FIELDS[family]
        return "umum", rng.choice(("SMA IPA", "SMA IPS"))
    return family, rng.choice(fields if fields and not misfit else t.EDUCATION_FIELDS[family])


def _initial_rank(rng: Random, pos: PositionSpec, level: str, status: str) -> int:
    low, high = golongan_rank(pos.band_low), golongan_rank(pos.band_high)
    entry = t.ENTRY_RANK[level]
    if status == "PPPK":  # PPPK golongan (IX, VII, ...) stored as the equivalent PNS code
        return min(max(entry, low), high)
    a, b = max(low, entry), min(high, t.EDU_CAP[level])
    rank = rng.randint(a, b) if a <= b else rng.randint(low, high)
    if not pos.eselon and rank == high < 16 and rng.random() < 0.04:
        rank += 1  # a few people above their band (promoted in post): rules should flag them
    return rank


def _shift_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, 1)


def _bup(pos: PositionSpec) -> int:
    return retirement_age(pos.jabatan_type, pos.level)


def _bup_date(birth: date, age: int) -> date:
    """First day of the month after the month of the birthday at which `age` is reached."""
    return _shift_months(date(birth.year + age, birth.month, 1), 1)


def _dates(rng: Random, pos: PositionSpec, level: str, rank: int, status: str):
    """(birth, cpns/appointment, in post since); nobody has reached BUP at the history start."""
    max_age = min(_bup(pos), 60) - 1
    if status == "PPPK":
        cpns = rng.choice(t.PPPK_DATES)
        age = rng.randint(24, min(50, max_age))
        birth = date(2023 - age, rng.randint(1, 12), rng.randint(1, 28))
        return birth, cpns, cpns
    service = 4 * (rank - t.ENTRY_RANK[level]) + rng.randint(0, 3) + rng.choice(t.SLOW_YEARS)
    service = max(1, service)
    age = max(22, min(rng.randint(*t.ENTRY_AGE[level]) + service, max_age))
    service = min(service, age - 19)
    birth = date(2023 - age, rng.randint(1, 12), rng.randint(1, 28))
    cpns = date(2024 - service, rng.randint(1, 12), 1)
    months = int(rng.triangular(1, 72, 20) if pos.eselon else rng.triangular(1, 96, 30))
    since = _shift_months(HISTORY_START, -months).replace(day=rng.randint(1, 28))
    return birth, cpns, max(cpns, since)


def _nip(ctx: _Ctx, birth: date, cpns: date, sex: str) -> str:
    stem = make_nip(birth, cpns, sex, 0)[:15]
    ctx.nip_seq[stem] += 1
    assert ctx.nip_seq[stem] < 1000
    return validate_nip(make_nip(birth, cpns, sex, ctx.nip_seq[stem]), birth, sex)


def _person(ctx: _Ctx, pos: PositionSpec) -> PersonSpec:
    rng = ctx.rng
    sex = "P" if rng.random() < _female_share(pos) else "L"
    pppk_ok = pos.jabatan_type.startswith("fungsional") and pos.name != "Kepala Sekolah"
    status = "PPPK" if pppk_ok and rng.random() < t.PPPK_SHARE.get(pos.track, 0) else "PNS"
    level = _education_level(rng, pos)
    family, field = _education(rng, pos, level, ctx.fields[pos.code])
    rank = _initial_rank(rng, pos, level, status)
    birth, cpns, since = _dates(rng, pos, level, rank, status)
    return PersonSpec(_nip(ctx, birth, cpns, sex), _name(rng, sex), sex, birth, status,
                      GOLONGAN_CODES[rank], level, field, family, pos.code, since, cpns)


# --- history -----------------------------------------------------------------------------------
# Step kinds and data (Step.on is the date the command takes effect):
#   open_period  {period, year, starts, ends}         close_period {period}
#   appraisal    {period, hasil_kerja, perilaku, justification}   (January after the year)
#   talent       {period, kinerja, potensial}          (February, PNS only, after the appraisal)
#   promotion    {golongan, tmt, sk_number}            (on = tmt, 1 April or 1 October)
#   transfer     {to_position, sk_number, sk_date, tmt, reason}   (on = tmt; sk_date < tmt)
#   retirement   {date, reason}                        (on = date; the person's last step)
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
    due = _shift_months(person.cpns_date, 47)
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
        if closed:
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

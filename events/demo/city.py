"""A deterministic, SYNTHETIC Pemerintah Kota Sibolga as plain data (no database, no event store).

Everything here is invented demo data: the unit list follows the public structure of the city
(DOMAIN.md), but the people, their NIPs, ratings, ABK needs and history are random (seeded).

`build_city(scale, seed)` returns a `City`: units, positions, people as of the history start
(2024-01-01) and a date-sorted list of `Step`s from 2024-01-01 to 2026-11-27 that a loader
replays as event-store commands. Hires during the window are NOT modelled: every person in
`City.people` is registered at the history start (PNS: cpns_date < 2024-01-01; PPPK teknis and
paruh waktu appointed in 2025 carry that date) and is only promoted, transferred, appraised,
assessed and retired afterwards. Step kinds and their data keys are listed above `_period_steps`
below. Ages follow the national PNS shape (names.AGE_AT_END), PPPK have a NI PPPK and golongan
I–XVII, and every vacant top post has a named Plt (the `acting` step).

`build_city` (events/demo/history.py) adds the history; `python -m events.demo.history --scale 10`
prints counts and the build time.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from random import Random

from domain.rules import (ESELON_BANDS, GOLONGAN_CODES, PPPK_GOLONGAN, STRUCTURAL, add_months,
                          golongan_rank, make_ni_pppk, make_nip, retirement_age,
                          validate_identifier)
from events.demo import names as t
from events.demo.names import EDUCATION_FAMILIES

HISTORY_START, HISTORY_END = date(2024, 1, 1), date(2026, 11, 27)
PERIODS = (  # (year, opened on, closed on or None)
    (2023, date(2024, 1, 1), date(2024, 2, 28)), (2024, date(2024, 1, 2), date(2025, 2, 28)),
    (2025, date(2025, 1, 2), date(2026, 2, 27)), (2026, date(2026, 1, 2), None))


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
    education_fields: tuple = ()


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
    cpns_date: date  # PPPK: the first appointment
    part_time: bool = False  # PPPK paruh waktu


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
                "pppk_paruh_waktu": sum(p.part_time for p in self.people),
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
        tuple(post.families), post.track, 1 if structural else post.abk, post.strategic,
        tuple(post.fields))


def _headcount(rng: Random, pos: PositionSpec, fill: float) -> int:
    if pos.eselon or pos.name == "Kepala Sekolah":  # some posts vacant, held by a Plt
        return 0 if pos.eselon != "II.a" and rng.random() < 0.06 else 1
    return max(0, round(pos.abk_need * fill * rng.uniform(0.9, 1.1)))


def _structure(rng: Random):
    """(units, [(position, initial headcount, education fields)]) for one copy of the city."""
    units, rows, kelurahan_no = [], [], 0
    for row, posts in t.unit_table():
        unit = UnitSpec(*row)
        units.append(unit)
        for post in posts:
            fill = post.fill
            if unit.kind == "kelurahan" and post.name == t.PENGADM:
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


def _name(rng: Random, sex: str, faith: str | None = None) -> str:
    r = rng.random()
    faith = faith or ("muslim" if r < .57 else "christian" if r < .97 else "other")
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


def _credentialed(pos: PositionSpec) -> bool:
    """Health and teaching posts: their holders have the degree the post's credential needs."""
    return pos.track in ("kesehatan", "pendidikan") and pos.jabatan_type.startswith("fungsional")


def _education_level(rng: Random, pos: PositionSpec) -> str:
    if "Spesialis" in pos.name:
        return "S2"
    if pos.jabatan_type == "pelaksana":
        return _pick(rng, *t.EDU_BY_PELAKSANA[pos.name])
    if _credentialed(pos) and pos.level in ("terampil", "mahir", "penyelia"):
        return "D3"
    if _credentialed(pos) and pos.level == "ahli_pertama":
        return "D4" if pos.name.startswith("Bidan") else "S1"
    key = {"mahir": "terampil", "penyelia": "terampil", "ahli_utama": "ahli_madya"}.get(
        pos.level, pos.level or pos.jabatan_type)
    return _pick(rng, *t.EDU_BY_GRADE[key])


def _education(rng: Random, pos: PositionSpec, level: str, fields: tuple) -> tuple[str, str]:
    """(family, field); about 5% of people in posts with required families are misfits, never in
    health and teaching posts."""
    fams = pos.education_families
    misfit = bool(fams) and not _credentialed(pos) and rng.random() < 0.05
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


def _rank(rng: Random, pos: PositionSpec, level: str, service: int) -> int:
    """A PNS's golongan rank after `service` years: a step every four years, some slower."""
    low, high = golongan_rank(pos.band_low), golongan_rank(pos.band_high)
    steps = max(0, service - rng.randint(0, 3) - rng.choice(t.SLOW_YEARS)) // 4
    a, b = max(low, t.ENTRY_RANK[level]), min(high, t.EDU_CAP[level])
    rank = min(max(t.ENTRY_RANK[level] + steps, a), b) if a <= b else rng.randint(low, high)
    if not pos.eselon and rank == high < 16 and rng.random() < 0.04:
        rank += 1  # a few people above their band (promoted in post): rules should flag them
    return rank


def _bup(pos: PositionSpec) -> int:
    return retirement_age(pos.jabatan_type, pos.level)


def _bup_date(birth: date, age: int) -> date:
    """First day of the month after the month of the birthday at which `age` is reached."""
    return add_months(date(birth.year + age, birth.month, 1), 1)


def _birth(rng: Random, pos: PositionSpec, status: str) -> date:
    """Born so that the age at the end of the history follows t.AGE_AT_END; below the BUP at
    the history start."""
    key = "pppk" if status == "PPPK" else pos.jabatan_type if pos.eselon else "default"
    bands = t.AGE_AT_END[key]
    low, high, _ = rng.choices(bands, [w for _, _, w in bands])[0]
    age = rng.randint(low, min(high, _bup(pos) + 1))
    birth = date(HISTORY_END.year - age, rng.randint(1, 12), rng.randint(1, 28))
    if birth > HISTORY_END.replace(year=birth.year):
        birth = birth.replace(year=birth.year - 1)
    while _bup_date(birth, _bup(pos)) <= HISTORY_START:
        birth = birth.replace(year=birth.year + 1)
    return birth


def _dates(rng: Random, pos: PositionSpec, level: str, status: str, birth: date):
    """(cpns or first PPPK appointment, in post since, years of service at the history start)."""
    if status == "PPPK":
        return None, None, 0
    age = HISTORY_START.year - birth.year - 1
    low, high = t.ENTRY_AGE[level]
    entry = max(18, min(rng.randint(low, low + 4 if pos.eselon else high), age - 1))
    service = max(1, age - entry)
    cpns = date(HISTORY_START.year - service, rng.randint(1, 12), 1)
    months = int(rng.triangular(1, 72, 20) if pos.eselon else rng.triangular(1, 96, 30))
    since = add_months(HISTORY_START, -months).replace(day=rng.randint(1, 28))
    return cpns, max(cpns, since), service


def _identifier(ctx: _Ctx, birth: date, appointed: date, sex: str, status: str) -> str:
    make = (lambda seq: make_ni_pppk(birth, appointed.year, 1, sex, seq)) if status == "PPPK" \
        else (lambda seq: make_nip(birth, appointed, sex, seq))
    stem = make(1)[:15]
    ctx.nip_seq[stem] += 1
    assert ctx.nip_seq[stem] < 1000
    return validate_identifier(make(ctx.nip_seq[stem]), status, birth, sex, appointed)


def _status(rng: Random, pos: PositionSpec) -> tuple[str, bool, tuple]:
    """(PNS or PPPK, paruh waktu, the appointment dates to choose from)."""
    key = "guru" if pos.level == "guru" else pos.name
    if pos.name != "Kepala Sekolah" and rng.random() < t.PARUH_WAKTU_SHARE.get(key, 0):
        return "PPPK", True, t.PARUH_WAKTU_DATES
    if pos.jabatan_type == "pelaksana" and rng.random() < t.PPPK_TEKNIS_SHARE:
        return "PPPK", False, t.PPPK_TEKNIS_DATES
    pppk_ok = pos.jabatan_type.startswith("fungsional") and pos.name != "Kepala Sekolah"
    if pppk_ok and rng.random() < t.PPPK_SHARE.get(pos.track, 0):
        return "PPPK", False, t.PPPK_DATES
    return "PNS", False, ()


def _person(ctx: _Ctx, pos: PositionSpec) -> PersonSpec:
    rng = ctx.rng
    sex = "P" if rng.random() < _female_share(pos) else "L"
    status, part_time, dates = _status(rng, pos)
    level = _education_level(rng, pos)
    family, field = _education(rng, pos, level, ctx.fields[pos.code])
    birth = _birth(rng, pos, status)
    cpns, since, service = _dates(rng, pos, level, status, birth)
    if status == "PPPK":  # golongan I–XVII by education (Perpres 98/2020)
        cpns = since = rng.choice(dates)
        golongan = PPPK_GOLONGAN[t.ENTRY_RANK[level]]
    else:
        golongan = GOLONGAN_CODES[_rank(rng, pos, level, service)]
    faith = "muslim" if "Islam" in pos.name else "christian" if "Kristen" in pos.name else None
    return PersonSpec(_identifier(ctx, birth, cpns, sex, status), _name(rng, sex, faith), sex,
                      birth, status, golongan, level, field, family, pos.code, since, cpns,
                      part_time)


# --- history -----------------------------------------------------------------------------------
# Step kinds and data (Step.on is the date the command takes effect):
#   open_period  {period, year, starts, ends}         close_period {period}
#   appraisal    {period, hasil_kerja, perilaku, justification}   (January after the year)
#   talent       {period, kinerja, potensial}          (February, PNS only, after the appraisal)
#   promotion    {golongan, tmt, sk_number}            (on = tmt, 1 April or 1 October)
#   transfer     {to_position, sk_number, sk_date, tmt, reason}   (on = tmt; sk_date < tmt)
#   retirement   {date, reason}                        (on = date; the person's last step)
#   acting       {position, start, sk_number}          (a Plt for a post vacant at the end)

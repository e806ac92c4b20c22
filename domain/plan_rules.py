"""What a city plan starts from and must respect: the snapshot, the rules, the score of a move.

`move_blockers` / `pair_blockers` say who may move where, each reason a sentence naming its rule
and source; `score_pair` says how much a move improves the staffing of the city (staying scores 0).
The thresholds come from `PlanSettings` (domain.plan_settings). Everything is as of
`snapshot.as_of`. The plan itself: domain.city_plan. Texts for users are in Bahasa Indonesia.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from domain.plan_settings import PlanSettings
from domain.rules import (PREDIKAT_ORDER, DomainError, add_months, at_least, in_band, months_between,
                          retirement_age)

STRUCTURAL = ("jpt", "administrator", "pengawas")
COMPONENTS = ("fill", "relief", "leave_short", "fit", "talent", "box4_rotation", "rotation_due",
              "move_cost")
LABELS = {
    "fill": "mengisi kekurangan pegawai", "relief": "mengurangi kelebihan pegawai",
    "leave_short": "meninggalkan jabatan yang kekurangan pegawai",
    "fit": "kesesuaian pendidikan", "talent": "talenta (kotak 7–9) ke jabatan strategis",
    "box4_rotation": "kotak 4: rotasi disarankan", "rotation_due": "rotasi jatuh tempo",
    "move_cost": "biaya mutasi", "total": "total",
}


# --- the snapshot -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    nip: str
    name: str
    status: str  # "PNS" | "PPPK"
    golongan: str
    birth_date: date
    education_level: str
    education_family: str
    position: str  # current post code
    in_post_since: date
    predikat: dict  # {year: predikat} SKP per year
    box: int | None  # latest 9-box
    under_discipline: bool = False
    on_study_leave: bool = False
    unit_under_investigation: bool = False  # service decline under investigation (domain.investigation)
    open_proposal: str | None = None  # the id of this person's open proposal (domain.open_move)


@dataclass(frozen=True)
class Post:
    code: str
    unit: str
    name: str
    jabatan_type: str
    eselon: str | None
    level: str | None
    band_low: str
    band_high: str
    education_families: tuple  # () admits every education family
    track: str
    need: int
    holders: int
    strategic: bool

    @property
    def structural(self) -> bool:
        return self.jabatan_type in STRUCTURAL

    def admits(self, family: str) -> bool:
        return not self.education_families or family in self.education_families


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    service_priority: int
    parent_code: str | None


@dataclass(frozen=True)
class CitySnapshot:
    as_of: date
    people: tuple[Person, ...]
    posts: tuple[Post, ...]
    units: tuple[UnitInfo, ...]


class SnapshotIndex:
    """Lookups over one snapshot, validated once (the last snapshot used is cached)."""

    def __init__(self, snapshot: CitySnapshot):
        self.snapshot, self.as_of = snapshot, snapshot.as_of
        self.units = _unique(snapshot.units, "unit")
        self.posts = _unique(snapshot.posts, "jabatan")
        self.people = {p.nip: p for p in snapshot.people}
        if len(self.people) != len(snapshot.people):
            raise DomainError("Snapshot berisi NIP ganda.")
        for post in snapshot.posts:
            if post.unit not in self.units:
                raise DomainError(f"Jabatan {post.code}: unit '{post.unit}' tidak dikenal.")
        for person in snapshot.people:
            if person.position not in self.posts:
                raise DomainError(f"Pegawai {person.nip}: jabatan '{person.position}' "
                                  "tidak dikenal.")
        self.staff = Counter(p.position for p in snapshot.people)
        self.unit_staff = Counter(self.posts[p.position].unit for p in snapshot.people)

    def current(self, person: Person) -> Post:
        return self.posts[person.position]

    def capacity(self, post: Post) -> int:
        """max(need, holders); never below the people actually recorded in the post."""
        return max(post.need, post.holders, self.staff[post.code])


def _unique(items, what: str) -> dict:
    found = {item.code: item for item in items}
    if len(found) != len(items):
        raise DomainError(f"Snapshot berisi kode {what} ganda.")
    return found


_cache: list = [None, None]


def index(snapshot: CitySnapshot) -> SnapshotIndex:
    if _cache[0] is not snapshot:
        _cache[:] = [snapshot, SnapshotIndex(snapshot)]
    return _cache[1]


# --- rules ----------------------------------------------------------------------------------------
def move_blockers(person: Person, snapshot: CitySnapshot, settings: PlanSettings) -> list[str]:
    """The rules that keep this person in their post, each a sentence naming the rule."""
    return [text for _, text in move_rules(person, index(snapshot), settings)]


def pair_blockers(person: Person, post: Post, snapshot: CitySnapshot,
                  settings: PlanSettings) -> list[str]:
    """Why this person may not take this post (empty: the pair is allowed)."""
    idx = index(snapshot)
    return [text for _, text in pair_rules(person, idx.current(person), post, idx.as_of, settings)]


def appraisal_years(as_of: date, settings: PlanSettings) -> list[int]:
    """The SKP years that must reach min_predikat, latest first."""
    latest = as_of.year - (1 if as_of.month > settings.appraisal_month else 2)
    return [latest - k for k in range(settings.predikat_years)]


def retirement_date(person: Person, post: Post) -> tuple[int, date]:
    return retirement_on(person.birth_date, post.jabatan_type, post.level)


def retirement_on(birth_date: date, jabatan_type: str, level: str | None) -> tuple[int, date]:
    """(BUP, TMT pensiun) in a post of this type: the first day of the month after the month BUP
    is reached."""
    age = retirement_age(jabatan_type, level)
    months = (birth_date.year + age) * 12 + birth_date.month  # month after, 0-based
    return age, date(months // 12, months % 12 + 1, 1)


def move_rules(person: Person, idx: SnapshotIndex, s: PlanSettings) -> list[tuple[str, str]]:
    """(rule key, sentence) for every rule that keeps `person` in their post."""
    as_of, current, rules = idx.as_of, idx.current(person), []
    months = months_between(person.in_post_since, as_of)
    if months < s.min_months_in_post:
        rules.append(("masa_jabatan", f"Masa jabatan {months} bulan < minimal "
                      f"{s.min_months_in_post} bulan (PP 11/2017 Pasal 190 ayat 3)"))
    rules += _skp_rules(person, as_of, s)
    age, retires = retirement_date(person, current)
    if retires <= add_months(as_of, s.horizon_months):
        rules.append(("pensiun", f"Pensiun (BUP {age}) dalam {s.horizon_months} bulan: TMT pensiun "
                      f"{retires:%d-%m-%Y} (UU 5/2014 Pasal 90; horizon rencana)"))
    if person.status == "PPPK" and not s.pppk_may_move:
        rules.append(("pppk", "PPPK tidak berhak mutasi (pengaturan pppk_may_move)"))
    if person.under_discipline:
        rules.append(("disiplin", "Sedang menjalani hukuman disiplin (Peraturan BKN 5/2019)"))
    if person.on_study_leave:
        rules.append(("tugas_belajar", "Sedang tugas belajar (Peraturan BKN 5/2019)"))
    if person.open_proposal:
        rules.append(("dalam_proses", f"Sedang dalam proses usulan mutasi {person.open_proposal[:8]} "
                      "(satu orang hanya satu usulan terbuka)"))
    if person.unit_under_investigation and s.hold_units_under_investigation:
        rules.append(("investigasi", f"Unit {current.unit} sedang diinvestigasi karena penurunan layanan: "
                      "tidak ada mutasi keluar (pengaturan hold_units_under_investigation)"))
    if current.structural and election_freeze(as_of, s):
        rules.append(("pilkada", f"Pejabat struktural tidak diganti selama {_freeze_text(s)} "
                      "(UU 10/2016 Pasal 71 ayat 2)"))
    return rules


def _skp_rules(person: Person, as_of: date, s: PlanSettings) -> list[tuple[str, str]]:
    rules = []
    for year in appraisal_years(as_of, s):
        found = person.predikat.get(year, person.predikat.get(str(year)))  # JSON keys are text
        if found is None:
            text = f"SKP {year} belum ada; syarat minimal '{s.min_predikat}'"
        elif found not in PREDIKAT_ORDER:
            text = f"SKP {year} predikat '{found}' tidak dikenal"
        elif not at_least(found, s.min_predikat):
            text = f"SKP {year} '{found}' di bawah '{s.min_predikat}'"
        else:
            continue
        rules.append(("skp", f"{text} (Peraturan BKN 5/2019)"))
    return rules


def pair_rules(person: Person, current: Post, post: Post, as_of: date,
               s: PlanSettings) -> list[tuple[str, str]]:
    """(rule key, sentence) for every rule against `person` taking `post`."""
    rules = []
    if post.code == current.code:
        rules.append(("jabatan_sama", "Sudah menduduki jabatan ini"))
    if s.enforce_band and not in_band(person.golongan, post.band_low, post.band_high):
        source = "PP 13/2002" if post.structural else "rentang pangkat jenjang jabatan"
        rules.append(("pangkat", f"Golongan {person.golongan} di luar rentang pangkat jabatan "
                      f"{post.band_low}–{post.band_high} ({source})"))
    if s.enforce_education and not post.admits(person.education_family):
        rules.append(("pendidikan", f"Pendidikan rumpun '{person.education_family}' tidak diterima "
                      f"jabatan ini ({', '.join(post.education_families)}) "
                      "(PP 11/2017 Pasal 190 ayat 4)"))
    if s.structural_same_eselon_only:
        rules += _structural_rules(current, post)
    if post.structural and election_freeze(as_of, s):
        rules.append(("pilkada", f"Jabatan struktural tidak berganti pemangku selama "
                      f"{_freeze_text(s)} (UU 10/2016 Pasal 71 ayat 2)"))
    return rules


def _structural_rules(current: Post, post: Post) -> list[tuple[str, str]]:
    setting = "(pengaturan structural_same_eselon_only)"
    if current.structural and (not post.structural or post.eselon != current.eselon):
        target = f"eselon {post.eselon}" if post.structural else "jabatan non-struktural"
        return [("struktural", f"Pejabat struktural eselon {current.eselon} hanya dimutasi ke "
                 f"jabatan struktural eselon yang sama, bukan ke {target} {setting}")]
    if post.structural and not current.structural:
        return [("struktural", "Jabatan struktural tidak diisi lewat mutasi dari jabatan "
                 f"non-struktural (promosi/seleksi terbuka) {setting}")]
    return []


def election_freeze(as_of: date, s: PlanSettings) -> bool:
    start, end = s.election_freeze_start, s.election_freeze_end
    return start is not None and start <= as_of and (end is None or as_of <= end)


def _freeze_text(s: PlanSettings) -> str:
    end = f"{s.election_freeze_end:%d-%m-%Y}" if s.election_freeze_end else "selesai"
    return f"masa larangan pilkada {s.election_freeze_start:%d-%m-%Y} s.d. {end}"




# --- scoring ------------------------------------------------------------------------------------
def score_pair(person: Person, post: Post, snapshot: CitySnapshot,
               settings: PlanSettings) -> dict[str, float]:
    """The score of moving `person` to `post` by component, and "total"; staying scores 0."""
    idx = index(snapshot)
    current = idx.current(person)
    if post.code == current.code:
        return dict.fromkeys(COMPONENTS + ("total",), 0.0)
    origin = origin_parts(person, current, idx, settings)
    fill = fill_value(post, idx, settings)
    talent = talent_value(person, current, post, settings)
    fit = fit_value(person, current, post, settings)
    total = round(math.fsum(origin.values()) + ((fill + talent) + fit), 6)  # as ranked
    return {"fill": fill, "talent": talent, "fit": fit, **origin, "total": total}


def origin_parts(person: Person, current: Post, idx: SnapshotIndex,
                 s: PlanSettings) -> dict[str, float]:
    """The components that do not depend on the target post."""
    months = months_between(person.in_post_since, idx.as_of)
    return {"relief": float(s.w_relief) if current.holders > current.need else 0.0,
            "leave_short": -float(s.w_leave_short) if current.holders <= current.need else 0.0,
            "box4_rotation": float(s.w_box4_rotation) if person.box == 4 else 0.0,
            "rotation_due": float(s.w_rotation_due) if months >= s.max_months_in_post else 0.0,
            "move_cost": -float(s.move_cost)}


def fill_value(post: Post, idx: SnapshotIndex, s: PlanSettings) -> float:
    if post.holders >= post.need:
        return 0.0
    factors = s.priority_factors
    priority = min(max(idx.units[post.unit].service_priority, 1), len(factors))
    return float(s.w_fill) * factors[priority - 1]


def talented(person: Person, current: Post) -> bool:
    return person.box is not None and person.box >= 7 and not current.strategic


def talent_value(person: Person, current: Post, post: Post, s: PlanSettings) -> float:
    return float(s.w_talent) if post.strategic and talented(person, current) else 0.0


def fit_value(person: Person, current: Post, post: Post, s: PlanSettings) -> float:
    new, old = post.admits(person.education_family), current.admits(person.education_family)
    if new == old:
        return 0.0
    return float(s.w_fit) if new else -float(s.w_fit)

"""`PlanSettings`: every rule switch, limit, weight and solver option of a city plan.

Defaults from DOMAIN.md. `to_dict()` gives JSON-safe values (dates as ISO strings, tuples as
lists); `from_dict()` reads them back (numbers, booleans and dates may also come as text from a
form) and refuses unknown keys and bad values with a `DomainError` in Bahasa Indonesia. Every
number has a range (`RANGES`, else NUMBER_LIMIT; money in budgets MONEY_LIMIT), every date one of
`domain.limits.YEARS`: a setting a user types can neither overflow a column nor hang the solver.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date

from domain.formats import angka
from domain.labels import label
from domain.limits import COUNT_LIMIT, YEARS, shown
from domain.professions import EDUCATION_RANK
from domain.rules import PREDIKAT_ORDER, DomainError
from domain.solver import SOLVERS


RANGES = {  # the numbers a planner types, with their bounds
    "min_months_in_post": (0, 1200), "max_months_in_post": (0, 1200), "horizon_months": (0, 1200),
    "predikat_years": (0, 50), "appraisal_month": (0, 12), "max_moves": (0, COUNT_LIMIT),
    "max_leaving_share": (0, 1), "candidates_per_person": (1, 100), "time_limit": (0.1, 3600),
    "gap": (0, 1), "min_candidate_score": (-1_000_000, 1_000_000), "max_pricing_rounds": (1, 10_000),
}
NUMBER_LIMIT = 1_000_000  # any other number: weights, costs, priority factors
MONEY_LIMIT = 10**15      # a unit's personnel budget or the cost of one person, in rupiah


@dataclass(frozen=True)
class PlanSettings:
    """Defaults from DOMAIN.md; "0: off" marks a rule that a zero switches off."""

    # --- rules a move must respect ---
    # months in the current post before a move (PP 11/2017 Pasal 190(3)); 0: off
    min_months_in_post: int = 24
    # from this tenure on a rotation is due (scored by w_rotation_due)
    max_months_in_post: int = 60
    # nobody moves who reaches BUP within this many months after as_of; 0: off
    horizon_months: int = 12
    # lowest SKP predikat allowed for a move (Peraturan BKN 5/2019)
    min_predikat: str = "Baik"
    # each of the last N appraisal years must reach min_predikat; 0: off
    predikat_years: int = 2
    # SKP of year Y is recorded by the end of this month of Y+1: until then the latest year
    # required is as_of.year-2, afterwards as_of.year-1 (0: always as_of.year-1)
    appraisal_month: int = 1
    # PPPK have no formal right to mutasi (unsure, DOMAIN.md): reassignment only when True
    pppk_may_move: bool = False
    # UU 10/2016 Pasal 71(2): while as_of lies in [start, end] no structural post changes hands
    election_freeze_start: date | None = None
    election_freeze_end: date | None = None  # None with a start: until further notice
    # structural people move only to structural posts of their eselon, and nobody enters a
    # structural post by mutasi (that is promotion / open selection)
    structural_same_eselon_only: bool = True
    # golongan must lie in the target post's pangkat band (PP 13/2002 for structural posts)
    enforce_band: bool = True
    # the target post must admit the education family (PP 11/2017 Pasal 190(4))
    enforce_education: bool = True
    # nobody moves out of a unit whose service decline is under investigation (domain.investigation)
    hold_units_under_investigation: bool = True
    # --- jabatan fungsional: a mutasi keeps the JF (PermenPANRB 1/2023) ---
    # perpindahan jabatan (another JF, or into a JF from a pelaksana/structural post) is its own
    # procedure; when admitted, such lines are labelled and checked against its conditions
    allow_jf_transfer: bool = False
    allow_leave_jf: bool = False  # pemberhentian dari JF: a JF holder to a pelaksana post
    same_jf_level: bool = True  # a mutasi keeps the jenjang (another jenjang is a promotion)
    transfer_max_age: int = 53  # perpindahan into ahli pertama/muda or keterampilan (BKN FAQ)
    transfer_max_age_madya: int = 55  # perpindahan into ahli madya or utama (BKN FAQ)
    transfer_education_keahlian: str = "S1"  # lowest education for a JF keahlian (D4 = S1)
    transfer_education_keterampilan: str = "D3"  # lowest education for a JF keterampilan
    # --- qualifications of the target post ---
    # education level and field admitted by the post (PP 11/2017 Pasal 190(4); UU 14/2005 for
    # teachers: PGSD for a guru kelas SD, a degree linear with the subject)
    enforce_education_field: bool = True
    # the STR of the post's health profession (UU 17/2023) or the sertifikat pendidik of its
    # subject (UU 14/2005)
    enforce_credentials: bool = True
    # --- protections ---
    # per unit and JF (a post without JF: per post name) with ABK need >= 1, at least this many
    # holders stay; 0: off
    min_holders_per_jf: int = 1
    # a kepala sekolah is appointed, never moved by a plan (Permendikbudristek 40/2021)
    protect_principals: bool = True
    # discipline (moderate/heavy), study leave, unpaid leave, suspension stop a move while they last
    hold_blocked_people: bool = True
    # --- competence: JPM (PermenPANRB 38/2017, Peraturan BKN 26/2019) ---
    jpm_memenuhi: float = 80.0  # from here: Memenuhi Syarat
    jpm_masih_memenuhi: float = 68.0  # from here: Masih Memenuhi Syarat; below: Kurang
    jpm_cap_at_required: bool = True  # an achieved level counts at most up to the required one
    jpm_weighted: bool = True  # weight teknis vs manajerial + sosial kultural by jenjang
    jpm_teknis_weights: tuple = (0.6, 0.5, 0.4)  # teknis share for ahli pertama, muda, madya
    # required level of each competence where a post has no standard (unsure: settings)
    jpm_default_jpt: int = 4
    jpm_default_administrator: int = 3
    jpm_default_pengawas: int = 3
    jpm_default_madya: int = 3  # JF ahli madya (and utama)
    jpm_default_muda_pertama: int = 2  # JF ahli muda and ahli pertama
    jpm_default_other: int = 2  # JF keterampilan and pelaksana
    # structural and JPT posts need at least Masih Memenuhi Syarat for the target post
    structural_needs_jpm: bool = True
    # --- limits of the plan ---
    max_moves: int | None = None  # city-wide number of moves; None: no limit
    # per unit at most ceil(share × current staff) people leave; None: no limit
    max_leaving_share: float | None = 0.1
    unit_budgets: dict | None = None  # unit code -> personnel budget; None: no budget limit
    tpp_cost: dict | None = None  # unit code -> cost of one person placed there (missing: 0)
    # --- model size and proof ---
    # start with the best K moves per person (ties: larger shortage first, then post code)
    candidates_per_person: int = 12
    # a starting candidate must score above this (0: better than staying); None: keep all K
    min_candidate_score: float | None = 0.0
    # column generation: price every eligible move left out with the LP duals, add those that
    # could improve the plan, re-solve; the plan is "optimal over all eligible moves" only then
    price_all_pairs: bool = True
    max_pricing_rounds: int = 500  # a round takes milliseconds to seconds; time_limit still holds
    # --- the objective: staying scores 0 ---
    # each unit's shortage (domain.shortage) costs w_fill × its priority factor × φ(shortage),
    # φ convex piecewise linear in the shortage ratio: slope k between breaks k-1 and k
    w_fill: float = 10.0
    priority_factors: tuple = (1.5, 1.2, 1.0)  # for service_priority 1, 2, 3 (and beyond)
    shortage_breaks: tuple = (0.1, 0.25, 0.5)  # shortage / need where the slope rises
    shortage_slopes: tuple = (1.0, 1.5, 2.0, 3.0)  # non-decreasing: one more than breaks
    # reasons to move a person; they count only when the person leaves a surplus or the move
    # itself reduces the weighted shortage, so a move from a post at or below its need to an
    # equally or less urgent one never scores positive
    w_relief: float = 2.0  # leaving a post with a surplus
    w_fit: float = 5.0  # no assessment: education admitted by the new post, not the current
    w_jpm: float = 0.2  # per JPM point gained for the new post over the current
    w_talent: float = 6.0  # box 7–9, not yet in a strategic post, to a strategic post
    w_box4_rotation: float = 2.0  # box 4: rotation recommended (PermenPANRB 3/2020)
    w_rotation_due: float = 4.0  # months in post >= max_months_in_post
    move_cost: float = 5.0  # per move, so that the plan does not churn people for tiny gains
    # --- solver ---
    solver: str = "cbc"  # "cbc" or "highs"
    time_limit: float = 60.0  # seconds for one solve (a watchdog adds a margin)
    gap: float = 1e-3  # relative optimality gap at which the solver may stop
    lp_first: bool = True  # try the LP relaxation first: an integral optimum is a proven plan

    def __post_init__(self):
        for item in fields(self):
            _check_type(item.name, item.type, getattr(self, item.name))
        _check_values(self)

    def to_dict(self) -> dict:
        return {item.name: _to_json(getattr(self, item.name)) for item in fields(self)}

    @classmethod
    def from_dict(cls, data: dict) -> PlanSettings:
        if not isinstance(data, dict):
            raise DomainError("Pengaturan harus berupa objek (kunci: nilai).")
        known = {item.name: item.type for item in fields(cls)}
        data = {key: value for key, value in data.items() if key not in OBSOLETE}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise DomainError(f"Pengaturan tidak dikenal: {', '.join(map(str, unknown))}.")
        return cls(**{name: _from_json(name, known[name], value) for name, value in data.items()})


OBSOLETE = ("w_leave_short",)  # stored drafts may carry it; leaving a short post is now priced
# by the shortage penalty


def named(setting: str) -> str:
    """A setting as a message names it: its words from domain/labels.py, in quotes."""
    return f"“{label('setting', setting)}”"


def _to_json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return dict(value) if isinstance(value, dict) else value


def _from_json(name: str, annotation: str, value):
    """JSON forms to Python values; numbers, booleans and dates may also come as text (a form)."""
    kind = annotation.removesuffix(" | None")
    if not isinstance(value, str):
        return tuple(value) if kind == "tuple" and isinstance(value, list) else value
    text = value.strip()
    if not text and annotation.endswith("| None"):
        return None
    parse = {"date": date.fromisoformat, "int": int, "bool": _parse_bool,
             "float": lambda t: float(t.replace(",", "."))}.get(kind)
    try:
        return value if parse is None else parse(text)
    except ValueError:
        raise DomainError(f"Pengaturan {named(name)}: '{shown(value)}' bukan {_TYPES[kind][1]}.") from None


def _parse_bool(text: str) -> bool:
    answers = {"true": True, "ya": True, "1": True, "false": False, "tidak": False, "0": False}
    if text.lower() not in answers:
        raise ValueError(text)
    return answers[text.lower()]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


_TYPES = {  # annotation -> (test, what the user should give)
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
            "bilangan bulat ≥ 0"),
    "float": (lambda v: _is_number(v) and v >= 0, "angka ≥ 0"),
    "number": (_is_number, "angka"),
    "bool": (lambda v: isinstance(v, bool), "true atau false"),
    "str": (lambda v: isinstance(v, str), "teks"),
    "date": (lambda v: isinstance(v, date), "tanggal (YYYY-MM-DD)"),
    "dict": (lambda v: isinstance(v, dict) and len(v) <= COUNT_LIMIT and all(
                 isinstance(k, str) and len(k) <= 60 and _is_number(x) and 0 <= x <= MONEY_LIMIT
                 for k, x in v.items()),
             "objek kode unit -> angka ≥ 0 (paling besar 10^15)"),
    "tuple": (lambda v: isinstance(v, tuple) and 0 < len(v) <= 10 and all(
                  _is_number(x) and 0 <= x <= NUMBER_LIMIT for x in v),
              "daftar 1–10 angka ≥ 0 yang tidak kosong"),
}


def _check_type(name: str, kind: str, value) -> None:
    optional = kind.endswith("| None")
    if optional and value is None:
        return
    kind = "number" if name == "min_candidate_score" else kind.removesuffix(" | None")
    test, what = _TYPES[kind]
    if not test(value):
        raise DomainError(f"Pengaturan {named(name)}: harus {what}{' atau null' if optional else ''}, "
                          f"bukan {shown(repr(value))}.")


def _out_of_range(s: PlanSettings) -> list[str]:
    problems = []
    for item in fields(s):
        value = getattr(s, item.name)
        if isinstance(value, date) and not YEARS[0] <= value.year <= YEARS[1]:
            problems.append(f"{named(item.name)} harus antara tahun {YEARS[0]} dan {YEARS[1]}")
        if not _is_number(value):
            continue
        low, high = RANGES.get(item.name, (0, NUMBER_LIMIT))
        if not low <= value <= high:
            problems.append(f"{named(item.name)} harus antara {angka(low)} dan {angka(high)}")
    return problems


def _check_values(s: PlanSettings) -> None:
    problems = _out_of_range(s)
    if s.min_predikat not in PREDIKAT_ORDER:
        problems.append(f"{named('min_predikat')} '{s.min_predikat}' tidak dikenal "
                        f"(pilihan: {', '.join(PREDIKAT_ORDER)})")
    if s.solver not in SOLVERS:
        problems.append(f"{named('solver')} '{s.solver}' tidak dikenal (pilihan: {', '.join(SOLVERS)})")
    problems += _model_problems(s)
    if s.election_freeze_end is not None and s.election_freeze_start is None:
        problems.append(f"{named('election_freeze_end')} tanpa {named('election_freeze_start')}")
    elif s.election_freeze_end is not None and s.election_freeze_end < s.election_freeze_start:
        problems.append(f"{named('election_freeze_end')} sebelum {named('election_freeze_start')}")
    if problems:
        raise DomainError("Pengaturan tidak sah: " + "; ".join(problems) + ".")


def _model_problems(s: PlanSettings) -> list[str]:
    problems = [f"{named(name)} '{getattr(s, name)}' bukan jenjang pendidikan "
                f"({', '.join(EDUCATION_RANK)})"
                for name in ("transfer_education_keahlian", "transfer_education_keterampilan")
                if getattr(s, name) not in EDUCATION_RANK]
    if not s.jpm_masih_memenuhi <= s.jpm_memenuhi <= 100:
        problems.append(f"harus {named('jpm_masih_memenuhi')} ≤ {named('jpm_memenuhi')} ≤ 100")
    if len(s.jpm_teknis_weights) != 3 or any(w > 1 for w in s.jpm_teknis_weights):
        problems.append(f"{named('jpm_teknis_weights')}: tiga bobot 0–1 (ahli pertama, muda, madya)")
    problems += [f"{named(item.name)} harus 1–5" for item in fields(s)
                 if item.name.startswith("jpm_default_") and not 1 <= getattr(s, item.name) <= 5]
    breaks, slopes = s.shortage_breaks, s.shortage_slopes
    if any(not 0 < b <= 1 for b in breaks) or list(breaks) != sorted(set(breaks)):
        problems.append(f"{named('shortage_breaks')} harus naik dan di antara 0 dan 1")
    if len(slopes) != len(breaks) + 1 or list(slopes) != sorted(slopes):
        problems.append(f"{named('shortage_slopes')}: satu lebih banyak dari {named('shortage_breaks')} dan tidak turun "
                        "(fungsi cembung)")
    if s.max_pricing_rounds < 1:
        problems.append(f"{named('max_pricing_rounds')} minimal 1")
    return problems

"""Small cities for the planner tests: people, posts and snapshots with readable defaults."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from domain.city_plan import CitySnapshot, Person, Post, UnitInfo

AS_OF = date(2026, 11, 27)
LADDER = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c",
          "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
ADM = ("administrasi", "umum", "hukum", "sosial", "keuangan")


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
         band=("II/a", "III/d"), eselon=None, level=None, strategic=False, **more) -> Post:
    return replace(Post(code, unit, f"Jabatan {code}", jabatan_type, eselon, level, band[0],
                        band[1], tuple(families), "umum", need, 0, strategic), **more)


def city(people, posts, units=None, as_of=AS_OF) -> CitySnapshot:
    """Holders are counted from the people, as a read model would."""
    holders = Counter(p.position for p in people)
    posts = tuple(replace(p, holders=holders[p.code]) for p in posts)
    units = units or tuple(UnitInfo(code, f"Unit {code}", 2, None)
                           for code in sorted({p.unit for p in posts}))
    return CitySnapshot(as_of, tuple(people), posts, tuple(units))


def moves(plan) -> dict[str, str]:
    return {line.nip: line.to_post for line in plan.lines}

"""The rules of DOMAIN.md applied to one proposed move, read from the views: what a reviewer sees
at each step and what must be waived (with a reason, by the PPK) before the proposal may proceed."""
from __future__ import annotations

from datetime import date

from domain.city_plan import (CitySnapshot, Person, PlanSettings, Post, UnitInfo, move_blockers,
                              pair_blockers)
from events.readside.readmodels import AppraisalRow, EmployeeRow, PositionRow, UnitRow


def post_of(row: PositionRow) -> Post:
    return Post(code=row.code, unit=row.unit_code, name=row.name, jabatan_type=row.jabatan_type,
                eselon=row.eselon, level=row.level, band_low=row.band_low, band_high=row.band_high,
                education_families=tuple(f for f in row.education_families.split(",") if f),
                track=row.track, need=row.abk_need, holders=row.actual, strategic=row.strategic)


def violations(nip: str, to_post: str, as_of: date | None = None,
               settings: PlanSettings | None = None) -> list[str]:
    """Every rule the move `nip` → `to_post` breaks, each naming its regulation ([] when none)."""
    employee = EmployeeRow.get_or_none(EmployeeRow.nip == nip)
    target = PositionRow.get_or_none(PositionRow.code == to_post)
    if employee is None or target is None:
        return ["ASN atau jabatan tujuan tidak ditemukan di data saat ini."]
    current = PositionRow.get_by_id(employee.position_id)
    predikat = {a.year: a.predikat for a in AppraisalRow.select().where(AppraisalRow.employee_id == employee.id)}
    person = Person(nip=employee.nip, name=employee.name, status=employee.status, golongan=employee.golongan,
                    birth_date=employee.birth_date, education_level=employee.education_level,
                    education_family=employee.education_family, position=current.code,
                    in_post_since=employee.in_post_since, predikat=predikat, box=employee.last_box)
    posts = {p.code: post_of(p) for p in (current, target)}
    units = tuple(UnitInfo(code=u.code, name=u.name, service_priority=u.service_priority,
                           parent_code=u.parent_code)
                  for u in UnitRow.select().where(UnitRow.code.in_({p.unit for p in posts.values()})))
    snapshot = CitySnapshot(as_of=as_of or date.today(), people=(person,), posts=tuple(posts.values()),
                            units=units)
    rules = settings or PlanSettings()
    found = move_blockers(person, snapshot, rules) + pair_blockers(person, posts[to_post], snapshot, rules)
    return list(dict.fromkeys(found))

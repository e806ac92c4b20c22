"""The employee and position records BKD exports (`mutasi export`, the downloads), read from the
views through the one mapper (`events.readside.snapshot`), so that anyone can check a plan
independently with the same facts the planner used. Records stream one at a time."""
from __future__ import annotations

from datetime import date
from typing import Iterator

from domain.plan_rules import person_jpm
from domain.plan_settings import PlanSettings
from events.readside.readmodels import EmployeeRow, PositionRow, UnitRow
from events.readside.snapshot import person_of, post_of

EMPLOYEE_FIELDS = ("nip", "name", "status", "golongan", "birth_date", "sex", "education_level",
                   "education_field", "credentials", "position", "unit", "in_post_since", "jf",
                   "jf_level", "blocked_until", "jpm")
POSITION_FIELDS = ("code", "name", "unit", "type", "jf", "level", "eselon", "band_low", "band_high",
                   "education_levels", "education_fields", "credential", "abk_need", "holders",
                   "acting", "service_priority")
KINDS = {"employees": EMPLOYEE_FIELDS, "positions": POSITION_FIELDS}


def records(kind: str, today: date | None = None) -> Iterator[dict]:
    return employee_records(today) if kind == "employees" else position_records()


def position_records() -> Iterator[dict]:
    priority = dict(UnitRow.select(UnitRow.code, UnitRow.service_priority).tuples())
    for row in PositionRow.select().order_by(PositionRow.code).iterator():
        post = post_of(row)
        yield {"code": post.code, "name": post.name, "unit": post.unit, "type": post.jabatan_type,
               "jf": post.jf_name, "level": post.level, "eselon": post.eselon,
               "band_low": post.band_low, "band_high": post.band_high,
               "education_levels": list(post.education_levels),
               "education_fields": list(post.education_fields),
               "credential": ({"type": post.credential.type, "subject": post.credential.subject}
                              if post.credential else None),
               "abk_need": post.need, "holders": post.holders,
               "acting": row.acting if post.holders == 0 else None,  # a Plt while vacant
               "service_priority": priority[post.unit]}


def employee_records(today: date | None = None) -> Iterator[dict]:
    """Active employees by NIP. `blocked_until`: the last end of the blocks in force today
    ("open" when one has no end), else null; `jpm`: for the current post, null without assessment."""
    today, settings = today or date.today(), PlanSettings()
    posts = {row.id: post_of(row) for row in PositionRow.select()}
    query = EmployeeRow.select().where(EmployeeRow.active).order_by(EmployeeRow.nip)
    for row in query.iterator():
        post = posts[row.position_id]
        person = person_of(row, post.code, {}, set(), {})
        jpm = person_jpm(person, post, settings) if person.assessment else None
        yield {"nip": person.nip, "name": person.name, "status": person.status,
               "golongan": person.golongan, "birth_date": person.birth_date.isoformat(),
               "sex": row.sex, "education_level": person.education_level,
               "education_field": person.education_field,
               "credentials": [{"type": c.type, "subject": c.subject,
                                "valid_until": c.valid_until.isoformat() if c.valid_until else None}
                               for c in person.credentials],
               "position": post.code, "unit": post.unit,
               "in_post_since": person.in_post_since.isoformat(),
               "jf": person.jf or post.jf_name, "jf_level": person.jf_level or post.level,
               "blocked_until": blocked_until(person.blocks, today), "jpm": jpm}


def blocked_until(blocks, today: date) -> str | None:
    active = [b for b in blocks if b.active(today)]
    if not active:
        return None
    if any(b.end is None for b in active):
        return "open"
    return max(b.end for b in active).isoformat()

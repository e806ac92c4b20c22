"""The one mapper from the read models to the planner's `CitySnapshot`: the whole city for a draft,
or only the people and posts one proposed move concerns. Both get the same facts (the hold on units
under a service-decline investigation, the person's open proposal), so a plan line and an individual
proposal are judged by the same rules."""
from __future__ import annotations

import json
from datetime import date
from typing import Iterable

from domain.city_plan import CitySnapshot, Person, Post, UnitInfo
from domain.competence import Assessment
from domain.plan_snapshot import Block, Credential
from domain.proposal import OPEN_STATES
from events.readside.monitoring_queries import units_under_investigation
from events.readside.readmodels import AppraisalRow, EmployeeRow, PositionRow, ProposalRow, Tracking, UnitRow


def post_of(row: PositionRow) -> Post:
    return Post(code=row.code, unit=row.unit_code, name=row.name, jabatan_type=row.jabatan_type,
                eselon=row.eselon, level=row.level, band_low=row.band_low, band_high=row.band_high,
                education_families=tuple(f for f in row.education_families.split(",") if f),
                track=row.track, need=row.abk_need, holders=row.actual, strategic=row.strategic,
                jf=row.jf, education_levels=tuple(json.loads(row.education_levels)),
                education_fields=tuple(json.loads(row.education_fields)),
                credential=Credential(**json.loads(row.credential)) if row.credential else None,
                competence=tuple(tuple(item) for item in json.loads(row.competence)),
                is_principal=row.is_principal)


def credentials_of(row: EmployeeRow) -> tuple:
    return tuple(Credential(c["type"], c["subject"], _day(c.get("valid_until")))
                 for c in json.loads(row.credentials))


def blocks_of(row: EmployeeRow) -> tuple:
    return tuple(Block(b["kind"], _day(b["start"]), _day(b["end"])) for b in json.loads(row.blocks))


def assessment_of(row: EmployeeRow) -> Assessment | None:
    if row.assessed_on is None:
        return None
    return Assessment(on=row.assessed_on, levels=tuple(tuple(x) for x in json.loads(row.assessment)))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def person_of(row: EmployeeRow, position_code: str, predikat: dict, held: set[str],
              open_proposals: dict) -> Person:
    return Person(nip=row.nip, name=row.name, status=row.status, golongan=row.golongan,
                  birth_date=row.birth_date, education_level=row.education_level,
                  education_family=row.education_family, position=position_code,
                  in_post_since=row.in_post_since, predikat=predikat, box=row.last_box,
                  unit_under_investigation=row.unit_code in held, open_proposal=open_proposals.get(row.nip),
                  education_field=row.education_field, jf=row.jf, jf_level=row.jf_level,
                  credentials=credentials_of(row), assessment=assessment_of(row), blocks=blocks_of(row))


def city_snapshot(as_of: date | None = None, nips: Iterable[str] | None = None,
                  post_codes: Iterable[str] | None = None) -> tuple[CitySnapshot, int]:
    """The city as the read models show it now (or only the given people and posts, plus the posts
    those people hold), and the log position the read models were built to."""
    people_query = EmployeeRow.select().where(EmployeeRow.active).order_by(EmployeeRow.nip)
    if nips is not None:
        people_query = people_query.where(EmployeeRow.nip.in_(list(nips)))
    rows = list(people_query)
    predikat: dict = {}
    appraisals = AppraisalRow.select(AppraisalRow.employee_id, AppraisalRow.year, AppraisalRow.predikat)
    if nips is not None:
        appraisals = appraisals.where(AppraisalRow.employee_id.in_([r.id for r in rows]))
    for employee_id, year, value in appraisals.tuples():
        predikat.setdefault(employee_id, {})[year] = value
    posts_query = PositionRow.select().order_by(PositionRow.code)
    if post_codes is not None:
        posts_query = posts_query.where(  # the target posts, and every post of the people's units
            PositionRow.code.in_(list(post_codes)) | PositionRow.id.in_([r.position_id for r in rows])
            | PositionRow.unit_code.in_(list({r.unit_code for r in rows})))
    post_rows = list(posts_query)
    code_of = {p.id: p.code for p in post_rows}
    held = units_under_investigation()  # service decline under investigation: nobody moves out
    open_proposals = {nip: str(pid) for nip, pid in ProposalRow.select(ProposalRow.nip, ProposalRow.id)
                      .where(ProposalRow.state.in_(OPEN_STATES)).tuples()}
    people = tuple(person_of(r, code_of[r.position_id], predikat.get(r.id, {}), held, open_proposals)
                   for r in rows)
    posts = tuple(post_of(p) for p in post_rows)
    units_query = UnitRow.select().order_by(UnitRow.code)
    if post_codes is not None:
        units_query = units_query.where(UnitRow.code.in_({p.unit for p in posts}))
    units = tuple(UnitInfo(code=u.code, name=u.name, service_priority=u.service_priority,
                           parent_code=u.parent_code) for u in units_query)
    tracked = Tracking.select().first()
    return (CitySnapshot(as_of=as_of or date.today(), people=people, posts=posts, units=units),
            tracked.position if tracked else 0)

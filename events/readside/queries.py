"""Read-side queries: plain dicts for templates and the CLI, never peewee rows."""
from __future__ import annotations

from peewee import fn

from domain.access import Actor
from domain.rules import PANGKAT
from domain.shortage import post_shortage
from events.readside.readmodels import (AppraisalRow, DevelopmentRow, EmployeeRow, PeriodRow, PlanRow,
                               PositionRow, ProposalRow, StepRow, TalentRow, TimelineRow, UnitRow)
from events.readside.stakeholder_rows import (CommentRow, ConsultationRow, EvaluationRow, InvestigationRow,
                                              SurveyRow)


def visible_unit_codes(actor: Actor) -> set[str] | None:
    """The units `actor` may see (None: every unit), by the one rule `Actor.may_see_unit`."""
    if actor.can("view_all_employees"):
        return None
    units = UnitRow.select(UnitRow.code, UnitRow.parent_code).tuples()
    return {code for code, parent in units if actor.may_see_unit(code, parent)}


def may_see_unit_code(actor: Actor, unit_code: str | None) -> bool:
    """The one scope check for callers that know only a unit's code (its parent is looked up)."""
    if actor.can("view_all_employees"):
        return True
    unit = UnitRow.get_or_none(UnitRow.code == unit_code)
    return unit is not None and actor.may_see_unit(unit.code, unit.parent_code)


def staffing_by_unit() -> list[dict]:
    """Need (ABK), actual, shortage and surplus per unit, the largest shortage first. Shortage is
    counted per post (`domain.shortage`): a surplus in one post never offsets a shortage in another."""
    units = {u["code"]: u for u in UnitRow.select().dicts()}
    rows: dict = {}
    for code, need, actual in PositionRow.select(PositionRow.unit_code, PositionRow.abk_need,
                                                 PositionRow.actual).tuples().iterator():
        unit = units[code]
        row = rows.setdefault(code, {"code": code, "name": unit["name"], "kind": unit["kind"],
                                     "parent_code": unit["parent_code"], "need": 0, "actual": 0,
                                     "shortage": 0, "surplus": 0, "positions": 0})
        row["need"] += need
        row["actual"] += actual
        row["shortage"] += post_shortage(need, actual)
        row["surplus"] += max(0, actual - need)
        row["positions"] += 1
    found = [{**r, "gap": r["actual"] - r["need"]} for r in rows.values()]
    found.sort(key=lambda r: (-r["shortage"], r["gap"], r["code"]))
    return found


def city_totals(rows: list[dict]) -> dict:
    return {"need": sum(r["need"] for r in rows), "actual": sum(r["actual"] for r in rows),
            "shortage": sum(r["shortage"] for r in rows), "surplus": sum(r["surplus"] for r in rows)}


def get_unit(code: str) -> dict | None:
    unit = UnitRow.select().where(UnitRow.code == code).dicts().first()
    if unit is None:
        return None
    positions = list(PositionRow.select().where(PositionRow.unit_code == code)
                     .order_by(PositionRow.eselon.is_null(), PositionRow.eselon, PositionRow.name).dicts())
    holders: dict = {}
    for e in (EmployeeRow.select(EmployeeRow.nip, EmployeeRow.name, EmployeeRow.golongan,
                                 EmployeeRow.position_id)
              .where(EmployeeRow.unit_code == code, EmployeeRow.active).order_by(EmployeeRow.name).dicts()):
        holders.setdefault(e["position_id"], []).append(e)
    for p in positions:
        p["holders"] = holders.get(p["id"], [])
        p["gap"] = p["actual"] - p["abk_need"]
        p["shortage"] = post_shortage(p["abk_need"], p["actual"])
    acting = {p["acting"] for p in positions if p["acting"] and not p["holders"]}
    named = {e["nip"]: e for e in EmployeeRow.select(EmployeeRow.nip, EmployeeRow.name)
             .where(EmployeeRow.nip.in_(list(acting)), EmployeeRow.active).dicts()} if acting else {}
    for p in positions:  # a vacant post's Plt (Pelaksana Tugas), while still employed
        p["plt"] = named.get(p["acting"]) if not p["holders"] else None
    children = list(UnitRow.select(UnitRow.code, UnitRow.name).where(UnitRow.parent_code == code)
                    .order_by(UnitRow.name).dicts())
    return {**unit, "positions": positions, "children": children,
            "need": sum(p["abk_need"] for p in positions), "actual": sum(p["actual"] for p in positions),
            "shortage": sum(p["shortage"] for p in positions)}


def search_employees(actor: Actor, text: str = "", limit: int = 25, offset: int = 0) -> dict:
    query = EmployeeRow.select(EmployeeRow.nip, EmployeeRow.name, EmployeeRow.golongan,
                               EmployeeRow.unit_code, EmployeeRow.position_id, EmployeeRow.active)
    units = visible_unit_codes(actor)
    if units is not None:
        query = query.where(EmployeeRow.unit_code.in_(list(units)))
    text = (text or "").strip().lower()[:80]
    if text:
        query = query.where(EmployeeRow.search.contains(text))
    total = query.count()
    rows = list(query.order_by(EmployeeRow.active.desc(), EmployeeRow.name).limit(limit)
                .offset(offset).dicts())
    names = position_names({r["position_id"] for r in rows})
    for r in rows:
        r["position"] = names.get(r["position_id"], "")
    return {"rows": rows, "total": total, "text": text, "limit": limit, "offset": offset}


def position_names(ids) -> dict:
    if not ids:
        return {}
    return {p.id: p.name for p in PositionRow.select(PositionRow.id, PositionRow.name)
            .where(PositionRow.id.in_(list(ids)))}


def get_employee(actor: Actor, nip: str) -> dict | None:
    """The profile, or None when it does not exist or lies outside the actor's units: the same
    answer, so a unit head learns nothing about a NIP of another unit, not even that it exists."""
    row = EmployeeRow.select().where(EmployeeRow.nip == (nip or "").strip()).dicts().first()
    units = visible_unit_codes(actor)
    if row is None or (units is not None and row["unit_code"] not in units):
        return None
    position = PositionRow.select().where(PositionRow.id == row["position_id"]).dicts().first()
    unit = UnitRow.select().where(UnitRow.code == row["unit_code"]).dicts().first()
    appraisals = list(AppraisalRow.select().where(AppraisalRow.employee_id == row["id"])
                      .order_by(AppraisalRow.year.desc()).dicts())
    talents = list(TalentRow.select().where(TalentRow.employee_id == row["id"])
                   .order_by(TalentRow.period.desc()).dicts())
    return {**row, "pangkat": PANGKAT.get(row["golongan"], ""), "position": position, "unit": unit,
            "appraisals": appraisals, "talents": talents}


def employee_timeline(employee_id, page: int = 1, per_page: int = 20) -> dict:
    query = TimelineRow.select().where(TimelineRow.employee_id == employee_id)
    total = query.count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = list(query.order_by(TimelineRow.notification_id.desc())
                .limit(per_page).offset((page - 1) * per_page).dicts())
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def stats(event_count: int) -> dict:
    return {"employees": EmployeeRow.select().where(EmployeeRow.active).count(),
            "employees_all": EmployeeRow.select().count(),
            "positions": PositionRow.select().count(), "units": UnitRow.select().count(),
            "events": event_count}


def module_counts() -> dict:
    """How much each module holds: recorded evaluations (not those still due), every comment."""
    return {"surveys": SurveyRow.select().count(), "consultations": ConsultationRow.select().count(),
            "comments": CommentRow.select().count(),
            "evaluations": EvaluationRow.select().where(EvaluationRow.done).count(),
            "investigations": InvestigationRow.select().count(),
            "development_actions": DevelopmentRow.select().count(),
            "proposals": ProposalRow.select().count(), "plans": PlanRow.select().count()}


def list_units() -> list[dict]:
    return [{"code": r["code"], "name": r["name"], "need": r["need"], "actual": r["actual"],
             "gap": r["gap"]} for r in sorted(staffing_by_unit(), key=lambda r: r["code"])]


def list_periods() -> list[dict]:
    return list(PeriodRow.select().order_by(PeriodRow.year.desc()).dicts())


def list_steps(subject_id) -> list[dict]:
    """The history of a proposal or an investigation, oldest first."""
    return list(StepRow.select().where(StepRow.subject_id == subject_id)
                .order_by(StepRow.notification_id).dicts())

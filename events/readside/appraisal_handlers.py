"""Projection handlers for the SKP cycle (unit submissions) and the talent map (scores, development
actions). Registered in events/handlers.py; rows are written back in bulk by the Session."""
from __future__ import annotations

import json
from typing import Callable

from domain.skp_guidance import DEFAULT_ORG_PREDIKAT
from domain.talent import kinerja_source
from events.readside.timeline import reason_of
from events.readside.readmodels import (AppraisalNoteRow, DevelopmentRow, EmployeeRow, TalentRow,
                               TalentScoreRow, UnitAppraisalRow)


def stamp(e):
    return e.timestamp.replace(tzinfo=None)


def put(s, model, key, row: dict) -> None:
    s.upserts.setdefault(model, {})[key] = row


def cached(s, model, key, *where) -> dict | None:
    """The row as this batch left it, else as stored."""
    rows = s.upserts.setdefault(model, {})
    return rows[key] if key in rows else model.select().where(*where).dicts().first()


def touch_employee(e, s, **changes) -> None:
    s.touch(EmployeeRow, {**s.employees[e.originator_id], **changes, "version": e.originator_version})


# --- AppraisalPeriod: one unit's submission ---------------------------------------------------
def unit_row(e, s) -> tuple[tuple, dict]:
    period = s.periods[e.originator_id]["name"]
    key = (period, e.unit_code)
    row = cached(s, UnitAppraisalRow, key, UnitAppraisalRow.period == period,
                 UnitAppraisalRow.unit_code == e.unit_code)
    return key, row or {"period": period, "unit_code": e.unit_code, "state": "draf",
                        "org_predikat": DEFAULT_ORG_PREDIKAT, "submitted_by": None,
                        "submitted_at": None, "warnings": None, "returned_by": None,
                        "return_reason": None}


def on_unit_submitted(e, s):
    key, row = unit_row(e, s)
    put(s, UnitAppraisalRow, key, {**row, "state": "diajukan", "org_predikat": e.org_predikat,
                                   "submitted_by": e.actor, "submitted_at": stamp(e),
                                   "warnings": "\n".join(e.warnings) or None})


def on_unit_returned(e, s):
    key, row = unit_row(e, s)
    put(s, UnitAppraisalRow, key, {**row, "state": "dikembalikan", "returned_by": e.actor,
                                   "return_reason": e.reason})


def on_unit_predikat_set(e, s):
    key, row = unit_row(e, s)
    put(s, UnitAppraisalRow, key, {**row, "org_predikat": e.predikat})


# --- Employee ------------------------------------------------------------------------------
def on_appraisal_note(e, s):
    why = reason_of(e) or ""
    put(s, AppraisalNoteRow, (e.originator_id, e.period), {
        "employee_id": e.originator_id, "period": e.period, "justification": why,
        "actor": e.actor, "role": e.role, "rated_at": stamp(e)})


def with_note(handler: Callable) -> Callable:
    """Appraised / AppraisalCorrected also keep who rated and why."""
    def apply(e, s):
        handler(e, s)
        on_appraisal_note(e, s)
    return apply


def on_potential_scored(e, s):
    key = (e.originator_id, e.period)
    put(s, TalentRow, key, {"employee_id": e.originator_id, "period": e.period, "kinerja": e.kinerja,
                            "potensial": e.potensial, "box": e.box,
                            "source": kinerja_source(e.period, getattr(e, "predikat", None),
                                                     f"hasil kerja {e.period}")})
    put(s, TalentScoreRow, key, {"employee_id": e.originator_id, "period": e.period, "score": e.score,
                                 "components": json.dumps(e.components, sort_keys=True),
                                 "actor": e.actor, "role": e.role})
    touch_employee(e, s, last_box=e.box)


def on_development_planned(e, s):
    put(s, DevelopmentRow, (e.originator_id, e.number), {
        "employee_id": e.originator_id, "number": e.number, "kind": e.kind,
        "description": e.description, "due": e.due, "reason": e.reason, "planned_by": e.actor,
        "planned_at": stamp(e), "outcome": None, "note": None, "outcome_by": None})
    touch_employee(e, s)


def on_development_outcome(e, s):
    key = (e.originator_id, e.number)
    row = cached(s, DevelopmentRow, key, DevelopmentRow.employee_id == e.originator_id,
                 DevelopmentRow.number == e.number)
    put(s, DevelopmentRow, key, {**row, "outcome": e.outcome, "note": e.note or None,
                                 "outcome_by": e.actor})
    touch_employee(e, s)


PERIOD_HANDLERS: dict[str, Callable] = {
    "AppraisalPeriod.UnitSubmitted": on_unit_submitted,
    "AppraisalPeriod.UnitReturned": on_unit_returned,
    "AppraisalPeriod.UnitPredikatSet": on_unit_predikat_set,
}
EMPLOYEE_HANDLERS: dict[str, Callable] = {  # each also becomes a timeline row
    "Employee.PotentialScored": on_potential_scored,
    "Employee.DevelopmentPlanned": on_development_planned,
    "Employee.DevelopmentOutcomeRecorded": on_development_outcome,
}

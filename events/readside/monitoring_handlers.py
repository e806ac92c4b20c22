"""Projection handlers for monitoring: transfers seen from the units, surveys, post-move evaluations
and service-decline investigations, with their rows on the unit history and the people's timelines."""
from __future__ import annotations

import json
from typing import Callable
from uuid import UUID

from domain.evaluation import summary as evaluation_summary
from domain.investigation import ACTION_KINDS
from domain.proposal import EVALUATION_MONTHS
from domain.service_decline import period_bounds
from domain.survey import LEGACY_ELEMENTS, indicative
from events.readside.stakeholder_handlers import (cached, change, put, step, timeline, unit_history,
                                                 when)
from events.readside.stakeholder_rows import (ActionRow, EvaluationRow, InvestigationRow, MovementRow,
                                     SurveyRow)


def score_text(score: float) -> str:
    return f"{score:.2f}".replace(".", ",")


def sample_text(respondents: int, minimum: int | None) -> str:
    return f" (indikatif: minimal {minimum})" if indicative(respondents, minimum) else ""


# --- transfers and executed proposals (chained after the existing handlers) -------------------
def on_transferred(e, s):
    employee = s.employees[e.originator_id]
    put(s, MovementRow, (e.originator_id, s.position), {
        "employee_id": e.originator_id, "notification_id": s.position, "nip": employee["nip"],
        "name": employee["name"], "from_unit": s.positions[e.from_position_id]["unit_code"],
        "to_unit": s.positions[e.to_position_id]["unit_code"], "tmt": e.tmt})


def on_executed(e, s):
    proposal = s.proposals[e.originator_id]
    for months, due in zip(EVALUATION_MONTHS, e.evaluations_due):
        put(s, EvaluationRow, (e.originator_id, months), {
            "proposal_id": e.originator_id, "months": months, "employee_id": proposal["employee_id"],
            "nip": proposal["nip"], "name": proposal["name"], "unit_code": proposal["to_unit"],
            "from_unit": proposal["from_unit"], "to_post": proposal["to_post"], "due": due,
            "done": False, "evaluated_on": None, "adaptation": None, "performance": None,
            "notes": None, "evaluated_by": None})


# --- surveys ------------------------------------------------------------------------------------
def on_survey_recorded(e, s):
    put(s, SurveyRow, e.originator_id, {
        "id": e.originator_id, "unit_code": e.unit_code, "period": e.period,
        "period_start": period_bounds(e.period)[0], "respondents": e.respondents, "ikm": e.ikm,
        "score": e.score, "grade": e.grade, "source": e.source, "recorded_by": e.actor,
        "corrections": 0, "nrr": json.dumps(e.nrr),
        "elements": json.dumps(getattr(e, "elements", None) or [name for _, name in LEGACY_ELEMENTS]),
        "population": getattr(e, "population", None), "minimum": getattr(e, "minimum", None)})
    unit_history(e, s, e.unit_code, "Survei kepuasan",
                 f"SKM {e.period}: skor {score_text(e.score)} ({e.grade}, {e.grade_label}), "
                 f"{e.respondents} responden{sample_text(e.respondents, getattr(e, 'minimum', None))}, "
                 f"{e.source}")


def on_survey_corrected(e, s):
    row = cached(s, SurveyRow, e.originator_id)
    change(s, SurveyRow, e.originator_id, respondents=e.respondents, ikm=e.ikm, score=e.score,
           grade=e.grade, source=e.source, corrections=row["corrections"] + 1, nrr=json.dumps(e.nrr))
    unit_history(e, s, row["unit_code"], "Koreksi survei",
                 f"SKM {row['period']} dikoreksi: skor {score_text(e.score)} ({e.grade})", e.reason)


# --- evaluations --------------------------------------------------------------------------------
def on_evaluated(e, s):
    change(s, EvaluationRow, (e.proposal_id, e.months), done=True, evaluated_on=e.on,
           adaptation=e.adaptation, performance=e.performance, notes=e.notes or None,
           evaluated_by=e.actor)
    text = evaluation_summary(e.months, e.unit_code, e.adaptation, e.performance)
    late = " (terlambat)" if e.overdue else ""
    timeline(e, s, [e.employee_id], "Evaluasi pasca-mutasi", text + late, e.notes or None, e.on)
    unit_history(e, s, e.unit_code, "Evaluasi pasca-mutasi", f"{e.name}: {text}{late}", e.notes or None)


# --- investigations -----------------------------------------------------------------------------
def people(row: dict) -> list[UUID]:
    return [UUID(m["employee_id"]) for m in json.loads(row["movements"])]


def on_flagged(e, s):
    movements = [{**m, "employee_id": str(m["employee_id"]), "tmt": m["tmt"].isoformat()}
                 for m in e.movements]
    row = put(s, InvestigationRow, e.originator_id, {
        "id": e.originator_id, "unit_code": e.unit_code, "unit_name": e.unit_name, "period": e.period,
        "previous_period": e.previous_period, "previous_score": e.previous_score, "score": e.score,
        "drop": e.drop, "status": "flagged", "movements": json.dumps(movements, sort_keys=True),
        "flagged_at": when(e), "opened_by": None, "findings": None, "actions": 0, "closed_by": None,
        "summary": None})
    text = (f"Penurunan layanan {e.unit_code}: skor SKM {score_text(e.previous_score)} "
            f"({e.previous_period}) → {score_text(e.score)} ({e.period}), turun {score_text(e.drop)} "
            f"poin setelah {len(e.movements)} mutasi masuk/keluar")
    unit_history(e, s, e.unit_code, "Penurunan layanan ditandai", text)
    timeline(e, s, people(row), "Penurunan layanan unit", text)
    step(e, s, None, None)


def investigation_step(kind: str, text: Callable, reason: Callable, status: str | None = None,
                       to_people: bool = True) -> Callable:
    def apply(e, s):
        row = cached(s, InvestigationRow, e.originator_id)
        if status:
            row = change(s, InvestigationRow, e.originator_id, status=status, **status_fields(e, status))
        summary = f"{text(e, row)} ({row['unit_code']}, SKM {row['period']})"
        unit_history(e, s, row["unit_code"], kind, summary, reason(e))
        step(e, s, None, reason(e))
        if to_people:
            timeline(e, s, people(row), kind, summary, reason(e))
    return apply


def status_fields(e, status: str) -> dict:
    if status == "open":
        return {"opened_by": e.actor}
    return {"closed_by": e.actor, "summary": e.summary}


def on_findings(e, s):
    change(s, InvestigationRow, e.originator_id, findings=e.findings)
    investigation_step("Temuan investigasi", lambda e, r: "Temuan investigasi dicatat",
                       lambda e: e.findings, to_people=False)(e, s)


def on_action(e, s):
    row = change(s, InvestigationRow, e.originator_id,
                 actions=cached(s, InvestigationRow, e.originator_id)["actions"] + 1)
    put(s, ActionRow, (e.originator_id, e.number), {
        "investigation_id": e.originator_id, "number": e.number, "kind": e.kind,
        "description": e.description, "nip": e.nip, "name": e.name, "proposal_id": e.proposal_id,
        "actor": e.actor, "recorded_at": when(e)})
    who = f" untuk {e.name}" if e.name else ""
    text = f"Tindakan korektif: {ACTION_KINDS[e.kind]}{who} ({row['unit_code']}, SKM {row['period']})"
    unit_history(e, s, row["unit_code"], "Tindakan korektif", text, e.description)
    timeline(e, s, [e.employee_id] if e.employee_id else people(row), "Tindakan korektif", text,
             e.description)
    step(e, s, e.kind, e.description)


MONITORING_HANDLERS: dict[str, Callable] = {
    "Employee.Transferred": on_transferred,
    "Proposal.Executed": on_executed,
    "Survey.Recorded": on_survey_recorded,
    "Survey.Corrected": on_survey_corrected,
    "Evaluation.Recorded": on_evaluated,
    "Investigation.Flagged": on_flagged,
    "Investigation.Opened": investigation_step(
        "Investigasi dibuka", lambda e, r: "Investigasi penurunan layanan dibuka",
        lambda e: e.note or None, status="open"),
    "Investigation.FindingsRecorded": on_findings,
    "Investigation.ActionRecorded": on_action,
    "Investigation.Closed": investigation_step(
        "Investigasi ditutup", lambda e, r: f"Investigasi ditutup setelah {r['actions']} tindakan korektif",
        lambda e: e.summary, status="closed"),
}

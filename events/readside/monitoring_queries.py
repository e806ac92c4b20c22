"""Read side of monitoring: surveys and their trend, transfers in/out of a unit, the unit's history,
post-move evaluations (inbox, overdue), service-decline investigations. Plain dicts only."""
from __future__ import annotations

import json
from datetime import date, timedelta

from peewee import fn

from domain.access import Actor
from domain.evaluation import ADAPTATION, opens_on
from domain.investigation import ACTION_KINDS, STATES
from domain.rules import RATING_LABELS
from domain.service_decline import period_bounds
from domain.survey import ELEMENT_CODES, indicative
from events.readside.queries import visible_unit_codes
from events.readside.readmodels import UnitRow
from events.readside.stakeholder_rows import (ActionRow, EvaluationRow, InvestigationRow, MovementRow,
                                     SurveyRow, UnitHistoryRow)


# --- surveys and transfers --------------------------------------------------------------------
def unit_surveys(unit_code: str) -> list[dict]:
    """The unit's surveys, oldest first, each with its elements (code, name, NRR) and whether it is
    only indicative (fewer respondents than its Krejcie–Morgan minimum)."""
    return [survey_result(row) for row in SurveyRow.select().where(SurveyRow.unit_code == unit_code)
            .order_by(SurveyRow.period_start, SurveyRow.period).dicts()]


def survey_result(row: dict) -> dict:
    names, nrr = json.loads(row["elements"] or "[]"), json.loads(row["nrr"] or "[]")
    return {**row, "indicative": indicative(row["respondents"], row["minimum"]),
            "elements": [{"code": code, "name": name, "nrr": value}
                         for code, name, value in zip(ELEMENT_CODES, names, nrr)]}


def previous_survey(unit_code: str, period: str) -> dict | None:
    start, _ = period_bounds(period)
    return (SurveyRow.select(SurveyRow.period, SurveyRow.score)
            .where(SurveyRow.unit_code == unit_code, SurveyRow.period_start < start)
            .order_by(SurveyRow.period_start.desc(), SurveyRow.period.desc()).dicts().first())


def unit_movements(unit_code: str, since: date | None = None) -> list[dict]:
    """Transfers into or out of the unit (moves inside it are neither), oldest first."""
    query = MovementRow.select().where(
        ((MovementRow.to_unit == unit_code) | (MovementRow.from_unit == unit_code)),
        MovementRow.to_unit != MovementRow.from_unit)
    if since:
        query = query.where(MovementRow.tmt >= since)
    return [{"employee_id": m["employee_id"], "nip": m["nip"], "name": m["name"],
             "direction": "masuk" if m["to_unit"] == unit_code else "keluar",
             "from_unit": m["from_unit"], "to_unit": m["to_unit"], "tmt": m["tmt"]}
            for m in query.order_by(MovementRow.tmt, MovementRow.notification_id).dicts()]


def units_under_investigation() -> set[str]:
    return {r.unit_code for r in InvestigationRow.select(InvestigationRow.unit_code)
            .where(InvestigationRow.status == "open")}


def overview(today: date) -> list[dict]:
    """Every unit: latest score and its change, transfers in/out in the last 12 months, open cases."""
    since = today - timedelta(days=365)
    moved: dict = {}
    for m in MovementRow.select(MovementRow.from_unit, MovementRow.to_unit).where(
            MovementRow.tmt >= since, MovementRow.tmt <= today,
            MovementRow.from_unit != MovementRow.to_unit).tuples():
        moved.setdefault(m[1], [0, 0])[0] += 1
        moved.setdefault(m[0], [0, 0])[1] += 1
    surveys: dict = {}
    for s in SurveyRow.select().order_by(SurveyRow.period_start, SurveyRow.period).dicts():
        surveys.setdefault(s["unit_code"], []).append(survey_result(s))
    cases = {r["unit_code"]: r["status"] for r in InvestigationRow.select(
        InvestigationRow.unit_code, InvestigationRow.status).where(InvestigationRow.status != "closed").dicts()}
    rows = [unit_figures(u, surveys.get(u["code"], []), moved.get(u["code"], [0, 0]), cases.get(u["code"]))
            for u in UnitRow.select(UnitRow.code, UnitRow.name).dicts()]
    return sorted(rows, key=lambda r: (-(r["moved_in"] + r["moved_out"]), r["code"]))


def unit_figures(unit: dict, surveys: list[dict], moved: list[int], case: str | None) -> dict:
    latest = surveys[-1] if surveys else None
    previous = surveys[-2] if len(surveys) > 1 else None
    return {**unit, "latest": latest, "change": round(latest["score"] - previous["score"], 2)
            if previous else None, "moved_in": moved[0], "moved_out": moved[1],
            "case": STATES.get(case) if case else None}


def unit_history(unit_code: str, limit: int = 100) -> list[dict]:
    return list(UnitHistoryRow.select().where(UnitHistoryRow.unit_code == unit_code)
                .order_by(UnitHistoryRow.notification_id.desc()).limit(limit).dicts())


# --- evaluations ------------------------------------------------------------------------------
def with_labels(row: dict, today: date, days_before: int) -> dict:
    return {**row, "overdue": not row["done"] and row["due"] < today,
            "opens_on": opens_on(row["due"], days_before),
            "adaptation_label": ADAPTATION.get(row["adaptation"]),
            "performance_label": RATING_LABELS.get(row["performance"])}


def evaluation_inbox(actor: Actor, today: date, days_before: int) -> list[dict]:
    """Evaluations a unit head still has to fill in (their unit and sub-units), earliest due first."""
    query = EvaluationRow.select().where(~EvaluationRow.done)
    units = visible_unit_codes(actor)
    if units is not None:
        query = query.where(EvaluationRow.unit_code.in_(list(units)))
    return [with_labels(r, today, days_before) for r in
            query.order_by(EvaluationRow.due, EvaluationRow.nip).dicts()]


def overdue_by_unit(today: date) -> list[dict]:
    rows = (EvaluationRow.select(EvaluationRow.unit_code, fn.COUNT(EvaluationRow.proposal_id).alias("overdue"),
                                 fn.MIN(EvaluationRow.due).alias("oldest"))
            .where(~EvaluationRow.done, EvaluationRow.due < today)
            .group_by(EvaluationRow.unit_code).order_by(fn.MIN(EvaluationRow.due)).dicts())
    return list(rows)


def unit_evaluations(unit_code: str, today: date, days_before: int) -> list[dict]:
    return [with_labels(r, today, days_before) for r in EvaluationRow.select().where(
        EvaluationRow.unit_code == unit_code).order_by(EvaluationRow.due.desc()).limit(100).dicts()]


def get_evaluation(proposal_id, months: int) -> dict | None:
    return EvaluationRow.select().where(EvaluationRow.proposal_id == proposal_id,
                                        EvaluationRow.months == months).dicts().first()


# --- investigations ---------------------------------------------------------------------------
def list_investigations(unit_code: str | None = None) -> list[dict]:
    query = InvestigationRow.select()
    if unit_code:
        query = query.where(InvestigationRow.unit_code == unit_code)
    order = (InvestigationRow.status == "closed", InvestigationRow.flagged_at.desc())
    return [{**r, "state_label": STATES[r["status"]], "movements": json.loads(r["movements"])}
            for r in query.order_by(*order).dicts()]


def get_investigation(investigation_id) -> dict | None:
    row = InvestigationRow.select().where(InvestigationRow.id == investigation_id).dicts().first()
    if row is None:
        return None
    actions = [{**a, "kind_label": ACTION_KINDS[a["kind"]]} for a in ActionRow.select().where(
        ActionRow.investigation_id == investigation_id).order_by(ActionRow.number).dicts()]
    return {**row, "state_label": STATES[row["status"]], "movements": json.loads(row["movements"]),
            "actions_list": actions}

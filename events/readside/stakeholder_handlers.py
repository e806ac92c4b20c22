"""Projection handlers for consultations and comments, and the helpers every stakeholder/monitoring
handler shares (rows cached in the Session, the unit history, timeline rows). `extend(HANDLERS)`
adds them all, chaining after an existing handler of the same event (Employee.Transferred,
Proposal.Executed) instead of replacing it."""
from __future__ import annotations

import json
from typing import Callable

from domain.consultation import CATEGORIES
from events.readside.readmodels import StepRow
from events.readside.stakeholder_rows import (CommentRow, ConsultationItemRow, ConsultationRow,
                                     UnitHistoryRow)


# --- shared helpers ----------------------------------------------------------------------------
def when(e):
    return e.timestamp.replace(tzinfo=None)


def cached(s, model, key) -> dict:
    """The row as this catch-up left it: from the batch not yet flushed, else from the table."""
    row = s.upserts.get(model, {}).get(key)
    if row is None:
        row = model.select().where(model._meta.primary_key == key).dicts().get()
    return row


def put(s, model, key, row: dict) -> dict:
    s.upserts.setdefault(model, {})[key] = row
    return row


def change(s, model, key, **values) -> dict:
    return put(s, model, key, {**cached(s, model, key), **values})


def step(e, s, detail: str | None, reason: str | None) -> None:
    """One row of the history of a proposal or an investigation (the page of that subject)."""
    put(s, StepRow, (e.originator_id, s.position), {
        "subject_id": e.originator_id, "notification_id": s.position, "occurred_at": when(e),
        "kind": type(e).__name__, "detail": detail, "actor": e.actor, "role": e.role,
        "reason": reason})


def unit_history(e, s, unit_code: str, kind: str, summary: str, reason: str | None = None) -> None:
    put(s, UnitHistoryRow, (unit_code, s.position), {
        "unit_code": unit_code, "notification_id": s.position, "occurred_at": when(e), "kind": kind,
        "summary": summary, "actor": e.actor, "role": e.role, "reason": reason})


def timeline(e, s, employee_ids, kind: str, summary: str, reason: str | None = None,
             effective=None) -> None:
    for employee_id in dict.fromkeys(employee_ids):  # once per person, in order
        s.timeline.append({"employee_id": employee_id, "notification_id": s.position,
                           "occurred_at": when(e), "effective": effective, "kind": kind,
                           "summary": summary, "actor": e.actor, "role": e.role, "reason": reason})


# --- consultations -----------------------------------------------------------------------------
def on_consultation_opened(e, s):
    put(s, ConsultationRow, e.originator_id, {
        "id": e.originator_id, "subject": e.subject, "title": e.title, "description": e.description,
        "period": e.period, "plan_id": e.plan_id, "status": "open", "opened_by": e.actor,
        "opened_at": when(e), "closed_by": None, "closing_note": None})
    for number, item in enumerate(e.items, 1):
        put(s, ConsultationItemRow, (e.originator_id, item["key"]), {
            "consultation_id": e.originator_id, "key": item["key"], "number": number,
            "unit_code": item["unit_code"], "unit_name": item["unit_name"],
            "position_name": item["position_name"], "change": item["change"],
            "leadership": item["leadership"], "people": json.dumps(item["people"], sort_keys=True)})
    for unit_code in sorted({item["unit_code"] for item in e.items}):
        unit_history(e, s, unit_code, "Konsultasi publik dibuka", f"Konsultasi publik dibuka: {e.title}")


def consultation_units(s, consultation_id) -> set[str]:
    pending = {row["unit_code"] for (cid, _), row in s.upserts.get(ConsultationItemRow, {}).items()
               if cid == consultation_id}
    return pending | {r.unit_code for r in ConsultationItemRow.select(ConsultationItemRow.unit_code)
                      .where(ConsultationItemRow.consultation_id == consultation_id)}


def on_consultation_closed(e, s):
    row = change(s, ConsultationRow, e.originator_id, status="closed", closed_by=e.actor, closing_note=e.note)
    for unit_code in sorted(consultation_units(s, e.originator_id)):
        unit_history(e, s, unit_code, "Konsultasi publik ditutup", f"Konsultasi publik ditutup: {row['title']}",
                     e.note)


def on_comment_submitted(e, s):
    put(s, CommentRow, e.originator_id, {
        "id": e.originator_id, "consultation_id": e.consultation_id, "item_key": e.item_key,
        "kind": e.kind, "category": e.category, "text": e.text, "author_name": e.author_name,
        "contact": e.contact, "service_unit": e.service_unit, "employee_name": e.employee_name,
        "status": "submitted", "hidden_reason": None, "moderated_by": None, "response": None,
        "responded_by": None, "employee_id": None, "submitted_at": when(e)})


def on_comment_published(e, s):
    change(s, CommentRow, e.originator_id, status="published", moderated_by=e.actor)


def on_comment_hidden(e, s):
    change(s, CommentRow, e.originator_id, status="hidden", hidden_reason=e.reason, moderated_by=e.actor)


def on_comment_responded(e, s):
    change(s, CommentRow, e.originator_id, response=e.response, responded_by=e.actor)


def on_comment_attached(e, s):
    row = change(s, CommentRow, e.originator_id, employee_id=e.employee_id)
    timeline(e, s, [e.employee_id], "Masukan layanan publik",
             f"Masukan layanan dari publik ({CATEGORIES.get(row['category'], row['category'])}) tentang "
             f"pelayanan di {e.unit_code} dilampirkan oleh BKD; isinya hanya untuk peran yang berwenang")


CONSULTATION_HANDLERS: dict[str, Callable] = {
    "Consultation.Opened": on_consultation_opened,
    "Consultation.Closed": on_consultation_closed,
    "Comment.Submitted": on_comment_submitted,
    "Comment.Published": on_comment_published,
    "Comment.Hidden": on_comment_hidden,
    "Comment.Responded": on_comment_responded,
    "Comment.AttachedToEmployee": on_comment_attached,
}

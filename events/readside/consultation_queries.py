"""Read side of consultations: the PUBLIC views (explicit columns, never contact data, names or NIPs
unless a setting allows them for leadership posts, never a comment that is not published) and the
internal views for BKD moderation, reviewers and the employee page."""
from __future__ import annotations

import json

from peewee import fn

from domain.consultation import CATEGORIES, COMMENT_STATES, SUBJECTS
from domain.stakeholder_settings import StakeholderSettings
from events.readside.readmodels import EmployeeRow, PositionRow, UnitRow
from events.readside.stakeholder_rows import CommentRow, ConsultationItemRow, ConsultationRow

PUBLIC_COMMENT = (CommentRow.item_key, CommentRow.category, CommentRow.text, CommentRow.response,
                  CommentRow.submitted_at)


def post_info(codes) -> dict[str, dict]:
    """code -> {code, name, unit_code, unit_name, jabatan_type} for the codes that exist."""
    codes = [c for c in set(codes) if c]
    units = {u.code: u.name for u in UnitRow.select(UnitRow.code, UnitRow.name)}
    rows = PositionRow.select(PositionRow.code, PositionRow.name, PositionRow.unit_code,
                              PositionRow.jabatan_type).where(PositionRow.code.in_(codes)).dicts()
    return {r["code"]: {**r, "unit_name": units.get(r["unit_code"], r["unit_code"])} for r in rows}


def pending_count(consultation_id) -> int:
    return CommentRow.select().where(CommentRow.consultation_id == consultation_id,
                                     (CommentRow.status == "submitted") | CommentRow.response.is_null()
                                     ).count()


def labelled(comment: dict) -> dict:
    return {**comment, "category_label": CATEGORIES.get(comment["category"], comment["category"])}


# --- public -----------------------------------------------------------------------------------
def public_consultations() -> list[dict]:
    published = dict(CommentRow.select(CommentRow.consultation_id, fn.COUNT(CommentRow.id))
                     .where(CommentRow.status == "published", CommentRow.kind == "consultation")
                     .group_by(CommentRow.consultation_id).tuples())
    rows = ConsultationRow.select(ConsultationRow.id, ConsultationRow.title, ConsultationRow.period,
                                  ConsultationRow.subject, ConsultationRow.status,
                                  ConsultationRow.opened_at).order_by(
        ConsultationRow.status.desc(), ConsultationRow.opened_at.desc()).dicts()
    return [{**r, "subject_label": SUBJECTS[r["subject"]], "comments": published.get(r["id"], 0)}
            for r in rows]


def public_consultation(consultation_id, settings: StakeholderSettings) -> dict | None:
    row = (ConsultationRow.select(ConsultationRow.id, ConsultationRow.title, ConsultationRow.description,
                                  ConsultationRow.period, ConsultationRow.subject, ConsultationRow.status,
                                  ConsultationRow.closing_note, ConsultationRow.opened_at)
           .where(ConsultationRow.id == consultation_id).dicts().first())
    if row is None:
        return None
    items = public_items(consultation_id, settings)
    labels = {item["key"]: f"{item['position_name']}, {item['unit_name']}" for item in items}
    comments = [labelled({**c, "item_label": labels.get(c["item_key"])}) for c in
                CommentRow.select(*PUBLIC_COMMENT).where(
                    CommentRow.consultation_id == consultation_id, CommentRow.kind == "consultation",
                    CommentRow.status == "published").order_by(CommentRow.submitted_at).dicts()]
    return {**row, "subject_label": SUBJECTS[row["subject"]], "items": items, "comments": comments}


def public_items(consultation_id, settings: StakeholderSettings) -> list[dict]:
    items = []
    for row in (ConsultationItemRow.select().where(ConsultationItemRow.consultation_id == consultation_id)
                .order_by(ConsultationItemRow.number).dicts()):
        people = json.loads(row.pop("people")) if row["leadership"] else []
        row["people"] = [visible_person(p, settings) for p in people] if (
            settings.public_leadership_names or settings.public_leadership_nips) else []
        items.append(row)
    return items


def visible_person(person: dict, settings: StakeholderSettings) -> dict:
    return {"name": person["name"] if settings.public_leadership_names else None,
            "nip": person["nip"] if settings.public_leadership_nips else None,
            "direction": "masuk" if person["direction"] == "in" else "keluar"}


def public_units() -> list[dict]:
    return list(UnitRow.select(UnitRow.code, UnitRow.name).order_by(UnitRow.name).dicts())


# --- internal ---------------------------------------------------------------------------------
def list_consultations() -> list[dict]:
    pending = dict(CommentRow.select(CommentRow.consultation_id, fn.COUNT(CommentRow.id))
                   .where((CommentRow.status == "submitted") | CommentRow.response.is_null())
                   .group_by(CommentRow.consultation_id).tuples())
    rows = ConsultationRow.select().order_by(ConsultationRow.opened_at.desc()).dicts()
    return [{**r, "subject_label": SUBJECTS[r["subject"]], "pending": pending.get(r["id"], 0)}
            for r in rows]


def get_consultation(consultation_id) -> dict | None:
    row = ConsultationRow.select().where(ConsultationRow.id == consultation_id).dicts().first()
    if row is None:
        return None
    items = list(ConsultationItemRow.select().where(ConsultationItemRow.consultation_id == consultation_id)
                 .order_by(ConsultationItemRow.number).dicts())
    return {**row, "subject_label": SUBJECTS[row["subject"]], "items": items,
            "comments": comments_for_moderation(consultation_id), "pending": pending_count(consultation_id)}


def comments_for_moderation(consultation_id=None) -> list[dict]:
    """Every comment, hidden ones included (BKD only); None: general service feedback."""
    where = (CommentRow.consultation_id == consultation_id) if consultation_id else \
        CommentRow.consultation_id.is_null()
    return [with_state(c) for c in CommentRow.select().where(where)
            .order_by(CommentRow.submitted_at.desc()).dicts()]


def get_comment(comment_id) -> dict | None:
    row = CommentRow.select().where(CommentRow.id == comment_id).dicts().first()
    return with_state(row) if row else None


def with_state(comment: dict) -> dict:
    return {**labelled(comment), "state_label": COMMENT_STATES[comment["status"]],
            "candidates": attach_candidates(comment) if comment["kind"] == "service" else []}


def attach_candidates(comment: dict) -> list[dict]:
    """People of the named unit whose name contains the name the public gave (for BKD to choose)."""
    if comment["employee_id"] or not comment["employee_name"] or comment["status"] != "published":
        return []
    words = [w for w in comment["employee_name"].lower().split() if len(w) > 2][:3]
    query = EmployeeRow.select(EmployeeRow.nip, EmployeeRow.name, EmployeeRow.unit_code).where(
        EmployeeRow.unit_code == comment["service_unit"], EmployeeRow.active)
    for word in words:
        query = query.where(EmployeeRow.search.contains(word))
    return list(query.order_by(EmployeeRow.name).limit(10).dicts())


def proposal_comments(row: dict) -> list[dict]:
    """Published consultation comments on the positions a proposal concerns, and general comments
    on a consultation of its plan: what reviewers read before they decide."""
    plans = ConsultationRow.select(ConsultationRow.id).where(ConsultationRow.plan_id == row["plan_id"]) \
        if row.get("plan_id") else None
    concerned = CommentRow.item_key.in_([row["from_post"], row["to_post"]])
    if plans is not None:
        concerned |= (CommentRow.item_key.is_null() & CommentRow.consultation_id.in_(plans))
    query = (CommentRow.select(*PUBLIC_COMMENT, ConsultationRow.title.alias("consultation"))
             .join(ConsultationRow, on=(CommentRow.consultation_id == ConsultationRow.id))
             .where(CommentRow.status == "published", CommentRow.kind == "consultation", concerned)
             .order_by(CommentRow.submitted_at))
    return [labelled(c) for c in query.dicts()]


def employee_feedback(employee_id) -> list[dict]:
    return [labelled(c) for c in CommentRow.select().where(
        CommentRow.employee_id == employee_id, CommentRow.status == "published")
        .order_by(CommentRow.submitted_at.desc()).dicts()]


def unit_feedback(unit_code: str) -> list[dict]:
    return [labelled(c) for c in CommentRow.select().where(
        CommentRow.service_unit == unit_code, CommentRow.status == "published")
        .order_by(CommentRow.submitted_at.desc()).limit(50).dicts()]



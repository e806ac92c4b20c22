"""Stakeholder use cases: public consultation (open and close one on a plan or on positions) and
comments (a public comment, moderating it, responding to it, attaching service feedback to the
civil servant it is about). Each is get → one command → store()."""
from __future__ import annotations

from uuid import UUID

from domain.access import Actor
from domain.consultation import Comment, Consultation, consulted_codes, plan_items, position_items
from domain.organisation import Unit, unit_id
from domain.rules import DomainError
from domain.stakeholder_settings import DEFAULT_STAKEHOLDER_SETTINGS, StakeholderSettings
from events.app import Mutasi
from events.readside import consultation_queries


def parse_id(value, what: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise DomainError(f"{what} tidak ditemukan.") from None


def load_consultation(app: Mutasi, consultation_id) -> Consultation:
    return app.load(Consultation, parse_id(consultation_id, "Konsultasi"), "Konsultasi")


def load_comment(app: Mutasi, comment_id) -> Comment:
    return app.load(Comment, parse_id(comment_id, "Komentar"), "Komentar")


def open_plan_consultation(app: Mutasi, actor: Actor, plan_id, title: str, description: str, period: str = "",
                           settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> UUID:
    actor.require("consult")
    plan = app.plan(plan_id)
    codes = {line["to_post"] for line in plan.lines} | {line["from_post"] for line in plan.lines}
    items = plan_items(plan.lines, consultation_queries.post_info(codes), settings.leadership_types)
    consultation = Consultation.open(subject="plan", title=title, description=description, period=period,
                                     plan_id=plan.id, items=items, actor=actor.username, role=actor.role,
                                     plan_status=plan.status)
    app.store(consultation)
    return consultation.id


def open_positions_consultation(app: Mutasi, actor: Actor, codes: list[str], period: str, change_kind: str,
                                title: str, description: str,
                                settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> UUID:
    actor.require("consult")
    wanted = consulted_codes(codes)  # bounded before the views are asked about them
    items = position_items(wanted, consultation_queries.post_info(wanted), change_kind,
                           settings.leadership_types)
    consultation = Consultation.open(subject="positions", title=title, description=description,
                                     period=period, plan_id=None, items=items, actor=actor.username,
                                     role=actor.role)
    app.store(consultation)
    return consultation.id


def close_consultation(app: Mutasi, actor: Actor, consultation_id, note: str) -> None:
    actor.require("consult")
    consultation = load_consultation(app, consultation_id)
    consultation.close(note=note, pending=consultation_queries.pending_count(consultation.id),
                       actor=actor.username, role=actor.role)
    app.store(consultation)


def submit_comment(app: Mutasi, consultation_id, *, item_key: str = "", category: str = "", text: str = "",
                   author_name: str = "", contact: str = "", service_unit: str = "",
                   employee_name: str = "",
                   settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> UUID:
    """A comment from the public (no account). Refused input raises and stores nothing."""
    consultation = load_consultation(app, consultation_id) if consultation_id else None
    service_unit = (service_unit or "").strip().upper()
    if service_unit:
        app.load(Unit, unit_id(service_unit), f"Unit layanan {service_unit}")
    comment = Comment.submit(consultation=consultation, item_key=item_key, category=category, text=text,
                             author_name=author_name, contact=contact, service_unit=service_unit,
                             employee_name=employee_name, settings=settings)
    app.store(comment)
    return comment.id


def moderate(app: Mutasi, actor: Actor, comment_id, decision: str, reason: str = "", response: str = "") -> None:
    """Publish or hide (with a reason), and record the response in the same step when given."""
    actor.require("consult")
    comment = load_comment(app, comment_id)
    if decision == "publish":
        comment.publish(actor=actor.username, role=actor.role)
    elif decision == "hide":
        comment.hide(reason=reason, actor=actor.username, role=actor.role)
    else:
        raise DomainError("Pilih terbitkan atau sembunyikan.")
    if (response or "").strip():
        comment.respond(response=response, actor=actor.username, role=actor.role)
    app.store(comment, conflict="Komentar ini baru saja dimoderasi pengguna lain; muat ulang.")


def respond(app: Mutasi, actor: Actor, comment_id, response: str) -> None:
    actor.require("consult")
    comment = load_comment(app, comment_id)
    comment.respond(response=response, actor=actor.username, role=actor.role)
    app.store(comment, conflict="Komentar ini baru saja ditanggapi pengguna lain; muat ulang.")


def attach_feedback(app: Mutasi, actor: Actor, comment_id, nip: str) -> None:
    """Service feedback about a named civil servant goes to that person's record (never public)."""
    actor.require("consult")
    comment = load_comment(app, comment_id)
    employee = app.employee(nip)
    comment.attach_to(employee_id=employee.id, nip=employee.nip, name=employee.name,
                      unit_code=comment.service_unit, actor=actor.username, role=actor.role)
    app.store(comment)

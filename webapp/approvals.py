"""The approval workflow in the browser: queues, a step-through view, bulk decisions on a plan,
the SK, and execution on the TMT."""
from __future__ import annotations

import re

from datetime import date

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from domain.access import ForbiddenError
from domain.proposal import CHECKLIST, SOURCES, STATES
from domain.rules import DomainError
from events.readside import approval_queries
from events.usecases import approvals
from webapp.auth import current_actor, login_required

bp = Blueprint("approvals", __name__, url_prefix="/persetujuan")
COMMANDS = {  # form action -> (proposal command, arguments read from the form)
    "submit": ("submit", lambda f: {}),  # the rules are checked by the use case
    "waive": ("waive", lambda f: {"rule": f.get("rule", ""), "reason": f.get("reason", "")}),
    "documents": ("record_documents", lambda f: {"checklist": {k: k in f for k in CHECKLIST}}),
    "verify": ("verify", lambda f: {}),
    "return": ("return_to_planner", lambda f: {"step": "verify", "reason": f.get("reason", "")}),
    "agree": ("recommend", lambda f: {"opinion": "setuju", "note": f.get("reason", "")}),
    "disagree": ("recommend", lambda f: {"opinion": "tidak_setuju", "note": f.get("reason", "")}),
    "approve": ("decide", lambda f: {"decision": "approve", "reason": f.get("reason", "")}),
    "reject": ("decide", lambda f: {"decision": "reject", "reason": f.get("reason", "")}),
    "send_back": ("decide", lambda f: {"decision": "return", "reason": f.get("reason", "")}),
    "undo": ("undo_decision", lambda f: {}),
    "withdraw": ("withdraw", lambda f: {"reason": f.get("reason", "")}),
}


def parse_date(value: str, label: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise DomainError(f"{label} tidak sah; gunakan format TTTT-BB-HH.") from None


@bp.route("/")
@login_required
def index():
    items = approval_queries.queue(current_actor(), request.args.get("status") or None)
    return render_template("approvals/index.html", items=items, counts=approval_queries.counts(current_actor()),
                           states=STATES, sources=SOURCES)


@bp.route("/<uuid:proposal_id>")
@login_required
def show(proposal_id: str):
    return render_step(proposal_id)


def render_step(proposal_id: str, error: str | None = None, status: int = 200):
    row = approval_queries.get_proposal_row(proposal_id)
    if row is None:
        abort(404)
    actor = current_actor()
    if not actor.may_see_unit(row["to_unit"]) and not actor.may_see_unit(row["from_unit"]):
        abort(403)
    items = [i["id"] for i in approval_queries.queue(actor)]
    position = items.index(row["id"]) if row["id"] in items else None
    proposal = approvals.load_proposal(g.system.app, proposal_id)
    history = list(g.system.app.events.get(proposal.id))
    violations = approvals.current_violations(proposal) if row["state"] in ("draft", "returned") else []
    context = dict(row=row, proposal=proposal, history=history, checklist=CHECKLIST, error=error,
                   violations=violations, states=STATES, sources=SOURCES,
                   position=position, total=len(items),
                   previous_id=items[position - 1] if position else None,
                   next_id=items[position + 1] if position is not None and position + 1 < len(items) else None)
    template = "approvals/_step.html" if request.htmx else "approvals/step.html"
    return render_template(template, **context), status


@bp.route("/<uuid:proposal_id>/langkah", methods=["POST"])
@login_required
def act(proposal_id: str):
    action = request.form.get("action", "")
    if action not in COMMANDS:
        return render_step(proposal_id, f"Tindakan '{action}' tidak dikenal.", 422)
    command, arguments = COMMANDS[action]
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        version = None
    try:
        approvals.step(g.system.app, current_actor(), proposal_id, command, expected_version=version,
                       **arguments(request.form))
    except DomainError as error:
        return render_step(proposal_id, str(error), 422)
    next_id = request.form.get("next_id")
    if next_id and re.fullmatch(r"[0-9a-f-]{32,36}", next_id) and action not in ("documents", "undo"):
        return redirect(url_for("approvals.show", proposal_id=next_id, done=action))
    return redirect(url_for("approvals.show", proposal_id=proposal_id, done=action))


@bp.route("/laksanakan", methods=["POST"])
@login_required(permission="manage_employees")
def execute_due():
    today = date.today()
    done, errors = 0, []
    for item in approval_queries.queue(current_actor(), "decreed"):
        try:
            approvals.execute(g.system.app, current_actor(), item["id"], today)
            done += 1
        except DomainError as error:
            errors.append(f"{item['name']}: {error}")
    return render_template("approvals/_executed.html", done=done, errors=errors)


@bp.route("/sk/<path:sk_number>.pdf")
@login_required
def decree_pdf(sk_number: str):
    """The signed SK, as issued; the use case decides who may have it."""
    try:
        data, digest = approvals.decree_document(g.system.app, current_actor(), sk_number)
    except ForbiddenError:
        raise
    except DomainError:
        abort(404)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="SK-{sk_number.replace("/", "-")}.pdf"',
        "X-Content-SHA256": digest})


@bp.route("/usul", methods=["POST"])
@login_required
def propose():
    """A unit head's proposal for one of their people, or an ASN's own request recorded by BKD."""
    actor, nip = current_actor(), request.form.get("nip", "")
    source = "unit_head" if actor.role == "kepala_opd" else "own_request"
    try:
        proposal_id = approvals.propose(g.system.app, actor, nip, request.form.get("to_post", "").strip(),
                                        request.form.get("reason", ""), source=source)
    except DomainError as error:
        return render_template("errors/_message.html" if request.htmx else "errors/error.html",
                               status=422, message=str(error)), 422
    return redirect(url_for("approvals.show", proposal_id=proposal_id))

"""The approval workflow in the browser: queues, a step-through view, bulk decisions on a plan,
the SK, and execution on the TMT."""
from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from domain.limits import day
from domain.labels import ACTIONS
from domain.proposal import CHECKLIST, MAX_EVIDENCE_BYTES, SOURCES, STATES, required_documents
from domain.access import ForbiddenError
from domain.rules import DomainError, NotFoundError
from events.readside import approval_queries, names, step_queries
from events.readside.queries import may_see_unit_code
from events.usecases import approvals, decrees, dossier
from webapp.auth import current_actor, login_required
from webapp.employees import render_detail
from webapp.forms import refused_with
from webapp.guards import FORM_MARGIN, body_limit

bp = Blueprint("approvals", __name__, url_prefix="/persetujuan")
COMMANDS = {  # form action -> the use case, with its arguments from the form (f) and the version (v)
    "submit": lambda app, who, pid, f, v: approvals.submit(app, who, pid, expected_version=v),
    "waive": lambda app, who, pid, f, v: approvals.waive_rule(
        app, who, pid, f.get("rule", ""), f.get("reason", ""), expected_version=v),
    "evidence": lambda app, who, pid, f, v: dossier.record_evidence(
        app, who, pid, f.get("item", ""), f.get("number", ""), day(f.get("issued"), "Tanggal dokumen"),
        *uploaded("file"), expected_version=v),
    "not_applicable": lambda app, who, pid, f, v: dossier.mark_not_applicable(
        app, who, pid, f.get("item", ""), f.get("reason", ""), expected_version=v),
    "verify": lambda app, who, pid, f, v: approvals.verify(app, who, pid, expected_version=v),
    "return": lambda app, who, pid, f, v: approvals.return_to_planner(
        app, who, pid, f.get("reason", ""), expected_version=v),
    "forward": lambda app, who, pid, f, v: approvals.forward(app, who, pid, expected_version=v),
    "approve": lambda app, who, pid, f, v: approvals.decide(
        app, who, pid, "approve", f.get("reason", ""), against_recommendation="against" in f, expected_version=v),
    "reject": lambda app, who, pid, f, v: approvals.decide(
        app, who, pid, "reject", f.get("reason", ""), against_recommendation="against" in f, expected_version=v),
    "send_back": lambda app, who, pid, f, v: approvals.decide(
        app, who, pid, "return", f.get("reason", ""), expected_version=v),
    "undo": lambda app, who, pid, f, v: approvals.undo_decision(app, who, pid, expected_version=v),
    "withdraw": lambda app, who, pid, f, v: approvals.withdraw(
        app, who, pid, f.get("reason", ""), expected_version=v),
    "spmt": lambda app, who, pid, f, v: decrees.record_after_decree(
        app, who, pid, "spmt", day(f.get("on"), "Tanggal SPMT"), f.get("number", ""), expected_version=v),
    "pelantikan": lambda app, who, pid, f, v: decrees.record_after_decree(
        app, who, pid, "pelantikan", day(f.get("on"), "Tanggal pelantikan"), f.get("number", ""),
        expected_version=v),
    "execute": lambda app, who, pid, f, v: decrees.execute(app, who, pid, date.today()),
}
DONE = ACTIONS  # what the confirmation says after each action (domain/labels.py)
CONFIRM = {"approve": "Setujui usulan", "reject": "Tolak usulan", "send_back": "Kembalikan usulan"}  # the PPK's
# decisions are recorded only from a form that names the decision confirmed (a dialog, or the page below)
NO_ADVANCE = ("evidence", "not_applicable", "undo", "waive", "spmt", "pelantikan")  # stay on the item


def uploaded(field: str) -> tuple[str, bytes]:
    """The uploaded file's name and bytes (the request's size is capped before it is read: `act`)."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        raise DomainError("Pilih berkas bukti (PDF, JPEG atau PNG).")
    return upload.filename, upload.read(MAX_EVIDENCE_BYTES + 1)


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


def render_step(proposal_id: str, error: str | None = None, status: int = 200, confirm: str | None = None):
    """The step page, from the read model only: the proposal's row, its steps and open rules, what
    the deciding roles weigh (step_queries), and the decision awaiting confirmation, if any."""
    row = approval_queries.get_proposal_step(proposal_id)
    if row is None:
        abort(404)
    actor = current_actor()
    if not (may_see_unit_code(actor, row["to_unit"]) or may_see_unit_code(actor, row["from_unit"])):
        abort(403)
    items = [i["id"] for i in approval_queries.queue(actor)]
    position = items.index(row["id"]) if row["id"] in items else None
    context = dict(row=row, done=DONE.get(request.args.get("done", "")), checklist=CHECKLIST, required=required_documents(row["route"]), error=error, violations=row["violations"],
                   states=STATES, sources=SOURCES, position=position, total=len(items),
                   previous_id=items[position - 1] if position else None,
                   next_id=items[position + 1] if position is not None and position + 1 < len(items) else None,
                   file=step_queries.step_file(actor, row["nip"], row["to_post"]),
                   typed={"reason": request.form.get("reason", ""), "against": "against" in request.form},
                   confirm={"action": confirm, "label": CONFIRM[confirm]} if confirm else None)
    template = "approvals/_step.html" if request.htmx else "approvals/step.html"
    return render_template(template, **context), status


@bp.route("/<uuid:proposal_id>/langkah", methods=["POST"])
@body_limit(MAX_EVIDENCE_BYTES + FORM_MARGIN)  # the evidence upload
@login_required
@refused_with(lambda error, proposal_id: render_step(proposal_id, str(error), 422))
def act(proposal_id: str):
    action = request.form.get("action", "")
    if action not in COMMANDS:
        raise DomainError(f"Tindakan '{action}' tidak dikenal.")
    if action in CONFIRM and request.form.get("confirmed") != action:
        return render_step(proposal_id, confirm=action)  # nothing recorded before the decision is confirmed
    COMMANDS[action](g.system.app, current_actor(), proposal_id, request.form,
                     request.form.get("version", type=int))
    next_id = request.form.get("next_id")
    if next_id and re.fullmatch(r"[0-9a-f-]{32,36}", next_id) and action not in NO_ADVANCE:
        return redirect(url_for("approvals.show", proposal_id=next_id, done=action))
    return redirect(url_for("approvals.show", proposal_id=proposal_id, done=action))


@bp.route("/laksanakan", methods=["POST"])
@login_required(permission="execute_moves")
def execute_due():
    """In two requests: the first lists the decreed moves whose TMT has come (nothing changes), the
    second carries the confirmed ones (`confirmed`) and executes those only."""
    items = approval_queries.queue(current_actor(), "decreed")
    confirmed = set(request.form.getlist("confirmed"))
    if not confirmed:
        return render_template("approvals/_execute_confirm.html", items=items,
                               ready=sum(1 for i in items if i["spmt_on"]))
    chosen = [i for i in items if str(i["id"]) in confirmed]
    result = decrees.execute_due(g.system.app, current_actor(), [i["id"] for i in chosen], date.today())
    names = {i["id"]: i["name"] for i in chosen}
    errors = [f"{names[pid]}: {message}" for pid, message in result["refused"].items()]
    return render_template("approvals/_executed.html", done=result["done"], errors=errors)


@bp.route("/sk/<path:sk_number>.pdf")
@login_required
def decree_pdf(sk_number: str):
    """The signed SK, as issued; the use case decides who may have it."""
    data, digest = decrees.decree_document(g.system.app, current_actor(), sk_number)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="SK-{sk_number.replace("/", "-")}.pdf"',
        "X-Content-SHA256": digest})


@bp.route("/<uuid:proposal_id>/berkas/<item>")
@login_required
def evidence(proposal_id: str, item: str):
    """One document of the file, as uploaded (verification opens each file)."""
    data, media_type, filename = dossier.evidence_file(g.system.app, current_actor(), proposal_id, item)
    return Response(data, mimetype=media_type, headers={
        "Content-Disposition": f'inline; filename="{secure_filename(filename) or item}"',
        "Cache-Control": "no-store"})


PICKERS = {  # the position pickers (templates/approvals/_post_picker.html): id → the field it fills
    # and where the person's NIP is read from
    "propose-post": {"id": "propose-post", "field": "to_post", "nip_from": "#propose-nip"},
    "pair-post": {"id": "pair-post", "field": "post", "nip_from": "#pair-nip"},
    "why-post": {"id": "why-post", "field": "post", "nip_from": "#why-nip"},
    "correction-post": {"id": "correction-post", "field": "to_post", "nip_from": "#correction-nip"},
}


@bp.app_template_global("picker")
def picker_of(picker_id: str) -> dict:
    return PICKERS[picker_id]


@bp.route("/jabatan")
@login_required
def pick_post():
    """The position picker's active search: the posts matching what was typed that the person could
    move to (the actor's units for a Kepala OPD), each with its rule result; `chosen` puts one post
    in the form."""
    picker = PICKERS.get(request.args.get("picker", ""), PICKERS["propose-post"])
    actor, nip = current_actor(), request.args.get("nip")
    plan_id, settings = picker_plan(actor)
    if "chosen" in request.args:
        chosen = names.chosen_post(actor, nip, request.args["chosen"], settings)
        return render_template("approvals/_picker.html", picker=picker, chosen=chosen, plan_id=plan_id,
                               value="" if chosen else request.args["chosen"][:names.MAX_QUERY])
    found = names.pick_posts(actor, nip, request.args.get(picker["field"]), settings)
    return render_template("approvals/_post_results.html", picker=picker, found=found, plan_id=plan_id)


def picker_plan(actor) -> tuple[str | None, object]:
    """`?rencana=`: on a plan's pages the picker checks the rules with the settings that plan was
    drafted with (a planner's page only; an unknown plan is refused like any other)."""
    plan_id = request.args.get("rencana") or None
    if plan_id is None or not actor.can("view_plans"):
        return None, None
    return plan_id, approvals.plan_settings(g.system.app, plan_id)


def render_proposal_form(error, nip: str = ""):
    """The employee's page again, the proposal form holding the message, the reason and the post typed.
    A person not found (or out of the actor's units) has no page to come back to: the one error mapping
    answers, with the same words for another unit's NIP as for nobody's."""
    if isinstance(error, (NotFoundError, ForbiddenError)):
        raise error
    nip = request.form.get("nip", "")
    typed = {"to_post": request.form.get("to_post", "")[:names.MAX_QUERY], "reason": request.form.get("reason", "")}
    chosen = names.chosen_post(current_actor(), nip, typed["to_post"])
    return render_detail(nip, 422, propose_error=str(error), propose_form=typed, propose_chosen=chosen)


@bp.route("/usul", methods=["POST"])
@login_required
@refused_with(render_proposal_form)
def propose():
    """A unit head's proposal for one of their people, or an ASN's own request recorded by BKD."""
    actor, nip = current_actor(), request.form.get("nip", "")
    source = "unit_head" if actor.role == "kepala_opd" else "own_request"
    proposal_id = approvals.propose(g.system.app, actor, nip, request.form.get("to_post", "").strip(),
                                    request.form.get("reason", ""), source=source)
    return redirect(url_for("approvals.show", proposal_id=proposal_id))

"""The Tim Penilai Kinerja in the browser: its sessions, a new session on forwarded proposals, the
session page (what the committee decides on per item, each present member's view, the
recommendation), closing it with the berita acara, and the berita acara's download. Read-only for
the PPK, the Kepala BKD and the Inspektorat."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from domain.committee import OPINIONS, SEATS
from domain.limits import day
from domain.proposal import SOURCES
from events.readside import committee_queries
from events.usecases import committee
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with

bp = Blueprint("committee", __name__, url_prefix="/tim-penilai")


@bp.app_context_processor
def committee_words():
    return {"opinions": OPINIONS, "seats": SEATS}


@bp.route("/")
@login_required(permission="view_committee")
def index():
    return render_template("committee/index.html", sessions=committee_queries.list_sessions(),
                           waiting=len(committee_queries.waiting_for_session()),
                           quorum=g.system.app.committee_settings.quorum)


# --- a new session ---------------------------------------------------------------------------
@bp.route("/baru")
@login_required(permission="convene")
def new():
    return render_new()


def render_new(error: str | None = None, status: int = 200):
    form = request.form if error else {}
    plan_id = request.args.get("rencana")
    try:
        plan_id = UUID(plan_id) if plan_id else None
    except ValueError:
        abort(404)
    held_on = chosen_date(form.get("held_on"))
    chosen = form.getlist("member") if form else [m.username for m in roster_on(held_on)]
    return render_template("committee/new.html", error=error, form=form, held_on=held_on, roster=roster_on(held_on),
                           chosen=chosen, chosen_proposals=form.getlist("proposal") if form else [],
                           candidates=committee_queries.waiting_for_session(plan_id), sources=SOURCES), status


def chosen_date(value: str | None) -> date:
    """The session's date as typed, or today while it is not a valid date (the form says so on submit)."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return date.today()


def roster_on(day: date) -> list:
    return g.system.app.committee_settings.roster(day)


@bp.route("/baru/anggota")
@login_required(permission="convene")
def roster():
    """htmx: the members serving on the chosen date, keeping those already ticked."""
    held_on = chosen_date(request.args.get("held_on"))
    return render_template("committee/_roster.html", held_on=held_on, roster=roster_on(held_on),
                           chosen=request.args.getlist("member"))


@bp.route("/baru", methods=["POST"])
@login_required(permission="convene")
@refused_with(lambda error: render_new(str(error), 422))
def create():
    session_id = committee.convene(g.system.app, current_actor(), request.form.get("number", ""),
                                   day(request.form.get("held_on"), "Tanggal sidang"),
                                   request.form.getlist("proposal"), request.form.getlist("member"))
    return redirect(url_for("committee.show", session_id=session_id), 303)


# --- the session -------------------------------------------------------------------------------
def session_or_404(session_id) -> dict:
    return committee_queries.get_session(session_id) or abort(404)


def may_record(session: dict) -> bool:
    actor = current_actor()
    return actor.can("convene") and actor.username in {m["username"] for m in session["members"]}


@bp.route("/<uuid:session_id>")
@login_required(permission="view_committee")
def show(session_id: UUID):
    return render_session(session_id)


def render_session(session_id: UUID, error: str | None = None, status: int = 200):
    session = session_or_404(session_id)
    files = {item["proposal_id"]: decision_file(session, item) for item in session["agenda"]}
    return render_template("committee/session.html", session=session, files=files, error=error,
                           may_record=may_record(session), form=request.form if error else {}), status


def decision_file(session: dict, item: dict) -> dict:
    """The item's decision file; the rules of today only while the session decides."""
    return committee_queries.decision_file(current_actor(), item["nip"], item["to_post"],
                                           with_rules=session["state"] == "open")


def render_item(session_id: UUID, proposal_id: str, error: str | None = None, status: int = 200):
    """htmx: one item of the session, re-rendered whole after a view is recorded (or refused)."""
    found = committee_queries.get_session_item(session_id, proposal_id) or abort(404)
    item, session = found["item"], found["session"]
    files = {item["proposal_id"]: decision_file(session, item)}
    return render_template("committee/_item.html", session=session, item=item, files=files, item_error=error,
                           may_record=may_record(session), form={}), status


def refused_view(error, session_id: UUID):
    if request.htmx:
        return render_item(session_id, request.form.get("proposal_id", ""), str(error), 422)
    return render_session(session_id, str(error), 422)


@bp.route("/<uuid:session_id>/pendapat", methods=["POST"])
@login_required(permission="convene")
@refused_with(refused_view)
def record_view(session_id: UUID):
    session = session_or_404(session_id)
    proposal_id = request.form.get("proposal_id", "")
    committee.record_view(g.system.app, current_actor(), session["number"], proposal_id,
                          request.form.get("member", ""), request.form.get("opinion", ""), request.form.get("note", ""))
    if request.htmx:
        return render_item(session_id, proposal_id)
    return redirect(url_for("committee.show", session_id=session_id, _anchor=f"item-{proposal_id}"), 303)


@bp.route("/<uuid:session_id>/tutup", methods=["POST"])
@login_required(permission="convene")
@refused_with(lambda error, session_id: render_session(session_id, str(error), 422))
def conclude(session_id: UUID):
    session = session_or_404(session_id)
    chosen = {str(item["proposal_id"]): {"opinion": request.form.get(f"recommendation-{item['proposal_id']}", ""),
                                         "note": request.form.get(f"note-{item['proposal_id']}", "")}
              for item in session["agenda"]}
    committee.conclude(g.system.app, current_actor(), session["number"], chosen)
    return redirect(url_for("committee.show", session_id=session_id, tersimpan=1), 303)


@bp.route("/<uuid:session_id>/berita-acara.pdf")
@login_required(permission="read_minutes")
def minutes(session_id: UUID):
    """The berita acara as issued when the session concluded."""
    session = session_or_404(session_id)
    data, digest = committee.minutes_document(g.system.app, current_actor(), session["number"])
    filename = "berita-acara-" + "".join(c if c.isalnum() else "-" for c in session["number"]) + ".pdf"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "X-Content-SHA256": digest})

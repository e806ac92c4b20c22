"""BKD's side of public consultation: open one on a plan or on positions for a period, moderate and
answer the comments, attach service feedback to the person it is about, close the consultation."""
from __future__ import annotations

import re

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from domain.consultation import CHANGE_KINDS
from events.readside import consultation_queries
from events.usecases import planning, stakeholders
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with
from webapp.stakeholders import settings

bp = Blueprint("consultations", __name__, url_prefix="/konsultasi")
OPEN_FIELDS = ("plan_id", "codes", "period", "change_kind", "title", "description")


@bp.route("/")
@login_required(permission="consult")
def index():
    return render_index({}, None, 200)


def render_index(form: dict, error: str | None, status: int):
    plans = planning.list_plans()
    return render_template("consultations/index.html", rows=consultation_queries.list_consultations(),
                           plans=plans, change_kinds=CHANGE_KINDS, form=form, error=error), status


def open_form() -> dict:
    return {key: request.form.get(key, "") for key in OPEN_FIELDS}


@bp.route("/", methods=["POST"])
@login_required(permission="consult")
@refused_with(lambda error: render_index(open_form(), str(error), 422))
def open_consultation():
    form = open_form()
    if request.form.get("subject") == "plan":
        consultation_id = stakeholders.open_plan_consultation(
            g.system.app, current_actor(), form["plan_id"], form["title"], form["description"], form["period"],
            settings())
    else:
        consultation_id = stakeholders.open_positions_consultation(
            g.system.app, current_actor(), re.split(r"[\s,;]+", form["codes"]), form["period"],
            form["change_kind"], form["title"], form["description"], settings())
    return redirect(url_for("consultations.detail", consultation_id=consultation_id), 303)


@bp.route("/<uuid:consultation_id>")
@login_required(permission="consult")
def detail(consultation_id: str):
    return render_detail(str(consultation_id), None, 200)


def render_detail(consultation_id: str, error: str | None, status: int):
    view = consultation_queries.get_consultation(consultation_id)
    if view is None:
        abort(404)
    return render_template("consultations/detail.html", view=view, error=error), status


@bp.route("/<uuid:consultation_id>/tutup", methods=["POST"])
@login_required(permission="consult")
@refused_with(lambda error, consultation_id: render_detail(str(consultation_id), str(error), 422))
def close(consultation_id: str):
    consultation_id = str(consultation_id)
    stakeholders.close_consultation(g.system.app, current_actor(), consultation_id, request.form.get("note", ""))
    return redirect(url_for("consultations.detail", consultation_id=consultation_id), 303)


@bp.route("/masukan-layanan")
@login_required(permission="consult")
def feedback():
    return render_template("consultations/feedback.html",
                           comments=consultation_queries.comments_for_moderation(None))


COMMENT_ACTIONS = {
    "moderate": lambda app, who, cid, f: stakeholders.moderate(
        app, who, cid, f.get("decision", ""), f.get("reason", ""), f.get("response", "")),
    "respond": lambda app, who, cid, f: stakeholders.respond(app, who, cid, f.get("response", "")),
    "attach": lambda app, who, cid, f: stakeholders.attach_feedback(app, who, cid, f.get("nip", "")),
}


@bp.route("/komentar/<uuid:comment_id>/<action>", methods=["POST"])
@login_required(permission="consult")
@refused_with(lambda error, comment_id, action: comment_answer(str(comment_id), str(error)))
def act_on_comment(comment_id: str, action: str):
    comment_id = str(comment_id)
    if action not in COMMENT_ACTIONS or consultation_queries.get_comment(comment_id) is None:
        abort(404)
    COMMENT_ACTIONS[action](g.system.app, current_actor(), comment_id, request.form)
    return comment_answer(comment_id)


def comment_answer(comment_id: str, error: str | None = None):
    """The comment re-rendered (htmx), or the page it was moderated from; the comment's own page
    with the message when refused."""
    comment = consultation_queries.get_comment(comment_id)
    if request.htmx:
        return render_template("consultations/_comment.html", c=comment, error=error), 422 if error else 200
    if error:
        return render_template("consultations/comment.html", c=comment, error=error), 422
    return redirect(back_to(comment) + f"#comment-{comment_id}", 303)


def back_to(comment: dict) -> str:
    if comment["consultation_id"]:
        return url_for("consultations.detail", consultation_id=comment["consultation_id"])
    return url_for("consultations.feedback")


"""Post-move evaluations: the unit head's inbox (3 and 6 months after each executed mutation into
their unit) and, for everyone else, the overdue evaluations per unit."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, g, redirect, render_template, request, url_for

from domain.evaluation import ADAPTATION
from domain.rules import RATING_LABELS
from events.readside import monitoring_queries
from events.usecases import monitoring
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with
from webapp.stakeholders import settings

bp = Blueprint("evaluations", __name__, url_prefix="/pemantauan/evaluasi")


@bp.route("/")
@login_required
def index():
    return render_inbox(None, None, 200)


def render_inbox(error: str | None, failed: tuple | None, status: int):
    actor, today = current_actor(), date.today()
    inbox = monitoring_queries.evaluation_inbox(actor, today, settings().evaluation_opens_days_before) \
        if actor.can("evaluate_moves") else []
    return render_template("evaluations/index.html", inbox=inbox, today=today,
                           overdue=monitoring_queries.overdue_by_unit(today), adaptation=ADAPTATION,
                           ratings=RATING_LABELS, error=error, failed=failed, form=request.form), status


@bp.route("/<proposal_id>/<int:months>", methods=["POST"])
@login_required(permission="evaluate_moves")
@refused_with(lambda error, proposal_id, months: render_inbox(str(error), (proposal_id, months), 422))
def record(proposal_id: str, months: int):
    monitoring.record_evaluation(g.system.app, current_actor(), proposal_id, months,
                                 request.form.get("adaptation", ""), request.form.get("performance", ""),
                                 request.form.get("notes", ""), date.today(), settings())
    return redirect(url_for("evaluations.index", tersimpan=1), 303)

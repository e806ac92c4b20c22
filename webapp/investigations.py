"""Service-decline investigations: the flags, opening one, findings, corrective actions (training,
coaching, a corrective proposal into the approval workflow) and closing."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from domain.investigation import ACTION_KINDS
from events.readside import monitoring_queries, queries
from events.usecases import monitoring
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with

bp = Blueprint("investigations", __name__, url_prefix="/pemantauan/investigasi")
STEPS = {  # form action -> the use case with its arguments from the form
    "buka": lambda app, who, iid, f: monitoring.open_investigation(app, who, iid, f.get("note", "")),
    "temuan": lambda app, who, iid, f: monitoring.record_findings(app, who, iid, f.get("findings", "")),
    "tindakan": lambda app, who, iid, f: monitoring.record_action(
        app, who, iid, f.get("kind", ""), f.get("description", ""), f.get("nip", "")),
    "usulan": lambda app, who, iid, f: monitoring.propose_correction(
        app, who, iid, f.get("nip", ""), f.get("to_post", ""), f.get("description", "")),
    "tutup": lambda app, who, iid, f: monitoring.close_investigation(app, who, iid, f.get("summary", "")),
}


@bp.route("/")
@login_required(permission="view_all_employees")
def index():
    return render_template("investigations/index.html", rows=monitoring_queries.list_investigations())


@bp.route("/<uuid:investigation_id>")
@login_required(permission="view_all_employees")
def detail(investigation_id: str):
    return render_detail(str(investigation_id), None, 200)


def render_detail(investigation_id: str, error: str | None, status: int):
    row = monitoring_queries.get_investigation(investigation_id)
    if row is None:
        abort(404)
    return render_template("investigations/detail.html", row=row, history=queries.list_steps(row["id"]),
                           error=error, kinds=ACTION_KINDS, form=request.form if error else {}), status


@bp.route("/<uuid:investigation_id>/<step>", methods=["POST"])
@login_required(permission="investigate")
@refused_with(lambda error, investigation_id, step: render_detail(str(investigation_id), str(error), 422))
def act(investigation_id: str, step: str):
    investigation_id = str(investigation_id)
    if step not in STEPS:
        abort(404)
    STEPS[step](g.system.app, current_actor(), investigation_id, request.form)
    return redirect(url_for("investigations.detail", investigation_id=investigation_id, tersimpan=step), 303)

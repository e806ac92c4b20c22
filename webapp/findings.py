"""The Inspektorat's findings register: what the check over the log found, by severity, unit and
period; each finding marked examined with a note (an event); the list exported as CSV."""
from __future__ import annotations

from flask import Blueprint, Response, g, redirect, render_template, request, stream_with_context, url_for

from domain.finding import KINDS, SEVERITIES
from events.files.documents import export_lines
from events.readside import findings as register
from events.usecases import findings
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with
from webapp.paging import page_arg

bp = Blueprint("findings", __name__, url_prefix="/temuan")
FILTER_KEYS = ("severity", "kind", "status", "unit", "start", "end")


def typed() -> dict:
    return {key: request.args.get(key, "").strip() for key in FILTER_KEYS}


@bp.route("/")
@login_required(permission="findings")
@refused_with(lambda error: render_index(None, str(error), 422))
def index():
    return render_index(register.search(register.clean_filters(request.args), page_arg()))


def render_index(result: dict | None, error: str | None = None, status: int = 200, failed: str | None = None):
    args = {k: v for k, v in typed().items() if v}
    return render_template("findings/index.html", result=result, error=error, failed=failed, form=typed(),
                           args=args, severities=SEVERITIES, kinds=KINDS, statuses=register.STATUSES,
                           units=register.unit_options()), status


@bp.route("/<uuid:finding_id>/periksa", methods=["POST"])
@login_required(permission="examine_findings")
@refused_with(lambda error, finding_id: render_index(register.search({}), str(error), 422, str(finding_id)))
def examine(finding_id):
    findings.examine(g.system.app, current_actor(), finding_id, request.form.get("note", ""))
    return redirect(url_for("findings.index", status=request.form.get("back_status") or None), 303)


@bp.route("/ekspor.csv")
@login_required(permission="findings")
def export():
    records = register.export_records(register.clean_filters(request.args))  # bad filters: 422
    return Response(stream_with_context(export_lines(register.EXPORT_FIELDS, records, "csv")),
                    headers={"Content-Disposition": 'attachment; filename="temuan.csv"'},
                    content_type="text/csv; charset=utf-8")

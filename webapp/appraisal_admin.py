"""BKD's side of the SKP cycle: periods (open, close), progress per unit, returning a unit with a
reason, and each unit's own predikat."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, g, redirect, render_template, request, url_for

from domain.rules import DomainError
from domain.skp_guidance import GUIDANCE, ORG_PREDIKATS
from events.usecases import appraisal_cycle
from events.readside import appraisal_queries
from webapp.appraisals import back_to_sheet, period_or_404, render_sheet, unit_for
from webapp.approvals import parse_date
from webapp.auth import current_actor, login_required

bp = Blueprint("appraisal_admin", __name__, url_prefix="/penilaian")


@bp.route("/")
@login_required
def index():
    return render_index()


def render_index(status: int = 200, error: str | None = None, form: dict | None = None):
    return render_template("appraisals/index.html", periods=appraisal_queries.list_periods(),
                           error=error, form=form or {}), status


@bp.route("/", methods=["POST"])
@login_required(permission="manage_periods")
def open_period():
    form = {k: request.form.get(k, "").strip() for k in ("name", "year", "starts", "ends")}
    try:
        if not form["year"].isdigit():
            raise DomainError("Tahun periode harus angka, misalnya 2027.")
        g.system.app.open_period(current_actor(), form["name"], int(form["year"]),
                                 parse_date(form["starts"], "Tanggal mulai"),
                                 parse_date(form["ends"], "Tanggal akhir"))
    except DomainError as error:
        return render_index(422, str(error), form)
    return redirect(url_for("appraisal_admin.progress", period=form["name"]))


@bp.route("/<period>/progres")
@login_required(permission="view_all_employees")
def progress(period: str):
    p = period_or_404(period)
    return render_template("appraisals/progress.html", period=p, today=date.today(),
                           progress=appraisal_queries.progress(p, date.today()), error=None)


@bp.route("/<period>/tutup", methods=["POST"])
@login_required(permission="manage_periods")
def close(period: str):
    p = period_or_404(period)
    try:
        g.system.app.close_period(current_actor(), p["name"])
    except DomainError as error:
        return render_template("appraisals/progress.html", period=p, today=date.today(), error=str(error),
                               progress=appraisal_queries.progress(p, date.today())), 422
    return redirect(url_for("appraisal_admin.progress", period=p["name"]))


@bp.route("/<period>/unit/<code>/kembalikan", methods=["POST"])
@login_required(permission="manage_periods")
def return_unit(period: str, code: str):
    p = period_or_404(period)
    unit = unit_for(current_actor(), code)
    try:
        appraisal_cycle.return_unit(g.system.app, current_actor(), p["name"], code,
                                    request.form.get("reason", ""))
    except DomainError as error:
        return render_sheet(p, unit, 422, error=str(error))
    return back_to_sheet(p, unit, dikembalikan=1)


@bp.route("/<period>/unit/<code>/predikat-unit", methods=["POST"])
@login_required(permission="manage_periods")
def unit_predikat(period: str, code: str):
    p = period_or_404(period)
    unit = unit_for(current_actor(), code)
    try:
        appraisal_cycle.set_unit_predikat(g.system.app, current_actor(), p["name"], code,
                                          request.form.get("predikat", ""))
    except DomainError as error:
        return render_sheet(p, unit, 422, error=str(error))
    return back_to_sheet(p, unit)


@bp.app_context_processor
def guidance_tables():
    return {"org_predikats": ORG_PREDIKATS, "skp_guidance": GUIDANCE}

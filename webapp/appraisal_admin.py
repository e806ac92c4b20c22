"""BKD's side of the SKP cycle: periods (open, close), progress per unit, returning a unit with a
reason, and each unit's own predikat."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, g, redirect, render_template, request, url_for

from domain.skp_guidance import GUIDANCE, ORG_PREDIKATS
from events.readside import appraisal_queries
from events.usecases import appraisal
from webapp.appraisals import back_to_sheet, period_or_404, refused_sheet, unit_for
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with

bp = Blueprint("appraisal_admin", __name__, url_prefix="/penilaian")
PERIOD_FIELDS = ("name", "year", "starts", "ends")


@bp.route("/")
@login_required
def index():
    return render_index()


def render_index(status: int = 200, error: str | None = None, form: dict | None = None):
    return render_template("appraisals/index.html", periods=appraisal_queries.list_periods(),
                           error=error, form=form or {}), status


def period_form() -> dict:
    return {k: request.form.get(k, "").strip() for k in PERIOD_FIELDS}


@bp.route("/", methods=["POST"])
@login_required(permission="manage_periods")
@refused_with(lambda error: render_index(422, str(error), period_form()))
def open_period():
    form = period_form()  # the year and the dates as typed: the period checks each against its range
    appraisal.open_period(g.system.app, current_actor(), form["name"], form["year"], form["starts"],
                          form["ends"])
    return redirect(url_for("appraisal_admin.progress", period=form["name"]))


@bp.route("/<period>/progres")
@login_required(permission="view_all_employees")
def progress(period: str):
    return render_progress(period_or_404(period))


def render_progress(period: dict, error: str | None = None, status: int = 200):
    return render_template("appraisals/progress.html", period=period, today=date.today(), error=error,
                           progress=appraisal_queries.progress(period, date.today())), status


@bp.route("/<period>/tutup", methods=["POST"])
@login_required(permission="manage_periods")
@refused_with(lambda error, period: render_progress(period_or_404(period), str(error), 422))
def close(period: str):
    p = period_or_404(period)
    appraisal.close_period(g.system.app, current_actor(), p["name"])
    return redirect(url_for("appraisal_admin.progress", period=p["name"]))


@bp.route("/<period>/unit/<code>/kembalikan", methods=["POST"])
@login_required(permission="manage_periods")
@refused_with(refused_sheet)
def return_unit(period: str, code: str):
    p = period_or_404(period)
    unit = unit_for(current_actor(), code)
    appraisal.return_unit(g.system.app, current_actor(), p["name"], code, request.form.get("reason", ""))
    return back_to_sheet(p, unit, dikembalikan=1)


@bp.route("/<period>/unit/<code>/predikat-unit", methods=["POST"])
@login_required(permission="manage_periods")
@refused_with(refused_sheet)
def unit_predikat(period: str, code: str):
    p = period_or_404(period)
    unit = unit_for(current_actor(), code)
    appraisal.set_unit_predikat(g.system.app, current_actor(), p["name"], code,
                                request.form.get("predikat", ""))
    return back_to_sheet(p, unit)


@bp.app_context_processor
def guidance_tables():
    return {"org_predikats": ORG_PREDIKATS, "skp_guidance": GUIDANCE}

"""Monitoring: the units' satisfaction scores (record by form or upload), each unit's trend with the
transfers in and out marked, its flags, investigations, evaluations and history."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from domain.rules import DomainError
from domain.survey import ELEMENTS, sample_minimum
from events.files.survey_files import MAX_BYTES, survey_template_csv
from events.readside import consultation_queries, monitoring_queries, queries
from events.usecases import monitoring
from webapp.auth import current_actor, login_required
from webapp.forms import refusal_lines, refused_with
from webapp.guards import FORM_MARGIN, body_limit
from webapp.stakeholders import settings
from webapp.trend_chart import trend_chart

bp = Blueprint("monitoring", __name__, url_prefix="/pemantauan")


@bp.route("/")
@login_required
def index():
    return render_index({}, None, None, 200)


def render_index(form: dict, error: str | None, errors: list | None, status: int):
    today = date.today()
    return render_template("monitoring/index.html", rows=monitoring_queries.overview(today),
                           overdue=monitoring_queries.overdue_by_unit(today),
                           flagged=[i for i in monitoring_queries.list_investigations() if i["status"] != "closed"],
                           units=consultation_queries.public_units(), form=form, error=error,
                           errors=errors, skm_elements=ELEMENTS,
                           skm_unknown_minimum=sample_minimum(None, settings().skm_sample_table)), status


def survey_form() -> dict:
    return {key: request.form.get(key, "") for key in ("unit_code", "period", "answers", "populasi")}


def refused_survey(error):
    """The page again with the form as typed, the message and, for a file, its rows at fault."""
    message, rows = refusal_lines(error)
    return render_index(survey_form(), message, rows or None, 422)


@bp.route("/survei", methods=["POST"])
@login_required(permission="record_surveys")
@refused_with(refused_survey)
def record():
    form = survey_form()
    return recorded(monitoring.record_survey_form(g.system.app, current_actor(), form["unit_code"],
                                                  form["period"], form["answers"], settings(),
                                                  population=form["populasi"]))


@bp.route("/survei/unggah", methods=["POST"])
@body_limit(MAX_BYTES + FORM_MARGIN)
@login_required(permission="record_surveys")
@refused_with(refused_survey)
def upload():
    form = survey_form()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise DomainError("Pilih berkas CSV atau XLSX berisi jawaban responden.")
    data = upload.stream.read(MAX_BYTES + 1)
    return recorded(monitoring.import_survey_file(g.system.app, current_actor(), form["unit_code"],
                                                  form["period"], upload.filename, data, settings(),
                                                  population=form["populasi"]))


@bp.route("/survei/templat.csv")
@login_required(permission="record_surveys")
def survey_template():
    """An empty answer sheet whose headings name each element (u1 Persyaratan, …)."""
    return Response(survey_template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="templat-skm.csv"'})


def recorded(result: dict):
    return redirect(url_for("monitoring.unit", code=result["unit_code"], tercatat=result["period"],
                            ditandai=1 if result["flag"] else None), 303)


@bp.route("/unit/<code>")
@login_required
def unit(code: str):
    unit = queries.get_unit(code)
    if unit is None:
        abort(404)
    actor, today = current_actor(), date.today()
    rows = monitoring_queries.unit_surveys(unit["code"])
    movements = monitoring_queries.unit_movements(unit["code"])
    may_see_people = actor.may_see_unit(unit["code"], unit["parent_code"])
    return render_template(
        "monitoring/unit.html", unit=unit, surveys=rows, chart=trend_chart(rows, movements),
        movements=movements[-30:] if may_see_people else [], moved=len(movements),
        may_see_people=may_see_people, investigations=monitoring_queries.list_investigations(unit["code"]),
        evaluations=monitoring_queries.unit_evaluations(unit["code"], today,
                                                        settings().evaluation_opens_days_before)
        if may_see_people else [],
        feedback=consultation_queries.unit_feedback(unit["code"]) if actor.can("view_feedback") else None,
        history=monitoring_queries.unit_history(unit["code"]))

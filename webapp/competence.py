"""Competence assessments (BKD): the form on an employee's page, and the import of many results
from a CSV/XLSX file (all or nothing). The employee page's competence block is
`employees/_competence.html`, re-rendered whole after the form."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from domain.competence import check_level
from domain.limits import day
from domain.rules import DomainError
from events.files.competence_files import template_csv
from events.files.survey_files import MAX_BYTES
from events.readside import competence_queries, queries
from events.usecases import competence
from webapp.auth import current_actor, login_required
from webapp.employees import render_detail
from webapp.forms import refusal_lines, refused_with
from webapp.guards import FORM_MARGIN, body_limit

bp = Blueprint("competence", __name__)
LEVEL_FIELD = "level:"


@bp.app_context_processor
def assessment_dates():
    return {"assessment_max_date": date.today()}


def render_block(nip: str, error: str | None = None, status: int = 200):
    """The competence block alone for htmx, otherwise the whole employee page."""
    if not request.htmx:
        return render_detail(nip, competence_error=error, competence_form=dict(request.form),
                             status=status)
    employee = queries.get_employee(current_actor(), nip) or abort(404)
    return render_template("employees/_competence.html", employee=employee,
                           competence=competence_queries.employee_competence(nip), error=error,
                           form=dict(request.form)), status


@bp.route("/pegawai/<nip>/kompetensi", methods=["POST"])
@login_required(permission="assess_competence")
@refused_with(lambda error, nip: render_block(nip, str(error), 422))
def assess(nip: str):
    queries.get_employee(current_actor(), nip) or abort(404)
    levels = {key[len(LEVEL_FIELD):]: check_level(key[len(LEVEL_FIELD):], value)
              for key, value in request.form.items() if key.startswith(LEVEL_FIELD)}
    competence.assess_competence(g.system.app, current_actor(), nip,
                                 day(request.form.get("tanggal"), "Tanggal asesmen"), levels,
                                 expected_version=request.form.get("version", type=int))
    if request.htmx:
        return render_block(nip)
    return redirect(url_for("employees.detail", nip=nip) + "#competence", 303)


def render_import(error: DomainError | None = None):
    message, lines = refusal_lines(error) if error else (None, [])
    names = sorted(set(competence_queries.known_competences().values()))
    return render_template("competence/import.html", error=message, errors=lines, names=names,
                           imported=request.args.get("diimpor", type=int)), 422 if error else 200


@bp.route("/kompetensi/templat.csv")
@login_required(permission="assess_competence")
def template():
    """An empty import file whose headings are NIP, Tanggal and every known competence."""
    names = sorted(set(competence_queries.known_competences().values()))
    return Response(template_csv(names), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="templat-asesmen.csv"'})


@bp.route("/kompetensi/impor", methods=["GET", "POST"])
@body_limit(MAX_BYTES + FORM_MARGIN)
@login_required(permission="assess_competence")
@refused_with(lambda error: render_import(error))
def import_file():
    if request.method == "GET":
        return render_import()
    upload = request.files.get("berkas")
    if upload is None or not upload.filename:
        raise DomainError("Pilih berkas .csv atau .xlsx berisi hasil asesmen kompetensi.")
    result = competence.import_assessments(g.system.app, current_actor(), upload.filename,
                                           upload.stream.read(MAX_BYTES + 1))
    return redirect(url_for("competence.import_file", diimpor=result["recorded"]), 303)

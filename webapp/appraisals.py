"""The SKP sheet of a unit: bulk rating with htmx row updates, submission, import from e-Kinerja."""
from __future__ import annotations

from flask import (Blueprint, abort, g, make_response, redirect, render_template, request,
                   url_for)

from domain.access import ForbiddenError
from domain.rules import RATING_LABELS, DomainError
from events.usecases import appraisal_cycle
from events.readside import appraisal_queries
from events.files.ekinerja_files import read_results
from events.files.survey_files import FileErrors
from webapp.auth import current_actor, login_required

bp = Blueprint("appraisals", __name__, url_prefix="/penilaian")


def period_or_404(name: str) -> dict:
    return appraisal_queries.get_period(name) or abort(404)


def unit_for(actor, code: str) -> dict:
    """The OPD whose sheet is asked for; a unit head opens only their own."""
    unit = appraisal_queries.get_unit(code)
    if unit is None or unit["parent_code"]:
        abort(404)
    if actor.role == "kepala_opd" and actor.unit_code != code:
        raise ForbiddenError(f"Anda hanya dapat membuka lembar penilaian unit {actor.unit_code}.")
    if actor.role != "kepala_opd" and not actor.can("view_all_employees"):
        abort(403)
    return unit


def may_edit(actor, period: dict, state: str) -> bool:
    return actor.can("appraise") and period["is_open"] and state != "diajukan"


def sheet_context(period: dict, unit: dict, **extra) -> dict:
    actor, sub = current_actor(), request.args.get("sub") or None
    summary = appraisal_queries.summary(period, unit["code"])
    return {"period": period, "unit": unit, "sub": sub, "summary": summary,
            "rows": appraisal_queries.sheet_rows(period, unit["code"], sub),
            "subunits": appraisal_queries.unit_scope(unit["code"]), "ratings": RATING_LABELS,
            "editable": may_edit(actor, period, summary["unit"]["state"]), "error": None,
            "errors": [], **extra}


def render_sheet(period: dict, unit: dict, status: int = 200, **extra):
    return render_template("appraisals/sheet.html", **sheet_context(period, unit, **extra)), status


def back_to_sheet(period: dict, unit: dict, **args):
    return redirect(url_for("appraisals.sheet", period=period["name"], code=unit["code"], **args))


@bp.route("/<period>/unit/<code>")
@login_required
def sheet(period: str, code: str):
    p = period_or_404(period)
    return render_sheet(p, unit_for(current_actor(), code))


@bp.route("/<period>/unit/<code>/ringkasan")
@login_required
def summary(period: str, code: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    if not request.htmx:
        return back_to_sheet(p, unit)
    s = appraisal_queries.summary(p, code)
    return render_template("appraisals/_summary.html", period=p, unit=unit, summary=s,
                           editable=may_edit(actor, p, s["unit"]["state"]))


@bp.route("/<period>/unit/<code>/nilai/<nip>", methods=["POST"])
@login_required(permission="appraise")
def rate(period: str, code: str, nip: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    if appraisal_queries.sheet_row(p, code, nip) is None:
        abort(404)
    posted = {k: request.form.get(k, "").strip() for k in ("hasil", "perilaku", "justification")}
    error = record(actor, p, nip, posted)
    if not request.htmx:
        return back_to_sheet(p, unit) if error is None else render_sheet(p, unit, 422, error=error)
    row = appraisal_queries.sheet_row(p, code, nip)
    shown = {**row, "hasil_kerja": posted["hasil"], "perilaku": posted["perilaku"],
             "justification": posted["justification"]} if error else row
    response = make_response(render_template(
        "appraisals/_row.html", r=shown, period=p, unit=unit, ratings=RATING_LABELS, row_error=error,
        editable=may_edit(actor, p, appraisal_queries.unit_state(p, code)["state"])), 422 if error else 200)
    response.headers["HX-Trigger"] = "sheet-changed"
    return response


def record(actor, period: dict, nip: str, posted: dict) -> str | None:
    """Records one rating; returns the refusal message, if any."""
    try:
        if not posted["hasil"] or not posted["perilaku"]:
            raise DomainError("Pilih hasil kerja dan perilaku kerja.")
        g.system.app.appraise(actor, nip, period["name"], posted["hasil"], posted["perilaku"],
                              posted["justification"])
    except DomainError as error:
        return str(error)
    return None


@bp.route("/<period>/unit/<code>/simpan", methods=["POST"])
@login_required(permission="appraise")
def save_all(period: str, code: str):
    """Without JavaScript: every filled row of the form, each its own event when it changed."""
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    errors, saved = [], 0
    for row in appraisal_queries.sheet_rows(p, code):
        posted = posted_row(row["nip"])
        if posted is None or (posted["hasil"], posted["perilaku"], posted["justification"]) == (
                row["hasil_kerja"], row["perilaku"], row["justification"] or ""):
            continue
        error = record(actor, p, row["nip"], posted)
        errors += [f"{row['name']} ({row['nip']}): {error}"] if error else []
        saved += error is None
    if errors:
        return render_sheet(p, unit, 422, error=f"{len(errors)} baris tidak tersimpan ({saved} tersimpan).",
                            errors=errors)
    return back_to_sheet(p, unit, tersimpan=saved)


def posted_row(nip: str) -> dict | None:
    """One row of the bulk form; None when the row was left empty (or not in the form)."""
    posted = {"hasil": request.form.get(f"hasil-{nip}", ""), "perilaku": request.form.get(f"perilaku-{nip}", ""),
              "justification": request.form.get(f"alasan-{nip}", "").strip()}
    return posted if posted["hasil"] or posted["perilaku"] else None


@bp.route("/<period>/unit/<code>/ajukan", methods=["POST"])
@login_required(permission="appraise")
def submit(period: str, code: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    try:
        appraisal_cycle.submit_unit(g.system.app, actor, p["name"], code, appraisal_queries.roster(code))
    except DomainError as error:
        return render_sheet(p, unit, 422, error=str(error))
    return back_to_sheet(p, unit, diajukan=1)


@bp.route("/<period>/unit/<code>/impor", methods=["POST"])
@login_required(permission="appraise")
def import_file(period: str, code: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    upload = request.files.get("berkas")
    try:
        if upload is None or not upload.filename:
            raise DomainError("Pilih berkas .csv atau .xlsx hasil ekspor e-Kinerja.")
        rows, source = read_results(upload.filename, upload.read())
        result = appraisal_cycle.import_results(g.system.app, actor, p["name"], rows, source, code)
    except FileErrors as refusal:
        return render_sheet(p, unit, 422, error=str(refusal).split(":")[0] + ".",
                            errors=[str(e) for e in refusal.errors])
    except DomainError as error:
        return render_sheet(p, unit, 422, error=str(error))
    return back_to_sheet(p, unit, diimpor=result["recorded"], sama=result["unchanged"])

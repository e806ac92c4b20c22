"""The SKP sheet of a unit: bulk rating with htmx row updates, submission, import from e-Kinerja."""
from __future__ import annotations

from flask import (Blueprint, abort, g, make_response, redirect, render_template, request,
                   url_for)

from domain.access import ForbiddenError
from domain.rules import RATING_LABELS, DomainError
from events.files.survey_files import MAX_BYTES
from events.readside import appraisal_queries, supervision_queries
from events.usecases import appraisal
from webapp.auth import current_actor, login_required
from webapp.forms import refusal_lines, refused_with
from webapp.guards import FORM_MARGIN, body_limit
from webapp.paging import page_arg

bp = Blueprint("appraisals", __name__, url_prefix="/penilaian")
PER_PAGE = 50  # rows of one group on one page of the sheet
SHEET_BYTES = 8 * 2**20  # a whole unit's sheet: Disdik's 836 rows with 500-character reasons fit


def period_or_404(name: str) -> dict:
    return appraisal_queries.get_period(name) or abort(404)


def unit_for(actor, code: str) -> dict:
    """The OPD whose sheet is asked for; a unit head opens only their own."""
    unit = appraisal_queries.get_unit(code)
    if unit is None or unit["parent_code"]:
        abort(404)
    if actor.role == "kepala_opd" and actor.unit_code != code and not heads_sub_unit(actor, code):
        raise ForbiddenError(f"Anda hanya dapat membuka lembar penilaian unit {actor.unit_code}.")
    if actor.role != "kepala_opd" and not actor.can("view_all_employees"):
        abort(403)
    return unit


def heads_sub_unit(actor, code: str) -> bool:
    """A sub-unit's head (a Kepala OPD account of a puskesmas, a school) rates their own staff on
    their OPD's sheet."""
    own = appraisal_queries.get_unit(actor.unit_code) if actor.unit_code else None
    return own is not None and own["parent_code"] == code


def may_edit(actor, period: dict, state: str) -> bool:
    return actor.can("appraise") and period["is_open"] and state != "diajukan"


def sheet_group(actor, unit: dict) -> str:
    """The group of the sheet shown: a sub-unit's head sees their sub-unit; others choose with
    `?sub=` (the OPD head's direct reports by default)."""
    if actor.role == "kepala_opd" and actor.unit_code != unit["code"]:
        return actor.unit_code
    sub = request.args.get("sub") or supervision_queries.DIRECT
    scope = appraisal_queries.unit_scope(unit["code"])
    heads = supervision_queries.heads(scope)
    if sub == supervision_queries.HEAD:
        return sub if unit["code"] in heads else supervision_queries.DIRECT
    return sub if sub in heads and sub != unit["code"] else supervision_queries.DIRECT


def sheet_context(period: dict, unit: dict, **extra) -> dict:
    actor = current_actor()
    sub = sheet_group(actor, unit)
    summary = appraisal_queries.summary(period, unit["code"])
    page, groups = supervision_queries.sheet(period, unit["code"], sub, page_arg(), PER_PAGE)
    if actor.role == "kepala_opd" and actor.unit_code != unit["code"]:
        groups = [g for g in groups if g["group"] == sub]
    return {"period": period, "unit": unit, "sub": sub, "summary": summary, "rows": page["rows"], "page": page,
            "groups": groups, "group": next((g for g in groups if g["group"] == sub), None), "ratings": RATING_LABELS,
            "editable": may_edit(actor, period, summary["unit"]["state"]), "error": None,
            "rows_locked": sub == supervision_queries.HEAD and actor.role == "kepala_opd",  # not their own SKP
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


def refused_sheet(error, period: str, code: str, **_):
    """A refused command of the sheet: the sheet again, with the message (and a file's rows)."""
    message, errors = refusal_lines(error)
    return render_sheet(period_or_404(period), unit_for(current_actor(), code), 422, error=message,
                        errors=errors)


@bp.route("/<period>/unit/<code>/nilai/<nip>", methods=["POST"])
@login_required(permission="appraise")
@refused_with(lambda error, period, code, nip: rated_row(period, code, nip, str(error)))
def rate(period: str, code: str, nip: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    if appraisal_queries.sheet_row(p, code, nip) is None:
        abort(404)
    posted = {k: request.form.get(k, "").strip() for k in ("hasil", "perilaku", "justification")}
    appraisal.appraise(g.system.app, actor, nip, p["name"], posted["hasil"], posted["perilaku"],
                       posted["justification"])
    if not request.htmx:
        return back_to_sheet(p, unit)
    return rated_row(period, code, nip)


def rated_row(period: str, code: str, nip: str, error: str | None = None):
    """The row re-rendered for htmx (with the values typed when refused); the sheet without it."""
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    if not request.htmx:
        return render_sheet(p, unit, 422, error=error)
    row = appraisal_queries.sheet_row(p, code, nip)
    posted = {k: request.form.get(k, "").strip() for k in ("hasil", "perilaku", "justification")}
    shown = {**row, "hasil_kerja": posted["hasil"], "perilaku": posted["perilaku"],
             "justification": posted["justification"]} if error else row
    response = make_response(render_template(
        "appraisals/_row.html", r=shown, period=p, unit=unit, ratings=RATING_LABELS, row_error=error,
        editable=may_edit(actor, p, appraisal_queries.unit_state(p, code)["state"])), 422 if error else 200)
    response.headers["HX-Trigger"] = "sheet-changed"
    return response


@bp.route("/<period>/unit/<code>/simpan", methods=["POST"])
@body_limit(SHEET_BYTES)
@login_required(permission="appraise")
def save_all(period: str, code: str):
    """Without JavaScript: every filled row of the form, each its own event when it changed."""
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    rows = {row["nip"]: row for row in appraisal_queries.sheet_rows(p, code)}
    ratings = [rating for rating in map(changed_rating, rows.values()) if rating is not None]
    refused = appraisal.appraise_many(g.system.app, actor, p["name"], ratings)
    if refused:
        errors = [f"{rows[nip]['name']} ({nip}): {message}" for nip, message in refused.items()]
        return render_sheet(p, unit, 422, errors=errors, error=f"{len(errors)} baris tidak tersimpan "
                                                             f"({len(ratings) - len(errors)} tersimpan).")
    return back_to_sheet(p, unit, tersimpan=len(ratings))


def changed_rating(row: dict) -> appraisal.Rating | None:
    """One row of the bulk form; None when left empty (or not in the form) or unchanged."""
    nip = row["nip"]
    posted = (request.form.get(f"hasil-{nip}", ""), request.form.get(f"perilaku-{nip}", ""),
              request.form.get(f"alasan-{nip}", "").strip())
    if not posted[0] and not posted[1]:
        return None
    if posted == (row["hasil_kerja"], row["perilaku"], row["justification"] or ""):
        return None
    return appraisal.Rating(nip, *posted)


@bp.route("/<period>/unit/<code>/ajukan", methods=["POST"])
@login_required(permission="appraise")
@refused_with(refused_sheet)
def submit(period: str, code: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    appraisal.submit_unit(g.system.app, actor, p["name"], code, appraisal_queries.roster(code))
    return back_to_sheet(p, unit, diajukan=1)


@bp.route("/<period>/unit/<code>/impor", methods=["POST"])
@body_limit(MAX_BYTES + FORM_MARGIN)
@login_required(permission="appraise")
@refused_with(refused_sheet)
def import_file(period: str, code: str):
    p, actor = period_or_404(period), current_actor()
    unit = unit_for(actor, code)
    upload = request.files.get("berkas")
    if upload is None or not upload.filename:
        raise DomainError("Pilih berkas .csv atau .xlsx hasil ekspor e-Kinerja.")
    result = appraisal.import_file(g.system.app, actor, p["name"], upload.filename, upload.read(MAX_BYTES + 1),
                                   code)
    return back_to_sheet(p, unit, diimpor=result["recorded"], sama=result["unchanged"])

"""The public pages (no login): open consultations, what each consults, published comments with
BKD's responses, and the comment form. Private data of civil servants never reaches these pages:
the queries select public columns only. Posting is CSRF-protected, rate-limited and size-checked
before the body is read (`public_max_request_bytes`, webapp/guards.py)."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from domain.consultation import CATEGORIES
from domain.public_text import mask_identity_numbers
from events.readside import consultation_queries
from events.usecases import stakeholders
from webapp.forms import refused_with
from webapp.guards import body_limit
from webapp.stakeholders import settings

bp = Blueprint("public", __name__, url_prefix="/publik")
FIELDS = ("item_key", "category", "text", "author_name", "contact", "service_unit", "employee_name")


@bp.route("/")
def index():
    return render_index({}, None, 200)


def render_index(form: dict, error: str | None, status: int):
    return render_template("public/index.html", consultations=consultation_queries.public_consultations(),
                           units=consultation_queries.public_units(), categories=CATEGORIES, form=form,
                           error=error, sent=request.args.get("terkirim")), status


@bp.route("/konsultasi/<uuid:consultation_id>")
def consultation(consultation_id: str):
    return render_consultation(str(consultation_id), {}, None, 200)


def render_consultation(consultation_id: str, form: dict, error: str | None, status: int):
    view = consultation_queries.public_consultation(consultation_id, settings())
    if view is None:
        abort(404)
    return render_template("public/consultation.html", view=view, categories=CATEGORIES,
                           units=consultation_queries.public_units(), form=form, error=error,
                           sent=request.args.get("terkirim")), status


def refused_comment(error, consultation_id=None):
    consultation_id = str(consultation_id) if consultation_id else None
    return refused(consultation_id, f"Komentar tidak disimpan: {error}", 422)


def public_limit() -> int:
    return settings().public_max_request_bytes


@bp.route("/konsultasi/<uuid:consultation_id>/komentar", methods=["POST"])
@body_limit(public_limit)
@refused_with(refused_comment)
def comment(consultation_id: str):
    return submit(str(consultation_id))


@bp.route("/masukan", methods=["POST"])
@body_limit(public_limit)
@refused_with(refused_comment)
def feedback():
    return submit(None)


def submit(consultation_id: str | None):
    refusal = rate_limited()
    if refusal:
        return refused(consultation_id, *refusal)
    form = {key: request.form.get(key, "") for key in FIELDS}
    stakeholders.submit_comment(g.system.app, consultation_id, **form, settings=settings())
    target = url_for("public.consultation", consultation_id=consultation_id, terkirim=1) \
        if consultation_id else url_for("public.index", terkirim=1)
    return redirect(target + "#comment-form", 303)


def refused(consultation_id: str | None, message: str, status: int):
    """The page the comment came from, with the message and the text as typed (NIK/NIP masked)."""
    form = {key: mask_identity_numbers(request.form.get(key, "")) for key in FIELDS}
    if consultation_id:
        return render_consultation(consultation_id, form, message, status)
    return render_index(form, message, status)


def rate_limited() -> tuple[str, int] | None:
    wait = current_app.extensions["public_limiter"].hit(request.remote_addr or "?")
    if wait is None:
        return None
    minutes = max(1, -(-wait // 60))
    return (f"Komentar tidak disimpan: terlalu banyak kiriman dari alamat Anda. Coba lagi dalam "
            f"{minutes} menit.", 429)

"""Employee search (active search), the profile and the paginated timeline."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from events.readside import competence_queries, queries, talent_queries
from webapp.as_of import per_tanggal
from webapp.auth import current_actor, login_required
from webapp.paging import page_arg

bp = Blueprint("employees", __name__, url_prefix="/pegawai")
PER_PAGE = 25


@bp.route("/")
@login_required
def index():
    page = page_arg()
    result = queries.search_employees(current_actor(), request.args.get("q", ""), PER_PAGE,
                                      (page - 1) * PER_PAGE)
    result["page"] = page
    result["pages"] = max(1, -(-result["total"] // PER_PAGE))
    template = "employees/_results.html" if request.htmx else "employees/index.html"
    return render_template(template, result=result)


@bp.route("/<nip>")
@login_required
@per_tanggal
def detail(nip: str):
    return render_detail(nip)


def render_detail(nip: str, status: int = 200, **extra):
    """The whole profile page (also re-rendered with a refused form's message in `extra`)."""
    employee = queries.get_employee(current_actor(), nip)
    if employee is None:
        abort(404)
    timeline = queries.employee_timeline(employee["id"], page_arg())
    return render_template("employees/detail.html", employee=employee, timeline=timeline,
                           talent=talent_queries.person_talent(employee["id"]),
                           competence=competence_queries.employee_competence(nip), **extra), status


@bp.route("/<nip>/riwayat")
@login_required
@per_tanggal
def timeline(nip: str):
    employee = queries.get_employee(current_actor(), nip)
    if employee is None:
        abort(404)
    if request.htmx:
        timeline = queries.employee_timeline(employee["id"], page_arg())
        return render_template("employees/_timeline.html", employee=employee, timeline=timeline)
    return render_detail(nip)

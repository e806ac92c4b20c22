"""The talent map: 9-box per unit and for the city, the succession pool, who to develop and who to
consider moving, development actions, and scoring the potensial axis."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from domain.limits import day
from domain.rules import GOLONGAN_CODES, JABATAN_TYPES, RATING_LABELS
from domain.talent import (COMPONENTS, DEFAULT_TALENT_SETTINGS, DEVELOPMENT_KINDS, OUTCOMES,
                           SUCCESSION_BOXES)
from events.readside import appraisal_queries, queries, talent_queries
from events.readside.talent_queries import GOLONGAN_GROUPS, TalentFilter
from events.usecases import talent
from webapp.auth import current_actor, login_required, safe_next
from webapp.forms import refused_with
from webapp.paging import offset_arg

bp = Blueprint("talent", __name__, url_prefix="/talenta")


@bp.app_context_processor
def development_choices():
    return {"dev_kinds": DEVELOPMENT_KINDS, "dev_outcomes": OUTCOMES, "dev_today": date.today()}


def current_filter(with_appraisals: bool = False) -> TalentFilter:
    """The filters of the query string, each checked; a unit head always looks at their own unit."""
    actor, periods = current_actor(), talent_queries.talent_periods(with_appraisals)
    period = request.args.get("periode")
    unit = request.args.get("unit") or None
    if actor.role == "kepala_opd":
        unit = actor.unit_code
    elif unit and appraisal_queries.get_unit(unit) is None:
        unit = None
    jabatan = request.args.get("jenis") if request.args.get("jenis") in JABATAN_TYPES else None
    golongan = request.args.get("golongan")
    golongan = golongan if golongan in GOLONGAN_CODES or golongan in GOLONGAN_GROUPS else None
    return TalentFilter(period if period in periods else (periods[0] if periods else ""), unit, jabatan,
                        golongan)


def page_context(f: TalentFilter, with_appraisals: bool = False, **extra) -> dict:
    return {"f": f, "periods": talent_queries.talent_periods(with_appraisals),
            "units": appraisal_queries.root_units(),
            "jabatan_types": JABATAN_TYPES, "golongan_groups": GOLONGAN_GROUPS,
            "golongan_codes": GOLONGAN_CODES, **extra}


@bp.route("/")
@login_required
def index():
    f, actor = current_filter(), current_actor()
    selected = request.args.get("kotak", type=int)
    people = talent_queries.box_people(actor, f, selected) if selected in range(1, 10) else None
    context = page_context(f, counts=talent_queries.box_counts(actor, f), people=people, selected=selected)
    template = "talent/_map.html" if request.htmx else "talent/index.html"
    return render_template(template, **context)


@bp.route("/kotak/<int:box>")
@login_required
def box(box: int):
    if box not in range(1, 10):
        abort(404)
    f = current_filter()
    people = talent_queries.box_people(current_actor(), f, box)
    if not request.htmx:
        return redirect(url_for("talent.index", kotak=box, **f.args()))
    return render_template("talent/_people.html", people=people, selected=box, f=f)


@bp.route("/suksesi")
@login_required
def succession():
    f = current_filter()
    return render_template("talent/succession.html", boxes=SUCCESSION_BOXES,
                           **page_context(f, posts=talent_queries.succession(current_actor(), f),
                                          discipline=talent_queries.box_people(current_actor(), f, 1)))


@bp.route("/pengembangan")
@login_required
def development():
    f, actor = current_filter(with_appraisals=True), current_actor()
    offset = offset_arg("dari")
    return render_template("talent/development.html", settings=DEFAULT_TALENT_SETTINGS,
                           **page_context(f, True, develop=talent_queries.development_list(actor, f, offset=offset),
                                          moves=talent_queries.move_candidates(actor, f)))


def person_actions(nip: str, error: str | None = None, status: int = 200):
    """The development block of one person, re-rendered whole after every change."""
    employee = queries.get_employee(current_actor(), nip) or abort(404)
    actions = talent_queries.developments([employee["id"]]).get(employee["id"], [])
    return render_template("talent/_actions.html", person=employee, actions=actions, error=error), status


def after_change(nip: str, error: str | None = None):
    if request.htmx:
        return person_actions(nip, error, 422 if error else 200)
    if error:
        return render_template("errors/error.html", status=422, message=error), 422
    return redirect(safe_next(request.form.get("next")) if request.form.get("next")
                    else url_for("employees.detail", nip=nip))


@bp.route("/pengembangan/<nip>", methods=["POST"])
@login_required(permission="develop")
@refused_with(lambda error, nip: after_change(nip, str(error)))
def plan_development(nip: str):
    talent.plan_development(g.system.app, current_actor(), nip, request.form.get("kind", ""),
                            request.form.get("description", ""), day(request.form.get("due"), "Tenggat"),
                            request.form.get("reason", ""), date.today(), request.form.get("version", type=int))
    return after_change(nip)


@bp.route("/pengembangan/<nip>/<int:number>/hasil", methods=["POST"])
@login_required(permission="develop")
@refused_with(lambda error, nip, number: after_change(nip, str(error)))
def record_outcome(nip: str, number: int):
    talent.record_development_outcome(g.system.app, current_actor(), nip, number,
                                      request.form.get("outcome", ""), request.form.get("note", ""))
    return after_change(nip)


@bp.route("/potensial/<nip>", methods=["GET", "POST"])
@login_required(permission="assess_talent")
@refused_with(lambda error, nip: render_score(nip, str(error)))
def score(nip: str):
    if request.method == "POST":
        queries.get_employee(current_actor(), nip) or abort(404)
        form = request.form
        talent.score_potential(g.system.app, current_actor(), nip, {k: form.get(k) for k in COMPONENTS},
                               expected_version=form.get("version", type=int))
        return redirect(url_for("employees.detail", nip=nip) + "#talent")
    return render_score(nip)


def render_score(nip: str, error: str | None = None):
    employee = queries.get_employee(current_actor(), nip) or abort(404)
    return render_template("talent/score.html", employee=employee,
                           basis=talent_queries.kinerja_basis(employee), form=dict(request.form),
                           rating_labels=RATING_LABELS,
                           error=error, components=COMPONENTS,
                           settings=DEFAULT_TALENT_SETTINGS), 422 if error else 200

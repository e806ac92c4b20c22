"""The staffing dashboard (ABK need vs actual per unit) and the unit page."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from events.readside import queries
from webapp.auth import current_actor, login_required

bp = Blueprint("staffing", __name__)
CHART_ROWS = 20


def chart(rows: list[dict]) -> list[dict]:
    """The units with the largest shortages, with bar widths relative to the largest need."""
    top = [r for r in rows if r["gap"] < 0][:CHART_ROWS]
    scale = max([max(r["need"], r["actual"]) for r in top] or [1])
    return [{**r, "need_pct": round(100 * r["need"] / scale, 1),
             "actual_pct": round(100 * r["actual"] / scale, 1)} for r in top]


@bp.route("/")
@login_required
def dashboard():
    rows = queries.staffing_by_unit()
    units = queries.visible_unit_codes(current_actor())
    return render_template("staffing/index.html", rows=rows, chart=chart(rows),
                           totals=queries.city_totals(rows), units=units,
                           stats=queries.stats(g.system.event_count()))


@bp.route("/unit/<code>")
@login_required
def unit(code: str):
    unit = queries.get_unit(code)
    if unit is None:
        abort(404)
    may_see_people = current_actor().may_see_unit(unit["code"], unit["parent_code"])
    return render_template("staffing/unit.html", unit=unit, may_see_people=may_see_people)

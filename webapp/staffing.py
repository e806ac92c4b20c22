"""The staffing dashboard (ABK need vs actual per unit) and the unit page."""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, stream_with_context

from domain.shortage import SHORTAGE_DEFINITION
from events.files.documents import export_lines, export_xlsx
from events.readside import exports, queries
from webapp import as_of, home
from webapp.as_of import per_tanggal
from webapp.auth import current_actor, login_required

bp = Blueprint("staffing", __name__)
EXPORT_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
EXPORT_NAMES = {"employees": "pegawai", "positions": "jabatan"}
CHART_ROWS = 20
BKD_QUEUES = ("perencana", "verifikator", "kepala_bkd")  # their work queue above the city's counters


def chart(rows: list[dict]) -> list[dict]:
    """The units with the largest shortages, with bar widths relative to the largest need."""
    top = [r for r in rows if r["shortage"] > 0][:CHART_ROWS]
    scale = max([max(r["need"], r["actual"]) for r in top] or [1])
    return [{**r, "need_pct": round(100 * r["need"] / scale, 1),
             "actual_pct": round(100 * r["actual"] / scale, 1)} for r in top]


@bp.route("/")
@login_required
@per_tanggal
def dashboard():
    """Each role's home (webapp/home.py); for BKD and the administrator the city's counters with
    their work queue on top."""
    actor = current_actor()
    return home.home_page(actor) or city_page(home.queue_context(actor) if actor.role in BKD_QUEUES else {})


@bp.route("/kebutuhan")
@login_required
@per_tanggal
def city():
    """The city-wide counters (need vs bezetting per unit), for every role."""
    return city_page({})


def city_page(queue: dict):
    rows = queries.staffing_by_unit()
    units = queries.visible_unit_codes(current_actor())
    return render_template("staffing/index.html", rows=rows, chart=chart(rows),
                           totals=queries.city_totals(rows), units=units,
                           stats=queries.stats(as_of.event_count()),
                           shortage_definition=SHORTAGE_DEFINITION,
                           may_export=current_actor().can("export_records"), **queue)


@bp.route("/unit/<code>")
@login_required
@per_tanggal
def unit(code: str):
    unit = queries.get_unit(code)
    if unit is None:
        abort(404)
    may_see_people = current_actor().may_see_unit(unit["code"], unit["parent_code"])
    return render_template("staffing/unit.html", unit=unit, may_see_people=may_see_people,
                           shortage_definition=SHORTAGE_DEFINITION)


@bp.route("/ekspor/<kind>.<fmt>")
@login_required
def export(kind: str, fmt: str):
    """The employee or position records (as `mutasi export`), for BKD roles."""
    current_actor().require("export_records")
    if kind not in exports.KINDS or fmt not in EXPORT_TYPES:
        abort(404)
    fields, records = exports.KINDS[kind], exports.records(kind)
    headers = {"Content-Disposition": f'attachment; filename="{EXPORT_NAMES[kind]}.{fmt}"'}
    if fmt == "xlsx":
        return Response(export_xlsx(EXPORT_NAMES[kind], fields, records), headers=headers,
                        mimetype=EXPORT_TYPES[fmt])
    return Response(stream_with_context(export_lines(fields, records, fmt)), headers=headers,
                    content_type=EXPORT_TYPES[fmt])

"""A home for each role, on "/" and after login: what waits for this user first.

A Kepala OPD lands on their unit (counters, people, proposals, evaluations due, SKP progress); the
BKD roles on their work queue above the city-wide counters; the Tim Penilai Kinerja on the items of
its next session; the PPK on the decisions waiting; the Inspektorat on the newest events of the
trail. Every figure comes from the read models (events/readside/*_queries)."""
from __future__ import annotations

from datetime import date

from flask import render_template

from events.readside import appraisal_queries, approval_queries, audit, committee_queries, monitoring_queries, queries
from domain.proposal import SOURCES, STATES
from webapp.stakeholders import settings

QUEUE_SHOWN = 10  # the first items of a work queue on a home page; the whole queue is on /persetujuan/
TRAIL_SHOWN = 15


def queue_context(actor) -> dict:
    items = approval_queries.queue(actor)
    by_state: dict[str, int] = {}
    for item in items:
        by_state[STATES[item["state"]]] = by_state.get(STATES[item["state"]], 0) + 1
    return {"queue": items[:QUEUE_SHOWN], "queue_total": len(items), "queue_by_state": by_state,
            "states": STATES, "sources": SOURCES}


def home_page(actor):
    """The role's own home, or None for the roles whose home is the city dashboard with their queue."""
    render = HOMES.get(actor.role)
    return render(actor) if render else None


def unit_home(actor):
    units = queries.visible_unit_codes(actor) or set()
    rows = [r for r in queries.staffing_by_unit() if r["code"] in units]
    own = next((r for r in rows if r["code"] == actor.unit_code), None)
    today = date.today()
    periods = [p for p in appraisal_queries.list_periods() if p["is_open"]]
    skp = [{"period": p, "summary": appraisal_queries.summary(p, actor.unit_code)} for p in periods]
    sheet_unit = (own or {}).get("parent_code") or actor.unit_code  # a sub-unit's head rates on their OPD's sheet
    return render_template("home/unit.html", unit=own, rows=rows, totals=queries.city_totals(rows), sheet_unit=sheet_unit,
                           evaluations=monitoring_queries.evaluation_inbox(
                               actor, today, settings().evaluation_opens_days_before),
                           skp=skp, **queue_context(actor))


def committee_home(actor):
    sessions = [committee_queries.get_session(s["id"]) for s in committee_queries.list_sessions()
                if s["state"] == "open"]
    sessions.sort(key=lambda s: (s["held_on"], s["number"]))
    waiting = committee_queries.waiting_for_session()
    return render_template("home/committee.html", sessions=sessions, waiting=waiting[:QUEUE_SHOWN],
                           waiting_total=len(waiting), **queue_context(actor))


def ppk_home(actor):
    return render_template("home/ppk.html", **queue_context(actor))


def inspector_home(actor):
    trail = audit.search_audit({}, 1, TRAIL_SHOWN)
    return render_template("home/inspector.html", trail=trail,
                           investigations=monitoring_queries.list_investigations()[:QUEUE_SHOWN])


HOMES = {"kepala_opd": unit_home, "tim_penilai": committee_home, "ppk": ppk_home, "inspektur": inspector_home}

"""Planning use cases: read the city from the views, optimise, record the draft as events.

Solving happens here, never inside an @event body: the events record settings, the log position
the snapshot was read at, the solver's figures and every line, so a draft can be audited and replayed.
"""
from __future__ import annotations

import threading
from dataclasses import asdict
from uuid import UUID

from domain.access import Actor
from domain.city_plan import Edits, PlanSettings
from domain.plan_explain import plan_city, why_not
from domain.limits import SHORT_TEXT_LIMIT, clean_text
from domain.plan import EDIT_KINDS, Plan, check_edit_reason, check_name
from domain.rules import DomainError
from events.app import Mutasi
from events.readside.snapshot import city_snapshot

SETTING_FIELDS = ("max_moves", "solver", "time_limit", "gap", "min_months_in_post",
                  "max_leaving_share", "move_cost")


def settings_from_form(values: dict, base: dict | None = None) -> PlanSettings:
    """Plan settings from strings (a form or the CLI); blank means 'keep the default'."""
    merged = dict(base or {})
    for key, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            merged.pop(key, None) if key == "max_moves" else None
            continue
        merged[key] = value
    try:
        return PlanSettings.from_dict(merged)
    except (TypeError, ValueError) as error:
        raise DomainError(f"Pengaturan tidak sah: {error}") from None


def check_draft(name: str, settings: dict) -> None:
    """What a new draft is refused for before solving starts (the solver runs in the background)."""
    check_name(name)
    settings_from_form(settings)


def edits_from(plan_edits: dict) -> Edits:
    return Edits(keep=set(plan_edits["keep"]), keep_at=dict(plan_edits["keep"]),
                 force={tuple(p) for p in plan_edits["force"]},
                 forbid={tuple(p) for p in plan_edits["forbid"]})


# plan id -> the last CityPlan solved for it in this process: the warm start of its next edit
# (domain.city_plan.build_plan_problem takes it only for the same city and scoring settings)
_last_solved: dict = {}
_last_solved_lock = threading.Lock()  # drafts run in a job thread, edits in request threads
WARM_PLANS = 2


def outcome(snapshot, settings, edits, position: int, progress,
            plan_id=None) -> tuple[dict, list, object]:
    progress(f"Menyusun model dan menyelesaikan ({len(snapshot.people)} ASN, {settings.solver.upper()})…")
    with _last_solved_lock:
        start = _last_solved.get(plan_id)
    city_plan = plan_city(snapshot, settings, edits, start=start)
    figures = {**city_plan.figures, "log_position": position}
    return figures, [asdict(line) for line in city_plan.lines], city_plan


def remember(plan_id, city_plan) -> None:
    """Keep the plan's last solve as the warm start of its next edit (the last few plans)."""
    with _last_solved_lock:
        _last_solved.pop(plan_id, None)
        _last_solved[plan_id] = city_plan
        while len(_last_solved) > WARM_PLANS:
            _last_solved.pop(next(iter(_last_solved)))


def draft_from_views(app: Mutasi, actor: Actor, name: str, settings: dict, progress=lambda message: None) -> UUID:
    actor.require("plan")
    plan_settings = settings_from_form(settings)
    progress("Membaca data kota dari tampilan baca…")
    snapshot, position = city_snapshot()
    figures, lines, city_plan = outcome(snapshot, plan_settings, edits_from(
        {"keep": {}, "force": [], "forbid": []}), position, progress)
    if figures.get("status") in ("infeasible", "no_solution"):
        raise DomainError("Tidak ada rencana yang memenuhi semua aturan: "
                          + "; ".join(figures.get("diagnosis") or ["periksa pengaturan"]))
    plan = Plan.draft(name=name, settings=plan_settings.to_dict(), log_position=position,
                      figures=figures, lines=lines, actor=actor.username, role=actor.role)
    progress("Mencatat draf sebagai kejadian…")
    app.store(plan)
    remember(plan.id, city_plan)
    return plan.id


def revise(app: Mutasi, actor: Actor, plan_id, kind: str, nip: str | None = None, post: str | None = None,
           settings: dict | None = None, reason: str = "", progress=lambda message: None) -> list:
    """One edit (lock, reject, force, forbid, a setting) and a re-optimisation: one event."""
    actor.require("plan")
    plan = app.plan(plan_id)
    nip, post = (clean_text(value, label, limit=SHORT_TEXT_LIMIT) or None
                 for value, label in ((nip, "NIP"), (post, "Kode jabatan")))
    reason = check_edit_reason(reason)
    edits = plan.next_edits(kind, nip, post) if kind != "setting" else plan.edits
    plan_settings = settings_from_form(settings or {}, plan.settings) if kind == "setting" else \
        PlanSettings.from_dict(plan.settings)
    snapshot, position = city_snapshot()
    figures, lines, city_plan = outcome(snapshot, plan_settings, edits_from(edits), position,
                                        progress, plan.id)
    if figures.get("status") in ("infeasible", "no_solution"):
        raise DomainError("Perubahan ini membuat rencana tidak layak: "
                          + "; ".join(figures.get("diagnosis") or ["periksa pengaturan"]))
    chosen = plan_settings.to_dict()  # the settings as checked, not as typed
    edit = {"kind": kind, "label": EDIT_KINDS.get(kind, kind), "nip": nip, "post": post,
            "settings": {key: chosen[key] for key in settings or {} if key in chosen}, "reason": reason}
    plan.revise(edit=edit, edits=edits, settings=plan_settings.to_dict(), figures=figures, lines=lines,
                actor=actor.username, role=actor.role)
    app.store(plan)
    remember(plan.id, city_plan)
    return plan.changed


def ask_why_not(app: Mutasi, actor: Actor, plan_id, nip: str, post: str) -> dict:
    actor.require("view_plans")
    plan = app.plan(plan_id)
    snapshot, _ = city_snapshot()
    settings = PlanSettings.from_dict(plan.settings)
    with _last_solved_lock:
        start = _last_solved.get(plan.id)
    city_plan = plan_city(snapshot, settings, edits_from(plan.edits), start=start)
    return why_not(snapshot, settings, edits_from(plan.edits), city_plan, (nip or "").strip(),
                   (post or "").strip())


def get_plan(app: Mutasi, plan_id) -> dict | None:
    """A plan's settings, figures, lines and edits; None when there is no such plan."""
    try:
        plan = app.plan(plan_id)
    except DomainError:
        return None
    return {"id": plan.id, "name": plan.name, "status": plan.status, "settings": plan.settings,
            "figures": plan.figures, "lines": plan.lines, "edits": plan.edits,
            "revision": plan.revision, "changed": getattr(plan, "changed", []),
            "drafted_by": plan.drafted_by, "created_on": plan.created_on}


def list_plans() -> list[dict]:
    """Every draft and submitted plan, newest first (the plan list and the consultation form)."""
    from events.readside.readmodels import PlanRow
    return list(PlanRow.select().order_by(PlanRow.drafted_at.desc()).dicts())

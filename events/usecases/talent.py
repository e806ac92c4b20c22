"""Talent map use cases: the 9-box assessment, scoring the potensial axis, and development actions
recorded on the Employee (planned with a due date, later an outcome). Each is get → one command →
store()."""
from __future__ import annotations

from datetime import date

from domain.access import Actor
from domain.talent import DEFAULT_TALENT_SETTINGS, TalentSettings
from events.app import Mutasi
from events.usecases.employees import employee_in_scope


def assess_talent(app: Mutasi, actor: Actor, nip: str, period: str, kinerja: str,
                  potensial: str) -> None:
    actor.require("assess_talent")
    employee = app.employee(nip)
    employee.assess_talent(period=period, kinerja=kinerja, potensial=potensial,
                           actor=actor.username, role=actor.role)
    app.store(employee)


def score_potential(app: Mutasi, actor: Actor, nip: str, period: str, components: dict,
                    settings: TalentSettings = DEFAULT_TALENT_SETTINGS,
                    expected_version: int | None = None) -> int:
    """Records the weighted potensial score and the resulting box; returns the box."""
    actor.require("assess_talent")
    employee = app.employee(nip, expected_version)
    box = employee.score_potential(period=app.period(period).name, components=components,
                                   settings=settings, actor=actor.username, role=actor.role)
    app.store(employee)
    return box


def plan_development(app: Mutasi, actor: Actor, nip: str, kind: str, description: str,
                     due: date | None, reason: str, today: date,
                     expected_version: int | None = None) -> int:
    actor.require("develop")
    employee = employee_in_scope(app, actor, nip, expected_version)
    number = employee.plan_development(kind=kind, description=description, due=due, reason=reason,
                                       today=today, actor=actor.username, role=actor.role)
    app.store(employee)
    return number


def record_development_outcome(app: Mutasi, actor: Actor, nip: str, number: int, outcome: str,
                               note: str) -> None:
    actor.require("develop")
    employee = employee_in_scope(app, actor, nip)
    employee.record_development_outcome(number=number, outcome=outcome, note=note,
                                        actor=actor.username, role=actor.role)
    app.store(employee)

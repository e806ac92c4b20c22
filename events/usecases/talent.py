"""Talent map use cases: the 9-box assessment, scoring the potensial axis, and development actions
recorded on the Employee (planned with a due date, later an outcome). Each is get → one command →
store()."""
from __future__ import annotations

from datetime import date

from domain.access import Actor
from domain.rules import DomainError
from domain.talent import DEFAULT_TALENT_SETTINGS, TalentSettings, latest_completed
from events.app import Mutasi
from events.usecases.employees import employee_in_scope


def assess_talent(app: Mutasi, actor: Actor, nip: str, period: str, kinerja: str | None,
                  potensial: str) -> None:
    """A box for `period`; kinerja follows the period's SKP predikat where there is one."""
    actor.require("assess_talent")
    employee = app.employee(nip)
    employee.assess_talent(period=period, kinerja=kinerja, potensial=potensial,
                           actor=actor.username, role=actor.role)
    app.store(employee)


def score_potential(app: Mutasi, actor: Actor, nip: str, components: dict,
                    settings: TalentSettings = DEFAULT_TALENT_SETTINGS,
                    expected_version: int | None = None) -> int:
    """Records the weighted potensial score and the resulting box, kinerja being the SKP predikat
    of the latest closed period the person was rated in; returns the box."""
    actor.require("assess_talent")
    employee = app.employee(nip, expected_version)
    period = latest_completed(app.period(name) for name in employee.appraisals)
    if period is None:
        raise DomainError(f"{employee.name} belum mempunyai penilaian SKP pada periode yang sudah "
                          "ditutup; kinerja pada peta talenta diambil dari predikat SKP itu.")
    box = employee.score_potential(period=period, components=components, settings=settings,
                                   actor=actor.username, role=actor.role)
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

"""Employee use cases: registering an ASN, promotion, transfer, leaving, and the unit-scope check
that every use case acting on one person of a unit head's unit shares."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.employee import Employee
from domain.organisation import Unit
from events.app import Mutasi


def register_employee(app: Mutasi, actor: Actor, position_code: str, *, nip: str, name: str,
                      sex: str, birth_date: date, status: str, golongan: str, education_level: str,
                      education_field: str, education_family: str, in_post_since: date,
                      cpns_date: date, jf: str | None = None, jf_level: str | None = None,
                      credentials: tuple = ()) -> UUID:
    actor.require("manage_employees")
    employee = Employee.register(
        position=app.position(position_code), nip=nip, name=name, sex=sex, birth_date=birth_date,
        status=status, golongan=golongan, education_level=education_level,
        education_field=education_field, education_family=education_family,
        in_post_since=in_post_since, cpns_date=cpns_date, actor=actor.username, role=actor.role,
        jf=jf, jf_level=jf_level, credentials=credentials)
    app.store(employee, conflict=f"ASN dengan NIP {employee.nip} sudah terdaftar.")
    return employee.id


def promote(app: Mutasi, actor: Actor, nip: str, golongan: str, tmt: date, sk_number: str,
            expected_version: int | None = None) -> None:
    actor.require("manage_employees")
    employee = app.employee(nip, expected_version)
    employee.promote(golongan=golongan, tmt=tmt, sk_number=sk_number,
                     actor=actor.username, role=actor.role)
    app.store(employee)


def transfer(app: Mutasi, actor: Actor, nip: str, position_code: str, sk_number: str,
             sk_date: date, tmt: date, reason: str, expected_version: int | None = None) -> None:
    actor.require("manage_employees")
    employee = app.employee(nip, expected_version)
    employee.transfer(to=app.position(position_code), sk_number=sk_number, sk_date=sk_date,
                      tmt=tmt, reason=reason, actor=actor.username, role=actor.role)
    app.store(employee)


def assess_competence(app: Mutasi, actor: Actor, nip: str, on: date, levels: dict,
                      expected_version: int | None = None) -> None:
    actor.require("manage_employees")
    employee = app.employee(nip, expected_version)
    employee.assess_competence(on=on, levels=levels, actor=actor.username, role=actor.role)
    app.store(employee)


def record_block(app: Mutasi, actor: Actor, nip: str, kind: str, start: date, end: date | None,
                 reason: str, expected_version: int | None = None) -> None:
    actor.require("manage_employees")
    employee = app.employee(nip, expected_version)
    employee.record_block(kind=kind, start=start, end=end, reason=reason, actor=actor.username,
                          role=actor.role)
    app.store(employee)


def record_leaving(app: Mutasi, actor: Actor, nip: str, on: date, reason: str,
                   expected_version: int | None = None) -> None:
    actor.require("manage_employees")
    employee = app.employee(nip, expected_version)
    employee.leave(on=on, reason=reason, actor=actor.username, role=actor.role)
    app.store(employee)


def require_unit_scope(app: Mutasi, actor: Actor, unit_id: UUID, refusal: str) -> Unit:
    """The write side's one unit-scope check (the rule itself: `Actor.may_see_unit`)."""
    unit = app.load(Unit, unit_id, "Unit")
    if not actor.may_see_unit(unit.code, unit.parent_code):
        raise ForbiddenError(refusal)
    return unit


def check_unit_scope(app: Mutasi, actor: Actor, employee: Employee) -> None:
    require_unit_scope(app, actor, employee.unit_id, f"{employee.name} bukan pegawai unit Anda; hanya "
                       "atasan langsung atau BKD yang dapat menilai atau mengusulkan.")

"""Employee use cases: registering an ASN, promotion, transfer, leaving, and the unit-scope check
that every use case acting on one person of a unit head's unit shares (`employee_in_scope`)."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.employee import Employee
from domain.limits import shown
from domain.organisation import Unit
from domain.rules import DomainError, NotFoundError
from events.app import Mutasi, check_version


def register_employee(app: Mutasi, actor: Actor, position_code: str, *, nip: str, name: str,
                      sex: str, birth_date: date, status: str, golongan: str, education_level: str,
                      education_field: str, education_family: str, in_post_since: date,
                      cpns_date: date, jf: str | None = None, jf_level: str | None = None,
                      credentials: tuple = (), part_time: bool = False) -> UUID:
    actor.require("manage_employees")
    employee = Employee.register(
        position=app.position(position_code), nip=nip, name=name, sex=sex, birth_date=birth_date,
        status=status, golongan=golongan, education_level=education_level,
        education_field=education_field, education_family=education_family,
        in_post_since=in_post_since, cpns_date=cpns_date, actor=actor.username, role=actor.role,
        jf=jf, jf_level=jf_level, credentials=credentials, part_time=part_time)
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


def employee_in_scope(app: Mutasi, actor: Actor, nip: str, expected_version: int | None = None) -> Employee:
    """The ASN with this NIP, for an actor who may act on them (`Actor.may_see_unit`). A unit head
    gets the same answer for a NIP of another unit as for one that does not exist: neither whose
    it is nor whether it exists leaks out of their scope."""
    try:
        employee = app.employee(nip)
    except DomainError:
        employee = None
    if employee is not None:
        unit = app.load(Unit, employee.unit_id, "Unit")
        if actor.may_see_unit(unit.code, unit.parent_code):
            check_version(employee, expected_version)
            return employee
    nip = shown((nip or "").strip())
    if actor.can("view_all_employees"):
        raise NotFoundError(f"ASN dengan NIP {nip} tidak ditemukan.")
    raise NotFoundError(f"NIP {nip} tidak ditemukan di unit Anda.")

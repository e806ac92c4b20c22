"""Organisation use cases: units, positions (jabatan) and their ABK need."""
from __future__ import annotations

from uuid import UUID

from domain.access import Actor
from domain.organisation import Position, Unit, unit_id
from domain.rules import DomainError
from events.app import Mutasi


def establish_unit(app: Mutasi, actor: Actor, *, code: str, name: str, kind: str,
                   parent_code: str | None, service_priority: int) -> UUID:
    actor.require("manage_structure")
    unit = Unit.establish(code=code, name=name, kind=kind, parent_code=parent_code,
                          service_priority=service_priority, actor=actor.username, role=actor.role)
    app.store(unit, conflict=f"Unit dengan kode {unit.code} sudah terdaftar.")
    return unit.id


def create_position(app: Mutasi, actor: Actor, unit_code: str, *, code: str, name: str,
                    jabatan_type: str, eselon: str | None, level: str | None, band_low: str,
                    band_high: str, education_families: tuple, track: str, abk_need: int,
                    strategic: bool, **regulation) -> UUID:
    """`regulation`: the post as the regulations see it (`Position.create`: jf, education_levels,
    education_fields, credential, competence, is_principal)."""
    actor.require("manage_structure")
    unit = app.load(Unit, unit_id(unit_code), f"Unit {unit_code}")
    position = Position.create(unit=unit, code=code, name=name, jabatan_type=jabatan_type,
                               eselon=eselon, level=level, band_low=band_low, band_high=band_high,
                               education_families=education_families, track=track,
                               abk_need=abk_need, strategic=strategic, actor=actor.username,
                               role=actor.role, **regulation)
    app.store(position, conflict=f"Jabatan dengan kode {position.code} sudah terdaftar.")
    return position.id


def change_need(app: Mutasi, actor: Actor, position_code: str, abk_need: int, reason: str) -> None:
    actor.require("manage_structure")
    position = app.position(position_code)
    position.change_need(abk_need, reason, actor.username, actor.role)
    app.store(position)


def appoint_acting(app: Mutasi, actor: Actor, position_code: str, nip: str, start, sk_number: str) -> None:
    """A Plt for a post: an active PNS who keeps their own post (BKN SE 1/2021)."""
    actor.require("manage_structure")
    position, employee = app.position(position_code), app.employee(nip)
    employee.check_active()
    if employee.status != "PNS":
        raise DomainError("Plt ditunjuk dari PNS, bukan PPPK (SE Kepala BKN 1/2021).")
    if employee.position_id == position.id:
        raise DomainError("Pemangku jabatan ini tidak dapat sekaligus menjadi Plt-nya.")
    position.appoint_acting(nip=employee.nip, start=start, sk_number=sk_number,
                            actor=actor.username, role=actor.role)
    app.store(position)

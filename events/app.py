"""The Mutasi application: every use case is get → one domain command → save()."""
from __future__ import annotations

from datetime import date
from typing import Callable, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.access import Actor
from domain.appraisal import AppraisalPeriod, period_id
from domain.decree_settings import DEFAULT_DECREE_SETTINGS, DecreeSettings
from domain.employee import Employee, employee_id
from domain.organisation import Position, Unit, position_id, unit_id
from domain.plan import Plan
from domain.rules import ConflictError, DomainError
from events.store import DateAsISO

A = TypeVar("A")


class Mutasi(Application):
    name = "Mutasi"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # --- plumbing ---------------------------------------------------------------------------
    def load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise DomainError(f"{what} tidak ditemukan.") from None
        if not isinstance(aggregate, cls):
            raise DomainError(f"{what} tidak ditemukan.")
        return aggregate

    on_saved: Callable[[int], None] | None = None  # set by System: brings the views up to a position
    decree_signer = None  # set by System: signs each SK with the installation's key (events.files.signing)
    decree_settings: DecreeSettings = DEFAULT_DECREE_SETTINGS  # the SK's wording; System reads the environment

    def store(self, *aggregates, conflict: str | None = None) -> None:
        """save() that turns a lost optimistic-concurrency race into a message, then lets the
        System bring the views up to this write (a read after one's own write sees it)."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(conflict or "Data ini baru saja diubah oleh pengguna lain; "
                                "muat ulang halaman dan coba lagi.") from None
        if self.on_saved and recordings:
            self.on_saved(max(r.notification.id for r in recordings))

    def employee(self, nip: str, expected_version: int | None = None) -> Employee:
        employee = self.load(Employee, employee_id((nip or "").strip()), f"ASN dengan NIP {nip}")
        if expected_version is not None and employee.version != expected_version:
            raise ConflictError(f"Data {employee.name} sudah diubah orang lain sejak Anda membukanya "
                                "(versi berubah); muat ulang dan periksa kembali.")
        return employee

    def position(self, code: str) -> Position:
        return self.load(Position, position_id(code), f"Jabatan {code}")

    def plan(self, plan_id) -> Plan:
        try:
            return self.load(Plan, UUID(str(plan_id)), "Rencana")
        except ValueError:
            raise DomainError("Rencana tidak ditemukan.") from None

    def load_position_code(self, position_uuid: UUID) -> str:
        return self.load(Position, position_uuid, "Jabatan").code

    def period(self, name: str) -> AppraisalPeriod:
        return self.load(AppraisalPeriod, period_id(name), f"Periode penilaian {name}")

    # --- organisation -----------------------------------------------------------------------
    def establish_unit(self, actor: Actor, **spec) -> UUID:
        actor.require("manage_structure")
        unit = Unit.establish(**spec, actor=actor.username, role=actor.role)
        self.store(unit, conflict=f"Unit dengan kode {unit.code} sudah terdaftar.")
        return unit.id

    def create_position(self, actor: Actor, unit_code: str, **spec) -> UUID:
        actor.require("manage_structure")
        unit = self.load(Unit, unit_id(unit_code), f"Unit {unit_code}")
        position = Position.create(unit=unit, **spec, actor=actor.username, role=actor.role)
        self.store(position, conflict=f"Jabatan dengan kode {position.code} sudah terdaftar.")
        return position.id

    def change_need(self, actor: Actor, position_code: str, abk_need: int, reason: str) -> None:
        actor.require("manage_structure")
        position = self.position(position_code)
        position.change_need(abk_need, reason, actor.username, actor.role)
        self.store(position)

    # --- employees --------------------------------------------------------------------------
    def register_employee(self, actor: Actor, position_code: str, **data) -> UUID:
        actor.require("manage_employees")
        position = self.position(position_code)
        employee = Employee.register(position=position, **data, actor=actor.username, role=actor.role)
        self.store(employee, conflict=f"ASN dengan NIP {employee.nip} sudah terdaftar.")
        return employee.id

    def promote(self, actor: Actor, nip: str, golongan: str, tmt: date, sk_number: str,
                expected_version: int | None = None) -> None:
        actor.require("manage_employees")
        employee = self.employee(nip, expected_version)
        employee.promote(golongan=golongan, tmt=tmt, sk_number=sk_number,
                         actor=actor.username, role=actor.role)
        self.store(employee)

    def transfer(self, actor: Actor, nip: str, position_code: str, sk_number: str, sk_date: date,
                 tmt: date, reason: str, expected_version: int | None = None) -> None:
        actor.require("manage_employees")
        employee = self.employee(nip, expected_version)
        employee.transfer(to=self.position(position_code), sk_number=sk_number, sk_date=sk_date,
                          tmt=tmt, reason=reason, actor=actor.username, role=actor.role)
        self.store(employee)

    def record_leaving(self, actor: Actor, nip: str, on: date, reason: str,
                       expected_version: int | None = None) -> None:
        actor.require("manage_employees")
        employee = self.employee(nip, expected_version)
        employee.leave(on=on, reason=reason, actor=actor.username, role=actor.role)
        self.store(employee)

    # --- appraisal --------------------------------------------------------------------------
    def open_period(self, actor: Actor, name: str, year: int, starts: date, ends: date) -> UUID:
        actor.require("manage_periods")
        period = AppraisalPeriod.open(name=name, year=year, starts=starts, ends=ends,
                                      actor=actor.username, role=actor.role)
        self.store(period, conflict=f"Periode {name} sudah pernah dibuka.")
        return period.id

    def close_period(self, actor: Actor, name: str) -> None:
        actor.require("manage_periods")
        period = self.period(name)
        period.close(actor.username, actor.role)
        self.store(period)

    def check_unit_scope(self, actor: Actor, employee: Employee) -> None:
        if actor.role == "kepala_opd":
            unit = self.load(Unit, employee.unit_id, "Unit")
            if not actor.may_see_unit(unit.code, unit.parent_code):
                raise DomainError(f"{employee.name} bukan pegawai unit Anda; hanya atasan langsung "
                                  "atau BKD yang dapat menilai.")

    def appraisal_unit(self, employee: Employee) -> str:
        """The unit that submits this person's appraisal: their OPD (a sub-unit's parent)."""
        unit = self.load(Unit, employee.unit_id, "Unit")
        return unit.parent_code or unit.code

    def appraise(self, actor: Actor, nip: str, period: str, hasil_kerja: str, perilaku: str,
                 justification: str = "", expected_version: int | None = None) -> bool:
        """Rates or re-rates (while the unit's submission is a draft); False when unchanged."""
        actor.require("appraise")
        employee = self.employee(nip, expected_version)
        self.check_unit_scope(actor, employee)
        changed = employee.appraise(period=self.period(period), hasil_kerja=hasil_kerja,
                                    perilaku=perilaku, justification=justification,
                                    actor=actor.username, role=actor.role,
                                    unit_code=self.appraisal_unit(employee))
        self.store(employee)
        return changed

    def correct_appraisal(self, actor: Actor, nip: str, period: str, hasil_kerja: str,
                          perilaku: str, reason: str) -> None:
        actor.require("manage_periods")
        employee = self.employee(nip)
        employee.correct_appraisal(period=self.period(period), hasil_kerja=hasil_kerja,
                                   perilaku=perilaku, reason=reason, actor=actor.username,
                                   role=actor.role)
        self.store(employee)

    def assess_talent(self, actor: Actor, nip: str, period: str, kinerja: str,
                      potensial: str) -> None:
        actor.require("assess_talent")
        employee = self.employee(nip)
        employee.assess_talent(period=period, kinerja=kinerja, potensial=potensial,
                               actor=actor.username, role=actor.role)
        self.store(employee)

"""Appraisal (SKP) use cases: periods, rating and correcting a rating, a unit's submission to BKD
(and BKD returning it or setting the unit's own predikat), and a period's results imported from
e-Kinerja. Each is get → one command → store(); an import stores every changed ASN in ONE
transaction or nothing at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.appraisal import AppraisalPeriod
from domain.employee import Employee
from domain.organisation import Position, Unit
from domain.supervision import head_rank
from domain.rules import DomainError, predikat
from events.app import Mutasi
from events.files.ekinerja_files import ResultRow, read_results
from events.files.survey_files import FileError, FileErrors
from events.readside import supervision_queries
from events.usecases.employees import employee_in_scope

UNIT_CONFLICT = "Penilaian unit ini baru saja diubah pengguna lain; muat ulang."


# --- periods ----------------------------------------------------------------------------------
def open_period(app: Mutasi, actor: Actor, name: str, year: int | str, starts: date | str,
                ends: date | str) -> UUID:
    """The year and dates may be as typed in a form: the period checks each against its range."""
    actor.require("manage_periods")
    period = AppraisalPeriod.open(name=name, year=year, starts=starts, ends=ends,
                                  actor=actor.username, role=actor.role)
    app.store(period, conflict=f"Periode {name} sudah pernah dibuka.")
    return period.id


def close_period(app: Mutasi, actor: Actor, name: str) -> None:
    actor.require("manage_periods")
    period = app.period(name)
    period.close(actor.username, actor.role)
    app.store(period)


# --- rating one person --------------------------------------------------------------------------
def appraisal_unit(app: Mutasi, employee: Employee) -> str:
    """The unit that submits this person's appraisal: their OPD (a sub-unit's parent)."""
    unit = app.load(Unit, employee.unit_id, "Unit")
    return unit.parent_code or unit.code


def check_not_own_head(app: Mutasi, actor: Actor, employee: Employee) -> None:
    """A unit head's account rates their staff, never the head of its own unit (themselves): that
    SKP is their atasan's (Sekretaris Daerah / Wali Kota), recorded by BKD (domain/supervision.py).
    Only a post of the actor's unit that can lead it (structural or principal) is looked up."""
    if actor.role != "kepala_opd" or not actor.unit_code or employee.position_id is None:
        return
    post = app.load(Position, employee.position_id, "Jabatan")
    if post.unit_code != actor.unit_code or head_rank(post.eselon, post.is_principal) is None:
        return
    head = supervision_queries.heads([actor.unit_code]).get(actor.unit_code)
    if head and head["nip"] == employee.nip:
        raise DomainError("SKP kepala unit dinilai oleh atasannya (Sekretaris Daerah / Wali Kota) "
                          "dan dicatat BKD, bukan oleh akun kepala unit itu sendiri.")


def appraise(app: Mutasi, actor: Actor, nip: str, period: str, hasil_kerja: str, perilaku: str,
             justification: str = "", expected_version: int | None = None) -> bool:
    """Rates or re-rates (while the unit's submission is a draft); False when unchanged."""
    actor.require("appraise")
    if not hasil_kerja or not perilaku:
        raise DomainError("Pilih hasil kerja dan perilaku kerja.")
    employee = employee_in_scope(app, actor, nip, expected_version)
    check_not_own_head(app, actor, employee)
    changed = employee.appraise(period=app.period(period), hasil_kerja=hasil_kerja,
                                perilaku=perilaku, justification=justification,
                                actor=actor.username, role=actor.role,
                                unit_code=appraisal_unit(app, employee))
    app.store(employee)
    return changed


@dataclass(frozen=True)
class Rating:
    """One row of a unit's sheet as typed: a rating for one person."""
    nip: str
    hasil_kerja: str
    perilaku: str
    justification: str = ""


def appraise_many(app: Mutasi, actor: Actor, period: str, ratings: list[Rating]) -> dict[str, str]:
    """Each rating is its own command and event; returns the refused ones, NIP → message."""
    refused = {}
    for rating in ratings:
        try:
            appraise(app, actor, rating.nip, period, rating.hasil_kerja, rating.perilaku,
                     rating.justification)
        except DomainError as error:
            refused[rating.nip] = str(error)
    return refused


def correct_appraisal(app: Mutasi, actor: Actor, nip: str, period: str, hasil_kerja: str,
                      perilaku: str, reason: str) -> None:
    actor.require("manage_periods")
    employee = app.employee(nip)
    employee.correct_appraisal(period=app.period(period), hasil_kerja=hasil_kerja,
                               perilaku=perilaku, reason=reason, actor=actor.username,
                               role=actor.role)
    app.store(employee)


# --- a unit's submission ------------------------------------------------------------------------
def check_unit_head(actor: Actor, unit_code: str) -> None:
    """A unit head acts only for their own unit; BKD (appraise permission) for any unit."""
    actor.require("appraise")
    if actor.role == "kepala_opd" and actor.unit_code != unit_code:
        raise ForbiddenError(f"Anda hanya dapat mengajukan penilaian unit {actor.unit_code}.")


def submit_unit(app: Mutasi, actor: Actor, period: str, unit_code: str,
                roster: list[str]) -> list[str]:
    """The unit's ratings go to BKD; `roster` is the NIPs of the unit's active staff.

    Refused while anyone is unrated; returns the distribution warnings (a warning, not a block)."""
    check_unit_head(actor, unit_code)
    appraisal_period = app.period(period)
    predikats = [app.employee(nip).appraisals.get(appraisal_period.name) for nip in roster]
    warnings = appraisal_period.submit_unit(unit_code=unit_code, predikats=predikats,
                                            actor=actor.username, role=actor.role)
    app.store(appraisal_period, conflict=UNIT_CONFLICT)
    return warnings


def return_unit(app: Mutasi, actor: Actor, period: str, unit_code: str, reason: str) -> None:
    actor.require("manage_periods")
    appraisal_period = app.period(period)
    appraisal_period.return_unit(unit_code=unit_code, reason=reason, actor=actor.username,
                                 role=actor.role)
    app.store(appraisal_period, conflict=UNIT_CONFLICT)


def set_unit_predikat(app: Mutasi, actor: Actor, period: str, unit_code: str, value: str) -> None:
    actor.require("manage_periods")
    appraisal_period = app.period(period)
    appraisal_period.set_unit_predikat(unit_code=unit_code, predikat=value, actor=actor.username,
                                       role=actor.role)
    app.store(appraisal_period)


# --- import from e-Kinerja -------------------------------------------------------------------
def check_importer(actor: Actor, unit_code: str | None) -> None:
    """BKD imports for any unit; a unit head only into their own unit's sheet."""
    actor.require("appraise")
    if actor.role == "kepala_opd" and (not unit_code or unit_code != actor.unit_code):
        raise ForbiddenError(f"Impor e-Kinerja hanya oleh BKD atau oleh Kepala OPD untuk unitnya sendiri "
                             f"({actor.unit_code}).")


def import_file(app: Mutasi, actor: Actor, period: str, filename: str, data: bytes,
                unit_code: str | None = None) -> dict:
    """A CSV/XLSX exported from e-Kinerja; a bad file raises FileErrors and records nothing. Who may
    import is checked before the file is read."""
    check_importer(actor, unit_code)
    rows, source = read_results(filename, data)
    return import_results(app, actor, period, rows, source, unit_code)


def import_results(app: Mutasi, actor: Actor, period: str, rows: list[ResultRow], source: str,
                   unit_code: str | None = None) -> dict:
    """Records every row as an appraisal, or none: any bad row refuses the file with row and reason.

    With `unit_code`, every row must belong to that unit (the sheet the file was uploaded to)."""
    check_importer(actor, unit_code)
    appraisal_period = app.period(period)
    appraisal_period.check_open()
    changed: dict = {}
    errors, seen = [], set()
    for row in rows:
        try:
            employee = import_row(app, actor, appraisal_period, row, seen, source, unit_code)
        except DomainError as error:
            errors.append(FileError(row.row, None, str(error).rstrip(".")))
            continue
        if employee is not None:
            changed[employee.id] = employee
    if errors:
        raise FileErrors(errors)
    app.store(*changed.values(), conflict="Sebagian pegawai baru saja dinilai pengguna lain; "
                                          "tidak ada yang disimpan, unggah ulang berkasnya.")
    return {"rows": len(rows), "recorded": len(changed), "unchanged": len(rows) - len(changed)}


def import_row(app: Mutasi, actor: Actor, period: AppraisalPeriod, row: ResultRow, seen: set,
               source: str, unit_code: str | None) -> Employee | None:
    if row.nip in seen:
        raise DomainError(f"NIP {row.nip} muncul lebih dari sekali di berkas")
    seen.add(row.nip)
    employee = employee_in_scope(app, actor, row.nip)
    unit = appraisal_unit(app, employee)
    if unit_code and unit != unit_code:
        raise DomainError(f"{employee.name} bukan pegawai unit {unit_code} (unit {unit})")
    expected = predikat(row.hasil_kerja, row.perilaku)
    if row.predikat and row.predikat != expected:
        raise DomainError(f"predikat '{row.predikat}' tidak sesuai matriks SKP: hasil kerja "
                          f"{row.hasil_kerja.replace('_', ' ')} dan perilaku "
                          f"{row.perilaku.replace('_', ' ')} menghasilkan {expected}")
    changed = employee.appraise(period=period, hasil_kerja=row.hasil_kerja, perilaku=row.perilaku,
                                justification=source, actor=actor.username, role=actor.role,
                                unit_code=unit)
    return employee if changed else None

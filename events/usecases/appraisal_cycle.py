"""Use cases of the yearly SKP cycle: a unit submits its ratings, BKD returns a unit or sets the
unit's own predikat, and a period's results are imported from e-Kinerja. Each is get → one command
→ store(); an import stores every changed ASN in ONE transaction or nothing at all.
"""
from __future__ import annotations

from domain.access import Actor, ForbiddenError
from domain.employee import Employee
from domain.rules import DomainError, predikat
from events.files.ekinerja_files import ResultRow
from events.files.survey_files import FileError, FileErrors


def check_unit_head(actor: Actor, unit_code: str) -> None:
    """A unit head acts only for their own unit; BKD (appraise permission) for any unit."""
    actor.require("appraise")
    if actor.role == "kepala_opd" and actor.unit_code != unit_code:
        raise ForbiddenError(f"Anda hanya dapat mengajukan penilaian unit {actor.unit_code}.")


def submit_unit(app, actor: Actor, period: str, unit_code: str, roster: list[str]) -> list[str]:
    """The unit's ratings go to BKD; `roster` is the NIPs of the unit's active staff.

    Refused while anyone is unrated; returns the distribution warnings (a warning, not a block)."""
    check_unit_head(actor, unit_code)
    appraisal_period = app.period(period)
    predikats = [app.employee(nip).appraisals.get(appraisal_period.name) for nip in roster]
    warnings = appraisal_period.submit_unit(unit_code=unit_code, predikats=predikats,
                                            actor=actor.username, role=actor.role)
    app.store(appraisal_period, conflict="Penilaian unit ini baru saja diubah pengguna lain; muat ulang.")
    return warnings


def return_unit(app, actor: Actor, period: str, unit_code: str, reason: str) -> None:
    actor.require("manage_periods")
    appraisal_period = app.period(period)
    appraisal_period.return_unit(unit_code=unit_code, reason=reason, actor=actor.username,
                                 role=actor.role)
    app.store(appraisal_period, conflict="Penilaian unit ini baru saja diubah pengguna lain; muat ulang.")


def set_unit_predikat(app, actor: Actor, period: str, unit_code: str, value: str) -> None:
    actor.require("manage_periods")
    appraisal_period = app.period(period)
    appraisal_period.set_unit_predikat(unit_code=unit_code, predikat=value, actor=actor.username,
                                       role=actor.role)
    app.store(appraisal_period)


# --- import from e-Kinerja -------------------------------------------------------------------
def import_results(app, actor: Actor, period: str, rows: list[ResultRow], source: str,
                   unit_code: str | None = None) -> dict:
    """Records every row as an appraisal, or none: any bad row refuses the file with row and reason.

    With `unit_code`, every row must belong to that unit (the sheet the file was uploaded to)."""
    actor.require("appraise")
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


def import_row(app, actor: Actor, period, row: ResultRow, seen: set, source: str,
               unit_code: str | None) -> Employee | None:
    if row.nip in seen:
        raise DomainError(f"NIP {row.nip} muncul lebih dari sekali di berkas")
    seen.add(row.nip)
    employee = app.employee(row.nip)
    app.check_unit_scope(actor, employee)
    appraisal_unit = app.appraisal_unit(employee)
    if unit_code and appraisal_unit != unit_code:
        raise DomainError(f"{employee.name} bukan pegawai unit {unit_code} (unit {appraisal_unit})")
    expected = predikat(row.hasil_kerja, row.perilaku)
    if row.predikat and row.predikat != expected:
        raise DomainError(f"predikat '{row.predikat}' tidak sesuai matriks SKP: hasil kerja "
                          f"{row.hasil_kerja.replace('_', ' ')} dan perilaku "
                          f"{row.perilaku.replace('_', ' ')} menghasilkan {expected}")
    changed = employee.appraise(period=period, hasil_kerja=row.hasil_kerja, perilaku=row.perilaku,
                                justification=source, actor=actor.username, role=actor.role,
                                unit_code=appraisal_unit)
    return employee if changed else None

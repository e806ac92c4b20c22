"""Competence assessments (Peraturan BKN 26/2019) of BKD: one ASN's results typed on their page,
or many from a CSV/XLSX file, all or nothing. Each is a `CompetenceAssessed` event with its actor;
only names of the city's standards are accepted (`competence_queries.known_competences`)."""
from __future__ import annotations

from datetime import date

from domain.access import Actor
from domain.rules import DomainError
from events.app import Mutasi
from events.files.competence_files import read_assessments
from events.files.survey_files import FileError, FileErrors
from events.readside.competence_queries import known_competences
from events.usecases.employees import employee_in_scope


def assess_competence(app: Mutasi, actor: Actor, nip: str, on: date, levels: dict,
                      expected_version: int | None = None, today: date | None = None) -> None:
    actor.require("assess_competence")
    employee = employee_in_scope(app, actor, nip, expected_version)
    employee.assess_competence(on=on, levels=levels, actor=actor.username, role=actor.role,
                               today=today or date.today(), known=known_competences())
    app.store(employee)


def import_assessments(app: Mutasi, actor: Actor, filename: str, data: bytes,
                       today: date | None = None) -> dict:
    """Records every row of the file as an assessment, or none: any bad row (unknown NIP, level
    outside 1–5, unknown competence, bad or future date) refuses the file with row and reason.
    Who may import is checked before the file is read."""
    actor.require("assess_competence")
    today, known = today or date.today(), known_competences()
    rows, changed, errors, seen = read_assessments(filename, data, known, today), {}, [], set()
    for row in rows:
        try:
            if row.nip in seen:
                raise DomainError(f"NIP {row.nip} muncul lebih dari sekali di berkas")
            seen.add(row.nip)
            employee = employee_in_scope(app, actor, row.nip)
            employee.assess_competence(on=row.on, levels=row.levels, actor=actor.username,
                                       role=actor.role, today=today, known=known)
        except DomainError as error:
            errors.append(FileError(row.row, None, str(error).rstrip(".")))
            continue
        changed[employee.id] = employee
    if errors:
        raise FileErrors(errors)
    app.store(*changed.values(), conflict="Sebagian pegawai baru saja diubah pengguna lain; tidak "
                                          "ada yang disimpan, unggah ulang berkasnya.")
    return {"rows": len(rows), "recorded": len(changed)}

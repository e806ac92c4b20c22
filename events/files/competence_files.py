"""Reading competence assessment results (CSV or XLSX) for `mutasi competence import` and the
browser upload.

The first row names the columns: `NIP`, `Tanggal` (the date of the assessment), then one column per
competence, named as in the standards (`integritas`, `kerja sama`, …, `perekat bangsa`, and teknis
competencies such as `pelayanan klinis`), in any order and case. A level is a whole number 1–5; a
blank cell means the competence was not assessed. The WHOLE file is refused, with every row and
column at fault, for an unknown column, a bad NIP, a bad or future date, or a level outside 1–5
(the same readers and limits as `events.files.survey_files`); whether a NIP exists is checked by
the use case, which refuses the file too.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from domain.competence import check_assessment_date, check_level, folded
from domain.limits import shown
from domain.rules import DomainError
from events.files.ekinerja_files import parse_nip
from events.files.survey_files import (MAX_BYTES, FileError, FileErrors, Rows, is_blank,
                                       parsed_rows, read_table, refuse)

MAX_ROWS = 5_000
FIXED = {"nip": ("nip", "nip baru"), "tanggal": ("tanggal", "tanggal asesmen", "tgl asesmen")}
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


@dataclass(frozen=True)
class AssessmentRow:
    row: int
    nip: str
    on: date | None
    levels: dict


def read_assessments(filename: str, data: bytes, known: dict[str, str], today: date, *,
                     max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> list[AssessmentRow]:
    """The rows of the file; `known`: domain.competence.known_names of the city's standards."""
    rows, _ = read_table(filename, data, max_bytes, max_rows)
    return parse_rows(rows, known, today, max_rows)


def template_csv(names: list[str]) -> str:
    """The heading row of an import file: NIP, Tanggal and every competence name given."""
    out = io.StringIO()
    csv.writer(out).writerow(["NIP", "Tanggal", *names])
    return out.getvalue()


def header_name(cell) -> str:
    return " ".join(str(cell if cell is not None else "").replace("_", " ").split())


def find_columns(header: list, known: dict[str, str]) -> tuple[dict, dict]:
    """({'nip': i, 'tanggal': i}, {column index: competence name}); refuses unknown or repeated
    columns and missing NIP or Tanggal."""
    fixed, competences, errors, seen = {}, {}, [], set()
    for index, cell in enumerate(header):
        name = header_name(cell)
        key = folded(name)
        if not key:
            continue
        if key in seen:
            errors.append(FileError(1, shown(name), "kolom muncul lebih dari sekali di baris judul"))
        seen.add(key)
        hit = next((k for k, aliases in FIXED.items() if key in aliases), None)
        if hit:
            fixed[hit] = index
        elif key in known:
            competences[index] = known[key]
        else:
            errors.append(FileError(1, shown(name), "kompetensi tidak dikenal (bukan manajerial, "
                                    "sosial kultural, atau teknis suatu standar jabatan)"))
    errors += [FileError(1, label, "kolom tidak ditemukan di baris judul")
               for key, label in (("nip", "NIP"), ("tanggal", "Tanggal")) if key not in fixed]
    if not competences and not errors:
        errors.append(FileError(1, None, "tidak ada kolom kompetensi di baris judul"))
    if errors:
        raise FileErrors(errors)
    return fixed, competences


def parse_rows(rows: Rows, known: dict[str, str], today: date, max_rows: int) -> list[AssessmentRow]:
    _, header = next(rows, (1, []))
    if is_blank(header):
        refuse("baris pertama harus berisi judul kolom NIP, Tanggal dan nama kompetensi", row=1)
    fixed, competences = find_columns(header, known)
    return parsed_rows(rows, max_rows, lambda number, cells: parse_row(number, cells, fixed, competences, today),
                       "baris hasil asesmen", "hasil asesmen")


def at(cells: list, index: int):
    return cells[index] if index < len(cells) else None


def parse_row(number: int, cells: list, fixed: dict, competences: dict,
              today: date) -> tuple[AssessmentRow, list[FileError]]:
    errors = []
    nip, problem = parse_nip(at(cells, fixed["nip"]))
    if problem:
        errors.append(FileError(number, "NIP", problem))
    try:
        on = parse_date(at(cells, fixed["tanggal"]), today)
    except DomainError as error:
        on = None
        errors.append(FileError(number, "Tanggal", str(error).rstrip(".")))
    levels = {}
    for index, name in competences.items():
        value = at(cells, index)
        if value is None or str(value).strip() == "":
            continue
        try:
            levels[name] = check_level(name, value)
        except DomainError as error:
            errors.append(FileError(number, name, str(error).rstrip(".")))
    if not levels and not any(e.column in competences.values() for e in errors):
        errors.append(FileError(number, None, "tidak ada level kompetensi yang diisi"))
    return AssessmentRow(number, nip, on, levels), errors


def parse_date(value, today: date) -> date:
    """A date cell: a spreadsheet date, TTTT-BB-HH, or HH-BB-TTTT (also with / or .)."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = str(value if value is not None else "").strip()
        if not text:
            raise DomainError("tanggal asesmen kosong")
        found = DAY_FIRST.match(text)
        value = f"{found[3]}-{int(found[2]):02d}-{int(found[1]):02d}" if found else text
    return check_assessment_date(value, today)

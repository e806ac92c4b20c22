"""Reading SKM answers from an uploaded CSV or XLSX file.

The first row names the columns; the nine elements are columns `u1` … `u9` (any case, any order),
each optionally followed by its name ("U9 Sarana dan prasarana", see `find_columns`);
other columns are ignored and blank rows are skipped. Every other cell in those columns must be a
whole number 1–4 ("3.0" or "3,0" from a spreadsheet counts as 3). Anything else refuses the WHOLE
file with a list of errors, each naming the row as a spreadsheet shows it (header = row 1) and the
column. Only digits are accepted, so formulas ("=…", "+…", "@…") can never reach the data.

No upload can exhaust the server: the size is checked before anything else, an XLSX's zip is
inspected before it is opened (`xlsx_guard`), openpyxl streams the sheet (read-only mode) and
every row counts against the row limit, blank ones too.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable, Iterable, Iterator, NoReturn

import openpyxl

from domain.limits import thousands
from domain.rules import DomainError
from domain.survey import ELEMENT_CODES, ELEMENTS
from events.files.xlsx_guard import (BROKEN_XLSX, MAX_CELLS, MAX_COLUMNS, archive_problem,
                                     claimed_size_problem, megabytes)

MAX_BYTES = 5 * 1024 * 1024  # default upload limit (5 MB)
MAX_ROWS = 10_000            # default limit on respondent rows
MAX_ERRORS = 100             # stop listing after this many; the file is refused anyway
BLANK_ROWS = 1_000           # blank rows tolerated besides the header and the data rows
WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}([.,]0+)?$")  # short: int() of 5,000 digits fails
KINDS = {".csv": "CSV", ".xlsx": "XLSX"}
HEADING = re.compile(r"^(u[1-9])(?![0-9a-z])[\s.:)–-]*(.*)$", re.IGNORECASE)  # "U8. Penanganan …"

Rows = Iterator[tuple[int, list]]  # (row number as in a spreadsheet, cell values)


@dataclass(frozen=True)
class FileError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = [f"baris {self.row}" if self.row else "", f"kolom {self.column}" if self.column else ""]
        place = ", ".join(part for part in place if part)
        return f"{place}: {self.message}" if place else self.message


class FileErrors(DomainError):
    """The uploaded file was refused as a whole; `errors` lists every problem found."""

    def __init__(self, errors: list[FileError]) -> None:
        self.errors = list(errors)
        shown = "; ".join(str(error) for error in self.errors[:5])
        more = f" (dan {len(self.errors) - 5} kesalahan lain)" if len(self.errors) > 5 else ""
        super().__init__(f"Berkas ditolak, tidak ada data yang disimpan: {shown}{more}.")


def survey_template_csv() -> str:
    """The heading row of an answer file, each column with its code and its element's name."""
    return ",".join(f'"{code} {name}"' for code, name in ELEMENTS) + "\r\n"


def refuse(message: str, row: int | None = None, column: str | None = None) -> NoReturn:
    raise FileErrors([FileError(row, column, message)])


def read_answers(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES,
                 max_rows: int = MAX_ROWS) -> tuple[list[list[int]], str]:
    """The answers (one list of nine 1–4 values per respondent) and the source label."""
    rows, kind = read_table(filename, data, max_bytes, max_rows)
    return parse_rows(rows, max_rows), f"unggah {kind}"


def read_table(filename: str, data: bytes, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, *,
               data_only: bool = True, max_cells: int = MAX_CELLS) -> tuple[Rows, str]:
    """The raw rows of an uploaded CSV or XLSX and its kind; refuses empty, oversized, unknown files
    and, while rows are read, more than `max_rows` data rows plus the header and BLANK_ROWS.
    Shared by every upload (surveys, e-Kinerja results, competence, peta jabatan, SIASN lists);
    `data_only=False` reads an XLSX formula as its text, never its value."""
    kind = file_kind(filename)
    if not data:
        refuse("berkas kosong")
    if len(data) > max_bytes:
        refuse(f"ukuran berkas {megabytes(len(data))} MB melebihi batas {megabytes(max_bytes)} MB")
    row_limit = 1 + max_rows + BLANK_ROWS
    rows = csv_rows(data) if kind == "CSV" else xlsx_rows(data, row_limit, data_only=data_only)
    return capped(rows, row_limit, max_cells), kind


def file_kind(filename: str) -> str:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls":
        refuse("format .xls (Excel lama) tidak didukung; simpan ulang sebagai .xlsx atau .csv")
    if suffix not in KINDS:
        refuse(f"jenis berkas '{suffix or filename}' tidak didukung; unggah berkas .csv atau .xlsx")
    return KINDS[suffix]


# --- reading cells ------------------------------------------------------------------------
def decode(data: bytes) -> str:
    """A CSV's text: UTF-8 with or without BOM, else Windows-1252 (Excel's "CSV"); UTF-16 or
    binary data refused with a message."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        refuse("berkas CSV berpengodean UTF-16 atau bukan teks; simpan ulang dari Excel sebagai 'CSV UTF-8'")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        refuse("pengodean berkas CSV tidak dikenali (bukan UTF-8 maupun Windows-1252); simpan ulang "
               "dari Excel sebagai 'CSV UTF-8'")


def csv_rows(data: bytes) -> Rows:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    except csv.Error as error:
        refuse(f"berkas CSV tidak dapat dibaca ({error})")


def xlsx_rows(data: bytes, row_limit: int, data_only: bool = True) -> Rows:
    """The first sheet's rows, streamed; the zip is inspected before openpyxl opens it. With
    `data_only=False` a formula comes as its text ("=A1+1"), never evaluated nor its cached value."""
    problem = archive_problem(data)
    if problem:
        refuse(problem)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # noqa: BLE001 - zip, XML or format errors all mean "not a readable .xlsx"
        refuse(BROKEN_XLSX)
    try:
        sheet = workbook.worksheets[0]
        problem = claimed_size_problem(sheet.max_row, sheet.max_column, row_limit)
        if problem:
            refuse(problem)
        sheet.reset_dimensions()  # a smaller claim is not trusted either: rows are counted as read
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except FileErrors:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet is found while reading its rows
        refuse(BROKEN_XLSX)
    finally:
        workbook.close()


def capped(rows: Rows, row_limit: int, max_cells: int = MAX_CELLS) -> Rows:
    """Every row counts against `row_limit`, blank ones too, none may be wider than MAX_COLUMNS and
    all of them together hold at most MAX_CELLS cells: a sheet of 20 million empty rows is refused
    after `row_limit` of them, a sheet of needless columns after MAX_CELLS cells, not read to its end."""
    cells_read = 0
    for number, cells in rows:
        if number > row_limit:
            refuse(f"berkas berisi lebih dari {thousands(row_limit)} baris termasuk baris kosong; hapus "
                   "baris kosong di bawah data atau bagi berkasnya")
        if len(cells) > MAX_COLUMNS:
            refuse(f"baris berisi {thousands(len(cells))} kolom, batasnya {MAX_COLUMNS}", row=number)
        cells_read += len(cells)
        if cells_read > max_cells:
            refuse(f"berkas berisi lebih dari {thousands(max_cells)} sel; hapus kolom yang tidak diperlukan "
                   "atau bagi berkasnya")
        yield number, cells


def is_blank(cells: Iterable) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


# --- checking ---------------------------------------------------------------------------
def parse_rows(rows: Rows, max_rows: int) -> list[list[int]]:
    _, header = next(rows, (1, []))
    if is_blank(header):
        if all(is_blank(cells) for _, cells in rows):
            refuse("berkas kosong")
        refuse("baris judul kosong; baris pertama harus berisi judul kolom u1 … u9", row=1)
    columns = find_columns(header)
    return parsed_rows(rows, max_rows, lambda number, cells: parse_row(number, cells, columns),
                       "baris jawaban", "jawaban responden")


def parsed_rows(rows: Rows, max_rows: int, parse: Callable[[int, list], tuple[object, list]],
                counted: str, what: str) -> list:
    """Every non-blank data row after the header, parsed, all or nothing: the file is refused with
    every row's errors (the first MAX_ERRORS), beyond `max_rows` (each non-blank row counts, good or
    bad) or without a data row. The one loop of every upload (SKM, e-Kinerja, competence)."""
    results, errors = [], []
    for number, cells in rows:
        if is_blank(cells):
            continue
        if len(results) >= max_rows:
            refuse(f"berkas berisi lebih dari {thousands(max_rows)} {counted}")
        row, row_errors = parse(number, cells)
        results.append(row)
        errors.extend(row_errors)
        if len(errors) >= MAX_ERRORS:
            errors.append(FileError(None, None, "terlalu banyak kesalahan; pemeriksaan dihentikan"))
            break
    if errors:
        raise FileErrors(errors)
    if not results:
        refuse(f"berkas tidak berisi {what} (hanya baris judul)")
    return results


def find_columns(header: list) -> dict[str, int]:
    """{element code: column}. A column is named by its code (`u8`), its code and name
    (`U8 Penanganan pengaduan, saran dan masukan`) or its name alone; a name that is not the
    element's own under PermenPANRB 14/2017 refuses the file, so columns are never read in the
    wrong order silently."""
    found: dict[str, list[int]] = {code: [] for code in ELEMENT_CODES}
    errors, misnamed = [], set()
    for index, cell in enumerate(header):
        code, problem = element_of(cell)
        if problem:
            errors.append(FileError(1, shown_cell(cell), problem))
            misnamed.add(code)
        elif code:
            found[code].append(index)
    errors += [FileError(1, code, "kolom tidak ditemukan di baris judul")
               for code, hits in found.items() if not hits and code not in misnamed]
    errors += [FileError(1, code, "kolom muncul lebih dari sekali di baris judul")
               for code, hits in found.items() if len(hits) > 1]
    if errors:
        raise FileErrors(errors)
    return {code: hits[0] for code, hits in found.items()}


def name_key(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    return "".join(word for word in words if word != "dan")


NAME_KEYS = {name_key(name): code for code, name in ELEMENTS}


def element_of(cell) -> tuple[str | None, str | None]:
    """(element code or None for another column, problem with its heading or None)."""
    text = " ".join(str(cell if cell is not None else "").split())
    found = HEADING.match(text)
    if found is None:
        key = name_key(text)
        return NAME_KEYS.get(key) if key else None, None
    code, name = found[1].lower(), name_key(found[2])
    own = name_key(dict(ELEMENTS)[code])
    if name and not (len(name) >= 4 and (own.startswith(name) or name.startswith(own))):
        return code, (f"judul menamai unsur lain: {code} adalah '{dict(ELEMENTS)[code]}' "
                      "(PermenPANRB 14/2017); periksa urutan kolom")
    return code, None


def shown_cell(cell) -> str:
    text = " ".join(str(cell).split())
    return text if len(text) <= 40 else text[:39] + "…"


def parse_row(number: int, cells: list, columns: dict[str, int]) -> tuple[list, list[FileError]]:
    values, errors = [], []
    for code, index in columns.items():
        value, problem = parse_answer(cells[index] if index < len(cells) else None)
        values.append(value)
        if problem:
            errors.append(FileError(number, code, problem))
    return values, errors


def parse_answer(cell) -> tuple[int | None, str | None]:
    """(answer, None) for a whole number 1–4, else (None, why not)."""
    text = "" if cell is None else str(cell).strip()
    if not text:
        return None, "nilai kosong; isi angka 1–4"
    if isinstance(cell, bool) or not WHOLE_NUMBER.match(text):
        shown = text if len(text) <= 20 else text[:20] + "…"
        return None, f"nilai '{shown}' bukan angka 1–4"
    number = int(re.split(r"[.,]", text)[0])
    if not 1 <= number <= 4:
        return None, f"nilai {number} di luar rentang 1–4"
    return number, None

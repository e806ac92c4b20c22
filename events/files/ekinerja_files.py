"""Reading a period's results exported from the national e-Kinerja system (CSV or XLSX).

The first row names the columns: `NIP`, `Hasil Kerja`, `Perilaku` (or `Perilaku Kerja`) and an
optional `Predikat`, in any order and case; other columns are ignored and blank rows skipped.
Ratings may be written as e-Kinerja prints them ("Di Atas Ekspektasi") or short ("di atas",
"di_atas"). Format problems refuse the WHOLE file with every row and reason (the same conventions
as `events.files.survey_files`); whether a NIP exists or may be rated is checked by the use case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from domain.rules import PREDIKAT_ORDER
from events.files.survey_files import (MAX_BYTES, FileError, FileErrors, Rows, is_blank,
                                 parsed_rows, read_table, refuse)

MAX_ROWS = 5_000
COLUMNS = {  # canonical key -> accepted header names (normalised)
    "nip": ("nip", "nip baru"),
    "hasil_kerja": ("hasil kerja", "rating hasil kerja", "hasil"),
    "perilaku": ("perilaku", "perilaku kerja", "rating perilaku kerja", "rating perilaku"),
    "predikat": ("predikat", "predikat kinerja", "predikat kinerja pegawai"),
}
LABELS = {"nip": "NIP", "hasil_kerja": "Hasil Kerja", "perilaku": "Perilaku", "predikat": "Predikat"}
RATING_WORDS = {"dibawah": "di_bawah", "sesuai": "sesuai", "diatas": "di_atas"}
PREDIKATS = {p.lower(): p for p in PREDIKAT_ORDER}
NIP_TEXT = re.compile(r"^\d{18}$")


@dataclass(frozen=True)
class ResultRow:
    row: int
    nip: str
    hasil_kerja: str
    perilaku: str
    predikat: str | None


def read_results(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES,
                 max_rows: int = MAX_ROWS) -> tuple[list[ResultRow], str]:
    """The rows of the file and a label of its source ("e-Kinerja CSV"); refuses bad files."""
    rows, kind = read_table(filename, data, max_bytes, max_rows)
    return parse_rows(rows, max_rows), f"impor e-Kinerja ({kind})"


def header_name(cell) -> str:
    return " ".join(str(cell or "").replace("_", " ").lower().split())


def find_columns(header: list) -> dict[str, int]:
    names = [header_name(cell) for cell in header]
    found, errors = {}, []
    for key, aliases in COLUMNS.items():
        hits = [i for i, name in enumerate(names) if name in aliases]
        if len(hits) > 1:
            errors.append(FileError(1, LABELS[key], "kolom muncul lebih dari sekali di baris judul"))
        elif hits:
            found[key] = hits[0]
        elif key != "predikat":
            errors.append(FileError(1, LABELS[key], "kolom tidak ditemukan di baris judul"))
    if errors:
        raise FileErrors(errors)
    return found


def parse_rows(rows: Rows, max_rows: int) -> list[ResultRow]:
    _, header = next(rows, (1, []))
    if is_blank(header):
        refuse("baris pertama harus berisi judul kolom NIP, Hasil Kerja, Perilaku", row=1)
    columns = find_columns(header)
    return parsed_rows(rows, max_rows, lambda number, cells: parse_row(number, cells, columns),
                       "baris", "hasil penilaian")


def cell(cells: list, columns: dict, key: str):
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def parse_row(number: int, cells: list, columns: dict) -> tuple[ResultRow, list[FileError]]:
    values, errors = {}, []
    for key, parse in (("nip", parse_nip), ("hasil_kerja", parse_rating), ("perilaku", parse_rating),
                       ("predikat", parse_predikat)):
        values[key], problem = parse(cell(cells, columns, key))
        if problem:
            errors.append(FileError(number, LABELS[key], problem))
    return ResultRow(number, **values), errors


def shown(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def parse_nip(value) -> tuple[str, str | None]:
    if isinstance(value, float):
        return "", "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang; format kolom NIP sebagai Teks"
    text = str(value if value is not None else "").strip().lstrip("'").replace(" ", "")
    if not text:
        return "", "NIP kosong"
    if not NIP_TEXT.match(text):
        return "", f"NIP '{shown(text)}' harus 18 digit angka"
    return text, None


def parse_rating(value) -> tuple[str, str | None]:
    text = str(value if value is not None else "").strip()
    word = re.sub(r"[\s_]+", "", text.lower()).removesuffix("ekspektasi")
    if word in RATING_WORDS:
        return RATING_WORDS[word], None
    if not text:
        return "", "nilai kosong; isi di bawah, sesuai, atau di atas ekspektasi"
    return "", f"nilai '{shown(text)}' tidak dikenal; isi di bawah, sesuai, atau di atas ekspektasi"


def parse_predikat(value) -> tuple[str | None, str | None]:
    text = " ".join(str(value if value is not None else "").split())
    if not text:
        return None, None
    if text.lower() in PREDIKATS:
        return PREDIKATS[text.lower()], None
    return None, f"predikat '{shown(text)}' tidak dikenal"

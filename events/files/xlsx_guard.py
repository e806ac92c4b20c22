"""Looking inside an uploaded XLSX before parsing it, so that no file can exhaust the server.

An XLSX is a zip of XML parts. Python's `zipfile` never inflates a part beyond the size the zip's
directory declares for it (a part that would inflate further fails its CRC check and stops), so the
declared sizes bound what parsing can allocate: a part too large once inflated, too many parts, an
inflation ratio no spreadsheet reaches (a zip bomb: Excel's own sheets inflate 10–20 times), or a
compression Excel never writes is refused before openpyxl reads a byte of XML. The shared strings,
which openpyxl loads whole, get a smaller ceiling than the sheets, which it streams row by row.
A sheet's own claim of its size (`<dimension ref="A1:I20000000">`) is checked once the workbook is
open; the rows and their cells are counted as they are read, blank ones included, by
`survey_files.capped`, which bounds the time a file can take as well as its memory.

Each check returns the problem in Bahasa Indonesia, or None; the reader refuses the file with it.
"""
from __future__ import annotations

import io
import zipfile

from domain.limits import thousands

MB = 2**20
MAX_PARTS = 1_000
MAX_PART_BYTES = 32 * MB          # one inflated sheet; 10,000 answers take about 3 MB
MAX_SHARED_STRINGS_BYTES = 8 * MB  # loaded whole by openpyxl
MAX_TOTAL_BYTES = 64 * MB          # every part, inflated
MAX_RATIO = 100                    # inflated / compressed, for parts above RATIO_FROM
RATIO_FROM = 1 * MB
MAX_COLUMNS = 200                  # a row wider than this is not a table of answers or results
MAX_CELLS = 150_000                # cells read in all, blank ones too: openpyxl reads 35,000–80,000 a
                                   # second here; 10,000 answers in 14 columns fit
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
RESAVE = "simpan ulang dari Excel hanya dengan data yang diperlukan"
BROKEN_XLSX = "berkas bukan XLSX yang sah atau rusak; simpan ulang dari Excel sebagai .xlsx"


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",").removesuffix(",0")


def archive_problem(data: bytes) -> str | None:
    """What makes this zip unsafe to open as a workbook, from its directory alone."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return BROKEN_XLSX
    if len(parts) > MAX_PARTS:
        return f"berkas XLSX berisi {thousands(len(parts))} bagian, batasnya {thousands(MAX_PARTS)}; {RESAVE}"
    for part in parts:
        problem = part_problem(part)
        if problem:
            return problem
    total = sum(part.file_size for part in parts)
    if total > MAX_TOTAL_BYTES:
        return (f"isi berkas XLSX setelah dibuka {megabytes(total)} MB, batasnya {megabytes(MAX_TOTAL_BYTES)} MB; "
                f"{RESAVE}")
    return None


def part_problem(part: zipfile.ZipInfo) -> str | None:
    if part.compress_type not in METHODS:
        return "berkas XLSX memakai kompresi yang tidak dibuat Excel; simpan ulang dari Excel sebagai .xlsx"
    limit = MAX_SHARED_STRINGS_BYTES if part.filename.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES
    if part.file_size > limit:
        return (f"bagian {part.filename[-60:]} berkas XLSX berukuran {megabytes(part.file_size)} MB setelah "
                f"dibuka, batasnya {megabytes(limit)} MB; {RESAVE}")
    if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
        return (f"bagian {part.filename[-60:]} berkas XLSX mengembang lebih dari {MAX_RATIO} kali saat dibuka "
                f"(bom zip); {RESAVE}")
    return None


def claimed_size_problem(max_row: int | None, max_column: int | None, row_limit: int) -> str | None:
    """The size a sheet claims for itself (its `<dimension>`), before any row is read."""
    if max_row is not None and max_row > row_limit:
        return (f"lembar pertama menyatakan {thousands(max_row)} baris, batasnya {thousands(row_limit)} baris "
                f"termasuk baris kosong; {RESAVE}")
    if max_column is not None and max_column > MAX_COLUMNS:
        return f"lembar pertama menyatakan {thousands(max_column)} kolom, batasnya {MAX_COLUMNS} kolom; {RESAVE}"
    return None

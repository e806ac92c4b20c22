"""Documents generated from the events: content hashes and Excel exports (the SK: `decree_pdf`)."""
from __future__ import annotations

import csv
import hashlib
import io
import json

from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_cell(value):
    """Text that could become a spreadsheet formula is stored as text with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_lines(fields: tuple, records, fmt: str):
    """Records (dicts) as JSON Lines or CSV text, one line at a time: lists and dicts become JSON
    text in a CSV cell, and every cell is formula-safe."""
    if fmt == "jsonl":
        for record in records:
            yield json.dumps(record, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(fields)
    for record in records:
        writer.writerow([cell_text(record[field]) for field in fields])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def cell_text(value):
    if isinstance(value, (list, dict)):
        return safe_cell(json.dumps(value, ensure_ascii=False))
    return "" if value is None else safe_cell(value)


def export_xlsx(title: str, fields: tuple, records) -> bytes:
    """The same records as a workbook, written row by row (openpyxl write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(fields))
    for record in records:
        sheet.append([cell_text(record[field]) for field in fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Documents generated from the events: content hashes and Excel exports (the SK: `decree_pdf`)."""
from __future__ import annotations

import hashlib
import io

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

"""Documents generated from the events: the SK PDF and Excel exports."""
from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timezone

from fpdf import FPDF
from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


def tanggal(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def decree_pdf(sk_number: str, sk_date: date, tmt: date, lines: list[dict]) -> bytes:
    """The SK Wali Kota Sibolga listing the moves. Deterministic: same events, same bytes."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_creation_date(datetime(sk_date.year, sk_date.month, sk_date.day, tzinfo=timezone.utc))
    pdf.set_title(f"SK Wali Kota Sibolga {sk_number}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "KEPUTUSAN WALI KOTA SIBOLGA", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, f"NOMOR {sk_number}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, "TENTANG MUTASI PEGAWAI NEGERI SIPIL DI LINGKUNGAN PEMERINTAH KOTA SIBOLGA",
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 6, f"Memindahkan Pegawai Negeri Sipil yang namanya tercantum dalam lampiran ini, "
                         f"terhitung mulai tanggal {tanggal(tmt)}.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(8, 38, 46, 12, 72, 72, 22), text_align="LEFT",
                   line_height=5) as table:
        table.row(["No", "NIP", "Nama", "Gol.", "Dari jabatan", "Ke jabatan", "TMT"])
        for n, line in enumerate(lines, 1):
            table.row([str(n), line["nip"], line["name"], line["golongan"], line["from"], line["to"],
                       str(tmt)])
    pdf.ln(6)
    pdf.cell(0, 6, f"Ditetapkan di Sibolga pada tanggal {tanggal(sk_date)}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "WALI KOTA SIBOLGA", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


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

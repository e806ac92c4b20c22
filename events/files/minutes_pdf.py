"""The *berita acara* of a session of the Tim Penilai Kinerja as a PDF, from the session's event data
only (DOMAIN.md, "Who does what inside BKD and the committee").

Date and number; the members present with their seats; each proposal discussed (name, NIP, the post
and unit left and joined) with every present member's view and the Tim's recommendation; and the
signature lines of the members present. Deterministic: same events, same bytes (the creation date is
the session's date), so the SHA-256 recorded when the session concluded can be recomputed from the log.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from fpdf import FPDF
from fpdf.fonts import FontFace

from domain.committee import OPINIONS, SEATS
from domain.rules import DomainError
from events.files.decree_pdf import LINE, centred, tanggal

MEMBER_WIDTHS = (10, 80, 40, 30)
VIEW_WIDTHS = (70, 30, 60)
SIGNATURE_WIDTHS = (10, 70, 35, 45)


def minutes_pdf(number: str, held_on: date, members: list[dict], items: list[dict], views: dict,
                recommendations: dict) -> bytes:
    """members: [{"username", "name", "seat"}] present; items: [{"proposal_id", "name", "nip",
    "from_post_name", "from_unit_name", "to_post_name", "to_unit_name"}]; views: proposal id →
    member → {"opinion", "note"}; recommendations: proposal id → {"opinion", "note"}."""
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_creation_date(datetime(held_on.year, held_on.month, held_on.day, tzinfo=timezone.utc))
    pdf.set_title(f"Berita Acara Sidang Tim Penilai Kinerja Nomor {number}")
    pdf.set_author("Tim Penilai Kinerja PNS Pemerintah Kota Sibolga")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    try:
        heading(pdf, number, held_on, members, len(items))
        for n, item in enumerate(items, 1):
            item_section(pdf, n, item, members, views.get(item["proposal_id"], {}),
                         recommendations[item["proposal_id"]])
        signatures(pdf, held_on, members)
    except UnicodeError:
        raise DomainError("Ada nama atau catatan dengan karakter yang tidak dapat dicetak pada berita acara "
                          "(hanya huruf Latin-1); perbaiki lalu tutup sidang lagi.") from None
    return bytes(pdf.output())


def heading(pdf: FPDF, number: str, held_on: date, members: list[dict], count: int) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    centred(pdf, "PEMERINTAH KOTA SIBOLGA", 7)
    pdf.set_font("Helvetica", "B", 11)
    centred(pdf, "TIM PENILAI KINERJA PEGAWAI NEGERI SIPIL", 6)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(6)
    centred(pdf, "BERITA ACARA SIDANG TIM PENILAI KINERJA", LINE)
    centred(pdf, f"NOMOR {number}", LINE)
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10.5)
    pdf.multi_cell(0, LINE, f"Pada tanggal {tanggal(held_on)} Tim Penilai Kinerja Pegawai Negeri Sipil "
                            f"Pemerintah Kota Sibolga bersidang membahas {count} usulan mutasi yang diteruskan "
                            f"oleh Kepala BKD, dihadiri oleh {len(members)} anggota berikut:",
                   align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=MEMBER_WIDTHS, text_align="LEFT", line_height=5,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(["No", "Nama", "Kedudukan dalam Tim", "Akun"])
        for n, member in enumerate(members, 1):
            table.row([str(n), member["name"], SEATS.get(member["seat"], member["seat"]), member["username"]])
    pdf.ln(4)
    pdf.multi_cell(0, LINE, "Pendapat setiap anggota dan rekomendasi Tim atas setiap usulan:",
                   new_x="LMARGIN", new_y="NEXT")


def item_section(pdf: FPDF, n: int, item: dict, members: list[dict], views: dict, recommendation: dict) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.multi_cell(0, LINE, f"{n}. {item['name']} (NIP {item['nip']})", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, LINE, f"dari {item['from_post_name']}, {item['from_unit_name']} ke {item['to_post_name']}, "
                            f"{item['to_unit_name']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    with pdf.table(col_widths=VIEW_WIDTHS, text_align="LEFT", line_height=4.8,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(["Anggota", "Pendapat", "Catatan"])
        for member in members:
            view = views.get(member["username"], {})
            table.row([member["name"], OPINIONS.get(view.get("opinion"), "-"), view.get("note") or ""])
    pdf.ln(1)
    pdf.set_font("Helvetica", "B", 10)
    verdict = OPINIONS[recommendation["opinion"]].upper()
    pdf.multi_cell(0, LINE, f"Rekomendasi Tim: {verdict}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    if recommendation.get("note"):
        pdf.multi_cell(0, LINE, f"Catatan: {recommendation['note']}", align="J", new_x="LMARGIN", new_y="NEXT")


def signatures(pdf: FPDF, held_on: date, members: list[dict]) -> None:
    """The members present sign the berita acara: one line each."""
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10.5)
    pdf.multi_cell(0, LINE, "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana "
                            "mestinya.", align="J", new_x="LMARGIN", new_y="NEXT")
    if pdf.get_y() + (len(members) + 2) * 12 > pdf.page_break_trigger:
        pdf.add_page()  # the signatures stay together
    pdf.ln(3)
    pdf.cell(0, LINE, f"Sibolga, {tanggal(held_on)}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, LINE, "Anggota Tim Penilai Kinerja yang hadir:", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    with pdf.table(col_widths=SIGNATURE_WIDTHS, text_align="LEFT", line_height=12,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(["No", "Nama", "Kedudukan", "Tanda tangan"])
        for n, member in enumerate(members, 1):
            table.row([str(n), member["name"], SEATS.get(member["seat"], member["seat"]),
                       f"{n}. ...................."])

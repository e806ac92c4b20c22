"""The SK Wali Kota Sibolga as a PDF, from the decree's event data only (DOMAIN.md, "The SK Wali Kota").

Kop, nomor and tentang; Menimbang, Mengingat; MEMUTUSKAN — Menetapkan: KESATU, KEDUA, KETIGA;
Ditetapkan di Sibolga; the Wali Kota with name; Tembusan; and a Lampiran listing each person with the
post and unit they leave and join. Deterministic: same events, same bytes (the creation date is the
SK date), so the SHA-256 recorded at issuance can be recomputed from the log by anyone.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from string import ascii_lowercase

from fpdf import FPDF
from fpdf.fonts import FontFace

from domain.decree_settings import DecreeSettings
from domain.formats import tanggal  # "1 Desember 2026" (Babel); minutes_pdf uses it too
from domain.rules import PANGKAT, DomainError

TITLE = "PEMINDAHAN PEGAWAI NEGERI SIPIL"
LABEL, COLON = 30.0, 5.0  # width of "Menimbang", "KESATU", ... and of the colon after them
LINE = 5.5
LAMPIRAN_COLUMNS = ("No", "Nama", "NIP", "Pangkat/Gol.", "Jabatan lama", "Unit kerja lama",
                    "Jabatan baru", "Unit kerja baru")
LAMPIRAN_WIDTHS = (8, 38, 35, 36, 44, 37, 44, 35)


def pangkat(golongan: str) -> str:
    return f"{PANGKAT[golongan]}, {golongan}" if golongan in PANGKAT else golongan


def dictums(tmt: date) -> list[tuple[str, str]]:
    return [
        ("KESATU", "Memindahkan Pegawai Negeri Sipil yang namanya tercantum dalam Lampiran Keputusan ini "
                   "dari jabatan dan unit kerja lama ke jabatan dan unit kerja baru sebagaimana tercantum "
                   "dalam Lampiran tersebut."),
        ("KEDUA", f"Pemindahan sebagaimana dimaksud dalam Diktum KESATU berlaku terhitung mulai tanggal "
                  f"{tanggal(tmt)}; sejak tanggal tersebut kepada Pegawai Negeri Sipil yang bersangkutan "
                  "diberikan penghasilan sesuai dengan jabatan yang baru berdasarkan ketentuan peraturan "
                  "perundang-undangan."),
        ("KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di "
                   "kemudian hari ternyata terdapat kekeliruan dalam Keputusan ini, akan diadakan "
                   "perbaikan sebagaimana mestinya."),
    ]


def decree_pdf(sk_number: str, sk_date: date, tmt: date, lines: list[dict], wording: dict) -> bytes:
    """The signed-to-be SK: the decree itself, then its Lampiran."""
    settings = DecreeSettings.from_wording(wording)
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_creation_date(datetime(sk_date.year, sk_date.month, sk_date.day, tzinfo=timezone.utc))
    pdf.set_title(f"Keputusan Wali Kota Sibolga Nomor {sk_number}")
    pdf.set_author("Pemerintah Kota Sibolga")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    try:
        decree_pages(pdf, sk_number, sk_date, tmt, settings)
        lampiran_pages(pdf, sk_number, sk_date, lines, settings)
    except UnicodeError:
        raise DomainError("Ada nama atau jabatan dengan karakter yang tidak dapat dicetak pada SK "
                          "(hanya huruf Latin-1); perbaiki datanya lalu terbitkan lagi.") from None
    return bytes(pdf.output())


def decree_pages(pdf: FPDF, sk_number: str, sk_date: date, tmt: date, settings: DecreeSettings) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    centred(pdf, "PEMERINTAH KOTA SIBOLGA", 8)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 11)
    for text in ("KEPUTUSAN WALI KOTA SIBOLGA", f"NOMOR {sk_number}", "TENTANG", TITLE):
        centred(pdf, text, LINE)
    pdf.ln(4)
    centred(pdf, "WALI KOTA SIBOLGA,", LINE)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10.5)
    labelled(pdf, "Menimbang", [(f"{ascii_lowercase[n]}.", t) for n, t in enumerate(settings.considerations)])
    labelled(pdf, "Mengingat", [(f"{n}.", t) for n, t in enumerate(settings.legal_bases, 1)])
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    centred(pdf, "MEMUTUSKAN:", LINE + 2)
    pdf.set_font("Helvetica", "", 10.5)
    labelled(pdf, "Menetapkan", [("", f"KEPUTUSAN WALI KOTA SIBOLGA TENTANG {TITLE}.")])
    for label, text in dictums(tmt):
        labelled(pdf, label, [("", text)])
    signature(pdf, sk_date, settings.mayor_name)
    pdf.ln(6)
    pdf.cell(0, LINE, "Tembusan:", new_x="LMARGIN", new_y="NEXT")
    for n, text in enumerate(settings.copies_to, 1):
        pdf.cell(7, LINE, f"{n}.")
        pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")


def lampiran_pages(pdf: FPDF, sk_number: str, sk_date: date, lines: list[dict],
                   settings: DecreeSettings) -> None:
    pdf.add_page(orientation="L")
    pdf.set_margins(10, 15, 10)
    pdf.set_x(pdf.l_margin)
    pdf.set_font("Helvetica", "", 9.5)
    for label, value in (("LAMPIRAN", "KEPUTUSAN WALI KOTA SIBOLGA"), ("NOMOR", sk_number),
                         ("TANGGAL", tanggal(sk_date)), ("TENTANG", TITLE)):
        pdf.set_x(pdf.w - pdf.r_margin - 110)
        pdf.cell(22, 4.5, label)
        pdf.cell(4, 4.5, ":")
        pdf.multi_cell(84, 4.5, value, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    centred(pdf, "DAFTAR PEGAWAI NEGERI SIPIL YANG DIPINDAHKAN", LINE)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8.5)
    with pdf.table(col_widths=LAMPIRAN_WIDTHS, text_align="LEFT", line_height=4.2, padding=(0.8, 1),
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(list(LAMPIRAN_COLUMNS))
        for n, line in enumerate(lines, 1):
            table.row([str(n), line["name"], line["nip"], pangkat(line["golongan"]),
                       line["from_post_name"], line["from_unit_name"],
                       line["to_post_name"], line["to_unit_name"]])
    pdf.set_font("Helvetica", "", 10)
    signature(pdf, sk_date, settings.mayor_name, dated=False)


def centred(pdf: FPDF, text: str, height: float) -> None:
    pdf.multi_cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")


def labelled(pdf: FPDF, label: str, items: list[tuple[str, str]]) -> None:
    """`Menimbang : a. text` with the label and colon once and each item's text hanging."""
    marker_width = 7 if any(marker for marker, _ in items) else 0
    text_width = pdf.w - pdf.r_margin - pdf.l_margin - LABEL - COLON - marker_width
    for n, (marker, text) in enumerate(items):
        pdf.cell(LABEL, LINE, label if n == 0 else "")
        pdf.cell(COLON, LINE, ":" if n == 0 else "")
        if marker_width:
            pdf.cell(marker_width, LINE, marker)
        pdf.multi_cell(text_width, LINE, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def signature(pdf: FPDF, sk_date: date, mayor_name: str, dated: bool = True) -> None:
    """The signature block on the right: an electronic signature (TTE) carries the document."""
    left = pdf.w - pdf.r_margin - 85
    texts = ["Ditetapkan di Sibolga", f"pada tanggal {tanggal(sk_date)}", ""] if dated else []
    texts += ["WALI KOTA SIBOLGA,", "", "ditandatangani secara elektronik", ""]
    if pdf.get_y() + 4 + (len(texts) + 1) * LINE > pdf.page_break_trigger:
        pdf.add_page(orientation=pdf.cur_orientation)  # the block stays on one page
    pdf.ln(4)
    for text in texts:
        pdf.set_x(left)
        pdf.cell(85, LINE, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(left)
    pdf.set_font(style="B")
    pdf.cell(85, LINE, mayor_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(style="")

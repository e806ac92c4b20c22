"""The decision dossier as a PDF: what the PPK saw when deciding on one proposal, reconstructed
from the log (events/usecases/decision_dossier.py). Same layout family as the SK and the berita
acara; deterministic for a given dossier (its creation date is the decision's)."""
from __future__ import annotations

import json
from datetime import timezone

from fpdf import FPDF
from fpdf.fonts import FontFace

from domain.committee import OPINIONS
from domain.rules import DomainError
from events.files.decree_pdf import LINE, centred

DECISIONS = {"approve": "DISETUJUI", "reject": "DITOLAK", "return": "DIKEMBALIKAN"}


def dossier_pdf(d: dict) -> bytes:
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_creation_date(d["decided_at"].astimezone(timezone.utc))
    pdf.set_title(f"Dosier keputusan usulan mutasi {d['nip']}")
    pdf.set_author("Mutasi - Pemerintah Kota Sibolga")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    try:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 13)
        centred(pdf, "PEMERINTAH KOTA SIBOLGA", 7)
        pdf.set_font("Helvetica", "B", 11)
        centred(pdf, "DOSIER KEPUTUSAN USULAN MUTASI", 6)
        pdf.set_font("Helvetica", "", 9)
        centred(pdf, f"Direkonstruksi dari log kejadian: keputusan = kejadian #{d['position']}; yang dilihat PPK = "
                     f"tampilan baca setelah kejadian #{d['position'] - 1}", 5)
        pdf.ln(3)
        section(pdf, "1. Keputusan", [
            ("Keputusan", DECISIONS.get(d["decision"], d["decision"])),
            ("Oleh", f"{d['actor']} ({d['role']})"),
            ("Waktu pencatatan", d["decided_at"].strftime("%d-%m-%Y %H:%M WIB")),
            ("Berbeda dengan rekomendasi Tim", "ya" if d["against_recommendation"] else "tidak"),
            ("Alasan", d["reason"] or "-")])
        section(pdf, "2. Usulan sebagaimana berdiri sebelum keputusan", [
            ("ASN", f"{d['name']} (NIP {d['nip']})"),
            ("Dari / ke", f"{d['from_post']} -> {d['to_post']} ({d['to_unit']})"),
            ("Status", d["state_label"]),
            ("Berkas bukti", ", ".join(sorted(d["checklist"])) or "-"),
            ("Pengecualian aturan oleh PPK", ", ".join(d["waivers"]) or "-"),
            ("Aturan tidak terpenuhi saat diajukan", "; ".join(d["violations_at_submission"]) or "-")])
        section(pdf, "3. Hasil pemeriksaan aturan pada saat keputusan (data saat itu, hari keputusan)",
                [(str(n), rule) for n, rule in enumerate(d["rules"], 1)] or [("", "Semua aturan terpenuhi.")])
        session = d["session"]
        if session:
            s = session["session"]
            section(pdf, "4. Tim Penilai Kinerja", [
                ("Sidang", f"{s['number']}, {s['held_on']:%d-%m-%Y} ({s['state']})"),
                ("Rekomendasi", OPINIONS.get(session.get("recommendation"), "-")),
                ("Catatan Tim", session.get("note") or "-"),
                ("Berita acara (SHA-256)", s.get("minutes_sha256") or "-"),
                ("Pendapat anggota", "; ".join(f"{m}: {OPINIONS.get(v['opinion'], v['opinion'])}"
                                               f"{' (' + v['note'] + ')' if v.get('note') else ''}"
                                               for m, v in session["views"].items()) or "-")])
        else:
            section(pdf, "4. Tim Penilai Kinerja", [("", "Belum ada sidang yang membahas usulan ini.")])
        section(pdf, "5. Komentar publik yang terbit pada saat itu",
                [(f"{c['submitted_at']:%d-%m-%Y}", f"[{c['category_label']}] {c['text']}"
                  + (f" - Tanggapan: {c['response']}" if c.get("response") else "")) for c in d["comments"]]
                or [("", "Tidak ada.")])
        section(pdf, "6. Riwayat langkah sampai keputusan", [
            (f"#{s['notification_id']}", f"{s['occurred_at']:%d-%m-%Y %H:%M} UTC {s['kind_label']} oleh {s['actor']} "
                                         f"({s['role']}){': ' + s['reason'] if s.get('reason') else ''}")
            for s in d["steps"]])
        section(pdf, "7. Pengaturan yang berlaku", [
            ("Aturan perencanaan", json.dumps(d["settings"], ensure_ascii=True, default=str)[:1500]),
            (f"Tim Penilai ({COMMITTEE_SOURCES[d['committee']['source']]})",
             f"kuorum lebih dari {d['committee']['quorum']:.0%} anggota; anggota yang menjabat: "
             f"{', '.join(d['committee']['members'])}")])
    except UnicodeError:
        raise DomainError("Ada teks dengan karakter yang tidak dapat dicetak pada dosier "
                          "(hanya huruf Latin-1).") from None
    return bytes(pdf.output())


COMMITTEE_SOURCES = {"sidang": "tercatat pada sidang", "instalasi": "pengaturan instalasi saat ini: sidang "
                                                                  "dicatat sebelum pengaturan disimpan bersamanya"}


def section(pdf: FPDF, title: str, rows: list[tuple[str, str]]) -> None:
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.multi_cell(0, LINE, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9.5)
    with pdf.table(col_widths=(45, 125), text_align="LEFT", line_height=4.8, first_row_as_headings=False,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        for label, value in rows:
            table.row([label, str(value)])

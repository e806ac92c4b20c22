"""Uploads that cannot hurt the server: small crafted files that exercise the same guards as the real
bombs (a zip whose directory declares gigabytes, a sheet that claims millions of rows, a shared-strings
bomb, 20 million empty rows in a few bytes), each refused with its reason and nothing written; the
e-Kinerja import only for BKD and the head of the unit concerned (issue #13)."""
from __future__ import annotations

import io
import struct
import zipfile

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from domain.access import ForbiddenError
from events.files.ekinerja_files import read_results
from events.files.survey_files import FileErrors, read_answers
from events.readside.readmodels import db
from events.usecases import appraisal
from tests.factory import HEAD_DINKES, NURSE
from tests.test_input_limits import build_site, client_for, text_of

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
COLUMNS = "ABCDEFGHI"


BOTH = (*(f"u{i}" for i in range(1, 10)), "NIP", "Hasil Kerja", "Perilaku")  # a survey's and e-Kinerja's


def header(names=BOTH) -> str:
    cells = "".join(f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>{n}</t></is></c>'
                    for i, n in enumerate(names, 1))
    return f'<row r="1">{cells}</row>'


def answers(row: int) -> str:
    return f'<row r="{row}">' + "".join(f'<c r="{c}{row}"><v>3</v></c>' for c in COLUMNS) + "</row>"


def sheet(rows: str, dimension: str | None = None) -> bytes:
    claim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{claim}<sheetData>{rows}</sheetData></worksheet>'.encode()


def workbook(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A real workbook written by openpyxl, with some of its parts replaced or added."""
    book = openpyxl.Workbook()
    book.active.append([f"u{i}" for i in range(1, 10)])
    original = io.BytesIO()
    book.save(original)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, parts.pop(name, None) or source.read(name), compress_type=zipfile.ZIP_DEFLATED)
        for name, data in parts.items():
            target.writestr(name, data, compress_type=method)
    return out.getvalue()


def declaring(data: bytes, part: str, size: int) -> bytes:
    """The same zip, its directory declaring `size` inflated bytes for `part` (the bytes unchanged)."""
    data, at = bytearray(data), 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length].decode() == part:
            struct.pack_into("<I", data, at + 24, size)
        at += 4
    return bytes(data)


def shared_strings(count: int) -> bytes:
    return (f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode()
            + b"<si><t>a</t></si>" * count + b"</sst>")


GOOD = workbook({SHEET: sheet(header() + answers(2))})
BOMBS = [  # (what, file, what the refusal says)
    ("a directory declaring 3 GB for the sheet", declaring(GOOD, SHEET, 3 * 2**30),
     "xl/worksheets/sheet1.xml berkas XLSX berukuran 3072 MB setelah dibuka, batasnya 32 MB"),
    ("a sheet claiming five million rows", workbook({SHEET: sheet(header() + answers(2), "A1:I5000000")}),
     "lembar pertama menyatakan 5.000.000 baris"),
    ("a sheet claiming 16,384 columns", workbook({SHEET: sheet(header() + answers(2), "A1:XFD2")}),
     "lembar pertama menyatakan 16.384 kolom, batasnya 200 kolom"),
    ("a shared-strings bomb", workbook({"xl/sharedStrings.xml": shared_strings(600_000)}),
     "sharedStrings.xml berkas XLSX berukuran 9,7 MB setelah dibuka, batasnya 8 MB"),
    ("a part that inflates 1,000 times", workbook({SHEET: sheet(header() + answers(2) + "<!--" + " " * 2**21 + "-->")}),
     "mengembang lebih dari 100 kali saat dibuka (bom zip)"),
    ("20 million empty rows in a few bytes", workbook({SHEET: sheet(header() + answers(20_000_000))}),
     "baris termasuk baris kosong; hapus baris kosong di bawah data"),
    ("a row 16,384 cells wide", workbook({SHEET: sheet(header() + '<row r="2"><c r="XFD2"><v>3</v></c></row>')}),
     "baris 2: baris berisi 16.384 kolom, batasnya 200"),
    ("1,001 parts", workbook({f"xl/media/{i}.bin": b"x" for i in range(1_001)}),
     "berkas XLSX berisi 1.010 bagian, batasnya 1.000"),
    ("a compression Excel never writes", workbook({"xl/extra.bin": b"x" * 100}, zipfile.ZIP_BZIP2),
     "kompresi yang tidak dibuat Excel"),
]


def refusal(read, data: bytes) -> str:
    with pytest.raises(FileErrors) as refused:
        read("jawaban.xlsx", data)
    return str(refused.value)


def test_a_good_workbook_passes_every_guard():
    assert read_answers("jawaban.xlsx", GOOD) == ([[3] * 9], "unggah XLSX")


@pytest.mark.parametrize("what, data, message", BOMBS, ids=[what for what, _, _ in BOMBS])
def test_a_spreadsheet_bomb_is_refused_with_its_reason(what, data, message):
    assert len(data) < 200_000  # small files, the same guards as the real bombs
    assert message in refusal(read_answers, data)


def test_e_kinerja_files_pass_the_same_guards():
    assert "berukuran 3072 MB" in refusal(read_results, declaring(GOOD, SHEET, 3 * 2**30))
    empty_rows = workbook({SHEET: sheet(header(("NIP", "Hasil Kerja", "Perilaku")) + answers(5_000_000))})
    assert "lebih dari 6.001 baris termasuk baris kosong" in refusal(read_results, empty_rows)


def test_blank_csv_rows_count_against_the_row_limit_too():
    data = ("u1,u2,u3,u4,u5,u6,u7,u8,u9\n" + "\n" * 20_000 + "3,3,3,3,3,3,3,3,3\n").encode()
    with pytest.raises(FileErrors, match="lebih dari 11.001 baris termasuk baris kosong"):
        read_answers("jawaban.csv", data)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from events.store import Storage
    app, system = build_site(Storage(tmp_path_factory.mktemp("uploads")))
    yield app, system
    system.close()


def upload(client, url: str, field: str, data: bytes, **form):
    return client.post(url, content_type="multipart/form-data",
                       data={"csrf_token": client.token, **form, field: (io.BytesIO(data), "berkas.xlsx")})


@pytest.mark.parametrize("what, data, message", BOMBS[:6], ids=[what for what, _, _ in BOMBS[:6]])
def test_a_bomb_uploaded_as_a_survey_or_an_e_kinerja_export_writes_nothing(site, what, data, message):
    app, system = site
    before = system.event_count()
    survey = upload(client_for(app, "perencana"), "/pemantauan/survei/unggah", "file", data,
                    unit_code="DINKES", period="2026")
    ekinerja = upload(client_for(app, "kadis.kes"), "/penilaian/SKP 2025/unit/DINKES/impor", "berkas", data)
    for response in (survey, ekinerja):
        assert response.status_code == 422 and message in text_of(response)
    assert system.event_count() == before


def test_an_upload_over_its_ceiling_is_refused_before_it_is_read(site):
    app, system = site
    before = system.event_count()
    big = b"u1\n" + b"3\n" * (3 * 2**20)  # 6 MB: over the 5 MB of a survey or an e-Kinerja file
    survey = upload(client_for(app, "perencana"), "/pemantauan/survei/unggah", "file", big,
                    unit_code="DINKES", period="2026")
    ekinerja = upload(client_for(app, "kadis.kes"), "/penilaian/SKP 2025/unit/DINKES/impor", "berkas", big)
    assert [survey.status_code, ekinerja.status_code] == [413, 413]
    assert "Kiriman terlalu besar (batas 5,1 MB untuk formulir ini)" in text_of(survey)
    assert system.event_count() == before


def test_the_e_kinerja_import_is_for_bkd_and_the_head_of_the_unit_concerned(site):
    app, system = site
    before = system.event_count()
    csv = f"NIP,Hasil Kerja,Perilaku\n{NURSE},sesuai,sesuai\n".encode()
    other_head = client_for(app, "kadis.dik")
    response = other_head.post("/penilaian/SKP 2025/unit/DINKES/impor", content_type="multipart/form-data",
                               data={"csrf_token": other_head.token, "berkas": (io.BytesIO(csv), "e.csv")})
    assert response.status_code == 403
    db.connect(reuse_if_open=True)
    for unit in (None, "DISDIK"):  # a unit head names their own unit, and only it
        with pytest.raises(ForbiddenError, match="Impor e-Kinerja hanya oleh BKD atau oleh Kepala OPD"):
            appraisal.import_file(system.app, HEAD_DINKES, "SKP 2025", "e.csv", csv, unit)
    db.close()
    assert system.event_count() == before


def test_the_cli_refuses_a_bomb_and_records_nothing(demo_env, tmp_path):
    import json

    from conftest import mutasi
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(BOMBS[0][1])
    before = json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"]
    result = mutasi("survey", "import", "--unit", "DINKES", "--period", "2026", str(bomb), env=demo_env,
                    check=False)
    assert result.returncode == 1 and "Berkas ditolak" in result.stderr and "berukuran 3072 MB" in result.stderr
    assert json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"] == before


def csv_table(columns: int, rows: int) -> bytes:
    names = [f"u{i}" for i in range(1, 10)] + [f"lain{i}" for i in range(columns - 9)]
    return "\n".join([",".join(names)] + [",".join(["3"] * columns)] * rows).encode()


def test_needless_columns_count_against_a_ceiling_of_cells():
    """Rows within the row limit and columns within the column limit can still be too much to read:
    every cell read counts, and the file is refused once there are more than MAX_CELLS."""
    with pytest.raises(FileErrors, match="lebih dari 150.000 sel; hapus kolom yang tidak diperlukan"):
        read_answers("jawaban.csv", csv_table(200, 1_000))
    assert len(read_answers("jawaban.csv", csv_table(14, 10_000))[0]) == 10_000  # 10,000 answers fit

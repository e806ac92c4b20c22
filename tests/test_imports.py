"""Importing the peta jabatan and a SIASN staff list on both databases: the preview writes nothing,
the import is all-or-nothing, a re-import writes exactly the difference, bad rows and bad files are
refused with their row, column and reason; the CLI's JSON; the SIASN update list after an SK."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from conftest import ROOT
from domain.access import Actor, ForbiddenError
from domain.rules import make_nip
from events.files.survey_files import FileErrors
from events.readside.readmodels import EmployeeRow, PositionRow, TimelineRow, UnitRow
from events.usecases.imports import ImportRefused, confirm_upload, preview_upload, run_import
from tests.siasn_samples import (BKD, PEOPLE_HEADER, POST_HEADER, POSTS, people, people_csv, person,
                                 posts_csv, table)

PKM = "Puskesmas Sibolga Kota"


def imported(system, kind, data, name="siasn.csv", **options):
    return run_import(system.app, BKD, kind, name, data, **options)


def city(system):
    imported(system, "posts", posts_csv(), "peta.csv")
    imported(system, "people", people_csv())


def test_posts_then_people_then_next_months_list_writes_exactly_the_difference(system):
    before = system.event_count()
    preview = imported(system, "posts", posts_csv(), "peta.csv", dry_run=True)
    assert (preview["rows"], preview["new"], preview["refused"], preview["imported"]) == (4, 4, [], False)
    assert system.event_count() == before  # the preview wrote nothing
    imported(system, "posts", posts_csv(), "peta.csv")
    units = {row.name: row for row in UnitRow.select()}
    assert units[PKM].parent_code == "DINKES" and units[PKM].kind == "puskesmas"
    nurse_post = PositionRow.get(PositionRow.code == "DINKES-PERAWAT-AHLI-PERTAMA")
    assert (nurse_post.jabatan_type, nurse_post.level, nurse_post.jf, nurse_post.abk_need) == \
        ("fungsional_keahlian", "ahli_pertama", "Perawat", 3)
    assert json.loads(nurse_post.credential) == {"type": "STR", "subject": "Perawat"}

    first = imported(system, "people", people_csv())
    assert (first["new"], first["unchanged"], first["ignored_columns"]) == (4, 0, ["agama"])
    rina = EmployeeRow.get(EmployeeRow.nip == people()[0]["nipBaru"])
    assert (rina.name, rina.sex, rina.golongan, rina.education_level, rina.in_post_since) == \
        ("Rina Contoh, S.Kep", "P", "III/b", "S1", date(2021, 3, 1))

    count = system.event_count()
    again = imported(system, "people", people_csv())
    assert (again["new"], again["changed"], again["unchanged"], again["changes"]) == (0, 0, 4, [])
    assert system.event_count() == count + 1  # only the import's own record

    nxt = people()
    nxt[0]["golRuangAkhir"], nxt[0]["tmtGolAkhir"] = "III/c", "01-04-2026"           # promoted
    nxt[2]["unorNama"], nxt[2]["tmtJabatan"] = "Dinas Kesehatan", "02-01-2026"         # transferred
    gone = nxt.pop(3)                                                                # missing
    result = imported(system, "people", people_csv(nxt), "siasn-2026-02.csv")
    kinds = {(c["nip"], c["kind"]) for c in result["changes"]}
    assert kinds == {(nxt[0]["nipBaru"], "promoted"), (nxt[2]["nipBaru"], "transferred"),
                     (gone["nipBaru"], "missing")}
    assert (result["changed"], result["unchanged"], result["missing"]) == (2, 1, 1)
    assert system.event_count() == count + 1 + 4  # three changes and the record
    assert EmployeeRow.get(EmployeeRow.nip == nxt[0]["nipBaru"]).golongan == "III/c"
    moved = EmployeeRow.get(EmployeeRow.nip == nxt[2]["nipBaru"])
    assert (moved.unit_code, moved.in_post_since) == ("DINKES", date(2026, 1, 2))
    missing = EmployeeRow.get(EmployeeRow.nip == gone["nipBaru"])
    assert missing.active  # flagged, never removed
    assert TimelineRow.select().where(TimelineRow.employee_id == missing.id,
                                      TimelineRow.kind == "Tidak ada di data SIASN").count() == 1
    transfer = TimelineRow.get(TimelineRow.employee_id == moved.id, TimelineRow.kind == "Mutasi")
    assert "SK SIASN" in transfer.summary and "data SIASN" in transfer.reason
    count = system.event_count()
    imported(system, "people", people_csv(nxt), "siasn-2026-02.csv")
    assert system.event_count() == count + 1  # the same file again: the missing person is not flagged twice

    back = imported(system, "people", people_csv(nxt + [gone]), "siasn-2026-03.csv")  # in the list again
    assert [(c["nip"], c["kind"]) for c in back["changes"]] == [(gone["nipBaru"], "found_again")]
    assert (back["changed"], back["missing"]) == (1, 0)
    assert TimelineRow.select().where(TimelineRow.employee_id == missing.id,
                                      TimelineRow.kind == "Ada lagi di data SIASN").count() == 1
    gone_again = imported(system, "people", people_csv(nxt), "siasn-2026-04.csv")  # and absent once more
    assert [(c["nip"], c["kind"]) for c in gone_again["changes"]] == [(gone["nipBaru"], "missing")]
    assert TimelineRow.select().where(TimelineRow.employee_id == missing.id,
                                      TimelineRow.kind == "Tidak ada di data SIASN").count() == 2


def test_corrections_and_the_abk_need_come_in_as_events(system):
    city(system)
    rows = people()
    rows[1]["nama"], rows[1]["pendidikanTerakhirNama"] = "Budi Contoh Baru", "S-1 Ners"
    result = imported(system, "people", people_csv(rows))
    [change] = result["changes"]
    assert change["kind"] == "corrected" and change["to"] == {"name": "Budi Contoh Baru, S.Kep", "education_field": "S-1 Ners"}
    assert EmployeeRow.get(EmployeeRow.nip == rows[1]["nipBaru"]).search.startswith("budi contoh baru")
    posts = [list(p) for p in POSTS]
    posts[1][9] = "5"
    result = imported(system, "posts", table(POST_HEADER, posts), "peta-2.csv")
    assert result["changes"] == [{"code": "DINKES-PERAWAT-AHLI-PERTAMA", "kind": "need_changed", "from": 3, "to": 5}]
    assert PositionRow.get(PositionRow.code == "DINKES-PERAWAT-AHLI-PERTAMA").abk_need == 5


def test_a_change_the_rules_refuse_names_its_column_and_an_ambiguous_post_is_not_guessed(system):
    city(system)
    rows = people()
    rows[2]["unorNama"], rows[2]["tmtJabatan"] = "Dinas Kesehatan", "01-01-2019"  # before her TMT in post
    with pytest.raises(ImportRefused) as refused:
        imported(system, "people", people_csv(rows))
    [problem] = refused.value.summary["refused"]
    assert (problem["row"], problem["column"]) == (4, "tmtJabatan") and "TMT mutasi" in problem["reason"]
    from events.usecases import organisation  # a second post of the same name, case and spacing aside
    organisation.create_position(system.app, BKD, "DINKES", code="DINKES-PERAWAT-2", name="Perawat ahli  Pertama",
                                 jabatan_type="fungsional_keahlian", eselon=None, level="ahli_pertama",
                                 band_low="III/a", band_high="III/b", education_families=(), track="umum",
                                 abk_need=1, strategic=False)
    rows = people()
    rows[2]["unorNama"] = "Dinas Kesehatan"
    result = imported(system, "people", people_csv(rows), dry_run=True)
    assert result["unchanged"] == 3 and "ada 2 di peta jabatan" in result["refused"][0]["reason"]


def bad_rows() -> list[dict]:
    rows = people()
    wrong_birth = dict(rows[0], tglLahir="05-05-1990")
    wrong_sex = dict(rows[1], jenisKelamin="F")
    unknown_golongan = dict(rows[2], golRuangAkhir="III/z")
    no_post = dict(rows[3], jabatanNama="Juru Parkir")
    impossible = dict(person(9, "Tono Contoh", "L", date(1991, 2, 28), date(2016, 1, 1), "III/a",
                             "Perawat Ahli Pertama", PKM), tmtJabatan="31-02-2020")
    good = person(7, "Wati Contoh", "P", date(1993, 3, 3), date(2018, 1, 1), "III/a", "Perawat Ahli Pertama", PKM)
    return [wrong_birth, wrong_sex, unknown_golongan, no_post, impossible, good, dict(good, nama="Wati Ganda")]


def test_every_bad_row_is_refused_with_its_row_column_and_reason_and_nothing_is_written(system):
    imported(system, "posts", posts_csv(), "peta.csv")
    count = system.event_count()
    with pytest.raises(ImportRefused) as refused:
        imported(system, "people", people_csv(bad_rows()))
    assert system.event_count() == count
    found = {(r["row"], r["column"]): r["reason"] for r in refused.value.summary["refused"]}
    assert "Tanggal lahir di NIP" in found[(2, "nipBaru")]
    assert "Jenis kelamin di NIP" in found[(3, "nipBaru")]
    assert "golongan tidak dikenal" in found[(4, "golRuangAkhir")]
    assert "tidak ada di peta jabatan" in found[(5, "jabatanNama")]
    assert "tidak ada di kalender" in found[(6, "tmtJabatan")]
    assert "NIP ganda" in found[(8, "nipBaru")]
    assert len(found) == 6
    result = imported(system, "people", people_csv(bad_rows()), only_valid=True)
    assert (result["new"], result["only_valid"], len(result["refused"])) == (1, True, 6)
    assert system.event_count() == count + 2  # the one valid person and the record saying only valid rows


def test_bad_files_are_read_or_refused_with_a_message(system):
    imported(system, "posts", posts_csv(), "peta.csv")
    rows = people()
    rows[0]["nama"] = "Rina Peñalosa Café"
    for data in (people_csv(rows, delimiter=";", encoding="cp1252"), b"\xef\xbb\xbf" + people_csv(rows)):
        preview = imported(system, "people", data, dry_run=True)
        assert preview["new"] == 4 and preview["changes"][0]["nip"] == rows[0]["nipBaru"]
    assert EmployeeRow.select().count() == 0
    refusals = {
        "UTF-16": people_csv(encoding="utf-16"), "berkas kosong": b"",
        "hanya baris judul": table(PEOPLE_HEADER, []), "Windows-1252": people_csv() + b"\x81\x8d",
        "kolom tidak ditemukan": table(PEOPLE_HEADER[1:], [r for r in people()]),
    }
    for message, data in refusals.items():
        with pytest.raises(FileErrors) as error:
            imported(system, "people", data, dry_run=True)
        assert message in str(error.value), message
    many = people_csv([people()[0]] * 100_001)
    with pytest.raises(FileErrors, match="lebih dari 100.000 baris"):
        imported(system, "people", many, dry_run=True)


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_read_with_its_formulas_as_text_never_evaluated(system):
    imported(system, "posts", posts_csv(), "peta.csv")
    rows = [[r[h] for h in PEOPLE_HEADER] for r in people()]
    rows[1][1] = '=HYPERLINK("http://contoh.invalid","Budi")'
    result = imported(system, "people", xlsx([list(PEOPLE_HEADER), *rows]), "siasn.xlsx", dry_run=True)
    assert result["new"] == 3
    assert [(r["row"], r["column"]) for r in result["refused"]] == [(3, "nama")]
    assert "rumus" in result["refused"][0]["reason"]


def test_only_bkd_imports_and_the_browser_confirms_exactly_the_previewed_file(system):
    with pytest.raises(ForbiddenError):
        run_import(system.app, Actor("kadis", "kepala_opd", "DINKES"), "posts", "peta.csv", posts_csv())
    verifier = Actor("vera", "verifikator")
    preview = preview_upload(system.app, verifier, "posts", "peta.csv", posts_csv())
    assert UnitRow.select().count() == 0
    with pytest.raises(Exception, match="tidak tersimpan"):
        confirm_upload(system.app, verifier, "posts", "peta.csv", "0" * 64, False)
    result = confirm_upload(system.app, verifier, "posts", "peta.csv", preview["sha256"], False)
    assert result["imported"] and result["sha256"] == preview["sha256"] and PositionRow.select().count() == 4


def test_the_siasn_update_list_names_each_executed_move_with_its_sk(system):
    from events.usecases.siasn_updates import siasn_updates
    from tests.factory import NURSE, PLANNER, build_small_city, proposed, push_through, ready_city
    ready_city(system.app)
    push_through(system.app, proposed(system.app), sk_number="821.2/9/BKD/2026")
    [line] = list(siasn_updates(system.app, PLANNER))
    assert (line["nip"], line["jabatan_lama"], line["unor_lama"], line["unor_baru"], line["nomor_sk"]) == \
        (NURSE, "Perawat Ahli Pertama", "Puskesmas Sibolga Kota", "Dinas Kesehatan", "821.2/9/BKD/2026")
    assert line["tanggal_sk"] == f"{date.today():%d-%m-%Y}" and line["tmt"] == line["tanggal_sk"]


def test_the_command_line_prints_the_preview_as_json_and_exits_1_on_a_refused_file(tmp_path):
    env = {**os.environ, "MUTASI_DATA_DIR": str(tmp_path / "data")}
    env.pop("MUTASI_DATABASE_URL", None)
    (tmp_path / "peta.csv").write_bytes(posts_csv())
    (tmp_path / "siasn.csv").write_bytes(people_csv(bad_rows()))

    def mutasi(*args):
        return subprocess.run([sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    done = mutasi("import", "posts", str(tmp_path / "peta.csv"), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["new"] == 4
    refused = mutasi("import", "people", str(tmp_path / "siasn.csv"), "--json")
    preview = json.loads(refused.stdout)
    assert refused.returncode == 1 and not preview["imported"]
    assert set(preview) >= {"file", "sha256", "rows", "new", "changed", "unchanged", "refused", "changes"}
    assert {"row": 3, "column": "nipBaru"}.items() <= preview["refused"][1].items()
    valid = mutasi("import", "people", str(tmp_path / "siasn.csv"), "--only-valid", "--json")
    assert valid.returncode == 0 and json.loads(valid.stdout)["new"] == 1
    stats = json.loads(mutasi("stats", "--json").stdout)
    assert stats["employees"] == 1
    updates = mutasi("export", "siasn-updates", "--format", "csv")
    assert updates.returncode == 0 and updates.stdout.startswith("nip,nama,jabatan_lama")

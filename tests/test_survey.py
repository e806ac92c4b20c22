"""SKM/IKM (PermenPANRB 14/2017): the calculation, the Survey aggregate and uploaded answer files."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from domain.organisation import unit_id
from domain.rules import DomainError
from domain.survey import (ELEMENTS, Survey, compute_ikm, convention_for_weight, decline, grade_of,
                           survey_id)
from events.files.survey_files import FileError, FileErrors, read_answers

EXAMPLE_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)  # DOMAIN.md, 29 respondents
HEADER = ",".join(code for code, _ in ELEMENTS)


def rows_with_totals(totals, respondents):
    """Answer rows whose column sums are exactly `totals` (each answer 1–4)."""
    columns = []
    for total in totals:
        base, extra = divmod(total, respondents)
        columns.append([base + 1] * extra + [base] * (respondents - extra))
    return [list(row) for row in zip(*columns)]


EXAMPLE = rows_with_totals(EXAMPLE_TOTALS, 29)


# --- calculation ------------------------------------------------------------------------
def test_worked_example_from_domain_md_scores_91_48_grade_a():
    assert [sum(column) for column in zip(*EXAMPLE)] == list(EXAMPLE_TOTALS)
    results = compute_ikm(EXAMPLE)
    assert results["respondents"] == 29
    assert results["nrr"] == pytest.approx([total / 29 for total in EXAMPLE_TOTALS])
    assert results["ikm"] == pytest.approx(955 / (29 * 9))
    assert (results["score"], results["grade"], results["grade_label"]) == (91.48, "A", "sangat baik")


def test_rounded_weight_convention_uses_0_11():
    results = compute_ikm(EXAMPLE, weight_convention="rounded")
    assert results["ikm"] == pytest.approx(955 / 29 * 0.11)
    assert results["score"] == 90.56
    assert results["weight_convention"] == "rounded"


def test_the_convention_can_change_the_grade():
    answers = [[4, 4, 4, 4, 4, 3, 3, 3, 3]]  # mean 32/9
    exact, rounded = compute_ikm(answers, "exact"), compute_ikm(answers, "rounded")
    assert (exact["score"], exact["grade"]) == (88.89, "A")
    assert (rounded["score"], rounded["grade"]) == (88.0, "B")


def test_settings_weight_maps_to_a_convention():
    assert convention_for_weight(1 / 9) == "exact"
    assert convention_for_weight(0.11) == "rounded"
    with pytest.raises(DomainError, match="tidak dikenal"):
        convention_for_weight(0.2)


@pytest.mark.parametrize("score,grade", [
    (25, "D"), (64.99, "D"), (65.00, "C"), (76.60, "C"), (76.61, "B"), (88.30, "B"), (88.31, "A"),
    (100, "A"), (64.994, "D"), (64.995, "C"), (76.605, "B"), (88.304, "B")])
def test_grade_boundaries_after_rounding_to_two_decimals(score, grade):
    assert grade_of(score) == grade


def test_all_ones_and_all_fours_are_the_ends_of_the_scale():
    assert compute_ikm([[1] * 9])["score"] == 25.0
    assert compute_ikm([[4] * 9] * 3)["score"] == 100.0


@pytest.mark.parametrize("answers,message", [
    ([], "sedikitnya 1 responden"),
    ([[3] * 8], "tepat 9 unsur"),
    ([[3] * 10], "tepat 9 unsur"),
    ([[3] * 9, [3] * 8 + [5]], "Responden ke-2, unsur u9"),
    ([[0] + [3] * 8], "unsur u1"),
    ([[3, "3"] + [3] * 7], "unsur u2"),
    ([[3, 3, 3.0] + [3] * 6], "unsur u3"),
    ([[True] + [3] * 8], "unsur u1")])
def test_invalid_answers_are_refused(answers, message):
    with pytest.raises(DomainError, match=message):
        compute_ikm(answers)


def test_unknown_weight_convention_is_refused():
    with pytest.raises(DomainError, match="Konvensi bobot"):
        compute_ikm(EXAMPLE, "0.1")


def test_decline_flags_a_drop_of_at_least_the_threshold():
    assert decline(90.0, 85.0, 5)
    assert not decline(90.0, 85.01, 5)
    assert decline(80.0, 77.0, threshold_points=3)
    assert not decline(80.0, 82.0)
    assert not decline(None, 70.0)


# --- the aggregate ----------------------------------------------------------------------
@pytest.fixture
def store():
    """A bare eventsourcing Application (in memory): the event store that refuses duplicates."""
    application = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield application
    application.close()


def record(period="2026-S1", answers=EXAMPLE, **overrides):
    spec = dict(unit_code="dinkes", unit_id=unit_id("DINKES"), period=period, answers=answers,
                source="formulir", weight_convention="exact", actor="budi", role="perencana")
    return Survey.record(**{**spec, **overrides})


def stored_events(store, survey):
    return [store.mapper.to_domain_event(item) for item in store.recorder.select_events(survey.id)]


def test_record_stores_answers_and_results_in_the_event(store):
    survey = record()
    store.save(survey)
    (recorded,) = stored_events(store, survey)
    assert type(recorded).__name__ == "Recorded"
    assert recorded.answers == EXAMPLE
    assert (recorded.score, recorded.grade, recorded.respondents) == (91.48, "A", 29)
    assert recorded.nrr == pytest.approx([total / 29 for total in EXAMPLE_TOTALS])
    assert (recorded.unit_code, recorded.period, recorded.source) == ("DINKES", "2026-S1", "formulir")
    again = store.repository.get(survey.id)
    assert (again.score, again.grade, again.unit_id) == (91.48, "A", unit_id("DINKES"))


def test_correction_is_a_new_event_with_the_reason(store):
    survey = record()
    store.save(survey)
    survey = store.repository.get(survey.id)
    survey.correct([[1] * 9] * 4, reason="Salah unggah berkas", actor="ani", role="admin")
    store.save(survey)
    recorded, corrected = stored_events(store, survey)
    assert recorded.answers == EXAMPLE and recorded.score == 91.48
    assert type(corrected).__name__ == "Corrected"
    assert (corrected.reason, corrected.score, corrected.grade) == ("Salah unggah berkas", 25.0, "D")
    assert store.repository.get(survey.id).score == 25.0


def test_correction_needs_a_reason_and_a_change():
    survey = record()
    with pytest.raises(DomainError, match="Alasan koreksi"):
        survey.correct([[1] * 9], reason=" ", actor="ani", role="admin")
    with pytest.raises(DomainError, match="sama dengan data"):
        survey.correct(EXAMPLE, reason="cek", actor="ani", role="admin")
    with pytest.raises(DomainError, match="unsur u1"):
        survey.correct([[9] * 9], reason="cek", actor="ani", role="admin")


def test_same_unit_and_period_cannot_be_recorded_twice(store):
    store.save(record(period="2026-s1"))
    with pytest.raises(IntegrityError):
        store.save(record(period=" 2026-S1 ", answers=[[4] * 9]))
    store.save(record(period="2026-S2"))  # another period is fine
    assert survey_id("dinkes", "2026-s1") == survey_id("DINKES", "2026-S1")


@pytest.mark.parametrize("period", ["2026", "2026-S1", "2026-S2", "2026-Q1", "2026-q4"])
def test_valid_periods(period):
    assert record(period=period).period == period.upper()


@pytest.mark.parametrize("period", ["", "26", "2026-S3", "2026-Q5", "S1-2026", "2026/S1", "2026-01"])
def test_invalid_periods_are_refused_with_the_format(period):
    with pytest.raises(DomainError, match="2026-S1"):
        record(period=period)


def test_unknown_source_and_missing_unit_are_refused():
    with pytest.raises(DomainError, match="Sumber data"):
        record(source="email")
    with pytest.raises(DomainError, match="Kode unit"):
        record(unit_code=" ")


# --- answer files -------------------------------------------------------------------------
def csv_bytes(lines, delimiter=",", bom=False):
    text = "\n".join(line.replace(",", delimiter) for line in lines) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


GOOD = [HEADER, "3,4,3,4,2,3,3,4,4", "1,2,3,4,4,3,2,1,2"]
GOOD_ANSWERS = [[3, 4, 3, 4, 2, 3, 3, 4, 4], [1, 2, 3, 4, 4, 3, 2, 1, 2]]


@pytest.mark.parametrize("delimiter,bom", [(",", False), (";", False), (",", True), (";", True)])
def test_good_csv_with_either_delimiter_and_optional_bom(delimiter, bom):
    assert read_answers("skm.csv", csv_bytes(GOOD, delimiter, bom)) == (GOOD_ANSWERS, "unggah CSV")


def test_csv_columns_in_any_order_with_extra_columns_and_blank_rows():
    lines = ["Nama;U9;u8;u7;u6;u5;u4;u3;u2;u1;Catatan",
             "Ani;4;4;3;3;2;4;3;4;3;puas",
             ";;;;;;;;;;",
             "",
             "Budi;2;1;2;3;4,0;4;3;2;1;"]
    assert read_answers("SKM.CSV", csv_bytes(lines))[0] == GOOD_ANSWERS


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_good_xlsx_first_sheet_with_floats_extra_columns_and_blank_rows():
    rows = [["no", *[code.upper() for code, _ in ELEMENTS]],
            [1, 3.0, 4, 3, 4, 2, 3, 3, 4, "4"],
            [None] * 10,
            [2, 1, 2, 3, 4, 4, 3, 2, 1, 2]]
    assert read_answers("skm.xlsx", xlsx_bytes(rows)) == (GOOD_ANSWERS, "unggah XLSX")


def errors_of(filename, data, **limits) -> list[FileError]:
    with pytest.raises(FileErrors) as refused:
        read_answers(filename, data, **limits)
    return refused.value.errors


def test_text_in_a_cell_names_row_and_column_as_a_spreadsheet_does():
    lines = [HEADER, *["3,3,3,3,3,3,3,3,3"] * 4, "", "3,3,lima,3,3,3,3,3,3"]
    (error,) = errors_of("skm.csv", csv_bytes(lines))
    assert str(error) == "baris 7, kolom u3: nilai 'lima' bukan angka 1–4"


def test_every_error_is_listed_and_nothing_is_returned():
    lines = [HEADER, "3,3,3,3,5,3,3,3,3", "3,3,3,3,3,3,3,3,3", "=1+2,3,3,,3,3,3,3,2.5"]
    errors = errors_of("skm.csv", csv_bytes(lines))
    assert [(e.row, e.column) for e in errors] == [(2, "u5"), (4, "u1"), (4, "u4"), (4, "u9")]
    assert "di luar rentang 1–4" in errors[0].message
    assert "bukan angka" in errors[1].message and "kosong" in errors[2].message


def test_missing_columns_are_each_listed_on_the_header_row():
    lines = ["u1,u2,u4,u5,u6,u7,u8,u9", "3,3,3,3,3,3,3,3"]
    assert [(e.row, e.column) for e in errors_of("skm.csv", csv_bytes(lines))] == [(1, "u3")]
    lines = [HEADER + ",U3", "3,3,3,3,3,3,3,3,3,3"]
    assert [(e.row, e.column) for e in errors_of("skm.csv", csv_bytes(lines))] == [(1, "u3")]


def test_blank_header_row_is_refused():
    (error,) = errors_of("skm.csv", csv_bytes(["", "3,3,3,3,3,3,3,3,3"]))
    assert error.row == 1 and "baris judul kosong" in error.message


def test_bad_xlsx_cells_name_row_and_column():
    rows = [[code for code, _ in ELEMENTS], [3] * 9, [None] * 9, [3, 3, "tiga", 3, 3, 3, 3, 3, True]]
    errors = errors_of("skm.xlsx", xlsx_bytes(rows))
    assert [str(e) for e in errors] == ["baris 4, kolom u3: nilai 'tiga' bukan angka 1–4",
                                       "baris 4, kolom u9: nilai 'True' bukan angka 1–4"]


@pytest.mark.parametrize("filename,data,message", [
    ("skm.txt", b"u1", "tidak didukung"),
    ("skm", b"u1", "tidak didukung"),
    ("skm.xls", b"u1", ".xls"),
    ("skm.csv", b"", "berkas kosong"),
    ("skm.csv", b"\n\n ,, \n", "berkas kosong"),
    ("skm.xlsx", xlsx_bytes([]), "berkas kosong"),
    ("skm.csv", csv_bytes([HEADER]), "hanya baris judul"),
    ("skm.csv", "u1;u2\n".encode("utf-16"), "UTF-16"),  # Windows-1252 is read (Excel)
    ("skm.xlsx", b"PK not really a zip", "XLSX yang sah")])
def test_unusable_files_are_refused_whole(filename, data, message):
    (error,) = errors_of(filename, data)
    assert message in error.message


def test_damaged_xlsx_sheet_is_refused():
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["u1"], [3]])))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for item in good.infolist():
            content = good.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            archive.writestr(item, content)
    (error,) = errors_of("skm.xlsx", damaged.getvalue())
    assert "XLSX yang sah" in error.message


def test_size_and_row_limits():
    data = csv_bytes([HEADER, *["3,3,3,3,3,3,3,3,3"] * 4])
    assert "melebihi batas" in errors_of("skm.csv", data, max_bytes=50)[0].message
    assert "lebih dari 3 baris" in errors_of("skm.csv", data, max_rows=3)[0].message
    assert len(read_answers("skm.csv", data, max_rows=4)[0]) == 4


def test_refusal_message_summarises_the_errors():
    with pytest.raises(FileErrors, match=r"^Berkas ditolak.*baris 2, kolom u1: nilai kosong"):
        read_answers("skm.csv", csv_bytes([HEADER, ",3,3,3,3,3,3,3,3"]))

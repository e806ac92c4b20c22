"""The SKP cycle and the talent map at the use-case level (in-memory persistence): what is accepted,
what is refused, and that a refusal writes nothing."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import Actor, ForbiddenError
from domain.rules import NotFoundError, make_nip
from events.usecases import appraisal, talent
from events.files.ekinerja_files import read_results
from events.files.survey_files import FileErrors
from tests.factory import (CLERK, HEAD_DINKES, HEAD_DISDIK, NURSE, PLANNER, TEACHER,
                           build_small_city, person)
from tests.test_use_cases import events_in, refused

DINKES = [NURSE, CLERK]  # the nurse works in a puskesmas under DINKES
COMMITTEE = Actor("tim", "tim_penilai")
TODAY = date(2025, 6, 1)
COMPONENTS = {"kompetensi": 90, "potensi": 80, "kualifikasi": 70, "integritas": 100}


@pytest.fixture
def city(app):
    build_small_city(app)
    return app


def rate_dinkes(app, hasil=("sesuai", "di_bawah")):
    appraisal.appraise(app, HEAD_DINKES, NURSE, "SKP 2025", hasil[0], "sesuai", "sesuai target")
    appraisal.appraise(app, HEAD_DINKES, CLERK, "SKP 2025", hasil[1], "sesuai", "target tidak tercapai")


def submit(app, actor=HEAD_DINKES, unit="DINKES", roster=DINKES):
    return appraisal.submit_unit(app, actor, "SKP 2025", unit, roster)


# --- the cycle -------------------------------------------------------------------------------
def test_submitting_with_people_unrated_is_refused_naming_how_many(city):
    refused(city, lambda: submit(city), "Masih ada 2 pegawai yang belum dinilai")
    appraisal.appraise(city, HEAD_DINKES, NURSE, "SKP 2025", "sesuai", "sesuai")
    refused(city, lambda: submit(city), "Masih ada 1 pegawai")


def test_a_unit_head_submits_then_cannot_re_rate_until_bkd_returns_the_unit(city):
    rate_dinkes(city)
    assert submit(city) == []  # one Baik, one Butuh Perbaikan: fits a "Baik" unit
    assert city.period("SKP 2025").unit_state("DINKES") == "diajukan"
    refused(city, lambda: appraisal.appraise(city, HEAD_DINKES, NURSE, "SKP 2025", "di_atas", "di_atas"),
            "sudah diajukan ke BKD")
    refused(city, lambda: submit(city), "sudah diajukan")

    refused(city, lambda: appraisal.return_unit(city, PLANNER, "SKP 2025", "DINKES", " "),
            "Alasan pengembalian wajib")
    refused(city, lambda: appraisal.return_unit(city, HEAD_DINKES, "SKP 2025", "DINKES", "x"),
            "tidak berwenang", ForbiddenError)
    appraisal.return_unit(city, PLANNER, "SKP 2025", "DINKES", "perilaku kerja belum diberi alasan")
    assert city.period("SKP 2025").unit_state("DINKES") == "dikembalikan"

    appraisal.appraise(city, HEAD_DINKES, NURSE, "SKP 2025", "di_atas", "di_atas", "melampaui target pelayanan")
    submit(city)
    assert city.period("SKP 2025").unit_state("DINKES") == "diajukan"
    assert city.employee(NURSE).appraisals["SKP 2025"] == "Sangat Baik"


def test_returning_a_unit_that_was_not_submitted_is_refused(city):
    refused(city, lambda: appraisal.return_unit(city, PLANNER, "SKP 2025", "DINKES", "cek"),
            "belum mengajukan")


def test_a_unit_head_submits_only_their_own_unit(city):
    appraisal.appraise(city, HEAD_DISDIK, TEACHER, "SKP 2025", "sesuai", "sesuai")
    refused(city, lambda: submit(city, unit="DISDIK", roster=[TEACHER]), "hanya dapat mengajukan",
            ForbiddenError)
    refused(city, lambda: submit(city, actor=Actor("ins", "inspektur")), "tidak berwenang",
            ForbiddenError)


def test_a_submission_outside_the_distribution_guidance_warns_but_is_accepted(city):
    rate_dinkes(city, hasil=("sesuai", "sesuai"))  # everyone Baik: over 70%, nobody below Baik
    warnings = submit(city)
    assert warnings == ["Unit berpredikat Baik: Baik paling banyak 70% (saat ini 100%).",
                        "Unit berpredikat Baik: harus ada pegawai dengan predikat Butuh Perbaikan "
                        "dan/atau Kurang (saat ini tidak ada)."]
    submitted = city.mapper.to_domain_event(city.recorder.select_notifications(events_in(city), 1)[0])
    assert (type(submitted).__name__, submitted.warnings, submitted.distribution["Baik"]) == (
        "UnitSubmitted", warnings, 2)


def test_the_unit_predikat_is_a_bkd_setting_that_changes_the_guidance(city):
    refused(city, lambda: appraisal.set_unit_predikat(city, HEAD_DINKES, "SKP 2025", "DINKES",
                                                            "Istimewa"), "tidak berwenang", ForbiddenError)
    refused(city, lambda: appraisal.set_unit_predikat(city, PLANNER, "SKP 2025", "DINKES",
                                                            "Luar Biasa"), "tidak dikenal")
    appraisal.set_unit_predikat(city, PLANNER, "SKP 2025", "DINKES", "Istimewa")
    rate_dinkes(city, hasil=("sesuai", "sesuai"))
    assert submit(city) == []  # Istimewa caps only Sangat Baik


def test_after_the_period_is_closed_nothing_is_submitted_or_rated(city):
    rate_dinkes(city)
    appraisal.close_period(city, PLANNER, "SKP 2025")
    refused(city, lambda: submit(city), "sudah ditutup")
    refused(city, lambda: appraisal.appraise(city, HEAD_DINKES, NURSE, "SKP 2025", "di_atas", "sesuai"), "sudah ditutup")
    assert city.period("SKP 2025").unit_state("DINKES") == "final"


# --- import from e-Kinerja -------------------------------------------------------------------
def csv_file(*lines: str) -> tuple[str, bytes]:
    return "ekinerja.csv", ("NIP;Hasil Kerja;Perilaku;Predikat\n" + "\n".join(lines)).encode()


def import_csv(app, actor, *lines):
    rows, source = read_results(*csv_file(*lines))
    return appraisal.import_results(app, actor, "SKP 2025", rows, source, actor.unit_code)


def test_a_good_e_kinerja_file_records_every_row_in_one_go(city):
    before = events_in(city)
    result = import_csv(city, HEAD_DINKES, f"{NURSE};Di Atas Ekspektasi;Di Atas Ekspektasi;Sangat Baik",
                        f"'{CLERK};sesuai;di_bawah;")
    assert result == {"rows": 2, "recorded": 2, "unchanged": 0}
    assert events_in(city) == before + 2
    assert city.employee(NURSE).appraisals["SKP 2025"] == "Sangat Baik"
    assert city.employee(CLERK).appraisals["SKP 2025"] == "Kurang"
    again = import_csv(city, HEAD_DINKES, f"{NURSE};di atas;di atas;", f"{CLERK};sesuai;di bawah;")
    assert again["recorded"] == 0


def test_a_bad_e_kinerja_file_is_refused_whole_with_row_and_reason(city):
    before = events_in(city)
    with pytest.raises(FileErrors) as refusal:
        import_csv(city, HEAD_DINKES, f"{NURSE};sesuai;sesuai;Sangat Baik",
                   f"{CLERK};sesuai;sesuai;", f"{TEACHER};sesuai;sesuai;",
                   f"{make_nip(date(1991, 1, 1), date(2015, 1, 1), 'L', 77)};sesuai;sesuai;",
                   f"{CLERK};di atas;sesuai;")
    messages = [str(e) for e in refusal.value.errors]
    assert messages[0] == ("baris 2: predikat 'Sangat Baik' tidak sesuai matriks SKP: hasil kerja sesuai "
                           "dan perilaku sesuai menghasilkan Baik")
    assert messages[1] == f"baris 4: NIP {TEACHER} tidak ditemukan di unit Anda"  # never a name of another unit
    unknown = make_nip(date(1991, 1, 1), date(2015, 1, 1), 'L', 77)  # the same answer as another unit's
    assert messages[2] == f"baris 5: NIP {unknown} tidak ditemukan di unit Anda"
    assert messages[3] == f"baris 6: NIP {CLERK} muncul lebih dari sekali di berkas"
    assert events_in(city) == before


def test_a_malformed_e_kinerja_file_names_every_bad_cell(city):
    with pytest.raises(FileErrors) as refusal:
        read_results(*csv_file(f"{NURSE};bagus;sesuai;", "12345;sesuai;;Istimewa"))
    assert [str(e) for e in refusal.value.errors] == [
        "baris 2, kolom Hasil Kerja: nilai 'bagus' tidak dikenal; isi di bawah, sesuai, atau di atas ekspektasi",
        "baris 3, kolom NIP: NIP '12345' harus 18 digit angka",
        "baris 3, kolom Perilaku: nilai kosong; isi di bawah, sesuai, atau di atas ekspektasi",
        "baris 3, kolom Predikat: predikat 'Istimewa' tidak dikenal"]
    with pytest.raises(FileErrors, match="kolom Perilaku: kolom tidak ditemukan"):
        read_results("e.csv", b"NIP,Hasil Kerja\n1,2\n")


def test_an_xlsx_export_is_read_like_a_csv(city):
    import io

    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["No", "NIP", "Nama", "Hasil Kerja", "Perilaku Kerja"])
    book.active.append([1, NURSE, "Rina", "Sesuai Ekspektasi", "Di Atas Ekspektasi"])
    book.active.append([2, 199005042015032001.0, "Angka", "sesuai", "sesuai"])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(FileErrors, match="baris 3, kolom NIP: NIP tersimpan sebagai angka"):
        read_results("export.xlsx", data.getvalue())
    book.active.delete_rows(3)
    data = io.BytesIO()
    book.save(data)
    rows, source = read_results("export.xlsx", data.getvalue())
    assert [(r.nip, r.hasil_kerja, r.perilaku, r.predikat) for r in rows] == [(NURSE, "sesuai", "di_atas", None)]
    assert source == "impor e-Kinerja (XLSX)"


def test_an_import_into_a_submitted_unit_or_a_closed_period_is_refused(city):
    rate_dinkes(city)
    submit(city)
    with pytest.raises(FileErrors, match="sudah diajukan ke BKD"):
        import_csv(city, HEAD_DINKES, f"{NURSE};di atas;di atas;")
    appraisal.close_period(city, PLANNER, "SKP 2025")
    refused(city, lambda: import_csv(city, PLANNER, f"{TEACHER};sesuai;sesuai;"), "sudah ditutup")


# --- the talent map --------------------------------------------------------------------------
def test_a_potential_score_places_the_person_in_a_box_with_who_assessed(city):
    refused(city, lambda: talent.score_potential(city, COMMITTEE, NURSE, COMPONENTS),
            "belum mempunyai penilaian SKP pada periode yang sudah ditutup")
    appraisal.appraise(city, PLANNER, NURSE, "SKP 2025", "di_atas", "sesuai")  # Baik
    refused(city, lambda: talent.score_potential(city, COMMITTEE, NURSE, COMPONENTS),
            "periode yang sudah ditutup")  # SKP 2025 is still open
    appraisal.close_period(city, PLANNER, "SKP 2025")
    box = talent.score_potential(city, COMMITTEE, NURSE, COMPONENTS)
    last = city.mapper.to_domain_event(city.recorder.select_notifications(events_in(city), 1)[0])
    # kinerja from the predikat (Baik: sesuai), not from hasil kerja (di atas): box 8, not 9
    assert (box, last.score, last.potensial, last.kinerja, last.predikat, last.period) == (
        8, 85.0, "tinggi", "sesuai", "Baik", "SKP 2025")
    assert (last.actor, last.role, last.weights["kompetensi"], last.cutoffs) == ("tim", "tim_penilai", 40,
                                                                                 [60.0, 80.0])
    refused(city, lambda: talent.score_potential(city, HEAD_DINKES, NURSE, COMPONENTS),
            "tidak berwenang", ForbiddenError)
    refused(city, lambda: talent.score_potential(city, COMMITTEE, NURSE,
                                                 {**COMPONENTS, "integritas": 120}), "di luar rentang")


def test_development_actions_are_planned_with_a_due_date_and_later_get_an_outcome(city):
    plan = lambda **kw: talent.plan_development(city, **{  # noqa: E731
        "actor": HEAD_DINKES, "nip": NURSE, "kind": "coaching", "description": "coaching triase",
        "due": date(2025, 9, 30), "reason": "predikat Butuh Perbaikan", "today": TODAY, **kw})
    refused(city, lambda: plan(due=date(2025, 1, 1)), "tidak boleh sebelum hari ini")
    refused(city, lambda: plan(kind="studi banding"), "tidak dikenal")
    refused(city, lambda: plan(nip=TEACHER), f"NIP {TEACHER} tidak ditemukan di unit Anda", NotFoundError)
    assert plan() == 1 and plan(kind="pelatihan", description="pelatihan PPGD") == 2
    refused(city, lambda: talent.record_development_outcome(city, HEAD_DINKES, NURSE, 1, "sebagian", ""),
            "Catatan wajib")
    talent.record_development_outcome(city, HEAD_DINKES, NURSE, 1, "tercapai", "")
    refused(city, lambda: talent.record_development_outcome(city, HEAD_DINKES, NURSE, 1, "tercapai", ""),
            "sudah dicatat")
    assert city.employee(NURSE).developments == {1: "tercapai", 2: None}


def test_development_is_not_for_committee_or_inspectors(city):
    refused(city, lambda: talent.plan_development(city, COMMITTEE, NURSE, "coaching", "x",
                                                      date(2025, 9, 1), "", TODAY),
            "tidak berwenang", ForbiddenError)


def test_a_unit_head_rates_a_new_colleague_in_a_sub_unit(city):
    nip = make_nip(date(1993, 4, 4), date(2018, 1, 1), "P", 8)
    person(city, nip, "Maria Zebua", "P", date(1993, 4, 4), "PKM-PERAWAT")
    appraisal.appraise(city, HEAD_DINKES, nip, "SKP 2025", "sesuai", "sesuai")
    rate_dinkes(city)
    assert submit(city, roster=DINKES + [nip]) == []  # 2 of 3 Baik (67%), one Butuh Perbaikan


def test_a_file_uploaded_to_one_units_sheet_may_only_rate_that_unit(city):
    rows, source = read_results(*csv_file(f"{NURSE};sesuai;sesuai;", f"{TEACHER};sesuai;sesuai;"))
    with pytest.raises(FileErrors, match="baris 3: Budi Hutagalung bukan pegawai unit DINKES"):
        appraisal.import_results(city, PLANNER, "SKP 2025", rows, source, "DINKES")
    assert appraisal.import_results(city, PLANNER, "SKP 2025", rows, source)["recorded"] == 2

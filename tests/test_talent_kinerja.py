"""The 9-box kinerja axis follows the SKP predikat of the latest closed period (DOMAIN.md:
Sangat Baik → di atas; Baik → sesuai; Butuh Perbaikan, Kurang, Sangat Kurang → di bawah), so
nobody rated Kurang sits in box 7–9; the page says where the kinerja came from."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from domain.access import Actor
from domain.rules import DomainError
from domain.talent import kinerja_of, kinerja_source, latest_completed
from events.readside import queries, talent_queries
from events.readside.readmodels import TalentRow, db
from events.usecases import appraisal, talent
from tests.factory import NURSE, PLANNER, TEACHER
from tests.test_appraisal_web import client_for, post, web  # noqa: F401

COMMITTEE = Actor("tim", "tim_penilai")
SCORES = {"kompetensi": "90", "potensi": "80", "kualifikasi": "70", "integritas": "100"}  # tinggi


@pytest.mark.parametrize("predikat,kinerja", [
    ("Sangat Baik", "di_atas"), ("Baik", "sesuai"), ("Butuh Perbaikan", "di_bawah"),
    ("Kurang", "di_bawah"), ("Sangat Kurang", "di_bawah")])
def test_the_kinerja_axis_of_each_predikat(predikat, kinerja):
    assert kinerja_of(predikat) == kinerja


def test_an_unknown_predikat_is_refused_and_the_source_is_named():
    with pytest.raises(DomainError, match="tidak dikenal"):
        kinerja_of("Luar Biasa")
    assert kinerja_source("SKP 2025", "Baik") == "predikat SKP 2025: Baik"
    assert kinerja_source("2025", None) == "diisi langsung"


def test_the_latest_closed_period_is_the_basis():
    period = lambda name, year, is_open: SimpleNamespace(  # noqa: E731
        name=name, year=year, ends=date(year, 12, 31), is_open=is_open)
    periods = [period("SKP 2023", 2023, False), period("SKP 2025", 2025, True),
               period("SKP 2024", 2024, False)]
    assert latest_completed(periods).name == "SKP 2024"
    assert latest_completed([period("SKP 2025", 2025, True)]) is None


def test_a_person_rated_kurang_never_sits_in_box_7_to_9(web, system):
    # hasil kerja di atas but perilaku di bawah: Kurang (misconduct), whatever was typed
    appraisal.appraise(system.app, PLANNER, NURSE, "SKP 2025", "di_atas", "di_bawah")
    talent.assess_talent(system.app, COMMITTEE, NURSE, "SKP 2025", "di_atas", "tinggi")
    db.connect(reuse_if_open=True)
    row = TalentRow.get(TalentRow.period == "SKP 2025")
    assert (row.kinerja, row.box, row.source) == ("di_bawah", 6, "predikat SKP 2025: Kurang")
    summaries = [r["summary"] for r in queries.employee_timeline(row.employee_id)["rows"]]
    assert "Pemetaan talenta SKP 2025: kotak 6 (kinerja di bawah ekspektasi (predikat SKP Kurang), " \
        "potensial tinggi)" in summaries


def test_the_score_page_shows_the_predikat_it_takes_kinerja_from(web, system):
    appraisal.appraise(system.app, PLANNER, NURSE, "SKP 2025", "di_atas", "di_atas")  # Sangat Baik
    appraisal.appraise(system.app, PLANNER, TEACHER, "SKP 2025", "sesuai", "di_bawah")
    committee = client_for(web, "tim")
    page = committee.get(f"/talenta/potensial/{NURSE}").get_data(as_text=True)
    assert "periode yang sudah ditutup" in page and 'id="score-form"' not in page  # still open
    assert post(committee, f"/talenta/potensial/{NURSE}", SCORES).status_code == 422
    appraisal.close_period(system.app, PLANNER, "SKP 2025")
    page = committee.get(f"/talenta/potensial/{NURSE}").get_data(as_text=True)
    assert ("Kinerja: <strong>di atas ekspektasi</strong>, dari predikat <strong>Sangat Baik</strong> "
            "pada penilaian SKP 2025") in page and 'name="period"' not in page
    assert post(committee, f"/talenta/potensial/{NURSE}", SCORES).status_code == 302
    profile = committee.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    assert "<td>predikat SKP 2025: Sangat Baik</td>" in profile and "<td>9</td>" in profile
    db.connect(reuse_if_open=True)
    employee = {"appraisals": [{"period": "SKP 2025", "predikat": "Kurang"}]}
    assert talent_queries.kinerja_basis(employee) == {
        "period": "SKP 2025", "predikat": "Kurang", "kinerja": "di_bawah"}

"""SKM results name each of the nine elements (PermenPANRB 14/2017), a file whose headings name
another element than its column is refused, and a result with fewer respondents than the
Krejcie–Morgan minimum for the unit's population is marked "indikatif" with that minimum."""
from __future__ import annotations

import pytest

from domain.rules import DomainError
from domain.stakeholder_settings import StakeholderSettings
from domain.survey import (ELEMENTS, KREJCIE_MORGAN, LEGACY_ELEMENTS, check_population,
                           check_sample_table, indicative, sample_minimum)
from events.files.survey_files import FileErrors, csv_rows, find_columns, survey_template_csv
from events.readside import monitoring_queries
from events.usecases import monitoring
from tests.factory import PLANNER
from tests.stakeholder_city import answers, csv_bytes, views  # noqa: F401
from tests.test_stakeholder_web import site, upload  # noqa: F401
from tests.test_survey import EXAMPLE
from tests.test_web import csrf_from, login


def test_the_nine_elements_in_the_order_of_the_regulation():
    assert [name for _, name in ELEMENTS] == [
        "Persyaratan", "Sistem, mekanisme dan prosedur", "Waktu penyelesaian", "Biaya/tarif",
        "Produk spesifikasi jenis pelayanan", "Kompetensi pelaksana", "Perilaku pelaksana",
        "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana"]
    assert LEGACY_ELEMENTS[7][1] == "Sarana dan prasarana"  # how older surveys were entered


@pytest.mark.parametrize("population,minimum", [  # DOMAIN.md's figures, then the table's edges
    (100, 80), (1_000, 278), (10_000, 370), (100_000, 384), (None, 384), (5, 5), (10, 10),
    (101, 86), (75_000, 382), (75_001, 384), (5_000_000, 384)])
def test_the_krejcie_morgan_minimum_for_a_population(population, minimum):
    assert sample_minimum(population) == minimum


def test_a_result_under_its_minimum_is_indicative_and_the_table_is_a_checked_setting():
    assert indicative(29, 80) and not indicative(80, 80) and not indicative(3, None)
    settings = StakeholderSettings.from_json('{"skm_sample_table": [[100, 30], [1000, 60]]}')
    assert sample_minimum(500, settings.skm_sample_table) == 60
    assert sample_minimum(None, settings.skm_sample_table) == 60
    for table in ([[100, 30], [50, 60]], [[100, -1]], [], [[1, 2, 3]]):
        with pytest.raises(DomainError, match="Tabel sampel SKM"):
            check_sample_table(table)
    assert check_population(" 1.500 ") == 1500 and check_population("") is None
    for bad in ("0", "banyak", "3000000000"):
        with pytest.raises(DomainError, match="Populasi penerima layanan"):
            check_population(bad)


def test_headings_may_name_the_element_but_never_another_one():
    template = next(csv_rows(survey_template_csv().encode()))[1]
    assert template[7] == "u8 Penanganan pengaduan, saran dan masukan"
    assert find_columns(template) == {code: i for i, (code, _) in enumerate(ELEMENTS)}
    names_only = [name.upper() for _, name in ELEMENTS][::-1]  # any order, any case
    assert find_columns(names_only)["u1"] == 8
    swapped = [code for code, _ in ELEMENTS[:7]] + ["U8 Sarana dan prasarana",
                                                    "U9. Penanganan pengaduan"]
    with pytest.raises(FileErrors) as refused:
        find_columns(swapped)
    assert [str(e) for e in refused.value.errors] == [
        "baris 1, kolom U8 Sarana dan prasarana: judul menamai unsur lain: u8 adalah 'Penanganan "
        "pengaduan, saran dan masukan' (PermenPANRB 14/2017); periksa urutan kolom",
        "baris 1, kolom U9. Penanganan pengaduan: judul menamai unsur lain: u9 adalah 'Sarana dan "
        "prasarana' (PermenPANRB 14/2017); periksa urutan kolom"]


def test_a_survey_records_its_elements_and_minimum_and_the_views_mark_it_indicative(views):
    result = monitoring.record_survey(views.app, PLANNER, "DISDIK", "2026", EXAMPLE, population=100)
    assert (result["minimum"], result["indicative"], result["score"]) == (80, True, 91.48)
    assert result["elements"][8] == "Sarana dan prasarana"
    big = monitoring.record_survey(views.app, PLANNER, "PKM-SBK", "2026", answers(3, 20),
                                   population=20)
    assert (big["minimum"], big["indicative"]) == (19, False)
    views.catch_up()
    [shown] = monitoring_queries.unit_surveys("DISDIK")
    assert shown["indicative"] and shown["minimum"] == 80 and shown["population"] == 100
    assert [(e["code"], e["name"]) for e in shown["elements"]] == list(ELEMENTS)
    assert round(shown["elements"][3]["nrr"], 4) == round(116 / 29, 4)  # u4 Biaya/tarif: 116 / 29
    with pytest.raises(DomainError, match="Populasi penerima layanan"):
        monitoring.record_survey(views.app, PLANNER, "DINKES", "2026", EXAMPLE, population="-3")
    unknown = monitoring.record_survey(views.app, PLANNER, "DINKES", "2026", EXAMPLE)
    assert (unknown["population"], unknown["minimum"]) == (None, 384)
    small_town = StakeholderSettings(skm_default_population=60)
    default = monitoring.record_survey(views.app, PLANNER, "DINKES", "2025", EXAMPLE, settings=small_town)
    assert (default["population"], default["minimum"], default["indicative"]) == (60, 52, True)


def test_the_unit_page_names_each_element_and_marks_an_indicative_result(site):
    app, system = site
    client = app.test_client()
    login(client, "perencana")
    index = client.get("/pemantauan/").get_data(as_text=True)
    assert "u8</strong> Penanganan pengaduan, saran dan masukan" in index and 'name="populasi"' in index
    template = client.get("/pemantauan/survei/templat.csv")
    assert template.status_code == 200 and '"u9 Sarana dan prasarana"' in template.get_data(as_text=True)
    swapped = csv_bytes(EXAMPLE, header=[c for c, _ in ELEMENTS[:7]] + ["u8 Sarana dan prasarana",
                                                                        "u9 Penanganan pengaduan"])
    refused = upload(client, "skm.csv", swapped)
    assert refused.status_code == 422 and "periksa urutan kolom" in refused.get_data(as_text=True)
    token, before = csrf_from(client.get("/pemantauan/").get_data(as_text=True)), system.event_count()
    typed = "\n".join(" ".join(map(str, row)) for row in EXAMPLE)
    bad = client.post("/pemantauan/survei", data={"csrf_token": token, "unit_code": "DISDIK",
                                                  "period": "2026", "answers": typed, "populasi": "x"})
    assert bad.status_code == 422 and "Populasi penerima layanan" in bad.get_data(as_text=True)
    assert system.event_count() == before and not monitoring_queries.unit_surveys("DISDIK")
    good = client.post("/pemantauan/survei", data={"csrf_token": token, "unit_code": "DISDIK",
                                                   "period": "2026", "answers": typed,
                                                   "populasi": "1000"})
    assert good.status_code == 303
    page = client.get("/pemantauan/unit/DISDIK").get_data(as_text=True)
    assert '<span class="tag" title="Responden di bawah minimal Krejcie–Morgan">indikatif</span> minimal 278' in page
    assert "u9 Sarana dan prasarana" in page and "u8 Penanganan pengaduan, saran dan masukan" in page
    assert "indikatif" in client.get("/pemantauan/").get_data(as_text=True)

"""`mutasi survey import` on the demo city: JSON figures for a good file; a bad file exits non-zero
with row/column errors and records nothing."""
from __future__ import annotations

import json

from conftest import mutasi
from tests.stakeholder_city import csv_bytes
from tests.test_survey import EXAMPLE


def events(env) -> int:
    return json.loads(mutasi("stats", "--json", env=env).stdout)["events"]


def test_a_good_file_prints_the_figures_as_json(demo_env, tmp_path):
    path = tmp_path / "skm-bkd.csv"
    path.write_bytes(csv_bytes(EXAMPLE))
    result = mutasi("survey", "import", "--unit", "BKD", "--period", "2020-S1", str(path),
                    "--population", "100", "--json", env=demo_env)
    figures = json.loads(result.stdout)
    assert set(figures) == {"respondents", "nrr", "ikm", "score", "grade", "elements", "minimum",
                            "indicative"}
    assert (figures["minimum"], figures["indicative"]) == (80, True)  # 29 of Krejcie–Morgan's 80
    assert figures["elements"][7] == "Penanganan pengaduan, saran dan masukan"
    assert (figures["respondents"], figures["score"], figures["grade"]) == (29, 91.48, "A")
    assert len(figures["nrr"]) == 9 and round(figures["ikm"], 4) == round(955 / (29 * 9), 4)
    again = mutasi("survey", "import", "--unit", "BKD", "--period", "2020-S1", str(path), env=demo_env,
                   check=False)
    assert again.returncode != 0 and "sudah tercatat" in again.stderr


def test_bad_files_exit_non_zero_with_rows_and_columns_and_record_nothing(demo_env, tmp_path):
    before = events(demo_env)
    bad = tmp_path / "skm-buruk.csv"
    bad.write_bytes(csv_bytes([[4] * 9, [4, 4, 0, 4, 4, 4, 4, 4, 4], [4] * 8]))
    result = mutasi("survey", "import", "--unit", "BKD", "--period", "2020-S2", str(bad), "--json",
                    env=demo_env, check=False)
    assert result.returncode != 0 and result.stdout == ""
    assert "baris 3, kolom u3: nilai 0 di luar rentang 1–4" in result.stderr
    assert "baris 4, kolom u9: nilai kosong" in result.stderr
    old_excel = tmp_path / "skm.xls"
    old_excel.write_bytes(b"not really excel")
    for args, message in (((str(old_excel),), ".xls (Excel lama) tidak didukung"),
                          ((str(bad).replace("buruk", "tidak-ada"),), "does not exist")):
        refused = mutasi("survey", "import", "--unit", "BKD", "--period", "2020", *args, env=demo_env, check=False)
        assert refused.returncode != 0 and message in refused.stderr
    good = tmp_path / "skm-baik.csv"
    good.write_bytes(csv_bytes(EXAMPLE))
    unknown = mutasi("survey", "import", "--unit", "NOPE", "--period", "2020", str(good), env=demo_env, check=False)
    assert unknown.returncode != 0 and "Unit NOPE tidak ditemukan" in unknown.stderr
    period = mutasi("survey", "import", "--unit", "BKD", "--period", "2020-S3", str(good), env=demo_env, check=False)
    assert period.returncode != 0 and "Periode survei '2020-S3' tidak sah" in period.stderr
    assert events(demo_env) == before

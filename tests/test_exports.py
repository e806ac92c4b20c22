"""Exports of employee and position records: the CLI on the shared demo city, the downloads for BKD
roles, formula-safe cells, and the dashboard's kekurangan counted per post."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from conftest import mutasi
from domain.access import SYSTEM
from events.readside import queries
from events.readside.exports import EMPLOYEE_FIELDS, POSITION_FIELDS
from events.readside.readmodels import db
from events.usecases import accounts, competence, employees
from tests.test_regulation_facts import NURSE, NURSE_2, PLANNER, health_city
from tests.test_web import PASSWORD, login


def test_the_cli_exports_employees_and_positions_of_the_demo_city(demo_env, tmp_path):
    people = [json.loads(line) for line in
              mutasi("export", "employees", "--format", "jsonl", env=demo_env).stdout.splitlines()]
    posts = [json.loads(line) for line in
             mutasi("export", "positions", "--format", "jsonl", env=demo_env).stdout.splitlines()]
    assert people and posts and all(tuple(p) == EMPLOYEE_FIELDS for p in people)
    assert all(tuple(p) == POSITION_FIELDS for p in posts)
    codes = {p["code"] for p in posts}
    assert all(p["position"] in codes for p in people)  # an employee's position is the post's code
    holders = {p["code"]: p["holders"] for p in posts}
    assert sum(holders.values()) == len(people)
    # the demo's facts: health posts require their STR, nurses hold STR Perawat, a few are blocked,
    # officials have a JPM
    by_code = {p["code"]: p for p in posts}
    nurse_posts = {p["code"] for p in posts if p["jf"] == "Perawat"}
    assert all(by_code[c]["credential"] == {"type": "STR", "subject": "Perawat"} for c in nurse_posts)
    nurses = [p for p in people if p["position"] in nurse_posts]
    assert sum(any(c["subject"] == "Perawat" for c in p["credentials"]) for p in nurses) > len(nurses) / 2
    assert any(p["blocked_until"] for p in people) and any(p["jpm"] is not None for p in people)
    rows = list(csv.DictReader(io.StringIO(
        mutasi("export", "positions", "--format", "csv", env=demo_env).stdout)))
    assert [r["code"] for r in rows] == [p["code"] for p in posts]
    target = tmp_path / "pegawai.xlsx"
    mutasi("export", "employees", "--format", "xlsx", "--output", str(target), env=demo_env)
    sheet = load_workbook(target).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == list(EMPLOYEE_FIELDS)
    assert sheet.max_row == len(people) + 1
    refused = mutasi("export", "employees", "--format", "xlsx", env=demo_env, check=False)
    assert refused.returncode != 0 and "--output" in refused.stderr


@pytest.fixture
def web(system):
    from webapp import create_app
    health_city(system.app)
    employees.register_employee(  # a name a spreadsheet would read as a formula
        system.app, PLANNER, "PKM-PERAWAT", nip="199202032016032003", name="=HYPERLINK(1)", sex="P",
        birth_date=date(1992, 2, 3), status="PNS", golongan="III/a", education_level="S1",
        education_field="Keperawatan", education_family="kesehatan",
        in_post_since=date(2020, 1, 1), cpns_date=date(2016, 3, 1))
    employees.record_block(system.app, PLANNER, NURSE_2, "disiplin_sedang", date(2025, 1, 1),
                           date(2099, 1, 1), "SK 800/1/BKD/2025")
    competence.assess_competence(system.app, PLANNER, NURSE, date(2025, 6, 1), {"integritas": 3})
    db.connect(reuse_if_open=True)
    system.catch_up()
    accounts.add_user(system.app, SYSTEM, "verif", PASSWORD, "verifikator")
    accounts.add_user(system.app, SYSTEM, "kadis", PASSWORD, "kepala_opd", "PKM")
    db.close()
    return create_app(system, TESTING=True)


def test_bkd_downloads_the_records_with_formula_safe_cells(web):
    client = web.test_client()
    login(client, "verif")
    page = client.get("/").get_data(as_text=True)
    assert "/ekspor/employees.csv" in page and "Kekurangan dihitung per jabatan" in page
    rows = list(csv.DictReader(io.StringIO(client.get("/ekspor/employees.csv").get_data(as_text=True))))
    assert "'=HYPERLINK(1)" in [r["name"] for r in rows]
    by_nip = {r["nip"]: r for r in rows}
    assert by_nip[NURSE_2]["blocked_until"] == "2099-01-01"
    assert json.loads(by_nip[NURSE]["credentials"])[0]["subject"] == "Perawat"
    assert by_nip[NURSE]["jf"] == "Perawat" and float(by_nip[NURSE]["jpm"]) > 0
    assert by_nip[NURSE_2]["jpm"] == ""
    posts = [json.loads(line) for line in
             client.get("/ekspor/positions.jsonl").get_data(as_text=True).splitlines()]
    doctor = next(p for p in posts if p["code"] == "PKM-DOKTER")
    assert doctor["credential"] == {"type": "STR", "subject": "Dokter"}
    assert (doctor["holders"], doctor["service_priority"], doctor["education_fields"]) == (
        0, 1, ["Pendidikan Dokter"])
    workbook = load_workbook(io.BytesIO(client.get("/ekspor/positions.xlsx").data))
    assert workbook.active.max_row == len(posts) + 1
    assert client.get("/ekspor/pegawai.csv").status_code == 404


def test_a_unit_head_may_not_download_the_records(web):
    client = web.test_client()
    login(client, "kadis")
    assert client.get("/ekspor/employees.csv").status_code == 403
    assert "/ekspor/" not in client.get("/").get_data(as_text=True)


def test_kekurangan_is_counted_per_post(web):
    """The doctor posts are 2 short, the nurse post 2 over: the unit is 2 short, not 0."""
    db.connect(reuse_if_open=True)
    unit = {r["code"]: r for r in queries.staffing_by_unit()}["PKM"]
    assert (unit["need"], unit["actual"], unit["shortage"], unit["surplus"]) == (3, 3, 2, 2)
    assert queries.city_totals([unit])["shortage"] == 2
    client = web.test_client()
    login(client, "verif")
    page = client.get("/unit/PKM").get_data(as_text=True)
    assert '<span class="fig shortage" id="unit-shortage">2</span>' in page
    assert "Kekurangan dihitung per jabatan" in page

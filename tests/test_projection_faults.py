"""A read side that keeps serving (SQLite and PostgreSQL): an event the projection cannot apply is
parked as a fault, reported to administrators and by the CLI, and cleared by a correcting event or
by a rebuild with a fixed handler."""
from __future__ import annotations

import json
import os
from datetime import date
from types import SimpleNamespace

import pytest

from conftest import mutasi
from domain.access import SYSTEM
from domain.appraisal import AppraisalPeriod
from events.readside import handlers, projections
from events.readside.audit import AuditRow
from events.readside.readmodels import AppraisalRow, EmployeeRow, PeriodRow, db
from events.usecases import accounts, appraisal, employees
from tests.factory import NURSE, PLANNER, TEACHER, build_small_city
from tests.test_web import PASSWORD, login

POISON_YEAR = 2 ** 63  # too large for SQLite's INTEGER and PostgreSQL's integer alike


@pytest.fixture
def city(system):
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    for username, role, unit in (("admin", "admin", None), ("perencana", "perencana", None),
                                 ("kadis.dik", "kepala_opd", "DISDIK")):
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role, unit)
    return system


def store_poison_period(system) -> int:
    """Through the store's own API, past the command's checks (domain/limits.py refuses such a year
    at the door): a period whose year no column can hold."""
    period = AppraisalPeriod(name="SKP 9999", year=POISON_YEAR, starts=date(2025, 1, 1),
                             ends=date(2025, 12, 31), actor=PLANNER.username, role=PLANNER.role)
    return system.app.save(period)[-1].notification.id


def store_poison_appraisal(system) -> int:
    """The nurse rated for "SKP 2025" with a year no column can hold (an out-of-band period object)."""
    period = system.app.period("SKP 2025")
    period.year = POISON_YEAR
    employee = system.app.employee(NURSE)
    employee.appraise(period=period, hasil_kerja="sesuai", perilaku="sesuai", justification="",
                      actor=PLANNER.username, role=PLANNER.role)
    return system.app.save(employee)[-1].notification.id


def env_for(storage) -> dict:
    env = {**os.environ, "MUTASI_DATA_DIR": str(storage.data_dir)}
    env.pop("MUTASI_DATABASE_URL", None)
    if storage.database_url:
        env["MUTASI_DATABASE_URL"] = storage.database_url
    return env


def web_client(system, username: str):
    from webapp import create_app
    client = create_app(system, TESTING=True).test_client()
    assert login(client, username).status_code == 302
    return client


def test_a_poison_event_in_a_batch_is_parked_and_the_events_around_it_are_projected(city, monkeypatch):
    monkeypatch.setattr(city.app, "on_saved", None)  # three writes, then one catch-up: one batch
    employees.promote(city.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")
    poison = store_poison_period(city)
    employees.promote(city.app, PLANNER, TEACHER, "III/c", date(2025, 4, 1), "823/2/BKD/2025")
    assert city.catch_up() == 3
    status = city.status()
    assert status["position"] == status["head"] == poison + 1
    assert [(f["position"], f["type"], f["resolved_by"]) for f in status["faults"]] == [
        (poison, "AppraisalPeriod.Opened", None)]
    assert status["faults"][0]["error"]
    assert {r.nip: r.golongan for r in EmployeeRow.select()}[NURSE] == "III/c"
    assert {r.nip: r.golongan for r in EmployeeRow.select()}[TEACHER] == "III/c"
    assert not PeriodRow.select().where(PeriodRow.name == "SKP 9999").exists()
    assert AuditRow.get_by_id(poison).type == "AppraisalPeriod.Opened"  # the inspector's trail stays whole


def test_an_event_whose_handler_raises_is_parked_too(city, monkeypatch):
    def broken(event, session):
        raise KeyError("unit tidak ada")
    monkeypatch.setitem(projections.HANDLERS, "Employee.Promoted", broken)
    employees.promote(city.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")  # projected on store
    [fault] = city.faults()
    assert fault["type"] == "Employee.Promoted" and "KeyError" in fault["error"]
    assert fault["position"] == city.event_count()


def test_the_dashboard_and_the_public_page_keep_serving_and_only_administrators_see_the_fault(city):
    poison = store_poison_period(city)
    city.catch_up()
    employees.promote(city.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")  # later events go on
    pages = {}
    for username in ("admin", "perencana", "kadis.dik"):
        client = web_client(city, username)
        dashboard = client.get("/")
        assert dashboard.status_code == 200
        pages[username] = dashboard.get_data(as_text=True)
    assert city.app.employee(NURSE).golongan == "III/c"
    assert EmployeeRow.get(EmployeeRow.nip == NURSE).golongan == "III/c"
    for username in ("admin", "perencana"):
        assert 'id="projection-faults"' in pages[username]
        assert f"Kejadian #{poison} (Periode SKP dibuka)" in pages[username]
        assert "tidak dapat diproyeksikan" in pages[username]
    assert 'id="projection-faults"' not in pages["kadis.dik"] and "AppraisalPeriod" not in pages["kadis.dik"]
    public = city_public_page(city)
    assert public.status_code == 200 and "projection-faults" not in public.get_data(as_text=True)


def city_public_page(system):
    from webapp import create_app
    return create_app(system, TESTING=True).test_client().get("/publik/")


def test_the_cli_reports_the_fault_and_rebuild_and_audit_export_still_work(city, storage, tmp_path):
    poison = store_poison_period(city)
    employees.promote(city.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")
    db.close()
    env = env_for(storage)
    status = json.loads(mutasi("projections", "status", "--json", env=env).stdout)
    assert status["position"] == status["head"] == poison + 1
    assert [(f["position"], f["type"]) for f in status["faults"]] == [(poison, "AppraisalPeriod.Opened")]
    assert status["faults"][0]["error"]
    text = mutasi("projections", "status", env=env).stdout
    assert f"kejadian #{poison} Periode SKP dibuka [AppraisalPeriod.Opened]" in text and "GAGAL" in text
    city.runner.release()  # as when the server stops: a rebuild needs to be the only projection runner
    rebuilt = json.loads(mutasi("projections", "rebuild", env=env).stdout)
    assert rebuilt["events"] == poison + 1
    again = json.loads(mutasi("projections", "status", "--json", env=env).stdout)
    assert [f["position"] for f in again["faults"]] == [poison]  # the handler is still the same
    target = tmp_path / "audit.jsonl"
    mutasi("audit", "export", "--format", "jsonl", "--output", str(target), env=env)
    types = [json.loads(line).get("type") for line in target.read_text().splitlines()]
    assert "AppraisalPeriod.Opened" in types and "Employee.Promoted" in types


def test_a_later_event_of_the_same_aggregate_that_projects_resolves_the_fault(city):
    poison = store_poison_appraisal(city)
    city.catch_up()
    assert [f["resolved_by"] for f in city.faults()] == [None]
    appraisal.correct_appraisal(city.app, PLANNER, NURSE, "SKP 2025", "di_atas", "sesuai", "tahun periode salah tercatat")
    correction = city.event_count()
    [fault] = city.faults()
    assert (fault["position"], fault["type"], fault["resolved_by"]) == (poison, "Employee.Appraised", correction)
    row = AppraisalRow.get(AppraisalRow.period == "SKP 2025")
    assert (row.year, row.hasil_kerja, row.corrected) == (2025, "di_atas", True)
    page = web_client(city, "admin").get("/").get_data(as_text=True)
    assert f"sudah dikoreksi oleh kejadian #{correction}" in page
    assert "tidak dapat diproyeksikan" not in page


def test_a_rebuild_with_a_fixed_handler_clears_the_fault(city, monkeypatch):
    store_poison_period(city)
    city.catch_up()
    assert len(city.faults()) == 1

    def fixed(event, session):  # the real handler, now keeping impossible years out of the column
        handlers.on_period_opened(SimpleNamespace(**{**event.__dict__, "year": min(event.year, 9999)}), session)
    monkeypatch.setitem(projections.HANDLERS, "AppraisalPeriod.Opened", fixed)
    assert city.rebuild_views() == city.event_count()
    assert city.faults() == []
    assert PeriodRow.get(PeriodRow.name == "SKP 9999").year == 9999
    assert "projection-faults" not in web_client(city, "admin").get("/").get_data(as_text=True)


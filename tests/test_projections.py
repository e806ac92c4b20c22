"""Projections on real persistence (SQLite and PostgreSQL): incremental equals rebuilt."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from domain.rules import ConflictError
from events.readside import projections, queries
from events.readside.readmodels import EmployeeRow, PositionRow, TimelineRow, db
from tests.factory import CLERK, NURSE, PLANNER, TEACHER, build_small_city
from events.usecases import appraisal, employees


@pytest.fixture
def city(system):
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    return system


def actual(code: str) -> int:
    return PositionRow.get(PositionRow.code == code).actual


def test_staffing_counts_follow_registrations_transfers_and_leaving(city):
    assert (actual("PKM-PERAWAT"), actual("DINKES-PERAWAT")) == (1, 1)
    employees.transfer(city.app, PLANNER, CLERK, "PKM-PERAWAT", "821/1/BKD/2025", date(2025, 3, 1),
                      date(2025, 4, 1), "mengisi kekurangan perawat")
    employees.record_leaving(city.app, PLANNER, TEACHER, date(2025, 6, 1), "BUP")
    city.catch_up()
    assert (actual("PKM-PERAWAT"), actual("DINKES-PERAWAT"), actual("DISDIK-GURU")) == (2, 0, 0)
    rows = {r["code"]: r for r in queries.staffing_by_unit()}
    assert rows["PKM-SBK"]["gap"] == -1 and rows["DINKES"]["gap"] == -1
    assert EmployeeRow.get(EmployeeRow.nip == CLERK).unit_code == "PKM-SBK"


def test_timeline_lists_every_event_with_actor_newest_first(city):
    appraisal.appraise(city.app, PLANNER, NURSE, "SKP 2025", "di_atas", "di_atas", "melampaui target")
    city.catch_up()
    employee = EmployeeRow.get(EmployeeRow.nip == NURSE)
    timeline = queries.employee_timeline(employee.id)
    assert [r["kind"] for r in timeline["rows"]] == ["Penilaian SKP", "Pendaftaran"]
    assert timeline["rows"][0]["actor"] == "rina.bkd" and "Sangat Baik" in timeline["rows"][0]["summary"]
    assert employee.last_predikat == "Sangat Baik"


def test_rebuilding_from_scratch_gives_the_same_checksum_as_incremental_building(city):
    employees.transfer(city.app, PLANNER, CLERK, "PKM-PERAWAT", "821/1/BKD/2025", date(2025, 3, 1),
                      date(2025, 4, 1), "mengisi kekurangan")
    city.catch_up()
    employees.promote(city.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/7/BKD/2025")
    appraisal.close_period(city.app, PLANNER, "SKP 2025")
    city.catch_up()
    incremental = projections.checksum()
    assert projections.rebuild(city.app) == city.event_count()
    assert projections.checksum() == incremental
    assert TimelineRow.select().count() == 5


def test_catch_up_is_exactly_once_when_run_concurrently(city):
    for n in range(3):
        employees.promote(city.app, PLANNER, NURSE, ["III/c", "III/d", "IV/a"][n], date(2025, 4, 1), f"SK {n}")
    threads = [threading.Thread(target=city.catch_up) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    employee = EmployeeRow.get(EmployeeRow.nip == NURSE)
    assert employee.golongan == "IV/a"
    assert queries.employee_timeline(employee.id)["total"] == 4


def test_two_writers_changing_the_same_asn_one_wins_the_other_gets_a_conflict(city):
    outcomes, barrier = [], threading.Barrier(2)

    def write(golongan: str) -> None:
        employee = city.app.employee(NURSE)
        barrier.wait()
        employee.promote(golongan=golongan, tmt=date(2025, 4, 1), sk_number="SK", actor="x", role="perencana")
        try:
            city.app.store(employee)
            outcomes.append("ok")
        except ConflictError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=write, args=(g,)) for g in ("III/c", "III/d")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[-1] == "ok" and outcomes.count("ok") == 1
    assert any("diubah oleh pengguna lain" in o for o in outcomes)
    assert city.app.employee(NURSE).version == 2


def test_the_timeline_and_the_audit_trail_read_the_same_reason_of_an_event(city):
    """One reading of "the reason of an event": a development outcome keeps its reason in `note`;
    the timeline used to show none while the audit trail showed the note."""
    from events.readside.audit import AuditRow
    from events.usecases import talent
    from tests.factory import HEAD_DINKES
    talent.plan_development(city.app, HEAD_DINKES, NURSE, "coaching", "coaching triase",
                                date.today(), "predikat Butuh Perbaikan", date.today())
    talent.record_development_outcome(city.app, HEAD_DINKES, NURSE, 1, "sebagian",
                                          "baru separuh modul selesai")
    last = AuditRow.select().order_by(AuditRow.position.desc()).first()
    row = TimelineRow.get(TimelineRow.notification_id == last.position)
    assert last.reason == row.reason == "baru separuh modul selesai"

"""Who brings the views up to date (SQLite and PostgreSQL): the System, when a write is stored; a
request only when its user's own write, made on another worker, is not in the views yet; a
follower for writes of other processes. Plain reads and static files never take the projection's
lock or a write transaction."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from domain.access import SYSTEM
from events.readside import projections
from events.readside.readmodels import EmployeeRow, PeriodRow, db
from events.system import System
from events.usecases import accounts, employees
from tests.factory import NURSE, PLANNER, build_small_city
from tests.test_web import PASSWORD, csrf_from, login


@pytest.fixture
def city(system):
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    db.close()
    return system


class Counting:
    """Counts the projection's lock acquisitions and write transactions."""

    def __init__(self, monkeypatch):
        self.locks = self.transactions = 0
        lock, transaction = projections._lock, projections.transaction

        class CountingLock:
            def acquire(inner, *args, **kwargs):
                self.locks += 1
                return lock.acquire(*args, **kwargs)

            def release(inner):
                lock.release()

            __enter__ = acquire

            def __exit__(inner, *exc):
                lock.release()

        def counting_transaction():
            self.transactions += 1
            return transaction()

        monkeypatch.setattr(projections, "_lock", CountingLock())
        monkeypatch.setattr(projections, "transaction", counting_transaction)


def logged_in(system, username: str = "perencana", **config):
    from webapp import create_app
    client = create_app(system, TESTING=True, **config).test_client()
    assert login(client, username).status_code == 302
    return client


def test_plain_reads_take_neither_the_projection_lock_nor_a_write_transaction(city, monkeypatch):
    client = logged_in(city)
    counting = Counting(monkeypatch)
    for url in ("/", "/pegawai/", "/penilaian/", "/publik/"):
        assert client.get(url).status_code == 200
    assert city.catch_up() == 0  # the follower's check when nothing is new
    assert (counting.locks, counting.transactions) == (0, 0)
    employees.promote(city.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")
    assert (counting.locks, counting.transactions) == (1, 1)  # a write is projected once, when stored


def test_static_files_open_no_database_connection(city, monkeypatch):
    from webapp import create_app
    client = create_app(city, TESTING=True).test_client()
    db.close()
    connects = []
    connect = db.obj.connect
    monkeypatch.setattr(db.obj, "connect", lambda *a, **k: connects.append(1) or connect(*a, **k))
    response = client.get("/static/mutasi.css")
    assert response.status_code == 200 and connects == []
    response.close()
    assert client.get("/publik/").status_code == 200 and connects  # the counter counts


def test_a_read_after_ones_own_write_sees_it_on_another_worker(city, storage):
    """Worker A stores the write but cannot project it in time (another catch-up holds the lock);
    the user's next request lands on worker B, which brings the views up to that write first."""
    worker_a = System(storage, own_write_timeout=0.05)
    try:
        client_a = logged_in(worker_a)
        token = csrf_from(client_a.get("/penilaian/").get_data(as_text=True))
        with projections._lock:  # a long catch-up elsewhere in this process
            response = client_a.post("/penilaian/", data={"name": "SKP 2026", "year": "2026", "csrf_token": token,
                                                          "starts": "2026-01-01", "ends": "2026-12-31"})
        assert response.status_code == 302
        assert not PeriodRow.select().where(PeriodRow.name == "SKP 2026").exists()  # not projected yet
        client_b = logged_in(city)
        client_b.set_cookie("session", client_a.get_cookie("session").value)  # the same browser
        assert "SKP 2026" in client_b.get("/penilaian/").get_data(as_text=True)
        assert PeriodRow.select().where(PeriodRow.name == "SKP 2026").exists()
    finally:
        worker_a.close()


def test_the_follower_projects_what_other_processes_write(city, storage, monkeypatch):
    cli = System(storage)  # another process: its writes are not projected by this one
    try:
        monkeypatch.setattr(cli.app, "on_saved", None)  # as if that process had stopped after writing
        employees.promote(cli.app, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")
        position = cli.event_count()
        assert not city.views_include(position)
        city.start_following(interval=0.02)
        deadline = time.monotonic() + 30
        while not city.views_include(position) and time.monotonic() < deadline:
            time.sleep(0.02)
        db.connect(reuse_if_open=True)
        assert EmployeeRow.get(EmployeeRow.nip == NURSE).golongan == "III/c"
        assert any(t.name == "mutasi-views-follower" for t in threading.enumerate())
    finally:
        cli.close()


def test_a_remembered_position_beyond_the_log_does_not_keep_requests_waiting(city):
    """A session cookie older than this database names a write the log does not have."""
    assert city.wait_for(city.event_count() + 1000, timeout=60) is True

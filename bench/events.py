"""Event store and projection figures, printed as one JSON object.

Builds the demo city at scale 1 and 10 on SQLite (events/s), rebuilds the projections from scratch
(events/s), times the dashboard and employee pages at scale 10, and compares the event figures with a
raw sqlite3 baseline measured in the same run: inserting and reading the same serialized event rows.

    .venv/bin/python bench/events.py [--scales 1,10]
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.usecases import accounts  # noqa: E402

from events.readside import projections
from events.demo.loader import DEMO_PASSWORD, load_demo  # noqa: E402
from events.readside.readmodels import EmployeeRow, db  # noqa: E402
from events.store import Storage  # noqa: E402
from events.system import System  # noqa: E402


def raw_sqlite_baseline(system: System, folder: Path) -> dict:
    """Insert the same stored rows with plain sqlite3 (same batch size), then read them all."""
    rows = [(n.originator_id.hex, n.originator_version, n.topic, n.state)
            for n in system.app.recorder.select_notifications(1, 10**9)]
    conn = sqlite3.connect(folder / "raw.sqlite3")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE stored_events (id INTEGER PRIMARY KEY, originator_id TEXT, "
                 "originator_version INTEGER, topic TEXT, state BLOB, UNIQUE(originator_id, originator_version))")
    started = time.perf_counter()
    for start in range(0, len(rows), 400):
        with conn:
            conn.executemany("INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                             "VALUES (?, ?, ?, ?)", rows[start:start + 400])
    insert = time.perf_counter() - started
    started = time.perf_counter()
    count = sum(1 for _ in conn.execute("SELECT id, originator_id, originator_version, topic, state "
                                        "FROM stored_events ORDER BY id"))
    read = time.perf_counter() - started
    conn.close()
    return {"events": count, "insert_per_s": round(count / insert), "read_per_s": round(count / read)}


def page_ms(system: System, path_for) -> float:
    from webapp import create_app
    app = create_app(system, TESTING=True, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    client.post("/masuk", data={"username": "perencana", "password": DEMO_PASSWORD})
    timings = []
    for n in range(15):
        started = time.perf_counter()
        response = client.get(path_for(n))
        timings.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, response.status_code
    return round(statistics.median(timings[3:]), 1)


def measure(scale: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        system = System(Storage(Path(folder)))
        db.connect(reuse_if_open=True)
        started = time.perf_counter()
        load_demo(system, scale=scale)
        build = time.perf_counter() - started
        events = system.event_count()
        started = time.perf_counter()
        projections.rebuild(system.app)
        rebuild = time.perf_counter() - started
        raw = raw_sqlite_baseline(system, Path(folder))
        nips = [r.nip for r in EmployeeRow.select(EmployeeRow.nip).limit(15)]
        figures = {
            "scale": scale, "events": events, "employees": EmployeeRow.select().count(),
            "demo_build_s": round(build, 2), "demo_build_events_per_s": round(events / build),
            "rebuild_s": round(rebuild, 2), "rebuild_events_per_s": round(events / rebuild),
            "raw_sqlite": raw,
            "ratio_build_to_raw_insert": round(events / build / raw["insert_per_s"], 4),
            "ratio_rebuild_to_raw_read": round(events / rebuild / raw["read_per_s"], 4),
            "dashboard_ms_median": page_ms(system, lambda n: "/"),
            "employee_page_ms_median": page_ms(system, lambda n: f"/pegawai/{nips[n]}"),
            "search_ms_median": page_ms(system, lambda n: "/pegawai/?q=siregar"),
        }
        accounts.AccountRow.delete().execute()
        system.close()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated demo scales")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    results = {f"scale_{s}": measure(s) for s in scales}
    print(json.dumps({"benchmark": "events", "results": results}, indent=2))


if __name__ == "__main__":
    main()

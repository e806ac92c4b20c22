"""The city "per tanggal": how long an as-of page takes, printed as one JSON object.

Builds the demo city (scale 10 by default: ~30,000 ASN, three years recorded on their dates) on
SQLite in a temporary folder, then, logged in as the Inspektorat, times for one date in mid-2024:
the first view of a day (the replay into its own database, the cost paid once per day and
process-independent: the replay is a file in the data folder), the first view of a later day (a
copy of the earlier replay plus the events in between), and the median of later views of the
dashboard, a unit page, an employee page and the audit trail, each with the same page of today
for comparison (ratio). Target (issue #15): an as-of page <= 1 s at scale 10.

    .venv/bin/python bench/asof.py [--scale 10] [--date 2024-06-30] [--later 2025-06-30] [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.demo.loader import DEMO_PASSWORD, load_demo  # noqa: E402
from events.readside.readmodels import EmployeeRow, db  # noqa: E402
from events.store import Storage  # noqa: E402
from events.system import System  # noqa: E402

REPEAT = 9


def timed(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return elapsed


def median_ms(client, path: str) -> float:
    return round(1000 * statistics.median(timed(client, path) for _ in range(REPEAT)), 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--date", default="2024-06-30")
    parser.add_argument("--later", default="2025-06-30")
    parser.add_argument("--data", help="a data folder to keep the demo in (reused when it holds one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        system = System(Storage(Path(args.data or folder)))
        started = time.perf_counter()
        if system.event_count() == 0:
            load_demo(system, scale=args.scale)
        build_s = time.perf_counter() - started
        for old in system.as_of.cached().values():  # every first view replays
            old.unlink()
        db.connect(reuse_if_open=True)
        from webapp import create_app
        client = create_app(system, TESTING=True, WTF_CSRF_ENABLED=False).test_client()
        client.post("/masuk", data={"username": "inspektur", "password": DEMO_PASSWORD})
        day = date.fromisoformat(args.date)
        first_s = timed(client, f"/?per={day}")
        later_s = timed(client, f"/?per={args.later}")
        with system.as_of.at(day).reading():
            nip = EmployeeRow.select(EmployeeRow.nip).where(EmployeeRow.active).first().nip
        pages = {"dashboard": "/", "unit": "/unit/DINKES", "employee": f"/pegawai/{nip}", "audit": "/audit/"}
        figures = {}
        for name, path in pages.items():
            joiner = "&" if "?" in path else "?"
            as_of_ms, today_ms = median_ms(client, f"{path}{joiner}per={day}"), median_ms(client, path)
            figures[name] = {"as_of_ms": as_of_ms, "today_ms": today_ms, "ratio": round(as_of_ms / today_ms, 2)}
        view = system.as_of.at(day)
        print(json.dumps({
            "scale": args.scale, "events": system.event_count(), "date": str(day), "position": view.position,
            "demo_build_s": round(build_s, 1),
            "first_view_of_a_day_s": round(first_s, 2), "first_view_of_a_later_day_s": round(later_s, 2),
            "replay_events_per_s": round(view.position / first_s),
            "pages": figures, "target_ms": 1000,
            "met_when_replayed": all(f["as_of_ms"] <= 1000 for f in figures.values()),
            "met_on_first_view": first_s <= 1.0}, indent=1))
        system.close()


if __name__ == "__main__":
    main()

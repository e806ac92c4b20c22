"""The city "per tanggal": how long an as-of page takes, printed as one JSON object.

Builds the demo city (scale 10 by default: ~30,000 ASN, three years recorded on their dates) on
SQLite in a temporary folder and makes the snapshots `mutasi serve` makes in the background (timed,
with their number and size), then, logged in as the Inspektorat, times the first view of days not
yet viewed: one date in mid-2024, a later one, and the last day of every month of the log (each a
copy of the nearest earlier snapshot plus the events since, counted as `tail`; wall and CPU time,
the machine may be shared), and the median of
later views of the dashboard, a unit page, an employee page and the audit trail, each with the
same page of today for comparison (ratio). Target (issue #15): an as-of page <= 1 s at scale 10.
Also times the same first view without snapshots (the replay from the first event), once.

    .venv/bin/python bench/asof.py [--scale 10] [--date 2024-06-30] [--later 2025-06-30] [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.demo.loader import DEMO_PASSWORD, load_demo  # noqa: E402
from events.readside.as_of import position_at, today_wib  # noqa: E402
from events.readside.audit import AuditRow  # noqa: E402
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


def first_views_of_month_ends(system, client, snapshots) -> list[dict]:
    """The first view of the dashboard on the last day of every month of the log, oldest first."""
    first = AuditRow.select(AuditRow.occurred_at).order_by(AuditRow.position).first().occurred_at.date()
    found, month = [], date(first.year, first.month, 1)
    while month <= today_wib():
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        day = min(following - timedelta(days=1), today_wib())
        position = position_at(day)
        if position not in system.as_of.cached():
            base = max([p for p in snapshots if p <= position], default=0)
            cpu = time.process_time()
            wall = timed(client, f"/?per={day}")
            found.append({"day": str(day), "position": position, "tail": position - base,
                          "first_view_s": round(wall, 2), "cpu_s": round(time.process_time() - cpu, 2)})
        month = following
    return found


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
        without_s = timed(client, f"/?per={day}")  # no snapshot yet: replayed from the first event
        system.as_of.close()
        system.as_of.cached(("views",))[position_at(day)].unlink()
        started = time.perf_counter()
        system.as_of.build_snapshots()
        snapshots_s = time.perf_counter() - started
        snapshots = system.as_of.snapshots()
        first_s = timed(client, f"/?per={day}")
        later_s = timed(client, f"/?per={args.later}")
        months = first_views_of_month_ends(system, client, snapshots)
        with system.as_of.at(day).reading():
            nip = EmployeeRow.select(EmployeeRow.nip).where(EmployeeRow.active).first().nip
        pages = {"dashboard": "/", "unit": "/unit/DINKES", "employee": f"/pegawai/{nip}", "audit": "/audit/"}
        figures = {}
        for name, path in pages.items():
            joiner = "&" if "?" in path else "?"
            as_of_ms, today_ms = median_ms(client, f"{path}{joiner}per={day}"), median_ms(client, path)
            figures[name] = {"as_of_ms": as_of_ms, "today_ms": today_ms, "ratio": round(as_of_ms / today_ms, 2)}
        view = system.as_of.at(day)
        slowest = max(months, key=lambda m: m["first_view_s"])
        print(json.dumps({
            "scale": args.scale, "events": system.event_count(), "date": str(day), "position": view.position,
            "demo_build_s": round(build_s, 1), "load_average": [round(x, 1) for x in os.getloadavg()],
            "first_view_without_snapshots_s": round(without_s, 2),
            "snapshots": {"count": len(snapshots), "every": system.as_of.settings.spacing(system.event_count()),
                          "build_s": round(snapshots_s, 1),
                          "mb": round(sum(p.stat().st_size for p in snapshots.values()) / 1e6)},
            "first_view_of_a_day_s": round(first_s, 2), "first_view_of_a_later_day_s": round(later_s, 2),
            "month_ends": {"days": len(months),
                           "median_first_view_s": round(statistics.median(m["first_view_s"] for m in months), 2),
                           "median_cpu_s": round(statistics.median(m["cpu_s"] for m in months), 2),
                           "max_cpu_s": max(m["cpu_s"] for m in months),
                           "over_1_s": sum(m["first_view_s"] > 1.0 for m in months),
                           "slowest": slowest},
            "pages": figures, "target_ms": 1000,
            "met_when_replayed": all(f["as_of_ms"] <= 1000 for f in figures.values()),
            "met_on_first_view": max(first_s, later_s, slowest["first_view_s"]) <= 1.0}, indent=1))
        system.close()


if __name__ == "__main__":
    main()

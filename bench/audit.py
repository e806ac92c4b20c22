"""The stored log's tamper evidence, printed as one JSON object:

- the cost of linking per appended event: the same events appended to a store with links and to one
  without (the library's own recorder), alternating rounds in the same run, one event per
  transaction (a user's write) and 100 per transaction (a bulk load), in 20 alternating rounds
  (`overhead_ratio_median_round`: the median of the rounds' ratios, robust to other processes'
  bursts on a shared machine; each figure the median of --repeat runs; `control_ratio_median_round`:
  the same for a second store without links, the machine's noise floor), through the Application
  (`save`: what a use case pays) and at the recorder alone (`insert_events`: the strictest ratio);
- full verification of the stored log (every link, every checkpoint) in events/s, on the demo city
  at the given scale (SQLite), through `ledger.verify_store` and through the standalone verifier
  on a bundle; the bundle's size per 100,000 events;
- the same append figures on PostgreSQL when it answers (MUTASI_TEST_POSTGRES or 127.0.0.1:5432/test).
Wall-clock figures and, since the machine is shared, the same figures per CPU second of this process
(SQLite runs inside it; PostgreSQL's own work is not counted there).

    .venv/bin/python bench/audit.py [--scale 10] [--events 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventsourcing.domain import Aggregate  # noqa: E402

from domain import event_links  # noqa: E402
from domain.access import Actor  # noqa: E402
from events.app import Mutasi  # noqa: E402
from events.demo.loader import load_demo  # noqa: E402
from events.readside.readmodels import db  # noqa: E402
from events.store import Storage  # noqa: E402
from events.system import System  # noqa: E402
from events.usecases import ledger  # noqa: E402

PG_URL = os.environ.get("MUTASI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
ADMIN = Actor("bench", "admin")
PAYLOAD = "Dinas Kesehatan Kota Sibolga, Puskesmas Sibolga Kota — perawat ahli pertama " * 4  # ~330 bytes


class Note(Aggregate):
    """An event about the size of a real one (an Employee.Registered is 300–600 bytes)."""

    def __init__(self, n: int, text: str):
        self.n, self.text = n, text


def stored_notes(app: Mutasi, count: int) -> list:
    """The same events as `Note`s, already serialized: what the recorder itself receives."""
    return [app.mapper.to_stored_event(event) for note in (Note(n, PAYLOAD) for n in range(count))
            for event in note.collect_events()]


def append_rounds(apps: dict, events: int, per_transaction: int, level: str = "application") -> dict:
    """`apps`: plain, linked and control (a second store without links: the noise floor of the
    machine). Their order turns every round, so none always writes right after another."""
    wall, cpu = {k: 0.0 for k in apps}, {k: 0.0 for k in apps}
    rounds, paired = 20, {"linked": [], "control": []}
    order = list(apps)
    for number in range(rounds):
        before = dict(wall)
        for name in order[number % 3:] + order[:number % 3]:
            app = apps[name]
            if level == "application":
                notes, write = [Note(n, PAYLOAD) for n in range(events // rounds)], app.save
            else:
                notes, write = stored_notes(app, events // rounds), app.recorder.insert_events
            started, started_cpu = time.perf_counter(), time.process_time()
            for start in range(0, len(notes), per_transaction):
                chunk = notes[start:start + per_transaction]
                write(*chunk) if level == "application" else write(chunk)
            wall[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - started_cpu
        for name in paired:
            paired[name].append((wall[name] - before[name]) / (wall["plain"] - before["plain"]) - 1)
    us = {k: 1e6 * v / events for k, v in wall.items()}
    return {"level": level, "per_transaction": per_transaction, "events": events,
            "plain_us_per_event": round(us["plain"], 1), "linked_us_per_event": round(us["linked"], 1),
            "overhead_ratio": round(us["linked"] / us["plain"] - 1, 3),
            "overhead_ratio_median_round": round(statistics.median(paired["linked"]), 3),
            "control_ratio_median_round": round(statistics.median(paired["control"]), 3),
            "overhead_ratio_cpu": round(cpu["linked"] / cpu["plain"] - 1, 3)}


def append_cost(make_envs, events: int, repeat: int = 1) -> list[dict]:
    """Each figure measured `repeat` times (fresh stores each time); the median of each number and
    every repetition's overhead ratio."""
    runs = []
    for _ in range(repeat):
        plain_env, linked_env, control_env = make_envs()
        plain_env.pop("APPLICATION_RECORDER_TOPIC")
        control_env.pop("APPLICATION_RECORDER_TOPIC")
        apps = {"plain": Mutasi(env=plain_env), "linked": Mutasi(env=linked_env), "control": Mutasi(env=control_env)}
        try:
            runs.append([append_rounds(apps, events, 1), append_rounds(apps, events * 5, 100),
                         append_rounds(apps, events, 1, "recorder"), append_rounds(apps, events * 5, 100, "recorder")])
        finally:
            for app in apps.values():
                app.close()
    figures = []
    for same in zip(*runs):
        figure = dict(same[0])
        for key in ("plain_us_per_event", "linked_us_per_event", "overhead_ratio", "overhead_ratio_median_round",
                    "control_ratio_median_round", "overhead_ratio_cpu"):
            figure[key] = statistics.median(f[key] for f in same)
        figure["overhead_ratios"] = [f["overhead_ratio_median_round"] for f in same]
        figure["load_average"] = round(os.getloadavg()[0], 1)
        figures.append(figure)
    return figures


def sqlite_envs(folder: Path):
    def make():
        fresh = folder / uuid.uuid4().hex[:10]
        return tuple(Storage(fresh / name).event_store_env() for name in ("plain", "linked", "control"))
    return make


def postgres_envs(schemas: list[str]):
    def make():
        import psycopg
        envs = []
        for _ in range(3):
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            schemas.append(schema)
            envs.append(Storage(Path(tempfile.gettempdir()), f"{PG_URL}?schema={schema}").event_store_env())
        return envs
    return make


def drop(schemas: list[str]) -> None:
    import psycopg
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def postgres_reachable() -> bool:
    try:
        import psycopg
        psycopg.connect(PG_URL.split("?")[0], connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def verification(scale: int, folder: Path) -> dict:
    system = System(Storage(folder / "demo"))
    db.connect(reuse_if_open=True)
    started = time.perf_counter()
    load_demo(system, scale=scale)
    build = time.perf_counter() - started
    ledger.checkpoint(system.app, ADMIN)
    keys = [system.app.checkpoint_signer.public_pem()]
    started, started_cpu = time.perf_counter(), time.process_time()
    verdict = ledger.verify_store(system.app, ADMIN, keys, record=False)
    store_s, store_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    bundle = folder / "bundle.tar.gz"
    started = time.perf_counter()
    made = ledger.bundle(system.app, ADMIN, bundle)
    bundle_s = time.perf_counter() - started
    started, started_cpu = time.perf_counter(), time.process_time()
    alone = event_links.verify_bundle(str(bundle), keys)
    alone_s, alone_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    system.close()
    events = verdict["events"]
    return {"scale": scale, "events": events, "demo_build_s": round(build, 1), "ok": verdict["ok"] and alone.ok,
            "verify_store_s": round(store_s, 2), "verify_store_events_per_s": round(events / store_s),
            "verify_store_events_per_cpu_s": round(events / store_cpu),
            "bundle_write_s": round(bundle_s, 2), "bundle_bytes": made["bytes"],
            "bundle_bytes_per_100k_events": round(made["bytes"] * 100_000 / events),
            "verify_bundle_s": round(alone_s, 2), "verify_bundle_events_per_s": round(events / alone_s),
            "verify_bundle_events_per_cpu_s": round(events / alone_cpu), "load_average": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="demo scale for the verification figures (0: skip them)")
    parser.add_argument("--events", type=int, default=2000, help="events per append measurement")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each append figure (medians)")
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        results["append_sqlite"] = append_cost(sqlite_envs(Path(folder)), args.events, args.repeat)
        if postgres_reachable():
            schemas: list[str] = []
            try:
                results["append_postgres"] = append_cost(postgres_envs(schemas), args.events, args.repeat)
            finally:
                drop(schemas)
        if args.scale:
            results["verification_sqlite"] = verification(args.scale, Path(folder))
    targets = {"verification_events_per_s_at_least": 100_000, "linking_overhead_at_most": 0.20}
    print(json.dumps({"benchmark": "audit", "targets": targets, "results": results}, indent=2))


if __name__ == "__main__":
    main()

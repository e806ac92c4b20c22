"""Import figures, printed as one JSON object: a synthetic peta jabatan (5,000 posts in 100 units)
and a SIASN staff list (30,000 people) imported into an empty SQLite installation through
`mutasi import`'s use case (events/s), the staff list re-imported unchanged (rows/s) and with 1 %
of the people promoted (events/s), each against reading the same file with the plain `csv` module in
the same run (the floor: no checks, no events).

    .venv/bin/python bench/imports.py [--people 30000] [--posts 5000]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.access import Actor  # noqa: E402
from domain.rules import make_nip  # noqa: E402
from events.readside.readmodels import db  # noqa: E402
from events.store import Storage  # noqa: E402
from events.system import System  # noqa: E402
from events.usecases.imports import run_import  # noqa: E402

BKD = Actor("bkd.bench", "perencana")
UNITS = 100
PEOPLE_HEADER = ("nipBaru", "nama", "tglLahir", "jenisKelamin", "statusPegawai", "golRuangAkhir", "tmtGolAkhir",
                 "jabatanNama", "tmtJabatan", "unorNama", "tkPendidikanTerakhir", "pendidikanTerakhirNama",
                 "tmtCpns")
GOLONGAN = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d")


def as_csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def peta(posts: int) -> tuple[bytes, list]:
    rows = [(f"Dinas Uji {p % UNITS + 1}", f"Pengadministrasi Uji {p // UNITS + 1}", "Pelaksana", "2")
            for p in range(posts)]
    return as_csv(("unor", "jabatan", "jenis_jabatan", "kebutuhan"), rows), rows


def staff(people: int, posts: list, promoted_share: float = 0.0) -> bytes:
    rows = []
    for n in range(people):
        born = date(1970, 1, 1) + timedelta(days=n % 9000)
        cpns = date(born.year + 25, 1 + n % 12, 1)
        sex = "L" if n % 2 else "P"
        unit, post = posts[n % len(posts)][:2]
        rank = n % 7 + (1 if n < people * promoted_share else 0)
        rows.append((make_nip(born, cpns, sex, n // 9000 + 1), f"Pegawai Uji {n}", f"{born:%d-%m-%Y}",
                     "M" if sex == "L" else "F", "PNS", GOLONGAN[rank], "01-04-2024", post, "01-01-2024", unit,
                     "SLTA", "SMA IPS", f"{cpns:%d-%m-%Y}"))
    return as_csv(PEOPLE_HEADER, rows)


def csv_rows_per_s(data: bytes) -> float:
    started = time.perf_counter()
    count = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) - 1
    return count / (time.perf_counter() - started)


def timed(system: System, kind: str, name: str, data: bytes) -> tuple[dict, float, int]:
    before = system.event_count()
    started = time.perf_counter()
    summary = run_import(system.app, BKD, kind, name, data)
    seconds = time.perf_counter() - started
    return summary, seconds, system.event_count() - before


def measure(people: int, posts: int) -> dict:
    posts_file, post_rows = peta(posts)
    people_file = staff(people, post_rows)
    promoted_file = staff(people, post_rows, promoted_share=0.01)
    floor_posts, floor_people = csv_rows_per_s(posts_file), csv_rows_per_s(people_file)
    with tempfile.TemporaryDirectory() as folder:
        system = System(Storage(Path(folder)))
        db.connect(reuse_if_open=True)
        _, posts_s, posts_events = timed(system, "posts", "peta.csv", posts_file)
        first, people_s, people_events = timed(system, "people", "siasn.csv", people_file)
        again, again_s, again_events = timed(system, "people", "siasn.csv", people_file)
        promoted, promoted_s, promoted_events = timed(system, "people", "siasn-2.csv", promoted_file)
        system.close()
    assert first["new"] == people and again["unchanged"] == people and again_events == 1
    return {
        "people": people, "posts": posts, "bytes": {"posts": len(posts_file), "people": len(people_file)},
        "csv_floor_rows_per_s": {"posts": round(floor_posts), "people": round(floor_people)},
        "posts_import": {"s": round(posts_s, 2), "events": posts_events,
                         "events_per_s": round(posts_events / posts_s),
                         "ratio_rows_to_csv": round(posts / posts_s / floor_posts, 5)},
        "people_import": {"s": round(people_s, 2), "events": people_events,
                          "events_per_s": round(people_events / people_s),
                          "ratio_rows_to_csv": round(people / people_s / floor_people, 5)},
        "people_reimport_unchanged": {"s": round(again_s, 2), "events": again_events,
                                      "rows_per_s": round(people / again_s),
                                      "ratio_rows_to_csv": round(people / again_s / floor_people, 5)},
        "people_reimport_1pct_promoted": {"s": round(promoted_s, 2), "events": promoted_events,
                                          "changed": promoted["changed"],
                                          "rows_per_s": round(people / promoted_s)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--posts", type=int, default=5_000)
    args = parser.parse_args()
    print(json.dumps({"benchmark": "imports", "storage": "sqlite", "results": measure(args.people, args.posts)},
                     indent=2))


if __name__ == "__main__":
    main()

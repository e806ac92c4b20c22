"""The web app under load, printed as one JSON object.

Builds the demo city once (plus a plan of proposals waiting for the PPK's decision), backs it up, and
for each configuration restores it into a fresh installation, starts `mutasi serve` on 127.0.0.1 and
drives it with `--clients` concurrent clients (keep-alive connections, each its own session) for
`--seconds` per page: the dashboard, a unit page, an employee page, the audit trail, the active
search, a decision POST (the PPK approves one proposal per request), and a static file as the floor.
Configurations: SQLite with one process, PostgreSQL with 1 and 4 workers. Also the login time (the
clients log in one after another: logins of one account at the same instant are throttled on purpose). Only the loopback address is ever used; every loop is
bounded in time.

    .venv/bin/python bench/web.py [--seconds 10] [--clients 20] [--scale 1] [--postgres URL] [--only sqlite]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
PASSWORD = "sibolga-demo-2026"
TARGETS_MS = {"read_p95": 100, "decision_p95": 250, "login": 300}
READS = ("dashboard", "unit", "employee", "audit", "search")


def mutasi(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=3600).stdout


def prepare(folder: Path, scale: int) -> tuple[Path, dict]:
    """The demo city plus proposals recommended by the committee and waiting for the PPK; a backup."""
    env = {**os.environ, "MUTASI_DATA_DIR": str(folder / "bangun")}
    env.pop("MUTASI_DATABASE_URL", None)
    mutasi(env, "demo", "--scale", str(scale))
    script = ("from datetime import date, timedelta\n"
              "from events.system import System\n"
              "from events.usecases import approvals, planning\n"
              "from events.readside.readmodels import ProposalRow, EmployeeRow, PositionRow, UnitRow\n"
              "from events.demo import workflow as w\n"
              "import json\n"
              "s = System.open(); app = s.app\n"
              "plan = planning.draft_from_views(app, w.PLANNER, 'Beban uji', {'max_moves': 400, 'time_limit': 120})\n"
              "ids = approvals.submit_plan(app, w.PLANNER, plan)\n"
              "for i in ids: w.prepare_file(app, i, date.today() - timedelta(days=5))\n"
              "approvals.bulk_verify(app, w.VERIFIER, ids); approvals.bulk_forward(app, w.HEAD_BKD, ids)\n"
              "approvals.bulk_recommend(app, w.COMMITTEE, ids, {})\n"
              "waiting = [str(r.id) for r in ProposalRow.select().where(ProposalRow.state == 'recommended')]\n"
              "nips = [r.nip for r in EmployeeRow.select(EmployeeRow.nip).where(EmployeeRow.active).limit(200)]\n"
              "units = [r.code for r in UnitRow.select(UnitRow.code)]\n"
              "names = sorted({r.name.split()[-1] for r in EmployeeRow.select(EmployeeRow.name).limit(300)})[:40]\n"
              "print(json.dumps({'waiting': waiting, 'nips': nips, 'units': units, 'names': names}))\n")
    data = json.loads(subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                                     capture_output=True, text=True, timeout=3600).stdout.splitlines()[-1])
    backup = folder / "cadangan.jsonl.gz"
    mutasi(env, "backup", str(backup))
    return backup, data


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "serve", "--host", HOST, "--port", str(self.port),
             "--workers", str(workers), "--threads", "8"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if Client(self.port).request("GET", "/siap")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Client:
    """One keep-alive connection and one session cookie."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()  # the server closed an idle keep-alive connection: once more
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text

    def log_in(self, username: str) -> float:
        _, page = self.request("GET", "/masuk")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        started = time.perf_counter()
        status, _ = self.request("POST", "/masuk", {"username": username, "password": PASSWORD, "csrf_token": token})
        elapsed = 1000 * (time.perf_counter() - started)
        if status != 302:
            raise RuntimeError(f"login {username}: {status}")
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', self.request("GET", "/")[1]).group(1)
        return elapsed


def figures(timings: list[float], seconds: float, statuses: dict) -> dict:
    if not timings:
        return {"requests": 0, "statuses": statuses}
    ordered = sorted(timings)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)
    return {"requests": len(ordered), "rps": round(len(ordered) / seconds, 1), "p50_ms": pct(0.5),
            "p95_ms": pct(0.95), "p99_ms": pct(0.99), "statuses": statuses}


def hammer(clients: list[Client], seconds: float, next_request) -> dict:
    """Every client sends requests back to back for `seconds`; next_request(n) gives the next one
    (or None: that client stops)."""
    timings, statuses, lock = [], {}, threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(client: Client, k: int):
        n = 0
        while time.monotonic() < stop_at:
            spec = next_request(k, n)
            if spec is None:
                return
            method, path, form, headers = spec
            started = time.perf_counter()
            status, _ = client.request(method, path, form, headers)
            elapsed = 1000 * (time.perf_counter() - started)
            with lock:
                timings.append(elapsed)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
            n += 1
    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(c, k)) for k, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return figures(timings, time.monotonic() - started, statuses)


def measure(port: int, data: dict, clients_count: int, seconds: float) -> dict:
    readers = [Client(port) for _ in range(clients_count)]
    logins = [c.log_in("perencana") for c in readers]  # one after another: one person logs in at a time
    nips, units, names = data["nips"], data["units"], data["names"]
    htmx = {"HX-Request": "true"}
    pages = {
        "static_floor": lambda k, n: ("GET", "/static/mutasi.css", None, None),
        "dashboard": lambda k, n: ("GET", "/", None, None),
        "unit": lambda k, n: ("GET", f"/unit/{units[(k * 7 + n) % len(units)]}", None, None),
        "employee": lambda k, n: ("GET", f"/pegawai/{nips[(k * 11 + n) % len(nips)]}", None, None),
        "audit": lambda k, n: ("GET", "/audit/", None, None),
        "search": lambda k, n: ("GET", f"/pegawai/?q={names[(k + n) % len(names)].lower()}", None, htmx),
    }
    results = {"login_ms": {"p50": round(statistics.median(logins), 1), "max": round(max(logins), 1)}}
    for name, spec in pages.items():
        results[name] = hammer(readers, seconds, spec)
    deciders = [Client(port) for _ in range(clients_count)]
    for c in deciders:
        c.log_in("walikota")
    queue, lock = list(data["waiting"]), threading.Lock()

    def decision(k, n):
        with lock:
            if not queue:
                return None
            proposal = queue.pop()
        return ("POST", f"/persetujuan/{proposal}/langkah",
                {"action": "approve", "reason": "", "csrf_token": deciders[k].token}, None)
    results["decision_post"] = hammer(deciders, seconds, decision)
    return results


def configuration(backup: Path, data: dict, args, name: str, database_url: str | None, workers: int) -> dict:
    folder = backup.parent / name
    env = {**os.environ, "MUTASI_DATA_DIR": str(folder)}
    env.pop("MUTASI_DATABASE_URL", None)
    schema = None
    if database_url:
        import psycopg
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        env["MUTASI_DATABASE_URL"] = f"{database_url}?schema={schema}"
    try:
        mutasi(env, "restore", str(backup))
        server = Server(env, workers)
        try:
            return {"database": "postgresql" if database_url else "sqlite", "workers": workers,
                    **measure(server.port, data, args.clients, args.seconds)}
        finally:
            server.stop()
    finally:
        if schema:
            import psycopg
            with psycopg.connect(database_url, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def reached(run: dict) -> dict:
    reads = max(run[page]["p95_ms"] for page in READS)
    decision = run["decision_post"].get("p95_ms")
    return {"reads_p95_ms": reads, "reads_target_met": reads <= TARGETS_MS["read_p95"],
            "decision_p95_ms": decision,
            "decision_target_met": decision is not None and decision <= TARGETS_MS["decision_p95"],
            "login_ms": run["login_ms"]["p50"], "login_target_met": run["login_ms"]["p50"] <= TARGETS_MS["login"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per page (the issue: 30)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--scale", type=int, default=1, choices=(1, 10))
    parser.add_argument("--postgres", default=os.environ.get("MUTASI_BENCH_POSTGRES",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--only", choices=("sqlite", "postgres"), default=None)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.clients <= 64:
        parser.error("--seconds 1–120 and --clients 1–64")
    with tempfile.TemporaryDirectory(prefix="mutasi-bench-") as folder:
        started = time.perf_counter()
        backup, data = prepare(Path(folder), args.scale)
        setup_s = round(time.perf_counter() - started, 1)
        plan = [("sqlite_1_process", None, 1), ("postgres_1_worker", args.postgres, 1),
                ("postgres_4_workers", args.postgres, 4)]
        runs = {name: configuration(backup, data, args, name, url, workers) for name, url, workers in plan
                if args.only is None or args.only == ("postgres" if url else "sqlite")}
    print(json.dumps({"benchmark": "web", "cores": os.cpu_count(), "scale": args.scale, "clients": args.clients,
                      "seconds_per_page": args.seconds, "setup_s": setup_s,
                      "decisions_available": len(data["waiting"]), "targets_ms": TARGETS_MS,
                      "reached": {name: reached(run) for name, run in runs.items()}, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()

"""Several processes on one PostgreSQL database, as `mutasi serve` runs them: login throttling counted
across processes, one projection runner per installation (gunicorn with --workers 2), and a user's
own write seen by the next request whichever worker serves it."""
from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT, mutasi
from e2e.conftest import free_port
from tests.conftest import drop_schema, postgres_reason, postgres_storage
from tests.test_projection_faults import env_for

pytestmark = pytest.mark.postgres
PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def pg_env(tmp_path):
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    storage, schema = postgres_storage(tmp_path)
    env = env_for(storage)
    env["MUTASI_SECURITY_SETTINGS"] = json.dumps({"login_backoff_seconds": 3600})  # no race with the clock
    mutasi("users", "add", "perencana", "--role", "perencana", env=env, stdin=f"{PASSWORD}\n")
    yield env, storage
    drop_schema(schema)


class Server:
    def __init__(self, env: dict, *args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-m", "webapp.cli", "serve", "--port", str(self.port), *args],
                                        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/siap", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start: {self.process.stderr.read()}")

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return err


class Browser:
    """One browser: its own cookies, the CSRF token of the last form it read."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def post(self, path: str, form_page: str, data: dict) -> int:
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.get(form_page)).group(1)
        return self.send(path, {**data, "csrf_token": token})

    def send(self, path: str, data: dict) -> int:
        request = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode())
        try:
            return self.opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code


def test_thirty_simultaneous_wrong_passwords_on_two_processes_get_five_checks(pg_env):
    env, _ = pg_env
    servers = [Server(env), Server(env)]
    try:
        browsers = [Browser(servers[n % 2].url) for n in range(30)]
        tokens = [re.search(r'name="csrf_token" value="([^"]+)"', b.get("/masuk")).group(1) for b in browsers]
        start, statuses = threading.Barrier(30), []

        def guess(n):
            start.wait()
            statuses.append(browsers[n].send("/masuk", {"username": "perencana", "password": f"tebakan-{n}",
                                                        "csrf_token": tokens[n]}))
        threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [401] * 5 + [429] * 25  # 401: the password was checked
        owner = Browser(servers[1].url)
        assert owner.post("/masuk", "/masuk", {"username": "perencana", "password": PASSWORD}) == 429
    finally:
        for server in servers:
            server.stop()


def test_gunicorn_workers_share_one_projection_runner_and_a_user_sees_their_own_write(pg_env):
    env, storage = pg_env
    server = Server(env, "--workers", "2", "--threads", "4")
    try:
        import psycopg

        from events.readside.runner_lock import RunnerLock
        key = RunnerLock(storage.read_database()).key  # a bigint lock shows as its two 32-bit halves
        with psycopg.connect(storage.database_url.split("?")[0]) as conn:
            holders = conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                   "AND classid::text::bigint = %s AND objid::text::bigint = %s",
                                   ((key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF)).fetchone()[0]
        assert holders == 1
        user = Browser(server.url)
        assert user.post("/masuk", "/masuk", {"username": "perencana", "password": PASSWORD}) == 200
        for year in (2031, 2032, 2033, 2034):  # each read may land on the other worker
            assert user.post("/penilaian/", "/penilaian/", {"name": f"SKP {year}", "year": str(year),
                                                             "starts": f"{year}-01-01", "ends": f"{year}-12-31"}) == 200
            assert f"SKP {year}" in user.get("/penilaian/")
        assert json.loads(urllib.request.urlopen(f"{server.url}/siap").read())["lag"] == 0
    finally:
        server.stop()

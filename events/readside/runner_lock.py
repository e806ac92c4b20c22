"""Which process runs the projection.

SQLite: every process may (the pull projection takes the write lock up front, so each event is
applied exactly once whoever catches up). PostgreSQL: exactly one process per installation, the one
holding a session-level advisory lock on its own connection. It LISTENs on the event store's
channel (eventsourcing NOTIFYs it with every insert), so it projects a write as soon as it is stored.
The other processes only read: a request that must see its user's own write waits for the views to
reach it. When the runner's process ends, its connection and lock go with it, and the next process
that tries (each follower tries every second) takes over.
"""
from __future__ import annotations

import hashlib
import logging
import select
import threading

import peewee as pw

log = logging.getLogger(__name__)
CHANNEL = "mutasi_events"  # eventsourcing's channel: the events table of the application "Mutasi"


class RunnerLock:
    def __init__(self, database: pw.Database):
        self.database = database
        self.shared = isinstance(database, pw.SqliteDatabase)  # SQLite: every process may run it
        self.conn = None
        self.held = self.shared
        self.guard = threading.Lock()
        where = f"{database.database}:{database.connect_params.get('options', '')}"  # the schema too
        self.key = int.from_bytes(hashlib.blake2b(f"mutasi-views:{where}".encode(), digest_size=8).digest(),
                                  "big", signed=True)

    def try_acquire(self) -> bool:
        """True when this process runs the projection (now or from now on)."""
        if self.held:
            return True
        with self.guard:
            if self.held:
                return True
            try:
                if self.conn is None:
                    self.conn = self.database._connect()
                    self.conn.autocommit = True
                with self.conn.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", (self.key,))
                    self.held = bool(cursor.fetchone()[0])
                    if self.held:
                        cursor.execute(f"LISTEN {CHANNEL}")
            except Exception:  # noqa: BLE001 - the database is away: not the runner for now
                log.exception("Kunci proyeksi tidak dapat diminta; dicoba lagi nanti.")
                self.forget()
        return self.held

    def wait_for_events(self, timeout: float, stop: threading.Event) -> None:
        """The runner: until a new event is stored (NOTIFY), `timeout` passes or `stop` is set."""
        if self.shared or self.conn is None:
            stop.wait(timeout)
            return
        try:
            if not self.conn.notifies:
                select.select([self.conn], [], [], timeout)
            self.conn.poll()
            self.conn.notifies.clear()
        except Exception:  # noqa: BLE001 - connection lost: the lock is lost with it
            log.exception("Koneksi kunci proyeksi terputus; kunci dilepas.")
            self.forget()

    def forget(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.conn, self.held = None, self.shared

    def release(self) -> None:
        with self.guard:
            self.forget()

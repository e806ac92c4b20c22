"""Composition of the event store, the read-model database and the projection.

The System owns the projection; nothing else drives it:
- a write of this process is projected before the write returns (`Mutasi.store` → `project_up_to`);
- a request after one's own write, served by another worker, waits for that write (`wait_for`);
- writes of other processes (the CLI, another worker) reach the views through a follower thread
  (`start_following`); they may lag a little.
On PostgreSQL exactly one process per installation projects (`RunnerLock`, an advisory lock): the
others only read, and a request that must see its user's own write waits for the runner, which is
woken by the event store's NOTIFY. On SQLite every process may project, exactly once each event.
Plain reads never take the projection lock or a write transaction.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from datetime import date

from domain.checkpoint import CheckpointSettings
from domain.committee import CommitteeSettings
from domain.decree_settings import DecreeSettings
from domain.rules import DomainError
from events.usecases import accounts, findings, ledger

from events.readside import blobs, faults, installation, projections, throttle
from events.readside.as_of import AsOfViews
from events.readside.as_of_snapshots import SnapshotSettings
from events.app import Mutasi
from events.files.checkpoint_key import CheckpointSigner
from events.files.signing import DecreeSigner
from events.readside.readmodels import db
from events.readside.runner_lock import RunnerLock
from events.store import Storage

log = logging.getLogger(__name__)
OWN_WRITE_SECONDS = 5.0  # how long a write waits for the views before answering anyway
RUNNER_POLL_SECONDS = 0.02  # a process that does not run the projection checks the views this often


class System:
    """One per process: the Application (event store) plus the read models it feeds."""

    def __init__(self, storage: Storage | None = None, own_write_timeout: float = OWN_WRITE_SECONDS,
                 decree_settings: DecreeSettings | None = None,
                 committee_settings: CommitteeSettings | None = None):
        self.storage = storage or Storage.from_environment()
        self.own_write_timeout = own_write_timeout
        self.app = Mutasi(env=self.storage.event_store_env())
        self.app.on_saved = self.project_up_to
        self.known_position = 0  # a lower bound of the views' position (other processes also project)
        self._writes = threading.local()  # the position of the last write of each thread
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None
        self.app.decree_signer = DecreeSigner.at(*self.storage.decree_key_files())  # created at set-up
        self.app.checkpoint_signer = CheckpointSigner.at(self.storage.checkpoint_key_file())
        self.checkpoint_settings = CheckpointSettings.from_json(os.environ.get("MUTASI_CHECKPOINT_SETTINGS"))
        self.app.decree_settings = decree_settings or DecreeSettings.from_json(
            os.environ.get("MUTASI_DECREE_SETTINGS"))
        self.app.committee_settings = committee_settings or CommitteeSettings.from_json(
            os.environ.get("MUTASI_COMMITTEE_SETTINGS"))
        db.initialize(self.storage.read_database())
        self.as_of = AsOfViews(self.app, self.storage.data_dir / "per-tanggal",  # the city per tanggal
                               settings=SnapshotSettings.from_environment())
        self.runner = RunnerLock(db.obj)
        db.connect(reuse_if_open=True)
        projections.create_tables()
        accounts.create_tables()
        blobs.create_tables()
        throttle.create_tables()
        installation.create_tables()
        db.close()

    @classmethod
    def open(cls, storage: Storage | None = None) -> "System":
        """A System whose views include every event stored so far (the CLI's and the server's start)."""
        system = cls(storage)
        db.connect(reuse_if_open=True)
        if system.runner.try_acquire():
            system.catch_up()
        else:  # another process runs the projection: wait a little for it to be current
            system.wait_for(system.event_count(), OWN_WRITE_SECONDS)
        return system

    # --- bringing the views up to date -----------------------------------------------------------
    def catch_up(self, progress=None, lock_timeout: float = -1) -> int:
        """Project every event not yet in the views (cheap, lock-free when there is none); nothing
        when another process runs the projection."""
        if not self.runner.try_acquire():
            self.known_position = max(self.known_position, projections.views_position())
            return 0
        applied = projections.catch_up(self.app, progress, lock_timeout)
        self.known_position = max(self.known_position, projections.views_position())
        return applied

    def project_up_to(self, position: int) -> None:
        """After a write of this process: the views include it before the request answers. When
        another catch-up holds the lock for too long, answers anyway: the next request waits."""
        self._writes.last = max(getattr(self._writes, "last", None) or 0, position)
        try:
            self.wait_for(position, self.own_write_timeout)
        except projections.INFRASTRUCTURE_ERRORS:  # the write is stored: say so, the next request waits
            log.exception("Tampilan baca belum memuat kejadian #%s; permintaan berikut menunggunya.", position)

    def wait_for(self, position: int, timeout: float) -> bool:
        """Brings the views up to `position` (a write this user made, maybe on another worker),
        waiting at most `timeout` seconds for another catch-up. True when the views include it."""
        deadline = time.monotonic() + timeout
        while not self.views_include(position):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if self.runner.try_acquire():
                self.catch_up(lock_timeout=remaining)
            else:
                time.sleep(min(remaining, RUNNER_POLL_SECONDS))  # the runner projects it
            if not self.views_include(position) and self.known_position >= self.event_count():
                return True  # beyond the log (a session older than this database): nothing to wait for
        return True

    def views_include(self, position: int) -> bool:
        if self.known_position < position:
            self.known_position = max(self.known_position, projections.views_position())
        return self.known_position >= position

    def take_last_write(self) -> int | None:
        """The position of this thread's last write since the previous call (a server thread
        serves many requests, so each request takes it and so forgets the one before)."""
        position, self._writes.last = getattr(self._writes, "last", None), None
        return position

    # --- the follower: writes of other processes ----------------------------------------------------
    def start_following(self, interval: float = 1.0) -> None:
        """Every `interval` seconds, a background thread projects what other processes wrote."""
        if self._follower is None:
            self._follower = threading.Thread(target=self._follow, args=(interval,), daemon=True,
                                              name="mutasi-views-follower")
            self._follower.start()

    def _follow(self, interval: float) -> None:
        """The runner projects whenever the log grows (woken at once on PostgreSQL, every `interval`
        on SQLite); the other processes try every `interval` to become the runner."""
        while not self._stop.is_set():
            try:
                if self.runner.try_acquire():
                    db.connect(reuse_if_open=True)
                    self.catch_up()
                    findings.scan(self.app, date.today())  # the findings register follows the log
                    ledger.checkpoint_if_due(self.app, self.checkpoint_settings)  # every N events or H hours
                    if not self.as_of.build_snapshots(limit=1):  # one per round, then the log again
                        self.runner.wait_for_events(interval, self._stop)
                else:
                    self._stop.wait(interval)
            except Exception:  # noqa: BLE001 - the database may be away for a while; try again later
                log.exception("Tampilan baca belum dapat diperbarui; dicoba lagi.")
                if not db.is_closed():
                    db.close()
                self._stop.wait(interval)
        if not db.is_closed():
            db.close()

    # --- what the views hold ------------------------------------------------------------------------
    def event_count(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def views_position(self) -> int:
        return projections.views_position()

    def faults(self) -> list[dict]:
        """Events the projection could not apply (open first), each with position, type and error."""
        return faults.list_faults()

    def status(self) -> dict:
        return {"position": projections.views_position(), "head": self.event_count(), "faults": self.faults()}

    def rebuild_views(self, progress=None) -> int:
        """Drop every view (faults included) and replay the whole log; returns the events read."""
        if not self.runner.try_acquire():
            raise DomainError("Proses lain (mis. mutasi serve) sedang menjalankan proyeksi; hentikan dulu "
                              "lalu bangun ulang tampilan baca.")
        count = projections.rebuild(self.app, progress)
        self.known_position = projections.views_position()
        return count

    def close(self) -> None:
        self._stop.set()
        if self._follower is not None:
            self._follower.join(timeout=10)
        self.runner.release()
        if not db.is_closed():
            db.close()
        self.app.close()

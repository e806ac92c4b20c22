"""The city "per tanggal": the views as they were after the last event *recorded* before the end of
a day (WIB), rebuilt by replaying the log up to that position into a database of their own with the
same projection (`projections.apply_until`), so a historical page is exactly what a store cut at
that position and rebuilt would show.

Recorded time (when an event was written to the log) decides which events are in; the pages then
show the effective dates (TMT, periods) as those events recorded them. Replays are SQLite files in
the data folder (`per-tanggal/views-<position>-<digest>.sqlite3`, the `KEEP` used last), opened once
per process (the `OPEN` most recent); a new replay starts from a copy of the nearest earlier replay
or snapshot, so a second view of a date costs a file open and a later date only the events in
between. Snapshots (`snapshot-<position>-<digest>.sqlite3`, `as_of_snapshots`) are the same replays
made ahead at regular positions of the log, in the background, so no first view replays more than
the spacing of the snapshots.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import peewee as pw

from domain import limits
from domain.rules import DomainError
from events.readside import projections
from events.readside.as_of_snapshots import SnapshotSettings
from events.readside.audit import AuditRow
from events.readside.readmodels import db

WIB = ZoneInfo("Asia/Jakarta")
KEEP = 6  # replay files kept in the data folder
OPEN = 4  # replays kept open in a process
FILE = re.compile(r"^(views|snapshot)-(\d+)-([0-9a-f]{16})\.sqlite3$")


def today_wib() -> date:
    return datetime.now(WIB).date()


def clean_day(value, label: str = "Per tanggal") -> date:
    """A date of the form TTTT-BB-HH, not after today (WIB)."""
    day = limits.day(value, label)
    if day > today_wib():
        raise DomainError(f"{label} {day.isoformat()} belum terjadi; pilih hari ini atau sebelumnya.")
    return day


def day_end_utc(day: date) -> datetime:
    """The end of `day` in WIB, as the naive UTC the audit rows keep."""
    end = datetime.combine(day + timedelta(days=1), time(), WIB)
    return end.astimezone(timezone.utc).replace(tzinfo=None)


def position_at(day: date) -> int:
    """The position of the last event recorded before the end of `day` (WIB); 0 before the first.
    Read from the installation's current views (their audit trail has every event's time)."""
    last = (AuditRow.select(AuditRow.position).where(AuditRow.occurred_at < day_end_utc(day))
            .order_by(AuditRow.occurred_at.desc(), AuditRow.position.desc()).limit(1).scalar())  # by its index
    return last or 0


def recorded_time(position: int) -> datetime | None:
    """When the event at `position` was recorded (aware, UTC)."""
    row = AuditRow.select(AuditRow.occurred_at).where(AuditRow.position == position).first()
    return row.occurred_at.replace(tzinfo=timezone.utc) if row else None


@dataclass(frozen=True)
class AsOf:
    """The views of one day: `reading()` points every read model of this thread at them."""
    day: date
    position: int  # events included: 1 … position
    recorded: datetime | None  # when the last of them was recorded (UTC)
    database: pw.Database

    def reading(self):
        return db.reading(self.database)

    @property
    def recorded_wib(self) -> datetime | None:
        return self.recorded.astimezone(WIB) if self.recorded else None


class AsOfViews:
    """Replays of the log per position, kept as files and opened once per process."""

    def __init__(self, app, folder: Path, keep: int = KEEP, open_at_once: int = OPEN,
                 settings: SnapshotSettings | None = None):
        self.app, self.folder, self.keep, self.open_at_once = app, Path(folder), keep, open_at_once
        self.settings = settings or SnapshotSettings()
        self._open: OrderedDict[int, pw.SqliteDatabase] = OrderedDict()
        self._lock = threading.Lock()  # one replay at a time in a process
        self.replayed = 0  # events replayed by this process (a cached view replays none)
        self._made: list[int] = []  # the snapshots found all made when last looked

    def at(self, day: date) -> AsOf:
        """The views after the last event recorded before the end of `day` (WIB)."""
        position = position_at(day)
        return AsOf(day, position, recorded_time(position), self.database(position))

    def reading_before(self, position: int):
        """Every read model of this thread reads the views just before the event at `position`
        (what someone taking that step saw)."""
        return db.reading(self.database(position - 1))

    def database(self, position: int) -> pw.SqliteDatabase:
        with self._lock:
            if position in self._open:
                if os.path.exists(self._open[position].database):  # not removed meanwhile
                    self._open.move_to_end(position)
                    return self._open[position]
                self._open.pop(position).close()
            path = self.folder / f"views-{position}-{self.mark(position)}.sqlite3"
            snapshot = path.with_name("snapshot" + path.name.removeprefix("views"))
            if snapshot.exists():  # made ahead: nothing to replay
                path = snapshot
            else:
                try:
                    os.utime(path)  # most recently used: pruned last
                except FileNotFoundError:
                    self._replay(position, path)
            database = pw.SqliteDatabase(str(path), pragmas={"query_only": 1, "cache_size": -65536})
            self._open[position] = database
            while len(self._open) > self.open_at_once:
                self._open.popitem(last=False)[1].close()
            return database

    def close(self) -> None:
        """Closes the replays this process has open (the next view of a day opens its file again)."""
        with self._lock:
            while self._open:
                self._open.popitem()[1].close()

    def mark(self, position: int) -> str:
        """Names the log a replay was made from: a digest of its event at `position`, so a replay of
        another log (a database emptied and loaded again) is never taken for this one's."""
        if position == 0:
            return "0" * 16
        found = self.app.recorder.select_notifications(position, 1, stop=position)
        if not found:
            raise DomainError(f"Kejadian #{position} tidak ada di log.")
        event = found[0]
        digest = hashlib.sha256(event.originator_id.bytes + str(event.originator_version).encode()
                                + event.topic.encode() + bytes(event.state))
        return digest.hexdigest()[:16]

    def cached(self, kinds: tuple[str, ...] = ("views", "snapshot")) -> dict[int, Path]:
        """The replays (and snapshots) of this log in the folder, by position (those of another log
        are removed)."""
        if not self.folder.exists():
            return {}
        found, head = {}, self.app.recorder.max_notification_id() or 0
        for path in self.folder.iterdir():
            if (m := FILE.match(path.name)) is None:
                continue
            position = int(m.group(2))
            if position <= head and m.group(3) == self.mark(position):
                if m.group(1) in kinds:
                    found[position] = path
            else:
                path.unlink(missing_ok=True)
        return dict(sorted(found.items()))

    def snapshots(self) -> dict[int, Path]:
        return self.cached(("snapshot",))

    def build_snapshots(self, limit: int | None = None) -> int:
        """Makes the snapshots the settings call for that are missing, oldest first (each from a
        copy of the one before), at most `limit` of them; removes those the spacing no longer
        keeps. One process at a time (a lock file); returns how many were made."""
        wanted = self.settings.positions(self.app.recorder.max_notification_id() or 0)
        if wanted == self._made or not (wanted or self.folder.exists()):
            return 0  # all made when last looked (no scan of the folder each round), or none due
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock_file = os.open(self.folder / ".snapshots.lock", os.O_CREAT | os.O_WRONLY, 0o600)
        with os.fdopen(lock_file, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return 0  # another process or thread is making them
            present = self.snapshots()
            for position in set(present) - set(wanted):
                present[position].unlink(missing_ok=True)
            due = [p for p in wanted if p not in present]
            for position in due[:limit]:
                self._replay(position, self.folder / f"snapshot-{position}-{self.mark(position)}.sqlite3")
            if len(due[:limit]) == len(due):
                self._made = wanted
            return len(due[:limit])

    def _replay(self, position: int, path: Path) -> None:
        """Replays events up to `position` into a new file (from a copy of the nearest earlier
        replay when there is one), then puts it in place in one rename."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        cached = self.cached()
        earlier = [p for p in cached if p < position]
        temporary = self.folder / f".views-{position}.{os.getpid()}.{threading.get_ident()}.tmp"
        temporary.unlink(missing_ok=True)
        os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY, 0o600))
        if earlier:
            shutil.copyfile(cached[earlier[-1]], temporary)
        database = pw.SqliteDatabase(str(temporary), pragmas={
            "journal_mode": "off", "synchronous": "off", "foreign_keys": 0, "cache_size": -131072,
            "temp_store": "memory"})
        try:
            with db.reading(database):
                database.connect()
                if not earlier:  # load first, index once (as a rebuild does)
                    for model in projections.REBUILT_TABLES:
                        model._schema.create_table(safe=True)
                start = projections.views_position()
                if position > start:
                    projections.apply_until(self.app, position, None)
                    self.replayed += position - start
                if not earlier:
                    for model in projections.REBUILT_TABLES:
                        model._schema.create_indexes(safe=True)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            database.close()
        os.replace(temporary, path)
        self._prune(path)

    def _prune(self, kept: Path) -> None:
        """Removes the replays used least recently beyond `keep` (opening one touches it)."""
        files = sorted(self.cached(("views",)).values(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[self.keep:]:
            if old != kept:
                old.unlink(missing_ok=True)

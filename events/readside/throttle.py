"""Counters shared by every worker: login throttling and per-client rate limits, in the database.

Each decision reads and updates its counters in one transaction that locks them (SQLite takes the
write lock up front, PostgreSQL locks the rows in key order), so N workers and M threads count
together: 30 simultaneous attempts on one account get exactly as many checks as the rules allow.
Not a projection: rebuilding the views keeps the counters; they are forgotten when they go quiet.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import peewee as pw

from events.readside.readmodels import Base, db

KEY_CHARS = 200
QUIET_SECONDS = 86_400  # counters untouched for a day are deleted when a new key appears


class ThrottleRow(Base):
    key = pw.CharField(primary_key=True, max_length=KEY_CHARS)
    count = pw.IntegerField(default=0)  # failures (login) or hits in the window (rate limit)
    last_at = pw.DoubleField(default=0.0, index=True)  # epoch seconds: last failure / window start
    blocked_until = pw.DoubleField(default=0.0)


def create_tables() -> None:
    db.create_tables([ThrottleRow], safe=True)


@dataclass(frozen=True)
class Rule:
    """One counter of an attempt: after `free` failures, waits double from `base` up to `cap`."""
    key: str
    free: int
    base: float
    cap: float
    forget_after: float

    def wait_after(self, failures: int) -> float:
        return 0.0 if failures < self.free else min(self.cap, self.base * 2 ** min(failures - self.free, 30))


def locked():
    if isinstance(db.obj, pw.SqliteDatabase):
        return db.atomic(lock_type="IMMEDIATE")
    return db.atomic()


def rows_for_update(keys: list[str], now: float) -> dict[str, ThrottleRow]:
    """The counters of `keys`, created when missing, locked until the transaction ends."""
    keys = sorted({key[:KEY_CHARS] for key in keys})
    created = ThrottleRow.insert_many([{"key": k, "last_at": now} for k in keys]).on_conflict_ignore().execute()
    query = ThrottleRow.select().where(ThrottleRow.key.in_(keys)).order_by(ThrottleRow.key)
    if not isinstance(db.obj, pw.SqliteDatabase):
        query = query.for_update()
    if created:
        ThrottleRow.delete().where((ThrottleRow.last_at < now - QUIET_SECONDS)
                                   & (ThrottleRow.blocked_until < now)).execute()
    return {row.key: row for row in query}


def save(row: ThrottleRow) -> None:
    (ThrottleRow.update(count=row.count, last_at=row.last_at, blocked_until=row.blocked_until)
     .where(ThrottleRow.key == row.key).execute())


def attempt(rules: list[Rule], now: float | None = None) -> float | None:
    """Counts one attempt as a failure on every rule's key, before the password is checked.
    None when the attempt may be checked now; else the seconds to wait (and nothing is counted)."""
    with locked():
        now = time.time() if now is None else now  # read under the lock: the attempts' clocks are in order
        rows = rows_for_update([rule.key for rule in rules], now)
        wait = max(rows[rule.key[:KEY_CHARS]].blocked_until - now for rule in rules)
        if wait > 0:
            return wait
        for rule in rules:
            row = rows[rule.key[:KEY_CHARS]]
            failures = 1 if row.last_at < now - rule.forget_after else row.count + 1
            backoff = rule.wait_after(failures)  # a free attempt blocks nobody, not even for a moment
            row.count, row.last_at, row.blocked_until = failures, now, (now + backoff if backoff > 0 else 0.0)
            save(row)
    return None


def forgive(cleared: list[str], counted_once: list[str]) -> None:
    """After a success: the `cleared` keys start afresh, the `counted_once` keys take back the one
    failure this attempt counted (a shared office address is not slowed by its own logins)."""
    with locked():
        ThrottleRow.delete().where(ThrottleRow.key.in_([k[:KEY_CHARS] for k in cleared])).execute()
        for key in counted_once:
            (ThrottleRow.update(count=ThrottleRow.count - 1)
             .where((ThrottleRow.key == key[:KEY_CHARS]) & (ThrottleRow.count > 0)).execute())


def hit(key: str, limit: int, window: float, now: float | None = None) -> float | None:
    """A fixed-window rate limit: None when this hit is within `limit` per `window` seconds (and
    counts it), else the seconds until the window ends."""
    with locked():
        now = time.time() if now is None else now
        row = rows_for_update([key], now)[key[:KEY_CHARS]]
        if row.last_at <= now - window:
            row.count, row.last_at = 0, now
        if row.count >= limit:
            return row.last_at + window - now
        row.count += 1
        save(row)
    return None


def clear() -> None:
    """Forget every counter (tests, and an administrator after an incident)."""
    ThrottleRow.delete().execute()

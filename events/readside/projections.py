"""Projections: read the event log after the stored position, update the read models, and store
the new position in the same transaction (exactly-once; rebuildable by dropping and replaying).

A pull projection works on SQLite and PostgreSQL alike. Rows touched by a batch are kept in memory
and written with a few bulk statements (`bulk`), which is what makes a full rebuild fast.

An event that cannot be projected does not stop the read side: a failing batch is bisected in
savepoints until the event is isolated, which is parked as a fault (`faults`), and the runner goes
on with the next events. Errors of the database itself (connection lost, lock timeout) are not an
event's fault: they propagate, and the next catch-up retries.
"""
from __future__ import annotations

import gc
import hashlib
import json
import threading
from typing import Callable

import peewee as pw

from events.readside import faults
from events.readside.audit import AuditRow, audit_row, insert_audit
from events.readside.bulk import chunks, insert_rows, upsert_rows
from events.readside.committee_rows import COMMITTEE_TABLES
from events.readside.findings import FINDING_TABLES
from events.readside.handlers import HANDLERS
from events.readside.ledger import LEDGER_TABLES
from events.readside.stakeholder_rows import STAKEHOLDER_TABLES
from events.readside.readmodels import (VIEW_TABLES, AppraisalRow, EmployeeRow, PeriodRow, PlanRow, PositionRow,
                                        ProposalRow, TalentRow, TimelineRow, Tracking, UnitRow, db)

NAME = "views"
BATCH = 50000  # events per transaction: fewer, larger write-backs during a rebuild
_lock = threading.Lock()
PROJECTION_TABLES = (*VIEW_TABLES, *STAKEHOLDER_TABLES, *COMMITTEE_TABLES, *FINDING_TABLES,
                     *LEDGER_TABLES, AuditRow)  # the rows the checksum covers
REBUILT_TABLES = (*PROJECTION_TABLES, faults.ProjectionFaultRow)  # every table a rebuild recreates
INFRASTRUCTURE_ERRORS = (pw.OperationalError, pw.InterfaceError)  # the database's fault, not the event's


class Session:
    """The rows one catch-up touches, cached in memory and written back batch by batch."""

    def __init__(self):
        self.units = {r["id"]: r for r in UnitRow.select().dicts()}
        self.positions = {r["id"]: r for r in PositionRow.select().dicts()}
        self.periods = {r["id"]: r for r in PeriodRow.select().dicts()}
        self.employees: dict = {}
        self.proposals: dict = {}
        self.position = 0  # the notification being applied
        self.caches = {UnitRow: self.units, PositionRow: self.positions, PeriodRow: self.periods,
                       EmployeeRow: self.employees, ProposalRow: self.proposals}
        self.dirty: dict = {model: set() for model in self.caches}
        self.timeline: list[dict] = []
        self.audit: list[dict] = []
        self.upserts: dict = {AppraisalRow: {}, TalentRow: {}, PlanRow: {}}
        self.open_faults = faults.open_aggregates()  # aggregates a clean event of theirs resolves
        self.corrections: dict = {}  # aggregate id -> position of its event that projected

    def prefetch(self, model, ids) -> None:
        cache = self.caches[model]
        missing = [i for i in set(ids) if i not in cache]
        for chunk in chunks(missing, 500):
            for row in model.select().where(model.id.in_(chunk)).dicts():
                cache[row["id"]] = row

    def touch(self, model, row: dict) -> dict:
        self.caches[model][row["id"]] = row
        self.dirty[model].add(row["id"])
        return row

    def upsert(self, model, key, row: dict) -> None:
        self.upserts[model][key] = row

    def flush(self) -> None:
        for model, ids in self.dirty.items():
            upsert_rows(model, [self.caches[model][i] for i in ids])
            ids.clear()
        for model, rows in self.upserts.items():
            upsert_rows(model, list(rows.values()))
            rows.clear()
        insert_rows(TimelineRow, self.timeline)
        self.timeline.clear()
        insert_audit(self.audit)
        self.audit.clear()
        faults.resolve(self.corrections)
        self.open_faults.difference_update(self.corrections)
        self.corrections.clear()


# --- running the projection -------------------------------------------------------------------
def create_tables() -> None:
    db.create_tables(REBUILT_TABLES, safe=True)


def views_position() -> int:
    """How far the views have read the log, read without a lock or a transaction (cheap)."""
    row = Tracking.select(Tracking.position).where(Tracking.name == NAME).first()
    return row.position if row else 0


def tracked_position() -> int:
    """The same, inside the catch-up's transaction: PostgreSQL locks the row against other workers."""
    query = Tracking.select(Tracking.position).where(Tracking.name == NAME)
    if not isinstance(db.obj, pw.SqliteDatabase):
        query = query.for_update()
    row = query.first()
    return row.position if row else 0


def transaction():
    """SQLite: take the write lock up front so two catch-ups never read the same start."""
    if isinstance(db.obj, pw.SqliteDatabase):
        return db.atomic(lock_type="IMMEDIATE")
    return db.atomic()


def catch_up(app, progress: Callable[[int, int], None] | None = None, lock_timeout: float = -1) -> int:
    """Apply every event after the stored position. Returns how many events were read (parked
    ones included). Nothing new: no lock and no write transaction. With a lock_timeout (seconds),
    gives up and returns 0 when another thread of this process is catching up for longer."""
    last = app.recorder.max_notification_id() or 0
    if views_position() >= last or not _lock.acquire(timeout=lock_timeout):
        return 0
    try:
        return apply_until(app, last, progress)
    finally:
        _lock.release()


def apply_until(app, last: int, progress) -> int:
    applied, session = 0, None
    while True:
        with transaction():
            start = tracked_position()
            notifications = app.recorder.select_notifications(start + 1, BATCH, stop=last) if start < last else []
            if not notifications:
                return applied
            session = apply_parking_faults(app, notifications, session or Session())
            Tracking.insert(name=NAME, position=notifications[-1].id).on_conflict(
                conflict_target=[Tracking.name], preserve=[Tracking.position]).execute()
        applied += len(notifications)
        if progress:
            progress(notifications[-1].id, last)
        if notifications[-1].id >= last:
            return applied


def apply_parking_faults(app, notifications, session: Session) -> Session:
    """Applies the batch in a savepoint; when it fails, bisects it in fresh savepoints until the
    event that fails is isolated and parked. The normal path is one savepoint per batch. Returns
    the session to go on with (a fresh one after a failure: the failed one holds undone rows)."""
    try:
        with db.atomic():
            apply_batch(app, notifications, session)
        return session
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception as error:  # noqa: BLE001 - any failure of a handler or of its rows parks the event
        if len(notifications) == 1:
            park(app, notifications[0], error)
            return Session()
    half = len(notifications) // 2
    session = apply_parking_faults(app, notifications[:half], Session())
    return apply_parking_faults(app, notifications[half:], session)


def park(app, notification, error: Exception) -> None:
    """Records the fault, and the event's audit row when that much can be written (so that the
    inspector's trail stays complete)."""
    try:
        with db.atomic():
            insert_audit([audit_row(app.mapper.to_domain_event(notification), notification.id, Session())])
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception:  # noqa: BLE001 - the fault below says what went wrong
        pass
    faults.record(notification, error)


def apply_batch(app, notifications, session: Session) -> None:
    """Applies a batch with the garbage collector paused: the batch's rows all stay alive until
    they are written, and re-walking them is wasted work (measured: ~15% of a rebuild)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        apply_events(app, notifications, session)
    finally:
        if collecting:
            gc.enable()


def apply_events(app, notifications, session: Session) -> None:
    for model, topic in ((EmployeeRow, "domain.employee:"), (ProposalRow, "domain.proposal:")):
        session.prefetch(model, [n.originator_id for n in notifications if n.topic.startswith(topic)])
    for notification in notifications:
        event = app.mapper.to_domain_event(notification)
        name = type(event).__qualname__
        session.audit.append(audit_row(event, notification.id, session))
        if event.originator_id in session.open_faults:
            session.corrections[event.originator_id] = notification.id
        handler = HANDLERS.get(name)
        if handler is None:
            continue
        session.position = notification.id
        handler(event, session)
    session.flush()


def rebuild(app, progress=None) -> int:
    """Drop every projection table (faults included) and replay the whole log. Secondary indexes
    are created after the replay: loading first and indexing once is much faster than keeping
    indexes up to date."""
    with _lock:
        db.drop_tables(REBUILT_TABLES, safe=True)
        for model in REBUILT_TABLES:
            model._schema.create_table(safe=True)
    count = catch_up(app, progress)
    with _lock:
        for model in REBUILT_TABLES:
            model._schema.create_indexes(safe=True)
    return count


def checksum() -> str:
    """A digest of every read-model row in a canonical order (surrogate ids left out)."""
    digest = hashlib.sha256()
    for model in PROJECTION_TABLES:
        fields = [f for f in model._meta.sorted_fields if f.name != "id" or model is not TimelineRow]
        order = [f for f in fields if f.primary_key] or fields
        if model is TimelineRow:
            order = [TimelineRow.notification_id, TimelineRow.employee_id]
        digest.update(model._meta.table_name.encode())
        for row in model.select(*fields).order_by(*order).tuples().iterator():
            digest.update(json.dumps([str(v) for v in row]).encode())
    return digest.hexdigest()

"""Projections: read the event log after the stored position, update the read models, and store
the new position in the same transaction (exactly-once; rebuildable by dropping and replaying).

A pull projection works on SQLite and PostgreSQL alike. Rows touched by a batch are kept in memory
and written with a few bulk statements, which is what makes a full rebuild fast.
"""
from __future__ import annotations

import gc
import hashlib
import json
import threading
from typing import Callable

import peewee as pw

from events.readside.audit import AuditRow, audit_row, insert_audit
from events.readside.handlers import HANDLERS
from events.readside.readmodels import VIEW_TABLES
from events.readside.stakeholder_rows import STAKEHOLDER_TABLES
from events.readside.readmodels import (AppraisalRow, EmployeeRow, PeriodRow, PlanRow, PositionRow, ProposalRow,
                               TalentRow, TimelineRow, Tracking, UnitRow, db)

NAME = "views"
BATCH = 50000  # events per transaction: fewer, larger write-backs during a rebuild
_lock = threading.Lock()
PROJECTION_TABLES = (*VIEW_TABLES, *STAKEHOLDER_TABLES, AuditRow)  # every table a rebuild replays


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


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def upsert_rows(model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO UPDATE with one prepared statement (SQLite and PostgreSQL).

    Peewee's insert_many builds SQL row by row; for a rebuild that is most of the time spent."""
    if not rows:
        return
    fields, sql = upsert_statement(model)
    execute_many(sql, fields, rows)


def insert_rows(model, rows: list[dict]) -> None:
    if rows:
        fields = [f for f in model._meta.sorted_fields if not isinstance(f, pw.AutoField)]
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        execute_many(f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES {{values}}', fields, rows)


def execute_many(sql: str, fields: list, rows: list[dict]) -> None:
    """One statement for many rows. SQLite: executemany of the prepared statement. PostgreSQL:
    psycopg2's execute_values, a multi-row VALUES per page (executemany is a round trip per row)."""
    params = parameters(fields, rows)
    if isinstance(db.obj, pw.PostgresqlDatabase):
        from psycopg2.extras import execute_values
        execute_values(db.cursor(), sql.replace("{values}", "%s"), params, page_size=1000)
    else:
        db.cursor().executemany(sql.replace("{values}", f'({", ".join([db.param] * len(fields))})'), params)


def parameters(fields: list, rows: list[dict]) -> list[tuple]:
    """Row values as the driver takes them: UUIDs as hex, everything else as it is (both drivers
    adapt dates, numbers and booleans themselves); much cheaper than peewee's db_value per cell."""
    names = [f.name for f in fields]
    uuids = {f.name for f in fields if isinstance(f, pw.UUIDField)}
    return [tuple((v.hex if v is not None and n in uuids else v) for n, v in zip(names, map(row.get, names)))
            for row in rows]


def upsert_statement(model) -> tuple[list, str]:
    key = model._meta.primary_key
    target = [model._meta.fields[n] for n in key.field_names] if isinstance(key, pw.CompositeKey) else [key]
    fields = list(model._meta.sorted_fields)
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    keys = {f.column_name for f in target}
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in (f.column_name for f in fields) if c not in keys)
    conflict = ", ".join(f'"{c}"' for c in sorted(keys))
    sql = (f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES {{values}} '
           f'ON CONFLICT ({conflict}) DO UPDATE SET {updates}')
    return fields, sql


# --- running the projection -------------------------------------------------------------------
def create_tables() -> None:
    db.create_tables(PROJECTION_TABLES, safe=True)


def tracked_position() -> int:
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


def catch_up(app, progress: Callable[[int, int], None] | None = None) -> int:
    """Apply every event after the stored position. Returns how many events were applied."""
    applied, session, last = 0, None, app.recorder.max_notification_id() or 0
    with _lock:
        while True:
            with transaction():
                start = tracked_position()
                notifications = app.recorder.select_notifications(start + 1, BATCH) if start < last else []
                if not notifications:
                    return applied
                session = session or Session()
                apply_batch(app, notifications, session)
                Tracking.insert(name=NAME, position=notifications[-1].id).on_conflict(
                    conflict_target=[Tracking.name], preserve=[Tracking.position]).execute()
            applied += len(notifications)
            if progress:
                progress(notifications[-1].id, last)


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
        handler = HANDLERS.get(name)
        if handler is None:
            continue
        session.position = notification.id
        handler(event, session)
    session.flush()


def rebuild(app, progress=None) -> int:
    """Drop every projection table and replay the whole log. Secondary indexes are created after
    the replay: loading first and indexing once is much faster than keeping indexes up to date."""
    with _lock:
        db.drop_tables(PROJECTION_TABLES, safe=True)
        for model in PROJECTION_TABLES:
            model._schema.create_table(safe=True)
    count = catch_up(app, progress)
    with _lock:
        for model in PROJECTION_TABLES:
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

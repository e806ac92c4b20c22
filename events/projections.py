"""Projections: read the event log after the stored position, update the read models, and store
the new position in the same transaction (exactly-once; rebuildable by dropping and replaying).

A pull projection works on SQLite and PostgreSQL alike. Rows touched by a batch are kept in memory
and written with a few bulk statements, which is what makes a full rebuild fast.
"""
from __future__ import annotations

import hashlib
import json
import threading
from typing import Callable

import peewee as pw

from events.readmodels import (PROJECTION_TABLES, AppraisalRow, EmployeeRow, PeriodRow,
                               PositionRow, TalentRow, TimelineRow, Tracking, UnitRow, db)
from events.timeline import timeline_row

NAME = "views"
BATCH = 10000
_lock = threading.Lock()


class Session:
    """The rows one catch-up touches, cached in memory and written back batch by batch."""

    def __init__(self):
        self.units = {r["id"]: r for r in UnitRow.select().dicts()}
        self.positions = {r["id"]: r for r in PositionRow.select().dicts()}
        self.periods = {r["id"]: r for r in PeriodRow.select().dicts()}
        self.employees: dict = {}
        self.caches = {UnitRow: self.units, PositionRow: self.positions, PeriodRow: self.periods,
                       EmployeeRow: self.employees}
        self.dirty: dict = {model: set() for model in self.caches}
        self.timeline: list[dict] = []
        self.upserts: dict = {AppraisalRow: {}, TalentRow: {}}

    def prefetch_employees(self, ids) -> None:
        missing = [i for i in set(ids) if i not in self.employees]
        for chunk in chunks(missing, 500):
            for row in EmployeeRow.select().where(EmployeeRow.id.in_(chunk)).dicts():
                self.employees[row["id"]] = row

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


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def upsert_rows(model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO UPDATE with one prepared statement (SQLite and PostgreSQL).

    Peewee's insert_many builds SQL row by row; for a rebuild that is most of the time spent."""
    if not rows:
        return
    fields, sql = upsert_statement(model)
    params = [tuple(f.db_value(row[f.name]) for f in fields) for row in rows]
    db.cursor().executemany(sql, params)


def insert_rows(model, rows: list[dict]) -> None:
    if rows:
        fields = [f for f in model._meta.sorted_fields if not isinstance(f, pw.AutoField)]
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        sql = (f'INSERT INTO "{model._meta.table_name}" ({columns}) '
               f'VALUES ({", ".join([db.param] * len(fields))})')
        db.cursor().executemany(sql, [tuple(f.db_value(r[f.name]) for f in fields) for r in rows])


def upsert_statement(model) -> tuple[list, str]:
    key = model._meta.primary_key
    target = [model._meta.fields[n] for n in key.field_names] if isinstance(key, pw.CompositeKey) else [key]
    fields = list(model._meta.sorted_fields)
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    keys = {f.column_name for f in target}
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in (f.column_name for f in fields) if c not in keys)
    conflict = ", ".join(f'"{c}"' for c in sorted(keys))
    sql = (f'INSERT INTO "{model._meta.table_name}" ({columns}) '
           f'VALUES ({", ".join([db.param] * len(fields))}) '
           f'ON CONFLICT ({conflict}) DO UPDATE SET {updates}')
    return fields, sql


# --- event handlers: each updates rows in the session ------------------------------------------
def on_unit_established(e, s: Session):
    s.touch(UnitRow, {"id": e.originator_id, "code": e.code, "name": e.name, "kind": e.kind,
                      "parent_code": e.parent_code, "service_priority": e.service_priority})


def on_position_created(e, s: Session):
    s.touch(PositionRow, {
        "id": e.originator_id, "code": e.code, "unit_id": e.unit_id, "unit_code": e.unit_code,
        "name": e.name, "jabatan_type": e.jabatan_type, "eselon": e.eselon, "level": e.level,
        "band_low": e.band_low, "band_high": e.band_high,
        "education_families": ",".join(e.education_families), "track": e.track,
        "abk_need": e.abk_need, "strategic": e.strategic, "actual": 0})


def on_need_changed(e, s: Session):
    s.touch(PositionRow, {**s.positions[e.originator_id], "abk_need": e.abk_need})


def on_period_opened(e, s: Session):
    s.touch(PeriodRow, {"id": e.originator_id, "name": e.name, "year": e.year, "starts": e.starts,
                        "ends": e.ends, "is_open": True})


def on_period_closed(e, s: Session):
    s.touch(PeriodRow, {**s.periods[e.originator_id], "is_open": False})


def move_holder(s: Session, position_id, delta: int) -> None:
    row = s.positions[position_id]
    s.touch(PositionRow, {**row, "actual": row["actual"] + delta})


def on_registered(e, s: Session):
    unit_code = s.positions[e.position_id]["unit_code"]
    s.touch(EmployeeRow, {
        "id": e.originator_id, "nip": e.nip, "name": e.name,
        "search": f"{e.name.lower()} {e.nip}", "sex": e.sex, "birth_date": e.birth_date,
        "status": e.status, "golongan": e.golongan, "education_level": e.education_level,
        "education_field": e.education_field, "education_family": e.education_family,
        "position_id": e.position_id, "unit_id": e.unit_id, "unit_code": unit_code,
        "in_post_since": e.in_post_since, "cpns_date": e.cpns_date, "active": True,
        "left_on": None, "last_predikat": None, "last_box": None, "version": 1})
    move_holder(s, e.position_id, +1)


def on_transferred(e, s: Session):
    move_holder(s, e.from_position_id, -1)
    move_holder(s, e.to_position_id, +1)
    update_employee(e, s, position_id=e.to_position_id, unit_id=e.to_unit_id,
                    unit_code=s.positions[e.to_position_id]["unit_code"], in_post_since=e.tmt)


def on_promoted(e, s: Session):
    update_employee(e, s, golongan=e.golongan)


def on_appraised(e, s: Session):
    s.upsert(AppraisalRow, (e.originator_id, e.period), {
        "employee_id": e.originator_id, "period": e.period, "year": e.year,
        "hasil_kerja": e.hasil_kerja, "perilaku": e.perilaku, "predikat": e.predikat,
        "corrected": type(e).__name__ == "AppraisalCorrected"})
    update_employee(e, s, last_predikat=e.predikat)


def on_talent_assessed(e, s: Session):
    s.upsert(TalentRow, (e.originator_id, e.period), {
        "employee_id": e.originator_id, "period": e.period, "kinerja": e.kinerja,
        "potensial": e.potensial, "box": e.box})
    update_employee(e, s, last_box=e.box)


def on_left(e, s: Session):
    move_holder(s, e.position_id, -1)
    update_employee(e, s, active=False, left_on=e.on)


def update_employee(e, s: Session, **changes) -> None:
    s.touch(EmployeeRow, {**s.employees[e.originator_id], **changes, "version": e.originator_version})


HANDLERS: dict[str, Callable] = {
    "Unit.Established": on_unit_established,
    "Position.Created": on_position_created,
    "Position.NeedChanged": on_need_changed,
    "AppraisalPeriod.Opened": on_period_opened,
    "AppraisalPeriod.Closed": on_period_closed,
    "Employee.Registered": on_registered,
    "Employee.Transferred": on_transferred,
    "Employee.Promoted": on_promoted,
    "Employee.Appraised": on_appraised,
    "Employee.AppraisalCorrected": on_appraised,
    "Employee.TalentAssessed": on_talent_assessed,
    "Employee.Left": on_left,
}


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
    session.prefetch_employees(n.originator_id for n in notifications
                               if n.topic.startswith("domain.employee:"))
    for notification in notifications:
        event = app.mapper.to_domain_event(notification)
        name = type(event).__qualname__
        handler = HANDLERS.get(name)
        if handler is None:
            continue
        handler(event, session)
        if name.startswith("Employee."):
            session.timeline.append(timeline_row(event, notification.id, session.positions))
    session.flush()


def rebuild(app, progress=None) -> int:
    """Drop every projection table and replay the whole log."""
    with _lock:
        db.drop_tables(PROJECTION_TABLES, safe=True)
        create_tables()
    return catch_up(app, progress)


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

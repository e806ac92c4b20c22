"""Bulk writes of the projection: many rows per statement, values passed as the drivers take them.

Peewee's insert_many builds SQL row by row; for a rebuild that is most of the time spent."""
from __future__ import annotations

import peewee as pw

from events.readside.readmodels import db


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def upsert_rows(model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO UPDATE with one prepared statement (SQLite and PostgreSQL)."""
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

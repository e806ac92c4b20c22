"""Links at rest: every stored event's link (domain.event_links), written by the event store's
recorder in the same row and the same statement that stores the event, on SQLite and PostgreSQL;
the migration that links a store written before links existed (or before they moved into the
event's row); and the rows the verifier reads back.

The link lives in three columns of the events table itself (prev_position, digest, link): the
commit writes the page it writes anyway, no second table. `events.store.Storage` names these
recorders in the event store's environment."""
from __future__ import annotations

import sqlite3
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import (SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteApplicationRecorder, SQLiteConnection,
                                  SQLiteConnectionPool, SQLiteFactory)
from eventsourcing.utils import retry

from domain import event_links


def events_table(recorder) -> tuple[str, str]:
    """The events table and the placeholder of the recorder's database."""
    schema = getattr(recorder.datastore, "schema", None)
    if schema is None:
        return recorder.events_table_name, "?"
    return f'"{schema}"."{recorder.events_table_name}"', "%s"


LINK_COLUMNS = (("prev_position", "INTEGER", "bigint"), ("digest", "BLOB", "bytea"), ("link", "BLOB", "bytea"))
OLD_LINKS_TABLE = "event_links"  # where links lived before they moved into the event's row
LINK_BATCH = 5000


def event_columns(recorder) -> tuple[str, str, str]:
    """The events table, its position column and its placeholder."""
    table, p = events_table(recorder)
    return table, ("notification_id" if p == "%s" else "rowid"), p


def link_values(stored_events, positions, position: int, previous: bytes) -> list[tuple]:
    """(position, prev_position, digest, link) of each event, chained on from (position, previous)."""
    values = []
    for stored, new in zip(stored_events, positions):
        content = event_links.digest(event_links.uuid_bytes(stored.originator_id), stored.originator_version,
                                     stored.topic, stored.state)
        previous = event_links.link(new, content, previous)
        values.append((new, position, content, previous))
        position = new
    return values


def last_linked(recorder, cursor) -> tuple[int, bytes]:
    table, column, _ = event_columns(recorder)
    cursor.execute(f"SELECT {column} AS position, link FROM {table} WHERE link IS NOT NULL "
                   f"ORDER BY {column} DESC LIMIT 1")
    last = cursor.fetchone()
    return (last["position"], bytes(last["link"])) if last else (0, event_links.ZERO)


def write_lock(recorder, cursor) -> None:
    """Takes the events table's write lock before anything is read (SQLite: a write that changes
    nothing), so the head read next cannot move before this transaction commits."""
    table, _, p = event_columns(recorder)
    cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE" if p == "%s" else f"UPDATE {table} SET topic = topic WHERE 0")


def link_unlinked(recorder, cursor) -> int:
    """Links every stored event after the last linked one, inside the caller's write transaction;
    returns how many were linked."""
    table, column, p = event_columns(recorder)
    position, previous = last_linked(recorder, cursor)
    count = 0
    while True:
        cursor.execute(f"SELECT {column} AS position, originator_id, originator_version, topic, state "
                       f"FROM {table} WHERE {column} > {p} ORDER BY {column} LIMIT {LINK_BATCH}", (position,))
        rows = cursor.fetchall()
        if not rows:
            return count
        events = [_Stored(r["originator_id"], r["originator_version"], r["topic"], r["state"]) for r in rows]
        values = link_values(events, [r["position"] for r in rows], position, previous)
        position, previous = values[-1][0], values[-1][3]
        if p == "?":
            cursor.executemany(f"UPDATE {table} SET prev_position = ?, digest = ?, link = ? WHERE rowid = ?",
                               [(v[1], v[2], v[3], v[0]) for v in values])
        else:
            cursor.execute(f"UPDATE {table} AS e SET prev_position = u.prev_position, digest = u.digest, "
                           "link = u.link FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[], %s::bytea[]) "
                           "AS u(position, prev_position, digest, link) WHERE e.notification_id = u.position",
                           [list(c) for c in zip(*values)])
        count += len(values)


class _Stored:
    __slots__ = ("originator_id", "originator_version", "topic", "state")

    def __init__(self, originator_id, originator_version, topic, state):
        self.originator_id, self.originator_version = originator_id, originator_version
        self.topic, self.state = topic, bytes(state)


def add_link_columns(recorder, cursor) -> None:
    """The migration's first step: the link columns in the events table, and the links a previous
    version kept in the table `event_links` copied into them (that table is then dropped)."""
    table, column, p = event_columns(recorder)
    if p == "?":
        cursor.execute(f"PRAGMA table_info({table})")
        present = {row["name"] for row in cursor.fetchall()}
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (OLD_LINKS_TABLE,))
        old = OLD_LINKS_TABLE if cursor.fetchone() else None
    else:
        schema = recorder.datastore.schema
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                       "AND table_name = %s", (schema, recorder.events_table_name))
        present = {row["column_name"] for row in cursor.fetchall()}
        cursor.execute("SELECT to_regclass(%s) AS old", (f'"{schema}"."{OLD_LINKS_TABLE}"',))
        old = f'"{schema}"."{OLD_LINKS_TABLE}"' if cursor.fetchone()["old"] else None
    for name, lite, pg in LINK_COLUMNS:
        if name not in present:
            cursor.execute(f"ALTER TABLE {table} ADD COLUMN {name} {lite if p == '?' else pg}")
    if old:
        cursor.execute(f"UPDATE {table} AS e SET prev_position = l.prev_position, digest = l.digest, "
                       f"link = l.link FROM {old} AS l WHERE l.position = e.{column} AND e.link IS NULL")
        cursor.execute(f"DROP TABLE {old}")


def link_store(recorder) -> int:
    """The migration of a store written before links existed, or before they moved into the
    event's row (and a no-op on a linked one): in one locked transaction. Runs whenever the event
    store is opened."""
    table, column, p = event_columns(recorder)
    with recorder.datastore.transaction(commit=False) as cursor:
        names = [name for name, _, _ in LINK_COLUMNS]
        try:
            cursor.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {column} DESC LIMIT 1")
            last = cursor.fetchone()
            if last is None or last["link"] is not None:
                if p == "?":
                    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                   (OLD_LINKS_TABLE,))
                    if cursor.fetchone() is None:
                        return 0
                else:
                    cursor.execute("SELECT to_regclass(%s) AS old",
                                   (f'"{recorder.datastore.schema}"."{OLD_LINKS_TABLE}"',))
                    if cursor.fetchone()["old"] is None:
                        return 0
        except Exception:  # noqa: BLE001 - the columns are missing: a store of a previous version
            pass
    with recorder.datastore.transaction(commit=True) as cursor:
        write_lock(recorder, cursor)
        add_link_columns(recorder, cursor)
        return link_unlinked(recorder, cursor)


def _tuples(cursor):
    """Rows as plain tuples: the verifier's hot path (no sqlite3.Row, no dict per row)."""
    if hasattr(cursor, "sqlite_cursor"):
        cursor.sqlite_cursor.row_factory = None
    else:
        from psycopg.rows import tuple_row
        cursor.row_factory = tuple_row
    return cursor


def stored_rows(recorder, batch: int = 20000):
    """Every stored event up to the head with its link, as flat rows for domain.event_links.Walk:
    (position, originator id bytes, version, topic, state, prev_position, digest, link), the link's
    fields None when the event has none."""
    table, column, p = event_columns(recorder)
    head = recorder.max_notification_id() or 0
    identity = "uuid_send(originator_id)" if p == "%s" else "originator_id"
    statement = (f"SELECT {column}, {identity}, originator_version, topic, state, prev_position, digest, link "
                 f"FROM {table} WHERE {column} > {p} AND {column} <= {p} ORDER BY {column} LIMIT {batch}")
    after = -1
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            _tuples(cursor).execute(statement, (after, head))
            rows = cursor.fetchall()
        if not rows:
            return
        if p == "?":
            rows = [(r[0], bytes.fromhex(r[1]), *r[2:]) for r in rows]
        yield from rows
        after = rows[-1][0]


def position_of_digest(recorder, content: bytes) -> int | None:
    """Where a stored link records this content (a slow scan: only when naming a problem)."""
    table, column, p = event_columns(recorder)
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT {column} AS position FROM {table} WHERE digest = {p} "
                       f"ORDER BY {column} LIMIT 1", (content,))
        row = cursor.fetchone()
    return row["position"] if row else None


def head_link(recorder) -> tuple[int, str] | None:
    with recorder.datastore.transaction(commit=False) as cursor:
        position, link = last_linked(recorder, cursor)
    return (position, link.hex()) if position else None


class StatementCachingPool(SQLiteConnectionPool):
    """The library's SQLite connections, keeping their prepared statements: the library opens each
    with `cached_statements=True`, a cache of one statement, so a transaction's BEGIN and INSERT
    prepare each other out on every write (measured: a third of a linked one-event write's CPU)."""
    STATEMENTS = 64

    def _create_connection(self) -> SQLiteConnection:
        try:
            c = sqlite3.connect(database=self.db_name, uri=True, check_same_thread=False, isolation_level=None,
                                cached_statements=self.STATEMENTS,
                                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT)
        except (sqlite3.Error, TypeError) as e:
            raise InterfaceError(e) from e
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            mode = c.execute("PRAGMA journal_mode;").fetchone()[0]
            if mode.lower() != "wal":
                c.execute("PRAGMA journal_mode=WAL;")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        c.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=c, max_age=self.max_age)


class StatementCachingSQLiteFactory(SQLiteFactory):
    """The library's SQLite factory (`PERSISTENCE_MODULE` names this class) with the pool above."""

    def __init__(self, env):
        super().__init__(env)
        pool = self.datastore.pool
        self.datastore.pool = StatementCachingPool(db_name=pool.db_name, lock_timeout=pool.lock_timeout)


class LinkedSQLiteRecorder(SQLiteApplicationRecorder):
    """The head (last position and link) this process committed is remembered; the next insert is
    one statement whose rows are only written if the store's last position is still that head
    (checked under the write lock the INSERT takes). When another process wrote in between, or
    nothing is remembered yet, the head is read from the store first."""
    _head: tuple[int, bytes] | None = None

    def create_table(self) -> None:
        super().create_table()
        link_store(self)

    def insert_events(self, stored_events, **kwargs):
        if not stored_events:
            return []
        with self.datastore.transaction(commit=True) as c:
            positions, values = self._insert_linked(c, stored_events, self._head)
        self._head = (values[-1][0], values[-1][3])  # committed: the next insert may chain on it
        return positions

    def _insert_events(self, c, stored_events, **kwargs):
        return self._insert_linked(c, stored_events, None)[0] if stored_events else []

    def _insert_linked(self, c, stored_events, head):
        table = self.events_table_name
        if head is not None:
            # the first row only if the store still ends at the head (the INSERT takes the write lock
            # before it reads); once it went in, nobody else can write before the commit: the rest plainly
            values = link_values(stored_events, range(head[0] + 1, head[0] + 1 + len(stored_events)), *head)
            rows = self._rows(stored_events, values)
            c.execute(f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state, "
                      "prev_position, digest, link) SELECT ?, ?, ?, ?, ?, ?, ?, ? "
                      f"WHERE (SELECT COALESCE(MAX(rowid), 0) FROM {table}) = ?", rows[0] + (head[0],))
            if c.sqlite_cursor.rowcount == 1:
                if len(rows) > 1:
                    c.executemany(f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state, "
                                  "prev_position, digest, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows[1:])
                return [v[0] for v in values], values
        write_lock(self, c)
        c.execute(f"SELECT rowid AS position, link FROM {table} ORDER BY rowid DESC LIMIT 1")
        found = c.fetchone()
        if found is not None and found["link"] is None:
            link_unlinked(self, c)  # a previous version wrote after the migration: link those first
            c.execute(f"SELECT rowid AS position, link FROM {table} ORDER BY rowid DESC LIMIT 1")
            found = c.fetchone()
        position, previous = (found["position"], bytes(found["link"])) if found else (0, event_links.ZERO)
        values = link_values(stored_events, range(position + 1, position + 1 + len(stored_events)), position,
                             previous)
        c.executemany(f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state, "
                      "prev_position, digest, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._rows(stored_events, values))
        return [v[0] for v in values], values

    @staticmethod
    def _rows(stored_events, values) -> list[tuple]:
        return [(v[0], s.originator_id.hex if isinstance(s.originator_id, UUID) else s.originator_id,
                 s.originator_version, s.topic, s.state, v[1], v[2], v[3]) for s, v in zip(stored_events, values)]


class LinkedPostgresRecorder(PostgresApplicationRecorder):
    def create_table(self) -> None:
        super().create_table()
        link_store(self)

    def _head_statement(self) -> str:
        """(last event's position and link, the next n positions) in one round trip."""
        if getattr(self, "_head_sql", None) is None:
            table = events_table(self)[0]
            self._head_sql = (
                f"SELECT h.notification_id AS position, h.link AS link, ARRAY(SELECT nextval("
                f"pg_get_serial_sequence('{table}', 'notification_id')) FROM generate_series(1, %s)) AS positions "
                f"FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT notification_id, link FROM {table} "
                "ORDER BY notification_id DESC LIMIT 1) AS h ON true")
        return self._head_sql

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events, **kwargs):
        """The library's table lock and NOTIFY, then the head and the new positions, then one
        INSERT of the events with their links: one transaction that any error rolls back whole."""
        if not stored_events:
            return []
        table = events_table(self)[0]
        with self.datastore.get_connection() as conn, conn.transaction():
            with conn.cursor() as curs:
                with conn.pipeline():
                    self._lock_table(curs)
                    self._notify_channel(curs)
                    curs.execute(self._head_statement(), (len(stored_events),))
                head = curs.fetchone()
                if head["position"] is None:
                    position, previous = 0, event_links.ZERO
                elif head["link"] is None:  # a previous version wrote after the migration: link those first
                    link_unlinked(self, curs)
                    position, previous = last_linked(self, curs)
                else:
                    position, previous = head["position"], bytes(head["link"])
                positions = list(head["positions"])
                values = link_values(stored_events, positions, position, previous)
                rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(values))
                curs.execute(f"INSERT INTO {table} (notification_id, originator_id, originator_version, topic, "
                             f"state, prev_position, digest, link) VALUES {rows}",
                             [x for s, v in zip(stored_events, values)
                              for x in (v[0], s.originator_id, s.originator_version, s.topic, s.state, v[1], v[2],
                                        v[3])])
        return positions

"""Links at rest: every stored event's link (domain.event_links), written by the event store's
recorder in the transaction that stores the event, on SQLite and PostgreSQL; the migration that
links a store written before links existed; and the rows the verifier reads back.

The links live in the table `event_links` (position, prev_position, digest, link) next to the
events table. `events.store.Storage` names these recorders in the event store's environment."""
from __future__ import annotations

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from domain import event_links


def events_table(recorder) -> tuple[str, str]:
    """The events table and the placeholder of the recorder's database."""
    schema = getattr(recorder.datastore, "schema", None)
    if schema is None:
        return recorder.events_table_name, "?"
    return f'"{schema}"."{recorder.events_table_name}"', "%s"


LINKS_TABLE = "event_links"
LINK_BATCH = 5000


def links_table(recorder) -> str:
    schema = getattr(recorder.datastore, "schema", None)
    return f'"{schema}"."{LINKS_TABLE}"' if schema is not None else LINKS_TABLE


def event_columns(recorder) -> tuple[str, str, str]:
    """The events table, its position column and its placeholder."""
    table, p = events_table(recorder)
    return table, ("notification_id" if p == "%s" else "rowid"), p


def link_unlinked(recorder, cursor) -> int:
    """Links every stored event after the last linked one, inside the caller's write transaction
    (so an event and its link are committed together); returns how many were linked."""
    table, column, p = event_columns(recorder)
    links = links_table(recorder)
    cursor.execute(f"SELECT position, link FROM {links} ORDER BY position DESC LIMIT 1")
    last = cursor.fetchone()
    position, previous = (last["position"], bytes(last["link"])) if last else (0, event_links.ZERO)
    count = 0
    while True:
        cursor.execute(f"SELECT {column} AS position, originator_id, originator_version, topic, state "
                       f"FROM {table} WHERE {column} > {p} ORDER BY {column} LIMIT {LINK_BATCH}", (position,))
        rows = cursor.fetchall()
        if not rows:
            return count
        values = []
        for row in rows:
            content = event_links.digest(event_links.uuid_bytes(row["originator_id"]), row["originator_version"],
                                         row["topic"], row["state"])
            previous = event_links.link(row["position"], content, previous)
            values.append((row["position"], position, content, previous))
            position = row["position"]
        insert_links(recorder, cursor, values)
        count += len(values)


def link_appended(recorder, cursor, stored_events, positions, head: tuple | None) -> None:
    """Links the events this transaction just stored, from memory, when every earlier event is
    linked (`head`: (last event before them, last linked position, its link)); else link_unlinked."""
    before, linked, previous = head or (None, None, None)
    if not positions or (before or 0) != (linked or 0) or (linked and previous is None):
        link_unlinked(recorder, cursor)
        return
    previous, position, values = bytes(previous) if linked else event_links.ZERO, linked or 0, []
    for stored, new in zip(stored_events, positions):
        content = event_links.digest(event_links.uuid_bytes(stored.originator_id), stored.originator_version,
                                     stored.topic, stored.state)
        previous = event_links.link(new, content, previous)
        values.append((new, position, content, previous))
        position = new
    insert_links(recorder, cursor, values)


def insert_links(recorder, cursor, values: list[tuple]) -> None:
    """One statement for the whole batch (PostgreSQL: unnest of four arrays, not a row per trip)."""
    table = links_table(recorder)
    if event_columns(recorder)[2] == "?":
        cursor.executemany(f"INSERT INTO {table} (position, prev_position, digest, link) VALUES (?, ?, ?, ?)",
                           values)
        return
    cursor.execute(f"INSERT INTO {table} (position, prev_position, digest, link) SELECT * FROM "
                   "unnest(%s::bigint[], %s::bigint[], %s::bytea[], %s::bytea[])", [list(c) for c in zip(*values)])


def head_statement(recorder, before_first: bool) -> str:
    """(last event position [before the first new one], last linked position, its link)."""
    table, column, p = event_columns(recorder)
    links = links_table(recorder)
    events = f"SELECT MAX({column}) FROM {table}" + (f" WHERE {column} < {p}" if before_first else "")
    return (f"SELECT ({events}) AS before, l.position AS linked, l.link AS link FROM "
            f"(SELECT MAX(position) AS top FROM {links}) t LEFT JOIN {links} l ON l.position = t.top")


def link_store(recorder) -> int:
    """The migration of a store written before links existed (and a no-op on a linked one): links
    every unlinked event in one locked transaction. Runs whenever the event store is opened."""
    table, column, p = event_columns(recorder)
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT (SELECT MAX({column}) FROM {table}) AS events, "
                       f"(SELECT MAX(position) FROM {links_table(recorder)}) AS links")
        row = cursor.fetchone()
        if (row["events"] or 0) <= (row["links"] or 0):
            return 0
    with recorder.datastore.transaction(commit=True) as cursor:
        if p == "%s":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        else:
            cursor.execute(f"DELETE FROM {links_table(recorder)} WHERE 0")  # takes the write lock first
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
    """Every stored event up to the head with its link row, then every link row without an event,
    as flat rows for domain.event_links.Walk: (position, originator id bytes, version, topic,
    state, prev_position, digest, link), the event's or the link's fields None when absent."""
    table, column, p = event_columns(recorder)
    links = links_table(recorder)
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT MAX(position) AS head FROM {links}")
        head = max(cursor.fetchone()["head"] or 0, recorder.max_notification_id() or 0)
    identity = "uuid_send(e.originator_id)" if p == "%s" else "e.originator_id"
    statement = (f"SELECT e.{column}, {identity}, e.originator_version, e.topic, e.state, l.prev_position, "
                 f"l.digest, l.link FROM {table} e LEFT JOIN {links} l ON l.position = e.{column} "
                 f"WHERE e.{column} > {p} AND e.{column} <= {p} ORDER BY e.{column} LIMIT {batch}")
    after, linked = -1, 0
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            _tuples(cursor).execute(statement, (after, head))
            rows = cursor.fetchall()
        if not rows:
            break
        if p == "?":
            rows = [(r[0], bytes.fromhex(r[1]), *r[2:]) for r in rows]
        linked += sum(1 for r in rows if r[7] is not None)
        yield from rows
        after = rows[-1][0]
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT COUNT(*) AS n FROM {links} WHERE position <= {p}", (head,))
        if cursor.fetchone()["n"] == linked:
            return
        _tuples(cursor).execute(
            f"SELECT position, NULL, NULL, NULL, NULL, prev_position, digest, link FROM {links} l "
            f"WHERE position <= {p} AND NOT EXISTS (SELECT 1 FROM {table} e WHERE e.{column} = l.position) "
            "ORDER BY position", (head,))
        orphans = cursor.fetchall()
    yield from orphans  # after the events: Walk sorts them in where they belong


def position_of_digest(recorder, content: bytes) -> int | None:
    """Where a link row records this content (a slow scan: only when naming a problem)."""
    p = event_columns(recorder)[2]
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT position FROM {links_table(recorder)} WHERE digest = {p} "
                       "ORDER BY position LIMIT 1", (content,))
        row = cursor.fetchone()
    return row["position"] if row else None


def head_link(recorder) -> tuple[int, str] | None:
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT position, link FROM {links_table(recorder)} ORDER BY position DESC LIMIT 1")
        row = cursor.fetchone()
    return (row["position"], bytes(row["link"]).hex()) if row else None


class LinkedSQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return super().construct_create_table_statements() + [
            f"CREATE TABLE IF NOT EXISTS {LINKS_TABLE} (position INTEGER PRIMARY KEY, "
            "prev_position INTEGER NOT NULL, digest BLOB NOT NULL, link BLOB NOT NULL)"]

    def create_table(self) -> None:
        super().create_table()
        link_store(self)

    def _insert_events(self, c, stored_events, **kwargs):
        positions = super()._insert_events(c, stored_events, **kwargs)  # takes the write lock
        if positions:
            c.execute(head_statement(self, before_first=True), (positions[0],))
            row = c.fetchone()
            link_appended(self, c, stored_events, positions, (row["before"], row["linked"], row["link"]))
        return positions


class LinkedPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore, **kwargs):
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{table} (position bigint PRIMARY KEY, "
            "prev_position bigint NOT NULL, digest bytea NOT NULL, link bytea NOT NULL)").format(
                schema=Identifier(datastore.schema), table=Identifier(LINKS_TABLE)))

    def create_table(self) -> None:
        super().create_table()
        link_store(self)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events, **kwargs):
        """The library's insert (table lock, NOTIFY, INSERT … RETURNING) and the links, pipelined in
        one transaction that any error rolls back whole (the library's own pipelined insert would
        commit the events when an error is raised after the INSERT)."""
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.pipeline(), conn.transaction():
            with conn.cursor() as curs, conn.cursor() as head:
                self._lock_table(curs)
                self._notify_channel(curs)
                head.execute(head_statement(self, before_first=False))  # the table is locked: nothing moves
                PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events, **kwargs)
                found = head.fetchone()
                positions = [row["notification_id"] for row in curs.fetchall()]
                link_appended(self, curs, stored_events, positions, (found["before"], found["linked"], found["link"]))
        return positions

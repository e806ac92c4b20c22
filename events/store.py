"""Where events and read models live: SQLite files by default, PostgreSQL by URL.

MUTASI_DATA_DIR (default ./var) holds events.sqlite3 and views.sqlite3.
MUTASI_DATABASE_URL=postgresql://user:password@host:port/dbname[?schema=name] puts both in PostgreSQL.
The key that signs the SKs and its certificate are files in the data folder (sk-key.pem, sk-cert.pem)
unless MUTASI_SK_KEY / MUTASI_SK_CERT name other paths. The data folder is the server user's alone
(0700) and so are the files in it (0600): they hold password hashes, personal data and keys.
The event store's recorders link every event as they store it (`events.links`).
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import peewee
from eventsourcing.persistence import Transcoding

from events.links import events_table, link_unlinked

log = logging.getLogger(__name__)
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Storage:
    data_dir: Path
    database_url: str | None = None
    sk_key: Path | None = None
    sk_cert: Path | None = None

    @classmethod
    def from_environment(cls, environ=os.environ) -> "Storage":
        url = environ.get("MUTASI_DATABASE_URL") or None
        if url and not url.startswith(("postgresql://", "postgres://", "sqlite://")):
            raise ValueError("MUTASI_DATABASE_URL harus diawali postgresql:// (atau kosong untuk SQLite).")
        if url and url.startswith("sqlite://"):
            url = None
        key, cert = environ.get("MUTASI_SK_KEY"), environ.get("MUTASI_SK_CERT")
        return cls(Path(environ.get("MUTASI_DATA_DIR") or "var"), url,
                   Path(key) if key else None, Path(cert) if cert else None)

    def decree_key_files(self) -> tuple[Path, Path]:
        """The installation's signing key and certificate for the SKs (events.files.signing)."""
        if not (self.sk_key and self.sk_cert):
            self.private_data_dir()
        return self.sk_key or self.data_dir / "sk-key.pem", self.sk_cert or self.data_dir / "sk-cert.pem"

    def checkpoint_key_file(self) -> Path:
        """The Ed25519 key that signs the log's checkpoints (events.files.checkpoint_key)."""
        return self.private_data_dir() / "checkpoint-key.pem"

    def private_data_dir(self) -> Path:
        """The data folder, created or tightened to 0700."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            self.data_dir.chmod(0o700)
        except PermissionError:  # a folder another user owns: say so, it is theirs to tighten
            log.warning("Folder data %s bukan milik pengguna ini; hak aksesnya tidak dapat dibuat 0700.",
                        self.data_dir)
        return self.data_dir

    def private_sqlite_file(self, name: str) -> str:
        """A database file of the data folder, created 0600 before SQLite opens it (SQLite gives its
        -wal and -shm files the mode of the database); an older, wider file is tightened."""
        path = self.private_data_dir() / name
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # creates, never truncates
        for companion in SQLITE_COMPANIONS:
            if Path(f"{path}{companion}").exists():
                os.chmod(f"{path}{companion}", 0o600)
        return str(path)

    @property
    def is_postgres(self) -> bool:
        return self.database_url is not None

    def describe(self) -> str:
        if self.is_postgres:
            parts = urlparse(self.database_url)
            return f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{parts.path.lstrip('/')}"
        return f"SQLite di {self.data_dir.resolve()}"

    def _pg(self) -> dict:
        parts = urlparse(self.database_url)
        schema = parse_qs(parts.query).get("schema", [""])[0]
        return {"dbname": parts.path.lstrip("/") or "postgres", "host": parts.hostname or "127.0.0.1",
                "port": parts.port or 5432, "user": parts.username or "postgres",
                "password": parts.password or "", "schema": schema}

    def event_store_env(self) -> dict:
        if not self.is_postgres:
            return {"PERSISTENCE_MODULE": "events.links:StatementCachingSQLiteFactory",
                    "SQLITE_DBNAME": self.private_sqlite_file("events.sqlite3"),
                    "SQLITE_LOCK_TIMEOUT": "10",
                    "APPLICATION_RECORDER_TOPIC": "events.links:LinkedSQLiteRecorder"}
        pg = self._pg()
        env = {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": pg["dbname"],
               "POSTGRES_HOST": pg["host"], "POSTGRES_PORT": str(pg["port"]),
               "POSTGRES_USER": pg["user"], "POSTGRES_PASSWORD": pg["password"],
               "POSTGRES_POOL_SIZE": "4", "POSTGRES_LOCK_TIMEOUT": "5",
               "APPLICATION_RECORDER_TOPIC": "events.links:LinkedPostgresRecorder"}
        if pg["schema"]:
            env["POSTGRES_SCHEMA"] = pg["schema"]
        return env

    def read_database(self) -> peewee.Database:
        if not self.is_postgres:
            return peewee.SqliteDatabase(
                self.private_sqlite_file("views.sqlite3"), timeout=10,
                pragmas={"journal_mode": "wal", "synchronous": "normal", "foreign_keys": 0,
                         "cache_size": -262144, "temp_store": "memory"})
        pg = self._pg()
        options = f"-c search_path={pg['schema']}" if pg["schema"] else ""
        return peewee.PostgresqlDatabase(pg["dbname"], host=pg["host"], port=pg["port"],
                                         user=pg["user"], password=pg["password"] or None,
                                         options=options)


# --- the event log's own rows: restoring a backup, removing an unfinished demo --------------------
def insert_notifications(recorder, rows) -> int:
    """Writes stored events with their original positions (notification ids) in one transaction,
    into an empty log only; returns how many. `rows`: (id, originator_id, version, topic, state)."""
    table, p = events_table(recorder)
    postgres = p == "%s"
    count, last = 0, 0
    with recorder.datastore.transaction(commit=True) as cursor:
        if postgres:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT COUNT(*) AS n FROM {table}")
        found = cursor.fetchone()
        if (found["n"] if postgres else found[0]):
            raise ValueError("Log kejadian tujuan tidak kosong.")
        columns = "notification_id, originator_id" if postgres else "rowid, originator_id"
        statement = (f"INSERT INTO {table} ({columns}, originator_version, topic, state) "
                     f"VALUES ({p}, {p}, {p}, {p}, {p})")
        chunk: list[tuple] = []
        for position, originator_id, version, topic, state in rows:
            chunk.append((position, originator_id if postgres else originator_id.hex, version, topic, state))
            count, last = count + 1, position
            if len(chunk) == 1000:
                cursor.executemany(statement, chunk)
                chunk = []
        if chunk:
            cursor.executemany(statement, chunk)
        link_unlinked(recorder, cursor)
        if postgres and count:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'notification_id'), {p})", (last,))
    return count


def erase_notifications(recorder) -> None:
    """Empties the event log: only for a log that holds nothing but an unfinished demo."""
    table, p = events_table(recorder)
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {table}")
        if p == "%s":
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'notification_id'), 1, false)")

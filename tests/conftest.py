"""Fixtures: an in-memory Application for use cases, and real systems on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import uuid

import pytest

from events.app import Mutasi
from events.store import Storage

PG_URL = os.environ.get("MUTASI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_pg_state: dict = {}


def postgres_reason() -> str | None:
    """None when PostgreSQL answers; otherwise why the PostgreSQL tests are skipped."""
    if "reason" not in _pg_state:
        try:
            import psycopg
            psycopg.connect(PG_URL.split("?")[0], connect_timeout=3).close()
            _pg_state["reason"] = None
        except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
            _pg_state["reason"] = f"PostgreSQL tidak terjangkau di {PG_URL} ({error}): tes PostgreSQL DILEWATI"
    return _pg_state["reason"]


@pytest.fixture
def app():
    """The Application on in-memory persistence: fast use-case tests."""
    application = Mutasi(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield application
    application.close()


def postgres_storage(tmp_path):
    import psycopg
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return Storage(tmp_path, f"{PG_URL}?schema={schema}"), schema


def drop_schema(schema: str) -> None:
    import psycopg
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def storage(request, tmp_path):
    """Real persistence: an SQLite folder, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield Storage(tmp_path)
        return
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    storage, schema = postgres_storage(tmp_path)
    yield storage
    drop_schema(schema)


@pytest.fixture
def system(storage):
    from events.system import System
    system = System(storage)
    yield system
    system.close()

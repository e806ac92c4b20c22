"""`mutasi backup` / `mutasi restore` on both databases: the log with its positions, the accounts and
the stored files come back; after a rebuild the views' checksum equals the original's. A damaged
file or a non-empty installation is refused with nothing written. And `mutasi users`, `mutasi demo`
that completes or leaves nothing."""
from __future__ import annotations

import gzip
import json
import stat

import pytest

from conftest import mutasi
from domain.access import SYSTEM
from events.readside import blobs, projections
from events.readside.readmodels import db
from events.usecases import accounts
from tests.conftest import drop_schema, postgres_storage
from tests.factory import build_small_city
from tests.test_projection_faults import env_for

PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def city(system):
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    accounts.disable(system.app, SYSTEM, "perencana", "contoh akun nonaktif")
    blobs.put(b"%PDF-1.4 contoh SK bertanda tangan", "application/pdf")
    db.close()
    return system


@pytest.fixture
def empty_storage(storage, tmp_path):
    """A second, empty installation on the same kind of database."""
    from events.store import Storage
    if not storage.is_postgres:
        yield Storage(tmp_path / "pulihan")
        return
    other, schema = postgres_storage(tmp_path / "pulihan")
    yield other
    drop_schema(schema)


def test_a_backup_restores_into_an_empty_installation_with_the_same_checksum(city, storage, empty_storage, tmp_path):
    source, target = env_for(storage), env_for(empty_storage)
    original = mutasi("projections", "checksum", env=source).stdout.strip()
    file = tmp_path / "cadangan.jsonl.gz"
    made = json.loads(mutasi("backup", str(file), env=source).stdout)
    assert made["events"] == city.event_count() and made["accounts"] == 1 and made["blobs"] == 1
    assert made["checksum"] == original and stat.S_IMODE(file.stat().st_mode) == 0o600
    restored = json.loads(mutasi("restore", str(file), env=target).stdout)
    assert restored["checksum"] == restored["checksum_in_backup"] == original
    mutasi("projections", "rebuild", env=target)
    assert mutasi("projections", "checksum", env=target).stdout.strip() == original
    users = json.loads(mutasi("users", "list", "--json", env=target).stdout)
    assert [(u["username"], u["active"]) for u in users] == [("perencana", False)]
    again = mutasi("restore", str(file), env=target, check=False)
    assert again.returncode == 1 and "tidak kosong" in again.stderr


def test_the_restored_log_keeps_every_position_and_payload(city, storage, empty_storage, tmp_path):
    file = tmp_path / "cadangan.jsonl.gz"
    mutasi("backup", str(file), env=env_for(storage))
    before = [(n.id, n.originator_id, n.originator_version, n.topic, n.state)
              for n in city.app.recorder.select_notifications(1, 10_000)]
    mutasi("restore", str(file), env=env_for(empty_storage))
    from events.system import System
    restored = System(empty_storage)
    try:
        after = [(n.id, n.originator_id, n.originator_version, n.topic, n.state)
                 for n in restored.app.recorder.select_notifications(1, 10_000)]
    finally:
        restored.close()
    assert after == before


def test_a_damaged_or_truncated_backup_is_refused_and_writes_nothing(city, storage, empty_storage, tmp_path):
    file = tmp_path / "cadangan.jsonl.gz"
    mutasi("backup", str(file), env=env_for(storage))
    lines = gzip.decompress(file.read_bytes()).splitlines(keepends=True)
    changed = lines[1].replace(b'"e":[1,', b'"e":[9,')  # another position for the first event
    assert changed != lines[1]
    damaged = {"terpotong.gz": lines[:-3], "diubah.gz": [lines[0], changed, *lines[2:]], "asing.gz": None}
    for name, content in damaged.items():
        path = tmp_path / name
        path.write_bytes(gzip.compress(b"".join(content)) if content else b"bukan gzip")
        result = mutasi("restore", str(path), env=env_for(empty_storage), check=False)
        assert result.returncode == 1 and ("tidak utuh" in result.stderr or "rusak" in result.stderr), name
    assert json.loads(mutasi("stats", "--json", env=env_for(empty_storage)).stdout)["events"] == 0
    assert json.loads(mutasi("users", "list", "--json", env=env_for(empty_storage)).stdout) == []


# --- mutasi users -------------------------------------------------------------------------------------
def test_users_are_listed_disabled_enabled_and_given_a_new_password_from_the_command_line(tmp_path):
    env = env_for(type("S", (), {"data_dir": tmp_path, "database_url": None})())
    mutasi("users", "add", "siti", "--role", "perencana", "--name", "Siti Rahma", env=env, stdin=f"{PASSWORD}\n")
    assert "siti" in mutasi("users", "list", env=env).stdout
    assert "dinonaktifkan" in mutasi("users", "disable", "siti", "--reason", "mutasi keluar", env=env).stdout
    assert json.loads(mutasi("users", "list", "--json", env=env).stdout)[0]["active"] is False
    assert "diaktifkan" in mutasi("users", "enable", "siti", "--reason", "kembali", env=env).stdout
    assert "diganti" in mutasi("users", "passwd", "siti", env=env, stdin="burung-kuntul-di-sawah\n").stdout
    weak = mutasi("users", "passwd", "siti", env=env, stdin="", check=False)  # no question asked, refused
    assert weak.returncode == 1 and "minimal 12" in weak.stderr
    missing = mutasi("users", "disable", "siti", env=env, check=False)
    assert missing.returncode == 2 and "--reason" in missing.stderr
    trail = mutasi("audit", "export", "--format", "jsonl", "--type", "Account.", env=env).stdout.splitlines()
    types = [json.loads(line)["type"] for line in trail if line.startswith('{"position"')]
    assert types == ["Account.Registered", "Account.Disabled", "Account.Enabled", "Account.PasswordChanged"]
    assert all(json.loads(line)["actor"].startswith("cli:") for line in trail if line.startswith('{"position"'))


# --- mutasi demo: completes or leaves nothing ----------------------------------------------------------
def test_a_demo_that_fails_half_way_leaves_nothing_and_an_unfinished_one_is_removed_first(storage):
    from events.demo import loader
    from events.readside import installation
    from events.system import System
    system = System(storage)
    try:
        db.connect(reuse_if_open=True)
        build_small_city(system.app)  # what a demo killed half-way left behind
        installation.mark(loader.UNFINISHED)
        assert loader.demo_unfinished()

        def interrupted(done, total):
            raise KeyboardInterrupt
        with pytest.raises(KeyboardInterrupt):
            loader.load_demo(system, progress=interrupted)
        assert system.event_count() == 0 and not loader.demo_unfinished()
        assert projections.views_position() == 0 and accounts.list_users() == []
    finally:
        system.close()


def test_demo_if_empty_tells_the_truth_about_the_accounts(tmp_path):
    env = env_for(type("S", (), {"data_dir": tmp_path, "database_url": None})())
    mutasi("users", "add", "siti", "--role", "perencana", env=env, stdin=f"{PASSWORD}\n")
    result = mutasi("demo", "--if-empty", env=env)
    assert "Data sudah ada" in result.stdout and "tidak memiliki akun demo" in result.stdout
    assert "sibolga-demo-2026" not in result.stdout

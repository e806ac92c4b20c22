"""The stored log's tamper evidence on both databases: on a real store (the small city, a signed
checkpoint, more events after it), each edit an administrator could make to the event table is
named at its exact position with the right problem, by `mutasi audit verify --store` and by the
standalone verifier of a bundle alike; a link is written in the event's own transaction; a store
written before links existed is linked when opened."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import tarfile
from datetime import date
from uuid import uuid4

import pytest

from conftest import mutasi
from eventsourcing.domain import Aggregate

from domain import event_links
from domain.access import Actor
from events.app import Mutasi
from events.files.log_bundle import write_bundle
from events.readside import ledger as ledger_rows
from events.readside import projections
from events.readside.readmodels import db
from events.links import OLD_LINKS_TABLE, event_columns, head_link, link_store, stored_rows
from events.usecases import ledger, organisation
from tests.factory import PLANNER, build_small_city
from tests.test_projection_faults import env_for

ADMIN = Actor("admin", "admin")
INSPECTOR = Actor("inspektur", "inspektur")
CHANGED = 5  # a position in the middle of the small city


@pytest.fixture
def store(system):
    """The small city, a checkpoint over its head, then more events after it."""
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    made = ledger.checkpoint(system.app, ADMIN)
    for n in range(3):
        organisation.establish_unit(system.app, PLANNER, code=f"UPT-{n}", name=f"UPT Contoh {n}", kind="puskesmas",
                                    parent_code="DINKES", service_priority=2)
    system.signed = made
    return system


def run_sql(app, statement: str, params=()):
    with app.recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(statement, params)
        try:
            return cursor.fetchall()
        except Exception:  # noqa: BLE001 - a statement without rows
            return None


def sql(app, template: str) -> str:
    table, column, p = event_columns(app.recorder)
    return template.format(events=table, pos=column, p=p)


def move(app, table_key: str, column_key: str, old: int, new: int) -> None:
    run_sql(app, sql(app, f"UPDATE {{{table_key}}} SET {column_key} = {{p}} WHERE {column_key} = {{p}}"),
            (new, old))


def verdict_of(system) -> dict:
    keys = [system.app.checkpoint_signer.public_pem()]
    return ledger.verify_store(system.app, ADMIN, keys, record=False)


def bundle_verdict(system, tmp_path) -> dict:
    bundle = tmp_path / "bundel.tar.gz"
    public = system.app.checkpoint_signer.public_pem()
    write_bundle(system.app.recorder, public, bundle)
    return event_links.verify_bundle(str(bundle), [public]).as_dict()


def expect(system, tmp_path, position: int, problem: str) -> None:
    found = verdict_of(system)
    assert (found["ok"], found["first_bad_position"], found["problem"]) == (False, position, problem), found
    standalone = bundle_verdict(system, tmp_path)
    assert {k: standalone[k] for k in ("ok", "first_bad_position", "problem")} == \
        {k: found[k] for k in ("ok", "first_bad_position", "problem")}


def test_an_untouched_store_verifies_with_its_checkpoint(store, tmp_path):
    found = verdict_of(store)
    assert found["ok"] and found["events"] == store.event_count() and found["checkpoints"] == 1
    assert found["head_link"] == head_link(store.app.recorder)[1]
    assert bundle_verdict(store, tmp_path) == found


def test_one_changed_byte_is_named_at_its_position(store, tmp_path):
    state = bytes(run_sql(store.app, sql(store.app, "SELECT state FROM {events} WHERE {pos} = {p}"),
                          (CHANGED,))[0]["state"])
    changed = state[:20] + bytes([state[20] ^ 1]) + state[21:]
    run_sql(store.app, sql(store.app, "UPDATE {events} SET state = {p} WHERE {pos} = {p}"), (changed, CHANGED))
    expect(store, tmp_path, CHANGED, "content_changed")


def test_a_deleted_event_is_named_missing(store, tmp_path):
    run_sql(store.app, sql(store.app, "DELETE FROM {events} WHERE {pos} = {p}"), (CHANGED,))
    expect(store, tmp_path, CHANGED, "event_missing")


def test_an_event_whose_link_was_erased_is_named(store, tmp_path):
    run_sql(store.app, sql(store.app, "UPDATE {events} SET prev_position = NULL, digest = NULL, link = NULL "
                                      "WHERE {pos} = {p}"), (CHANGED,))
    expect(store, tmp_path, CHANGED, "forged_link")


def test_two_swapped_events_are_named_reordered(store, tmp_path):
    later = CHANGED + 3
    move(store.app, "events", event_columns(store.app.recorder)[1], CHANGED, -1)
    move(store.app, "events", event_columns(store.app.recorder)[1], later, CHANGED)
    move(store.app, "events", event_columns(store.app.recorder)[1], -1, later)
    expect(store, tmp_path, CHANGED, "order_changed")


def forge_after(app, position: int) -> int:
    """Makes room after `position` (every later event and link one place up) and inserts a forged
    event there with its link computed as the writer would; returns the forged position."""
    table, column, p = event_columns(app.recorder)
    run_sql(app, sql(app, "UPDATE {events} SET {pos} = {pos} + 1000000 WHERE {pos} > {p}"), (position,))
    run_sql(app, sql(app, "UPDATE {events} SET {pos} = {pos} - 999999 WHERE {pos} > {p}"), (position,))
    row = run_sql(app, sql(app, "SELECT topic, state FROM {events} WHERE {pos} = {p}"), (position,))[0]
    forged_id = uuid4()
    originator = forged_id if p == "%s" else forged_id.hex
    cols = "notification_id" if p == "%s" else "rowid"
    previous = bytes(run_sql(app, sql(app, "SELECT link FROM {events} WHERE {pos} = {p}"), (position,))[0]["link"])
    content = event_links.digest(forged_id.bytes, 1, row["topic"], bytes(row["state"]))
    run_sql(app, sql(app, f"INSERT INTO {{events}} ({cols}, originator_id, originator_version, topic, state, "
                          "prev_position, digest, link) VALUES ({p}, {p}, 1, {p}, {p}, {p}, {p}, {p})"),
            (position + 1, originator, row["topic"], row["state"], position, content,
             event_links.link(position + 1, content, previous)))
    return position + 1


def test_a_forged_event_with_a_recomputed_link_is_named(store, tmp_path):
    forged = forge_after(store.app, CHANGED)
    expect(store, tmp_path, forged, "forged_link")


def test_a_forgery_with_every_later_link_recomputed_is_caught_by_the_checkpoint(store, tmp_path):
    forge_after(store.app, CHANGED)
    run_sql(store.app, sql(store.app, "UPDATE {events} SET prev_position = NULL, digest = NULL, link = NULL "
                                      "WHERE {pos} > {p}"), (CHANGED,))
    link_store(store.app.recorder)  # the attacker re-links everything after the forgery
    expect(store, tmp_path, store.signed["position"], "forged_link")


def test_a_replaced_checkpoint_signature_is_named(store, tmp_path):
    position = store.signed["position"] + 1  # the Checkpoint event itself
    state = json.loads(bytes(run_sql(store.app, sql(store.app, "SELECT state FROM {events} WHERE {pos} = {p}"),
                                     (position,))[0]["state"]))
    state["signature"] = base64.b64encode(bytes(64)).decode()
    run_sql(store.app, sql(store.app, "UPDATE {events} SET state = {p} WHERE {pos} = {p}"),
            (json.dumps(state).encode(), position))
    expect(store, tmp_path, position, "bad_signature")


def test_a_failed_append_leaves_neither_event_nor_link(store, monkeypatch):
    before = head_link(store.app.recorder)
    count = len(run_sql(store.app, sql(store.app, "SELECT {pos} FROM {events} WHERE link IS NOT NULL")))

    def broken(*args):
        raise RuntimeError("disk penuh")
    monkeypatch.setattr(event_links, "link", broken)
    with pytest.raises(Exception):
        organisation.establish_unit(store.app, PLANNER, code="UPT-X", name="UPT Gagal", kind="puskesmas",
                                    parent_code="DINKES", service_priority=2)
    monkeypatch.undo()
    assert store.event_count() == before[0] and head_link(store.app.recorder) == before
    assert len(run_sql(store.app, sql(store.app, "SELECT {pos} FROM {events} WHERE link IS NOT NULL"))) == count
    organisation.establish_unit(store.app, PLANNER, code="UPT-Y", name="UPT Jadi", kind="puskesmas",
                                parent_code="DINKES", service_priority=2)
    assert verdict_of(store)["ok"]


def test_a_store_written_before_links_is_linked_when_opened(storage):
    env = storage.event_store_env()
    env.pop("APPLICATION_RECORDER_TOPIC")
    old = Mutasi(env=env)  # the recorder of the previous version: no links
    build_small_city(old)
    old.close()
    from events.system import System
    system = System(storage)
    try:
        assert len(run_sql(system.app, sql(system.app, "SELECT {pos} FROM {events} WHERE link IS NOT NULL"))) \
            == system.event_count() > 0
        assert ledger.verify_store(system.app, ADMIN, [system.app.checkpoint_signer.public_pem()], False)["ok"]
    finally:
        system.close()


def test_links_kept_in_the_previous_link_table_move_into_the_events_rows_as_they_were(storage):
    """A store of the version that kept links in `event_links`: its links are copied, not
    recomputed, so an edit made before the upgrade is still named after it."""
    env = storage.event_store_env()
    env.pop("APPLICATION_RECORDER_TOPIC")
    old = Mutasi(env=env)
    build_small_city(old)
    _, _, p = event_columns(old.recorder)
    schema = getattr(old.recorder.datastore, "schema", None)
    links = f'"{schema}"."{OLD_LINKS_TABLE}"' if schema else OLD_LINKS_TABLE
    rows, previous = [], event_links.ZERO
    for position, originator, version, topic, state, *_ in stored_rows_without_links(old):
        content = event_links.digest(originator, version, topic, state)
        previous = event_links.link(position, content, previous)
        rows.append((position, rows[-1][0] if rows else 0, content, previous))
    run_sql(old, f"CREATE TABLE {links} (position bigint PRIMARY KEY, prev_position bigint NOT NULL, "
                 "digest bytea NOT NULL, link bytea NOT NULL)")
    for row in rows:
        run_sql(old, f"INSERT INTO {links} VALUES ({p}, {p}, {p}, {p})", row)
    state = bytes(run_sql(old, sql(old, "SELECT state FROM {events} WHERE {pos} = {p}"), (CHANGED,))[0]["state"])
    run_sql(old, sql(old, "UPDATE {events} SET state = {p} WHERE {pos} = {p}"), (state + b" ", CHANGED))
    old.close()
    from events.system import System
    system = System(storage)
    try:
        linked = run_sql(system.app, sql(system.app, "SELECT {pos} FROM {events} WHERE link IS NOT NULL"))
        assert len(linked) == system.event_count() == len(rows)
        found = ledger.verify_store(system.app, ADMIN, [system.app.checkpoint_signer.public_pem()], False)
        assert (found["first_bad_position"], found["problem"]) == (CHANGED, "content_changed")
    finally:
        system.close()


def stored_rows_without_links(app):
    table, column, p = event_columns(app.recorder)
    identity = "uuid_send(originator_id)" if p == "%s" else "originator_id"
    for row in run_sql(app, f"SELECT {column} AS position, {identity} AS id, originator_version, topic, state "
                            f"FROM {table} ORDER BY {column}"):
        yield (row["position"], bytes(row["id"]) if p == "%s" else bytes.fromhex(row["id"]),
               row["originator_version"], row["topic"], bytes(row["state"]))


def test_an_inspector_countersigns_a_checkpoint_with_their_own_key(store, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    key_file = tmp_path / "pemeriksa.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    ledger.register_inspector_key(store.app, INSPECTOR, "Inspektur Pembantu I", public)
    position, link = store.signed["position"], store.signed["link"]
    with pytest.raises(Exception, match="tidak cocok"):
        ledger.countersign(store.app, INSPECTOR, position, "Inspektur Pembantu I", base64.b64encode(bytes(64)).decode())
    ledger.countersign(store.app, INSPECTOR, position, "Inspektur Pembantu I",
                       event_links.sign(str(key_file), position, link))
    assert ledger_rows.last_checkpoint()["countersigned_by"] == "Inspektur Pembantu I"
    assert verdict_of(store)["ok"]


def test_projections_rebuild_keeps_the_checkpoints_and_verifications(store):
    ledger.verify_store(store.app, ADMIN, [store.app.checkpoint_signer.public_pem()])
    before = projections.checksum()
    projections.rebuild(store.app)
    assert projections.checksum() == before
    assert ledger_rows.last_checkpoint()["position"] == store.signed["position"]
    assert ledger_rows.last_verification()["ok"] is True


def test_the_command_line_and_the_standalone_verifier_give_the_same_verdict(store, storage, tmp_path):
    env = env_for(storage)
    signed = mutasi("audit", "checkpoint", env=env).stdout
    assert f"Checkpoint posisi {store.event_count() - 1}" in signed
    assert json.loads(mutasi("audit", "verify", "--store", "--json", env=env).stdout)["checkpoints"] == 2
    run_sql(store.app, sql(store.app, "DELETE FROM {events} WHERE {pos} = {p}"), (CHANGED,))
    answer = mutasi("audit", "verify", "--store", "--json", env=env, check=False)
    assert answer.returncode == 1
    stored = json.loads(answer.stdout)
    assert (stored["ok"], stored["first_bad_position"], stored["problem"]) == (False, CHANGED, "event_missing")
    bundle = tmp_path / "bundel.tar.gz"
    mutasi("audit", "bundle", str(bundle), env=env)
    (tmp_path / "kunci.pem").write_text(mutasi("audit", "pubkey", env=env).stdout)
    with tarfile.open(bundle) as archive:
        archive.extract("verify_bundle.py", tmp_path, filter="data")
    alone = subprocess.run([sys.executable, "-I", "verify_bundle.py", str(bundle), "--pubkey", "kunci.pem",
                            "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert alone.returncode == 1
    assert {k: json.loads(alone.stdout)[k] for k in stored if k in ("ok", "first_bad_position", "problem",
                                                                    "events", "checkpoints")} == \
        {k: stored[k] for k in ("ok", "first_bad_position", "problem", "events", "checkpoints")}


def test_a_checkpoint_is_due_after_n_events_or_h_hours(store):
    from datetime import timedelta

    from domain.checkpoint import CheckpointSettings
    settings = CheckpointSettings(every_events=5, every_hours=24)
    assert ledger.checkpoint_if_due(store.app, settings) is None  # three events since the last one
    signed_at = ledger_rows.last_checkpoint()["signed_at"]
    later = ledger.checkpoint_if_due(store.app, settings, now=signed_at + timedelta(hours=25))
    assert later and later["position"] == store.event_count() - 1
    for n in range(5):
        organisation.establish_unit(store.app, PLANNER, code=f"PKM-{n}", name=f"Puskesmas {n}", kind="puskesmas",
                                    parent_code="DINKES", service_priority=2)
    assert ledger.checkpoint_if_due(store.app, settings)["position"] == store.event_count() - 1
    assert verdict_of(store)["checkpoints"] == 3


class Note(Aggregate):
    def __init__(self, n: int):
        self.n = n


def test_two_processes_writing_in_turn_keep_one_chain(storage):
    """Each recorder remembers the head it committed; when the other one wrote in between, it
    reads the head from the store instead of chaining on what it remembered."""
    first, second = Mutasi(env=storage.event_store_env()), Mutasi(env=storage.event_store_env())
    try:
        for n in range(6):
            (first if n % 3 else second).save(*[Note(n * 10 + k) for k in range(1 + n % 2)])
        verdict = event_links.Walk([], lambda content: None).run(stored_rows(first.recorder))
        assert verdict.ok and verdict.events == 9, verdict.message
    finally:
        first.close()
        second.close()

"""What the stored log's tamper evidence shows outside the store: the audit page (public key, last
checkpoint, last verification, a red banner when it failed), the exports' closing Log.Checkpoint
record, and a backup restored elsewhere that verifies with the original installation's key."""
from __future__ import annotations

import base64
import io
import json
import re

from conftest import mutasi
from domain.access import SYSTEM
from domain.event_links import checkpoint_message
from events.files.audit_chain import record_hash, verify_export
from events.app import Mutasi
from events.readside import audit
from events.readside.readmodels import db
from events.links import head_link
from events.usecases import accounts, ledger
from tests.test_backup import empty_storage  # noqa: F401 - a fixture
from tests.test_log_links import ADMIN, CHANGED, run_sql, sql, store  # noqa: F401 - store is a fixture
from tests.test_projection_faults import env_for, web_client
from tests.test_web import PASSWORD


def test_the_audit_page_shows_the_key_the_checkpoint_and_a_red_banner_after_a_failed_check(store):
    db.connect(reuse_if_open=True)
    accounts.add_user(store.app, SYSTEM, "inspektur", PASSWORD, "inspektur")
    keys = [store.app.checkpoint_signer.public_pem()]
    ledger.verify_store(store.app, ADMIN, keys)
    client = web_client(store, "inspektur")
    page = client.get("/audit/").get_data(as_text=True)
    assert store.app.checkpoint_signer.fingerprint() in page and "BEGIN PUBLIC KEY" in page
    export = client.get("/audit/ekspor.jsonl")
    assert export.headers["X-Checkpoint-Key-SHA256"] == store.app.checkpoint_signer.fingerprint()
    assert json.loads(export.get_data(as_text=True).splitlines()[-1])["type"] == "Log.Checkpoint"
    assert f"posisi {store.signed['position']}" in page and store.signed["link"] in page
    assert 'id="log-tampered"' not in page and "utuh —" in page
    run_sql(store.app, sql(store.app, "DELETE FROM {events} WHERE {pos} = {p}"), (CHANGED,))
    assert not ledger.verify_store(store.app, ADMIN, keys)["ok"]
    page = client.get("/audit/").get_data(as_text=True)
    assert 'id="log-tampered"' in page and f"Posisi {CHANGED}" in page
    from datetime import date
    from events.readside.findings import FindingRow
    from events.usecases import findings
    for _ in range(2):  # the failed verification is a finding of the Inspektorat's register, once
        findings.scan(store.app, date.today())
    found = [r for r in FindingRow.select() if r.kind == "checkpoint"]
    assert len(found) == 1 and f"posisi {CHANGED}" in found[0].detail


def test_an_export_ends_with_the_head_link_and_the_signed_checkpoint(store):
    db.connect(reuse_if_open=True)
    lines = list(io.StringIO("".join(audit.export(store.app, {}, "jsonl")), newline=""))
    last = json.loads(lines[-1])
    assert last["type"] == "Log.Checkpoint" and last["data"]["head_link"] == head_link(store.app.recorder)[1]
    assert last["data"]["checkpoint"]["link"] == store.signed["link"]
    ok, message = verify_export(lines)
    assert ok and "bertanda tangan sah" in message
    last["data"]["checkpoint"]["signature"] = base64.b64encode(bytes(64)).decode()
    last["hash"] = record_hash(last)  # the file's own chain stays whole: only the signature betrays it
    ok, message = verify_export(lines[:-1] + [json.dumps(last) + "\n"])
    assert not ok and "TIDAK bertanda tangan sah" in message
    csv_lines = list(io.StringIO("".join(audit.export(store.app, {"type": "Unit."}, "csv")), newline=""))
    assert verify_export(csv_lines)[0] and "Log.Checkpoint" in csv_lines[-1]


def test_a_restored_backup_keeps_its_links_and_verifies_with_the_original_key(store, storage, empty_storage,  # noqa: F811
                                                                             tmp_path):
    source, target = env_for(storage), env_for(empty_storage)
    backup = tmp_path / "cadangan.jsonl.gz"
    mutasi("backup", str(backup), env=source)
    mutasi("restore", str(backup), env=target)
    restored = Mutasi(env=empty_storage.event_store_env())
    assert head_link(restored.recorder) == head_link(store.app.recorder)  # the same links, recomputed
    restored.close()
    (tmp_path / "asli.pem").write_text(mutasi("audit", "pubkey", env=source).stdout)
    own_key_only = mutasi("audit", "verify", "--store", "--json", env=target, check=False)
    assert own_key_only.returncode == 1 and json.loads(own_key_only.stdout)["problem"] == "bad_signature"
    verified = json.loads(mutasi("audit", "verify", "--store", "--json", "--pubkey", str(tmp_path / "asli.pem"),
                                 env=target).stdout)
    assert verified["ok"] and verified["checkpoints"] == 1


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_an_inspector_registers_a_key_and_countersigns_on_the_audit_page(store, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    db.connect(reuse_if_open=True)
    accounts.add_user(store.app, SYSTEM, "inspektur", PASSWORD, "inspektur")
    accounts.add_user(store.app, SYSTEM, "admin", PASSWORD, "admin")
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    client = web_client(store, "inspektur")
    token = csrf(client.get("/audit/").get_data(as_text=True))
    assert client.post("/audit/log/kunci-pemeriksa", data={"csrf_token": token, "name": "Inspektur Pembantu II",
                                                            "public_key": public}).status_code == 302
    message = checkpoint_message(store.signed["position"], store.signed["link"])
    forged = client.post("/audit/log/tanda-tangan", data={
        "csrf_token": token, "position": store.signed["position"], "inspector": "Inspektur Pembantu II",
        "signature": base64.b64encode(Ed25519PrivateKey.generate().sign(message)).decode()})
    assert forged.status_code == 422 and "tidak cocok" in forged.get_data(as_text=True)
    assert client.post("/audit/log/tanda-tangan", data={
        "csrf_token": token, "position": store.signed["position"], "inspector": "Inspektur Pembantu II",
        "signature": base64.b64encode(key.sign(message)).decode()}).status_code == 302
    assert client.post("/audit/log/verifikasi", data={"csrf_token": token}).status_code == 302
    page = client.get("/audit/").get_data(as_text=True)
    assert "ditandatangani juga oleh Inspektur Pembantu II" in page and "utuh —" in page
    admin = web_client(store, "admin")
    assert admin.post("/audit/log/tanda-tangan", data={"csrf_token": csrf(admin.get("/audit/").get_data(as_text=True)),
                                                     "position": 1}).status_code == 403

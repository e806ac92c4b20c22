"""The log's tamper evidence as use cases: sign a checkpoint (on demand or when due), verify the
whole stored log and record the verdict, register an inspector's key and countersign a checkpoint.
The links themselves are written by the event store (`events.store`), the definitions are
`domain.event_links`."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

from domain import event_links
from domain.access import Actor
from domain.checkpoint import Checkpoint, CheckpointSettings, InspectorKey, LogVerification, checkpoint_id
from domain.limits import bounded_int
from domain.rules import DomainError
from events.files.log_bundle import write_bundle
from events.readside import ledger
from events.links import head_link, link_store, position_of_digest, stored_rows

SIGNATURE_LIMIT = 200
SYSTEM = Actor("sistem", "admin")  # the installation itself: periodic checkpoints


def checkpoint(app, actor: Actor) -> dict:
    """Signs the log's head (position and link) with the installation's key: a Checkpoint event."""
    actor.require("audit")
    head = head_link(app.recorder)
    if head is None:
        raise DomainError("Log kejadian masih kosong: belum ada yang dapat ditandatangani.")
    position, link = head
    signer = app.checkpoint_signer
    if signer is None:
        raise DomainError("Kunci checkpoint instalasi belum tersedia.")
    made = Checkpoint.sign(position=position, link=link, public_key=signer.public_pem(),
                           signature=signer.sign(position, link), actor=actor.username, role=actor.role)
    app.store(made, conflict=f"Checkpoint untuk posisi {position} sudah ada.")
    return {"position": position, "link": link, "signature": made.signature,
            "fingerprint": event_links.fingerprint(made.public_key)}


def checkpoint_if_due(app, settings: CheckpointSettings, now: datetime | None = None) -> dict | None:
    """A checkpoint when `every_events` events were stored since the last one (or since the start),
    or `every_hours` passed since it and something was stored since; None when not due."""
    head = head_link(app.recorder)
    if head is None:
        return None
    last = ledger.last_checkpoint()
    since = head[0] - (last["position"] + 1 if last else 0)  # the last checkpoint's own event aside
    if since <= 0:
        return None
    now = now or datetime.now(timezone.utc)
    started = last["signed_at"] if last else None
    old = started is not None and now.replace(tzinfo=None) - started >= timedelta(hours=settings.every_hours)
    if since < settings.every_events and not old:
        return None
    try:
        return checkpoint(app, SYSTEM)
    except DomainError:  # another process signed this head first
        return None


def verify_store(app, actor: Actor, trusted_keys: list[str], record: bool = True) -> dict:
    """Re-computes every link and checks every checkpoint of the stored log; the verdict (see
    domain.event_links.Verdict) is recorded as a LogVerification event when `record`."""
    actor.require("audit")
    walk = event_links.Walk(trusted_keys, lambda content: position_of_digest(app.recorder, content))
    verdict = walk.run(stored_rows(app.recorder)).as_dict()
    if record:
        run = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%fZ}-{uuid4().hex[:8]}"
        app.store(LogVerification.record(run=run, verdict=verdict, actor=actor.username, role=actor.role))
    return verdict


def register_inspector_key(app, actor: Actor, name: str, public_key: str) -> None:
    actor.require("countersign")
    app.store(InspectorKey.register(name=name, public_key=public_key, actor=actor.username, role=actor.role),
              conflict=f"Kunci pemeriksa dengan nama {name} sudah terdaftar.")


def countersign(app, actor: Actor, position, inspector: str, signature: str) -> None:
    """The inspector's own signature (made with their private key, e.g. by `event_links.py sign`)
    over a checkpoint, checked against their registered key before it is recorded."""
    actor.require("countersign")
    key = ledger.inspector_key(inspector)
    if key is None:
        raise DomainError(f"Kunci pemeriksa {inspector} belum terdaftar.")
    position = bounded_int(position, "Posisi checkpoint", 1, 2**63 - 1)
    if len(signature or "") > SIGNATURE_LIMIT:
        raise DomainError("Tanda tangan terlalu panjang (Ed25519 base64: 88 karakter).")
    made = app.load(Checkpoint, checkpoint_id(position), f"Checkpoint posisi {position}")
    made.countersign(inspector=key["name"], public_key=key["public_key"], signature=(signature or "").strip(),
                     actor=actor.username, role=actor.role)
    app.store(made)


def bundle(app, actor: Actor, target) -> dict:
    """The stored log, its links and checkpoints as one archive with the standalone verifier."""
    actor.require("audit")
    return write_bundle(app.recorder, app.checkpoint_signer.public_pem(), target)


def link_existing(app) -> int:
    """Links the events a previous version stored without links (also done whenever the log opens)."""
    return link_store(app.recorder)

"""Read models of the log's tamper evidence: its signed checkpoints with their countersignatures,
the inspectors' registered keys and the last verifications of the stored log (`domain.checkpoint`).
Built by the pull projection like every view; the checks themselves read the event store."""
from __future__ import annotations

import peewee as pw

from domain.event_links import fingerprint

from events.readside.readmodels import Base
from events.readside.stakeholder_handlers import cached, change, put, when


class CheckpointRow(Base):
    position = pw.BigIntegerField(primary_key=True)  # the signed head position
    link = pw.CharField(max_length=64)
    fingerprint = pw.CharField(max_length=64)  # of the installation's public key
    public_key = pw.TextField()
    signature = pw.CharField(max_length=120)
    signed_at = pw.DateTimeField(index=True)  # UTC
    actor = pw.CharField()
    countersigned_by = pw.TextField(default="")  # inspectors' names, comma-separated


class InspectorKeyRow(Base):
    name = pw.CharField(primary_key=True)
    public_key = pw.TextField()
    fingerprint = pw.CharField(max_length=64)
    registered_at = pw.DateTimeField()
    registered_by = pw.CharField()


class VerificationRow(Base):
    run = pw.CharField(primary_key=True)
    checked_at = pw.DateTimeField(index=True)  # UTC
    ok = pw.BooleanField()
    events = pw.BigIntegerField()
    checkpoints = pw.IntegerField()
    first_bad_position = pw.BigIntegerField(null=True)
    problem = pw.CharField(null=True)
    message = pw.TextField()
    head_position = pw.BigIntegerField(null=True)
    head_link = pw.CharField(null=True, max_length=64)
    actor = pw.CharField()


LEDGER_TABLES = (CheckpointRow, InspectorKeyRow, VerificationRow)


def fingerprint_of(pem: str) -> str:
    return fingerprint(pem)


def on_checkpoint(e, s):
    put(s, CheckpointRow, e.position, {
        "position": e.position, "link": e.link, "fingerprint": fingerprint_of(e.public_key),
        "public_key": e.public_key, "signature": e.signature, "signed_at": when(e), "actor": e.actor, "countersigned_by": ""})


def on_countersigned(e, s):
    names = [n for n in cached(s, CheckpointRow, e.position)["countersigned_by"].split(", ") if n]
    change(s, CheckpointRow, e.position, countersigned_by=", ".join([*names, e.inspector]))


def on_key_registered(e, s):
    put(s, InspectorKeyRow, e.name, {"name": e.name, "public_key": e.public_key,
                                     "fingerprint": fingerprint_of(e.public_key), "registered_at": when(e),
                                     "registered_by": e.actor})


def on_verified(e, s):
    put(s, VerificationRow, e.run, {
        "run": e.run, "checked_at": when(e), "ok": e.ok, "events": e.events, "checkpoints": e.checkpoints,
        "first_bad_position": e.first_bad_position, "problem": e.problem, "message": e.message,
        "head_position": e.head_position, "head_link": e.head_link, "actor": e.actor})


LEDGER_HANDLERS = {
    "Checkpoint.Created": on_checkpoint,
    "Checkpoint.Countersigned": on_countersigned,
    "InspectorKey.Registered": on_key_registered,
    "LogVerification.Recorded": on_verified,
}


# --- queries ---------------------------------------------------------------------------------------
def last_checkpoint() -> dict | None:
    return CheckpointRow.select().order_by(CheckpointRow.position.desc()).dicts().first()


def recent_checkpoints(limit: int = 10) -> list[dict]:
    return list(CheckpointRow.select().order_by(CheckpointRow.position.desc()).limit(limit).dicts())


def last_verification() -> dict | None:
    return VerificationRow.select().order_by(VerificationRow.checked_at.desc()).dicts().first()


def inspector_key(name: str) -> dict | None:
    return InspectorKeyRow.select().where(InspectorKeyRow.name == name).dicts().first()


def inspector_keys() -> list[dict]:
    return list(InspectorKeyRow.select().order_by(InspectorKeyRow.name).dicts())


def integrity() -> dict:
    """What the audit page shows about the log's tamper evidence."""
    verification, checkpoint = last_verification(), last_checkpoint()
    return {"verification": verification, "checkpoint": checkpoint, "inspector_keys": inspector_keys()}

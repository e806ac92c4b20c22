"""Signed checkpoints of the event log, inspectors' keys and their countersignatures, and the record
of each verification of the stored log. What a link and a signature are: `domain.event_links`.

`CheckpointSettings` (overridable as JSON in `MUTASI_CHECKPOINT_SETTINGS`): a checkpoint is due
when `every_events` events were stored since the last one, or `every_hours` have passed and at
least one event was stored since.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import event_links
from domain.limits import SHORT_TEXT_LIMIT, clean_text, settings_object
from domain.organisation import NAMESPACE
from domain.rules import DomainError

PEM_LIMIT = 1000  # an Ed25519 public key in PEM is 113 characters


@dataclass(frozen=True)
class CheckpointSettings:
    every_events: int = 1000
    every_hours: float = 24

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1_000_000:
                raise DomainError(f"Pengaturan checkpoint {item.name}: nilai {value!r} tidak sah (1–1.000.000).")
        if not isinstance(self.every_events, int):
            raise DomainError("Pengaturan checkpoint every_events harus bilangan bulat.")

    @classmethod
    def from_json(cls, text: str | None) -> "CheckpointSettings":
        values = settings_object(text, "MUTASI_CHECKPOINT_SETTINGS")
        unknown = sorted(set(values) - {item.name for item in fields(cls)})
        if unknown:
            raise DomainError(f"Pengaturan checkpoint tidak dikenal: {', '.join(unknown)}.")
        return replace(cls(), **values)


def checkpoint_id(position: int) -> UUID:
    return uuid5(NAMESPACE, f"checkpoint:{position}")


def inspector_key_id(name: str) -> UUID:
    return uuid5(NAMESPACE, f"inspector-key:{name}")


def check_public_key(pem: str) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    pem = (pem or "").strip()
    if not pem or len(pem) > PEM_LIMIT:
        raise DomainError("Kunci publik harus berupa PEM Ed25519 (paling banyak 1.000 karakter).")
    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeError, TypeError):
        raise DomainError("Kunci publik tidak dapat dibaca sebagai PEM.") from None
    if not isinstance(key, Ed25519PublicKey):
        raise DomainError("Kunci publik harus kunci Ed25519.")
    return pem + "\n"


class Checkpoint(Aggregate):
    """The installation's signature over (position, link) of the log's head at that moment."""

    @staticmethod
    def create_id(position: int, **_) -> UUID:
        return checkpoint_id(position)

    @classmethod
    def sign(cls, *, position: int, link: str, public_key: str, signature: str, actor: str,
             role: str) -> "Checkpoint":
        if not event_links.verify_signature(public_key, signature, event_links.checkpoint_message(position, link)):
            raise DomainError("Tanda tangan checkpoint tidak sah.")
        return cls(position=position, link=link, public_key=public_key, signature=signature,
                   actor=actor, role=role)

    @event("Created")
    def __init__(self, *, position: int, link: str, public_key: str, signature: str, actor: str, role: str):
        self.position, self.link, self.public_key, self.signature = position, link, public_key, signature
        self.countersigned_by: list[str] = []

    def countersign(self, *, inspector: str, public_key: str, signature: str, actor: str, role: str) -> None:
        if inspector in self.countersigned_by:
            raise DomainError(f"Checkpoint posisi {self.position} sudah ditandatangani {inspector}.")
        message = event_links.checkpoint_message(self.position, self.link)
        if not event_links.verify_signature(public_key, signature, message):
            raise DomainError(f"Tanda tangan {inspector} tidak cocok dengan checkpoint posisi {self.position} "
                              "dan kunci publik yang terdaftar.")
        self._countersigned(position=self.position, link=self.link, inspector=inspector,
                            public_key=public_key, signature=signature, actor=actor, role=role)

    @event("Countersigned")
    def _countersigned(self, *, position: int, link: str, inspector: str, public_key: str, signature: str,
                       actor: str, role: str):
        self.countersigned_by = [*self.countersigned_by, inspector]


class InspectorKey(Aggregate):
    """An inspector's own public key, so that their countersignatures can be checked by anyone."""

    @staticmethod
    def create_id(name: str, **_) -> UUID:
        return inspector_key_id(name)

    @classmethod
    def register(cls, *, name: str, public_key: str, actor: str, role: str) -> "InspectorKey":
        name = clean_text(name, "Nama pemeriksa", required=True, limit=SHORT_TEXT_LIMIT)
        return cls(name=name, public_key=check_public_key(public_key), actor=actor, role=role)

    @event("Registered")
    def __init__(self, *, name: str, public_key: str, actor: str, role: str):
        self.name, self.public_key = name, public_key


class LogVerification(Aggregate):
    """The verdict of one `mutasi audit verify --store` (or the audit page's check)."""

    @staticmethod
    def create_id(run: str, **_) -> UUID:
        return uuid5(NAMESPACE, f"log-verification:{run}")

    @classmethod
    def record(cls, *, run: str, verdict: dict, actor: str, role: str) -> "LogVerification":
        keys = ("ok", "events", "checkpoints", "first_bad_position", "problem", "message", "head_position",
                "head_link")
        return cls(run=run, actor=actor, role=role, **{k: verdict[k] for k in keys})

    @event("Recorded")
    def __init__(self, *, run: str, ok: bool, events: int, checkpoints: int, first_bad_position: int | None,
                 problem: str | None, message: str, head_position: int | None, head_link: str | None,
                 actor: str, role: str):
        self.ok = ok

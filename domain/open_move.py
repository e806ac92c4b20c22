"""A person's one open move. A proposal claims it in the same transaction that opens the proposal
and releases it in the transaction that ends it (rejected, withdrawn, executed). A second proposal
for a person whose move is held is refused here; two first claims racing each other both try to
create this aggregate at version 1, and the event store lets only one of them in (two browsers, two
workers, SQLite and PostgreSQL alike)."""
from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.organisation import NAMESPACE
from domain.rules import DomainError


def open_move_id(nip: str) -> UUID:
    return uuid5(NAMESPACE, f"open-move:{nip.strip()}")


class OpenMove(Aggregate):
    @staticmethod
    def create_id(nip: str) -> UUID:
        return open_move_id(nip)

    @classmethod
    def for_person(cls, *, nip: str, actor: str, role: str) -> "OpenMove":
        return cls(nip=nip, actor=actor, role=role)

    @event("Created")
    def __init__(self, nip: str, actor: str, role: str) -> None:
        self.nip = nip
        self.proposal_id: UUID | None = None

    def claim(self, *, proposal_id: UUID, name: str, actor: str, role: str) -> None:
        if self.proposal_id is not None and self.proposal_id != proposal_id:
            raise DomainError(f"{name} sedang dalam proses usulan mutasi lain (usulan "
                              f"{str(self.proposal_id)[:8]}): satu orang hanya satu usulan terbuka.")
        if self.proposal_id is None:
            self._claimed(nip=self.nip, proposal_id=proposal_id, actor=actor, role=role)

    def release(self, *, proposal_id: UUID, outcome: str, actor: str, role: str) -> None:
        if self.proposal_id == proposal_id:
            self._released(nip=self.nip, proposal_id=proposal_id, outcome=outcome, actor=actor, role=role)

    @event("Claimed")
    def _claimed(self, nip: str, proposal_id: UUID, actor: str, role: str) -> None:
        self.proposal_id = proposal_id

    @event("Released")
    def _released(self, nip: str, proposal_id: UUID, outcome: str, actor: str, role: str) -> None:
        self.proposal_id = None

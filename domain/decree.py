"""The SK Wali Kota: the decree that lists the approved moves. Its PDF's hash is recorded, so the
document handed out can be checked against the log."""
from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.organisation import NAMESPACE
from domain.rules import DomainError


def decree_id(sk_number: str) -> UUID:
    return uuid5(NAMESPACE, f"decree:{sk_number.strip().upper()}")


class Decree(Aggregate):
    @staticmethod
    def create_id(sk_number: str) -> UUID:
        return decree_id(sk_number)

    @classmethod
    def issue(cls, *, sk_number: str, sk_date: date, tmt: date, plan_id: UUID | None, lines: list,
              content_hash: str, actor: str, role: str) -> "Decree":
        if not (sk_number or "").strip():
            raise DomainError("Nomor SK wajib diisi.")
        if tmt < sk_date:
            raise DomainError("TMT tidak boleh sebelum tanggal SK.")
        if not lines:
            raise DomainError("Tidak ada usulan yang disetujui untuk dimuat dalam SK.")
        return cls(sk_number=sk_number.strip(), sk_date=sk_date, tmt=tmt, plan_id=plan_id, lines=lines,
                   content_hash=content_hash, actor=actor, role=role)

    @event("Issued")
    def __init__(self, sk_number: str, sk_date: date, tmt: date, plan_id: UUID | None, lines: list,
                 content_hash: str, actor: str, role: str) -> None:
        self.sk_number, self.sk_date, self.tmt, self.plan_id = sk_number, sk_date, tmt, plan_id
        self.lines, self.content_hash = lines, content_hash

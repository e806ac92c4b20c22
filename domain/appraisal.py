"""Appraisal periods (SKP): opened and closed by BKD; appraisals are recorded on each Employee."""
from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.organisation import NAMESPACE
from domain.rules import DomainError


def period_id(name: str) -> UUID:
    return uuid5(NAMESPACE, f"period:{name.strip().upper()}")


class AppraisalPeriod(Aggregate):
    @staticmethod
    def create_id(name: str) -> UUID:
        return period_id(name)

    @classmethod
    def open(cls, *, name: str, year: int, starts: date, ends: date, actor: str,
             role: str) -> "AppraisalPeriod":
        name = (name or "").strip()
        if not name:
            raise DomainError("Nama periode penilaian wajib diisi (contoh: SKP 2026).")
        if ends < starts:
            raise DomainError("Tanggal akhir periode tidak boleh sebelum tanggal mulai.")
        return cls(name=name, year=year, starts=starts, ends=ends, actor=actor, role=role)

    @event("Opened")
    def __init__(self, name: str, year: int, starts: date, ends: date, actor: str, role: str):
        self.name, self.year, self.starts, self.ends = name, year, starts, ends
        self.is_open = True

    def close(self, actor: str, role: str) -> None:
        if not self.is_open:
            raise DomainError(f"Periode {self.name} sudah ditutup.")
        self._closed(actor=actor, role=role)

    @event("Closed")
    def _closed(self, actor: str, role: str) -> None:
        self.is_open = False

"""Appraisal periods (SKP): opened and closed by BKD; each unit head submits their unit's ratings,
BKD may return a unit with a reason. The ratings themselves are recorded on each Employee."""
from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.limits import SHORT_TEXT_LIMIT, clean_text, day, year as check_year
from domain.organisation import NAMESPACE
from domain.rules import DomainError
from domain.skp_guidance import (DEFAULT_ORG_PREDIKAT, GUIDANCE, check_distribution,
                                 check_org_predikat, distribution)

SUBMITTED, RETURNED = "diajukan", "dikembalikan"


def period_id(name: str) -> UUID:
    return uuid5(NAMESPACE, f"period:{name.strip().upper()}")


class AppraisalPeriod(Aggregate):
    @staticmethod
    def create_id(name: str) -> UUID:
        return period_id(name)

    @classmethod
    def open(cls, *, name: str, year: int | str, starts: date | str, ends: date | str, actor: str,
             role: str) -> "AppraisalPeriod":
        """`year` and the dates may come as typed in a form; each is checked against its range."""
        name = (name or "").strip()
        if not name:
            raise DomainError("Nama periode penilaian wajib diisi (contoh: SKP 2026).")
        name = clean_text(name, "Nama periode penilaian", limit=SHORT_TEXT_LIMIT)
        year = check_year(year, "Tahun periode")
        starts, ends = day(starts, "Tanggal mulai"), day(ends, "Tanggal akhir")
        if ends < starts:
            raise DomainError("Tanggal akhir periode tidak boleh sebelum tanggal mulai.")
        return cls(name=name, year=year, starts=starts, ends=ends, actor=actor, role=role)

    @event("Opened")
    def __init__(self, name: str, year: int, starts: date, ends: date, actor: str, role: str):
        self.name, self.year, self.starts, self.ends = name, year, starts, ends
        self.is_open = True
        self.units: dict[str, str] = {}          # unit code -> diajukan / dikembalikan
        self.unit_predikats: dict[str, str] = {}  # unit code -> the organisation's own predikat

    # --- queries ----------------------------------------------------------------------------
    def unit_state(self, unit_code: str) -> str:
        """draf (nothing sent yet), diajukan, dikembalikan, or final once the period is closed."""
        return "final" if not self.is_open else self.units.get(unit_code, "draf")

    def is_submitted(self, unit_code: str) -> bool:
        return self.is_open and self.units.get(unit_code) == SUBMITTED

    def unit_predikat(self, unit_code: str) -> str:
        return self.unit_predikats.get(unit_code, DEFAULT_ORG_PREDIKAT)

    def check_open(self) -> None:
        if not self.is_open:
            raise DomainError(f"Periode {self.name} sudah ditutup.")

    # --- commands ---------------------------------------------------------------------------
    def close(self, actor: str, role: str) -> None:
        self.check_open()
        self._closed(actor=actor, role=role)

    def submit_unit(self, *, unit_code: str, predikats: list[str | None], actor: str, role: str,
                    guidance=GUIDANCE) -> list[str]:
        """The unit head sends every rating of the unit; returns the distribution warnings."""
        self.check_open()
        if self.is_submitted(unit_code):
            raise DomainError(f"Penilaian unit {unit_code} untuk {self.name} sudah diajukan.")
        if not predikats:
            raise DomainError(f"Unit {unit_code} tidak mempunyai pegawai aktif untuk dinilai.")
        unrated = sum(1 for p in predikats if p is None)
        if unrated:
            raise DomainError(f"Masih ada {unrated} pegawai yang belum dinilai; nilai semua pegawai "
                              "sebelum mengajukan.")
        counts = distribution(predikats)
        org = self.unit_predikat(unit_code)
        warnings = check_distribution(org, counts, guidance)
        self._unit_submitted(unit_code=unit_code, staff=len(predikats), distribution=counts,
                             org_predikat=org, warnings=warnings, actor=actor, role=role)
        return warnings

    def return_unit(self, *, unit_code: str, reason: str, actor: str, role: str) -> None:
        self.check_open()
        if not self.is_submitted(unit_code):
            raise DomainError(f"Unit {unit_code} belum mengajukan penilaian {self.name}; "
                              "tidak ada yang dikembalikan.")
        reason = clean_text(reason, "Alasan pengembalian", required=True)
        self._unit_returned(unit_code=unit_code, reason=reason, actor=actor, role=role)

    def set_unit_predikat(self, *, unit_code: str, predikat: str, actor: str, role: str) -> None:
        self.check_open()
        check_org_predikat(predikat)
        if predikat == self.unit_predikat(unit_code):
            raise DomainError(f"Predikat unit {unit_code} sudah {predikat}.")
        self._unit_predikat_set(unit_code=unit_code, predikat=predikat, actor=actor, role=role)

    # --- events: assignments only -------------------------------------------------------------
    @event("Closed")
    def _closed(self, actor: str, role: str) -> None:
        self.is_open = False

    @event("UnitSubmitted")
    def _unit_submitted(self, unit_code: str, staff: int, distribution: dict, org_predikat: str,
                        warnings: list, actor: str, role: str) -> None:
        self.units[unit_code] = SUBMITTED

    @event("UnitReturned")
    def _unit_returned(self, unit_code: str, reason: str, actor: str, role: str) -> None:
        self.units[unit_code] = RETURNED

    @event("UnitPredikatSet")
    def _unit_predikat_set(self, unit_code: str, predikat: str, actor: str, role: str) -> None:
        self.unit_predikats[unit_code] = predikat

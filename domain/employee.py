"""An ASN (PNS or PPPK) and everything that happens to them, as events."""
from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.appraisal import AppraisalPeriod
from domain.organisation import NAMESPACE, Position
from domain.rules import (POTENTIALS, DomainError, check_rating, golongan_rank, nine_box,
                          predikat, validate_nip)

STATUSES = ("PNS", "PPPK")
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
LEAVE_REASONS = ("BUP", "atas permintaan sendiri", "meninggal dunia", "diberhentikan")


def employee_id(nip: str) -> UUID:
    return uuid5(NAMESPACE, f"employee:{nip}")


def required(value: str | None, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"{label} wajib diisi.")
    return value


class Employee(Aggregate):
    @staticmethod
    def create_id(nip: str) -> UUID:
        return employee_id(nip)

    @classmethod
    def register(cls, *, nip: str, name: str, sex: str, birth_date: date, status: str,
                 golongan: str, education_level: str, education_field: str,
                 education_family: str, position: Position, in_post_since: date,
                 cpns_date: date, actor: str, role: str) -> "Employee":
        if sex not in ("L", "P"):
            raise DomainError("Jenis kelamin harus L atau P.")
        nip = validate_nip(nip, birth_date, sex)
        if status not in STATUSES:
            raise DomainError(f"Status kepegawaian '{status}' tidak dikenal (PNS atau PPPK).")
        golongan_rank(golongan)
        if education_level not in EDUCATION_LEVELS:
            raise DomainError(f"Jenjang pendidikan '{education_level}' tidak dikenal.")
        return cls(nip=nip, name=required(name, "Nama"), sex=sex, birth_date=birth_date,
                   status=status, golongan=golongan, education_level=education_level,
                   education_field=required(education_field, "Bidang pendidikan"),
                   education_family=education_family, position_id=position.id,
                   unit_id=position.unit_id, in_post_since=in_post_since, cpns_date=cpns_date,
                   actor=actor, role=role)

    @event("Registered")
    def __init__(self, nip: str, name: str, sex: str, birth_date: date, status: str,
                 golongan: str, education_level: str, education_field: str,
                 education_family: str, position_id: UUID, unit_id: UUID, in_post_since: date,
                 cpns_date: date, actor: str, role: str) -> None:
        self.nip, self.name, self.sex, self.birth_date = nip, name, sex, birth_date
        self.status, self.golongan, self.cpns_date = status, golongan, cpns_date
        self.education_level, self.education_field = education_level, education_field
        self.education_family = education_family
        self.position_id, self.unit_id, self.in_post_since = position_id, unit_id, in_post_since
        self.active = True
        self.appraisals: dict[str, str] = {}

    # --- commands -------------------------------------------------------------------------
    def check_active(self) -> None:
        if not self.active:
            raise DomainError(f"{self.name} ({self.nip}) sudah tidak aktif; tidak dapat diubah.")

    def promote(self, *, golongan: str, tmt: date, sk_number: str, actor: str, role: str) -> None:
        self.check_active()
        if golongan_rank(golongan) <= golongan_rank(self.golongan):
            raise DomainError(f"Kenaikan pangkat harus ke golongan di atas {self.golongan}.")
        self._promoted(golongan=golongan, previous=self.golongan, tmt=tmt,
                       sk_number=required(sk_number, "Nomor SK"), actor=actor, role=role)

    def transfer(self, *, to: Position, sk_number: str, sk_date: date, tmt: date, reason: str,
                 actor: str, role: str) -> None:
        self.check_active()
        if to.id == self.position_id:
            raise DomainError("Jabatan tujuan sama dengan jabatan saat ini.")
        if tmt < self.in_post_since:
            raise DomainError("TMT mutasi tidak boleh sebelum TMT jabatan saat ini.")
        if sk_date > tmt:
            raise DomainError("Tanggal SK tidak boleh sesudah TMT.")
        self._transferred(from_position_id=self.position_id, from_unit_id=self.unit_id,
                          to_position_id=to.id, to_unit_id=to.unit_id,
                          sk_number=required(sk_number, "Nomor SK"), sk_date=sk_date, tmt=tmt,
                          reason=required(reason, "Alasan mutasi"), actor=actor, role=role)

    def appraise(self, *, period: AppraisalPeriod, hasil_kerja: str, perilaku: str,
                 justification: str, actor: str, role: str) -> None:
        self.check_active()
        if not period.is_open:
            raise DomainError(f"Periode {period.name} sudah ditutup; gunakan koreksi dengan alasan.")
        if period.name in self.appraisals:
            raise DomainError(f"{self.name} sudah dinilai untuk {period.name}; gunakan koreksi.")
        self._appraised(period=period.name, year=period.year, hasil_kerja=hasil_kerja,
                        perilaku=perilaku, predikat=predikat(hasil_kerja, perilaku),
                        justification=(justification or "").strip(), actor=actor, role=role)

    def correct_appraisal(self, *, period: AppraisalPeriod, hasil_kerja: str, perilaku: str,
                          reason: str, actor: str, role: str) -> None:
        if period.name not in self.appraisals:
            raise DomainError(f"Belum ada penilaian {period.name} untuk dikoreksi.")
        self._appraisal_corrected(period=period.name, year=period.year, hasil_kerja=hasil_kerja,
                                  perilaku=perilaku, predikat=predikat(hasil_kerja, perilaku),
                                  reason=required(reason, "Alasan koreksi"), actor=actor, role=role)

    def assess_talent(self, *, period: str, kinerja: str, potensial: str, actor: str,
                      role: str) -> None:
        self.check_active()
        check_rating(kinerja, "kinerja")
        if potensial not in POTENTIALS:
            raise DomainError(f"Potensial '{potensial}' tidak dikenal.")
        self._talent_assessed(period=required(period, "Periode"), kinerja=kinerja,
                              potensial=potensial, box=nine_box(kinerja, potensial),
                              actor=actor, role=role)

    def leave(self, *, on: date, reason: str, actor: str, role: str) -> None:
        self.check_active()
        if reason not in LEAVE_REASONS:
            raise DomainError(f"Alasan berhenti '{reason}' tidak dikenal.")
        self._left(on=on, reason=reason, position_id=self.position_id, unit_id=self.unit_id,
                   actor=actor, role=role)

    # --- events: assignments only ------------------------------------------------------------
    @event("Promoted")
    def _promoted(self, golongan: str, previous: str, tmt: date, sk_number: str, actor: str,
                  role: str) -> None:
        self.golongan = golongan

    @event("Transferred")
    def _transferred(self, from_position_id: UUID, from_unit_id: UUID, to_position_id: UUID,
                     to_unit_id: UUID, sk_number: str, sk_date: date, tmt: date, reason: str,
                     actor: str, role: str) -> None:
        self.position_id, self.unit_id, self.in_post_since = to_position_id, to_unit_id, tmt

    @event("Appraised")
    def _appraised(self, period: str, year: int, hasil_kerja: str, perilaku: str, predikat: str,
                   justification: str, actor: str, role: str) -> None:
        self.appraisals[period] = predikat

    @event("AppraisalCorrected")
    def _appraisal_corrected(self, period: str, year: int, hasil_kerja: str, perilaku: str,
                             predikat: str, reason: str, actor: str, role: str) -> None:
        self.appraisals[period] = predikat

    @event("TalentAssessed")
    def _talent_assessed(self, period: str, kinerja: str, potensial: str, box: int, actor: str,
                         role: str) -> None:
        self.talent_box = box

    @event("Left")
    def _left(self, on: date, reason: str, position_id: UUID, unit_id: UUID, actor: str,
              role: str) -> None:
        self.active = False

"""The Inspektorat's findings register: what the check over the log found (each finding once, with
the position of its evidence in the log) and the inspector's examination of it, both as events."""
from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.limits import SHORT_TEXT_LIMIT, clean_text
from domain.organisation import NAMESPACE
from domain.rules import DomainError

SEVERITIES = {"tinggi": "Tinggi", "sedang": "Sedang", "rendah": "Rendah"}
KINDS = {  # kind: (label, severity)
    "mutasi_melanggar_aturan": ("Mutasi dilaksanakan dengan aturan yang tidak terpenuhi pada TMT", "tinggi"),
    "pemisahan_tugas": ("Pelanggaran pemisahan tugas", "tinggi"),
    "keputusan_tanpa_alasan": ("Keputusan berbeda dengan rekomendasi Tim tanpa alasan", "tinggi"),
    "sk_tidak_cocok": ("Berkas SK tidak cocok dengan SK yang dibangkitkan ulang", "tinggi"),
    "pengecualian_aturan": ("Pengecualian aturan oleh PPK", "sedang"),
    "evaluasi_terlambat": ("Evaluasi pasca-mutasi terlambat", "rendah"),
    "checkpoint": ("Checkpoint log hilang atau gagal", "tinggi"),
}
EXAMINER_ROLES = ("inspektur",)


def finding_id(kind: str, evidence_position: int, subject: str) -> UUID:
    """One finding per kind, evidence and subject: found twice, recorded once (the store refuses)."""
    return uuid5(NAMESPACE, f"finding:{kind}:{evidence_position}:{subject}")


class Finding(Aggregate):

    @staticmethod
    def create_id(kind: str, evidence_position: int, subject: str) -> UUID:
        return finding_id(kind, evidence_position, subject)

    @classmethod
    def record(cls, *, kind: str, evidence_position: int, subject: str, detail: str, evidence_at: datetime,
               unit_code: str | None, nip: str | None, actor: str, role: str) -> "Finding":
        if kind not in KINDS:
            raise DomainError(f"Jenis temuan '{kind}' tidak dikenal.")
        return cls(kind=kind, severity=KINDS[kind][1], evidence_position=evidence_position,
                   subject=clean_text(subject, "Pokok temuan", required=True, limit=SHORT_TEXT_LIMIT),
                   detail=clean_text(detail, "Uraian temuan", required=True), evidence_at=evidence_at,
                   unit_code=unit_code, nip=nip, actor=actor, role=role)

    @event("Recorded")
    def __init__(self, kind: str, severity: str, evidence_position: int, subject: str, detail: str,
                 evidence_at: datetime, unit_code: str | None, nip: str | None, actor: str, role: str) -> None:
        self.kind, self.severity, self.evidence_position = kind, severity, evidence_position
        self.subject, self.detail, self.unit_code, self.nip = subject, detail, unit_code, nip
        self.examinations: list = []

    def examine(self, *, note: str, actor: str, role: str) -> None:
        if role not in EXAMINER_ROLES:
            raise DomainError("Hanya Inspektorat yang menandai temuan sudah diperiksa.")
        self._examined(note=clean_text(note, "Catatan pemeriksaan", required=True), actor=actor, role=role)

    @event("Examined")
    def _examined(self, note: str, actor: str, role: str) -> None:
        self.examinations.append(actor)

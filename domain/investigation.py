"""A service decline and what BKD does about it: flagged by the system, opened as an investigation,
findings, corrective actions (training, coaching, a corrective proposal through the approval
workflow), closed. While an investigation is open nobody more is planned out of the unit
(PlanSettings.hold_units_under_investigation)."""
from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.labels import INVESTIGATION_STATES
from domain.organisation import NAMESPACE
from domain.public_text import clean
from domain.rules import DomainError

STATES = INVESTIGATION_STATES  # domain/labels.py
ACTION_KINDS = {"pelatihan": "pelatihan", "pembinaan": "pembinaan / bimbingan",
                "usulan_korektif": "usulan mutasi korektif"}
SYSTEM_ACTOR = ("sistem", "sistem")
MOVEMENTS_KEPT = 50  # the flag names at most this many mutations (the latest)


def investigation_id(unit_code: str, period: str) -> UUID:
    return uuid5(NAMESPACE, f"decline:{unit_code}:{period}")


def text(value: str, label: str, minimum: int = 5) -> str:
    return clean(value, label, max_chars=4000, min_chars=minimum, multiline=True, max_links=5)


class Investigation(Aggregate):
    @staticmethod
    def create_id(unit_code: str, period: str) -> UUID:
        return investigation_id(unit_code, period)

    @classmethod
    def flag(cls, *, unit_code: str, unit_name: str, period: str, previous_period: str,
             previous_score: float, score: float, drop: float, threshold: float,
             movements: list[dict]) -> "Investigation":
        kept = sorted(movements, key=lambda m: (m["tmt"], m["nip"]))[-MOVEMENTS_KEPT:]
        return cls(unit_code=unit_code, unit_name=unit_name, period=period,
                   previous_period=previous_period, previous_score=previous_score, score=score,
                   drop=drop, threshold=threshold, movements=kept, actor=SYSTEM_ACTOR[0],
                   role=SYSTEM_ACTOR[1])

    @event("Flagged")
    def __init__(self, unit_code: str, unit_name: str, period: str, previous_period: str,
                 previous_score: float, score: float, drop: float, threshold: float,
                 movements: list[dict], actor: str, role: str) -> None:
        self.unit_code, self.unit_name, self.period = unit_code, unit_name, period
        self.previous_period, self.previous_score, self.score = previous_period, previous_score, score
        self.movements = movements
        self.status, self.findings, self.actions = "flagged", None, []

    def require_status(self, status: str, doing: str) -> None:
        if self.status != status:
            raise DomainError(f"Investigasi berstatus '{STATES[self.status]}': tidak dapat {doing}.")

    def open(self, *, note: str, actor: str, role: str) -> None:
        self.require_status("flagged", "dibuka")
        self._opened(note=text(note, "Catatan pembukaan", 0), actor=actor, role=role)

    def record_findings(self, *, findings: str, actor: str, role: str) -> None:
        self.require_status("open", "mencatat temuan")
        self._findings(findings=text(findings, "Temuan", 10), actor=actor, role=role)

    def check_action(self, kind: str, description: str) -> str:
        """Validates an action before anything is done for it (a corrective proposal)."""
        self.require_status("open", "mencatat tindakan")
        if kind not in ACTION_KINDS:
            raise DomainError(f"Jenis tindakan '{kind}' tidak dikenal (pelatihan, pembinaan, usulan korektif).")
        return text(description, "Uraian tindakan")

    def record_action(self, *, kind: str, description: str, nip: str | None, name: str | None,
                      employee_id: UUID | None, proposal_id: UUID | None, actor: str, role: str) -> None:
        description = self.check_action(kind, description)
        if kind == "usulan_korektif" and proposal_id is None:
            raise DomainError("Tindakan usulan korektif harus disertai usulan mutasi.")
        self._action(kind=kind, description=description, nip=nip, name=name, employee_id=employee_id,
                     proposal_id=proposal_id, number=len(self.actions) + 1, actor=actor, role=role)

    def close(self, *, summary: str, actor: str, role: str) -> None:
        self.require_status("open", "ditutup")
        if not self.findings:
            raise DomainError("Catat temuan investigasi sebelum menutupnya.")
        if not self.actions:
            raise DomainError("Catat sedikitnya satu tindakan korektif sebelum menutup investigasi.")
        self._closed(summary=text(summary, "Ringkasan penutupan"), actor=actor, role=role)

    @event("Opened")
    def _opened(self, note: str, actor: str, role: str) -> None:
        self.status = "open"

    @event("FindingsRecorded")
    def _findings(self, findings: str, actor: str, role: str) -> None:
        self.findings = findings

    @event("ActionRecorded")
    def _action(self, kind: str, description: str, nip: str | None, name: str | None,
                employee_id: UUID | None, proposal_id: UUID | None, number: int, actor: str,
                role: str) -> None:
        self.actions.append({"kind": kind, "nip": nip, "proposal_id": proposal_id})

    @event("Closed")
    def _closed(self, summary: str, actor: str, role: str) -> None:
        self.status = "closed"

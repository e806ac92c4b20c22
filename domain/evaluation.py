"""Post-move evaluation: 3 and 6 months after an executed mutation the head of the new unit records
how the person adapted and performed against expectation (DOMAIN.md: EVALUASI (3 and 6 months))."""
from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.organisation import NAMESPACE
from domain.proposal import EVALUATION_MONTHS
from domain.public_text import clean
from domain.rules import RATING_LABELS, DomainError, check_rating

ADAPTATION = {"baik": "beradaptasi baik", "cukup": "cukup beradaptasi", "kurang": "kurang beradaptasi"}


def evaluation_id(proposal_id: UUID, months: int) -> UUID:
    return uuid5(NAMESPACE, f"evaluation:{proposal_id}:{months}")


def opens_on(due: date, days_before: int) -> date:
    return due - timedelta(days=days_before)


class Evaluation(Aggregate):
    """One evaluation of one executed proposal at 3 or 6 months; recorded once (the id says so)."""

    @staticmethod
    def create_id(proposal_id: UUID, months: int) -> UUID:
        return evaluation_id(proposal_id, months)

    @classmethod
    def record(cls, *, proposal_id: UUID, employee_id: UUID, nip: str, name: str, unit_code: str,
               months: int, due: date, on: date, days_before: int, adaptation: str,
               performance: str, notes: str, actor: str, role: str) -> "Evaluation":
        if months not in EVALUATION_MONTHS:
            raise DomainError(f"Evaluasi hanya pada bulan ke-{' dan ke-'.join(map(str, EVALUATION_MONTHS))}.")
        if on < opens_on(due, days_before):
            raise DomainError(f"Evaluasi {months} bulan baru dapat diisi mulai "
                              f"{opens_on(due, days_before):%d-%m-%Y} (jatuh tempo {due:%d-%m-%Y}).")
        if adaptation not in ADAPTATION:
            raise DomainError("Pilih penilaian adaptasi: baik, cukup, atau kurang.")
        check_rating(performance, "kinerja dibanding ekspektasi")
        notes = clean(notes, "Catatan evaluasi", max_chars=2000, multiline=True, max_links=5)
        if (adaptation == "kurang" or performance == "di_bawah") and not notes:
            raise DomainError("Catatan wajib diisi bila adaptasi kurang atau kinerja di bawah ekspektasi.")
        return cls(proposal_id=proposal_id, employee_id=employee_id, nip=nip, name=name,
                   unit_code=unit_code, months=months, due=due, on=on, overdue=on > due,
                   adaptation=adaptation, performance=performance, notes=notes, actor=actor, role=role)

    @event("Recorded")
    def __init__(self, proposal_id: UUID, employee_id: UUID, nip: str, name: str, unit_code: str,
                 months: int, due: date, on: date, overdue: bool, adaptation: str, performance: str,
                 notes: str, actor: str, role: str) -> None:
        self.proposal_id, self.employee_id, self.nip, self.name = proposal_id, employee_id, nip, name
        self.unit_code, self.months, self.due, self.on = unit_code, months, due, on
        self.adaptation, self.performance, self.notes = adaptation, performance, notes


def summary(months: int, unit_code: str, adaptation: str, performance: str) -> str:
    return (f"Evaluasi {months} bulan pasca-mutasi di {unit_code}: {ADAPTATION[adaptation]}, kinerja "
            f"{RATING_LABELS[performance]}")

"""The Mutasi application: the event store's plumbing (load, store, get by business key, the
transcodings). The use cases that call it live in events/usecases/, one module per capability."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Callable, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
import eventsourcing.domain
from eventsourcing.domain import CanCreateTimestamp
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.appraisal import AppraisalPeriod, period_id
from domain.committee import CommitteeSettings
from domain.decree_settings import DEFAULT_DECREE_SETTINGS, DecreeSettings
from domain.employee import Employee, employee_id
from domain.organisation import Position, position_id
from domain.limits import shown
from domain.plan import Plan
from domain.rules import ConflictError, DomainError
from events.store import DateAsISO

A = TypeVar("A")
_recorded_at: ContextVar[datetime | None] = ContextVar("recorded_at", default=None)


def _event_timestamp() -> datetime:
    return _recorded_at.get() or eventsourcing.domain.datetime_now_with_tzinfo()  # looked up now: tests set it


CanCreateTimestamp.create_timestamp = staticmethod(_event_timestamp)  # where every event gets its time


def record_from_now_at(moment: datetime | None) -> None:
    """Events created from now on, in this context, are recorded at `moment` (None: now). For a
    history built in a context of its own (`contextvars.copy_context().run`), so it cannot leak."""
    if moment is not None and moment.tzinfo is None:
        raise ValueError("recorded_at needs an aware datetime")
    _recorded_at.set(moment.astimezone(timezone.utc) if moment else None)


@contextmanager
def recorded_at(moment: datetime):
    """Events created inside the block are recorded at `moment` (aware) instead of now. Only for
    building a history as it would have been recorded (the demo loader, tests): no route, form or
    command a user can give reaches it."""
    if moment.tzinfo is None:
        raise ValueError("recorded_at needs an aware datetime")
    token = _recorded_at.set(moment.astimezone(timezone.utc))
    try:
        yield
    finally:
        _recorded_at.reset(token)


def check_version(employee: Employee, expected_version: int | None) -> None:
    """Refused when someone changed the person since the form was rendered."""
    if expected_version is not None and employee.version != expected_version:
        raise ConflictError(f"Data {employee.name} sudah diubah orang lain sejak Anda membukanya "
                            "(versi berubah); muat ulang dan periksa kembali.")


class Mutasi(Application):
    name = "Mutasi"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # --- plumbing ---------------------------------------------------------------------------
    def load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        """The aggregate; `what` names it in the refusal (a typed key in it is cut short)."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise DomainError(f"{shown(what, 80)} tidak ditemukan.") from None
        if not isinstance(aggregate, cls):
            raise DomainError(f"{shown(what, 80)} tidak ditemukan.")
        return aggregate

    on_saved: Callable[[int], None] | None = None  # set by System: brings the views up to a position
    checkpoint_signer = None  # set by System: signs the log's head (events.files.checkpoint_key)
    decree_signer = None  # set by System: signs each SK with the installation's key (events.files.signing)
    decree_settings: DecreeSettings = DEFAULT_DECREE_SETTINGS  # the SK's wording; System reads the environment
    committee_settings: CommitteeSettings = CommitteeSettings()  # the Tim's members and quorum; likewise

    def store(self, *aggregates, conflict: str | None = None) -> None:
        """save() that turns a lost optimistic-concurrency race into a message, then lets the
        System bring the views up to this write (a read after one's own write sees it)."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(conflict or "Data ini baru saja diubah oleh pengguna lain; "
                                "muat ulang halaman dan coba lagi.") from None
        if self.on_saved and recordings:
            self.on_saved(max(r.notification.id for r in recordings))

    def employee(self, nip: str, expected_version: int | None = None) -> Employee:
        employee = self.load(Employee, employee_id((nip or "").strip()), f"ASN dengan NIP {nip}")
        check_version(employee, expected_version)
        return employee

    def position(self, code: str) -> Position:
        return self.load(Position, position_id(code), f"Jabatan {code}")

    def plan(self, plan_id) -> Plan:
        try:
            return self.load(Plan, UUID(str(plan_id)), "Rencana")
        except ValueError:
            raise DomainError("Rencana tidak ditemukan.") from None

    def load_position_code(self, position_uuid: UUID) -> str:
        return self.load(Position, position_uuid, "Jabatan").code

    def period(self, name: str) -> AppraisalPeriod:
        return self.load(AppraisalPeriod, period_id(name), f"Periode penilaian {name}")

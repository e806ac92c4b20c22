"""Projection faults: events the projection could not apply, parked so that the read side keeps serving.

An event whose handler raises, or whose rows the database refuses (a year too large for an integer
column), is recorded here with its position and the error, and the projection goes on with the next
events. A later event of the same aggregate that projects cleanly marks the fault resolved (a
correcting event); a rebuild, after the handler is fixed, recreates the table and replays the log.
"""
from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID

import peewee as pw

from events.readside.readmodels import Base

MAX_ERROR = 2000  # characters of the error kept


class ProjectionFaultRow(Base):
    position = pw.BigIntegerField(primary_key=True)  # notification id of the event
    event_type = pw.CharField()  # "AppraisalPeriod.Opened"
    aggregate_id = pw.UUIDField(index=True)
    error = pw.TextField()
    recorded_at = pw.DateTimeField()  # UTC
    resolved_by = pw.BigIntegerField(null=True)  # the later event of the same aggregate that projected


def event_type(topic: str) -> str:
    """"domain.appraisal:AppraisalPeriod.Opened" → "AppraisalPeriod.Opened" (also for an event
    whose class can no longer be loaded)."""
    return topic.partition(":")[2] or topic


def record(notification, error: BaseException) -> None:
    row = {"position": notification.id, "event_type": event_type(notification.topic),
           "aggregate_id": notification.originator_id, "error": f"{type(error).__name__}: {error}"[:MAX_ERROR],
           "recorded_at": datetime.now(timezone.utc).replace(tzinfo=None), "resolved_by": None}
    (ProjectionFaultRow.insert(**row)
     .on_conflict(conflict_target=[ProjectionFaultRow.position], update=row).execute())


def open_aggregates() -> set[UUID]:
    """The aggregates with an unresolved fault (usually none: one cheap query per catch-up)."""
    query = (ProjectionFaultRow.select(ProjectionFaultRow.aggregate_id)
             .where(ProjectionFaultRow.resolved_by.is_null()))
    return {row.aggregate_id for row in query}


def resolve(corrections: dict[UUID, int]) -> None:
    """Each aggregate's open faults before the position of its later, cleanly projected event."""
    for aggregate_id, position in corrections.items():
        (ProjectionFaultRow.update(resolved_by=position)
         .where(ProjectionFaultRow.aggregate_id == aggregate_id, ProjectionFaultRow.resolved_by.is_null(),
                ProjectionFaultRow.position < position).execute())


def list_faults(limit: int = 100) -> list[dict]:
    """Open faults first, then resolved ones; oldest first within each."""
    query = (ProjectionFaultRow.select()
             .order_by(ProjectionFaultRow.resolved_by.is_null(False), ProjectionFaultRow.position).limit(limit))
    return [{"position": r.position, "type": r.event_type, "error": r.error, "aggregate_id": str(r.aggregate_id),
             "recorded_at": r.recorded_at.isoformat(timespec="seconds") + "Z", "resolved_by": r.resolved_by}
            for r in query]

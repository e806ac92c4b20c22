"""Read models of the Tim Penilai Kinerja's sessions, built by the pull projection
(events/readside/committee_handlers.py). Natural keys only, so a rebuild gives the same rows."""
from __future__ import annotations

import peewee as pw

from events.readside.readmodels import Base


class CommitteeSessionRow(Base):
    """One session (sidang): open until it concludes with its berita acara."""
    id = pw.UUIDField(primary_key=True)
    number = pw.CharField(unique=True)
    held_on = pw.DateField(index=True)
    state = pw.CharField(index=True)    # open | concluded
    members = pw.TextField()            # JSON: [{"username", "name", "seat"}] present, in the roster's order
    items = pw.IntegerField()
    convened_by = pw.CharField()
    convened_at = pw.DateTimeField()
    concluded_by = pw.CharField(null=True)
    concluded_at = pw.DateTimeField(null=True)
    minutes_sha256 = pw.CharField(null=True, max_length=64)


class CommitteeItemRow(Base):
    """One proposal on a session's agenda, with the names the berita acara prints and, once the
    session concluded, the Tim's recommendation."""
    session_id = pw.UUIDField()
    proposal_id = pw.UUIDField(index=True)
    number = pw.IntegerField()
    nip = pw.CharField()
    name = pw.CharField()
    from_post = pw.CharField()
    from_post_name = pw.CharField()
    from_unit_name = pw.CharField()
    to_post = pw.CharField()
    to_post_name = pw.CharField()
    to_unit_name = pw.CharField()
    recommendation = pw.CharField(null=True)  # setuju | tidak_setuju
    note = pw.TextField(null=True)

    class Meta:
        primary_key = pw.CompositeKey("session_id", "proposal_id")


class CommitteeViewRow(Base):
    """One present member's view on one item."""
    session_id = pw.UUIDField()
    proposal_id = pw.UUIDField()
    member = pw.CharField()
    opinion = pw.CharField()
    note = pw.TextField()
    recorded_by = pw.CharField()
    recorded_at = pw.DateTimeField()

    class Meta:
        primary_key = pw.CompositeKey("session_id", "proposal_id", "member")


COMMITTEE_TABLES = (CommitteeSessionRow, CommitteeItemRow, CommitteeViewRow)

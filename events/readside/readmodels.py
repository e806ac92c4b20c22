"""Peewee read models: the rows projections build from events. Rebuildable at any time."""
from __future__ import annotations

import threading
from contextlib import contextmanager

import peewee as pw


class ViewsDatabase(pw.DatabaseProxy):
    """The read models' database: the installation's (`initialize`), or, inside `reading(other)`,
    another one for this thread only (a replay "per tanggal"); other threads keep the installation's."""
    __slots__ = ("_shared", "_local")

    def __init__(self):
        object.__setattr__(self, "_local", threading.local())
        super().__init__()

    def __setattr__(self, attr, value):
        if attr not in ("obj", "_callbacks", "_Model", "_shared"):
            raise AttributeError("Cannot set attribute on proxy.")
        object.__setattr__(self, attr, value)

    @property
    def obj(self):
        return getattr(self._local, "database", None) or self._shared

    @obj.setter
    def obj(self, value):
        object.__setattr__(self, "_shared", value)

    @contextmanager
    def reading(self, database: pw.Database):
        """Every read model of this thread reads and writes `database` until the block ends."""
        before = getattr(self._local, "database", None)
        self._local.database = database
        try:
            yield database
        finally:
            self._local.database = before


db = ViewsDatabase()


class Base(pw.Model):
    class Meta:
        database = db


class Tracking(Base):
    """How far each projection has read the event log (stored with its rows, exactly-once)."""
    name = pw.CharField(primary_key=True)
    position = pw.BigIntegerField()


class UnitRow(Base):
    id = pw.UUIDField(primary_key=True)
    code = pw.CharField(unique=True)
    name = pw.CharField()
    kind = pw.CharField()
    parent_code = pw.CharField(null=True, index=True)
    service_priority = pw.IntegerField()


class PositionRow(Base):
    id = pw.UUIDField(primary_key=True)
    code = pw.CharField(unique=True)
    unit_id = pw.UUIDField(index=True)
    unit_code = pw.CharField(index=True)
    name = pw.CharField()
    jabatan_type = pw.CharField()
    eselon = pw.CharField(null=True)
    level = pw.CharField(null=True)
    band_low = pw.CharField()
    band_high = pw.CharField()
    education_families = pw.TextField()  # comma-separated; empty = any
    track = pw.CharField()
    abk_need = pw.IntegerField()
    strategic = pw.BooleanField()
    actual = pw.IntegerField(default=0)
    jf = pw.CharField(null=True)  # JF name of a fungsional post
    education_levels = pw.TextField(default="[]")  # JSON list; [] = any
    education_fields = pw.TextField(default="[]")  # JSON list; [] = any within the family
    credential = pw.TextField(null=True)  # JSON {type, subject}; null = none required
    competence = pw.TextField(default="[]")  # JSON [[name, kind, level], ...]; [] = default standard
    is_principal = pw.BooleanField(default=False)
    acting = pw.CharField(null=True)  # NIP of the latest Plt (exported while the post is vacant)


class EmployeeRow(Base):
    id = pw.UUIDField(primary_key=True)
    nip = pw.CharField(unique=True)
    name = pw.CharField()
    search = pw.CharField(index=True)  # lower-cased "name nip" for the active search
    sex = pw.CharField()
    birth_date = pw.DateField()
    status = pw.CharField()
    golongan = pw.CharField()
    education_level = pw.CharField()
    education_field = pw.CharField()
    education_family = pw.CharField()
    position_id = pw.UUIDField(index=True)
    unit_id = pw.UUIDField(index=True)
    unit_code = pw.CharField(index=True)
    in_post_since = pw.DateField()
    cpns_date = pw.DateField()
    active = pw.BooleanField(index=True)
    left_on = pw.DateField(null=True)
    last_predikat = pw.CharField(null=True)
    last_box = pw.IntegerField(null=True)
    version = pw.IntegerField()
    jf = pw.CharField(null=True)  # null: the JF of the current post
    jf_level = pw.CharField(null=True)
    credentials = pw.TextField(default="[]")  # JSON [{type, subject, valid_until}, ...]
    assessed_on = pw.DateField(null=True)  # the latest competence assessment
    assessment = pw.TextField(default="[]")  # JSON [[competence, level], ...]
    blocks = pw.TextField(default="[]")  # JSON [{kind, start, end, reason}, ...]
    part_time = pw.BooleanField(default=False)  # PPPK paruh waktu


class TimelineRow(Base):
    """One row per event that touches an ASN, newest read first."""
    employee_id = pw.UUIDField()
    notification_id = pw.BigIntegerField()
    occurred_at = pw.DateTimeField()
    effective = pw.DateField(null=True)
    kind = pw.CharField()
    summary = pw.TextField()
    actor = pw.CharField()
    role = pw.CharField()
    reason = pw.TextField(null=True)

    class Meta:
        indexes = ((("employee_id", "notification_id"), True),)


class AppraisalRow(Base):
    employee_id = pw.UUIDField()
    period = pw.CharField()
    year = pw.IntegerField()
    hasil_kerja = pw.CharField()
    perilaku = pw.CharField()
    predikat = pw.CharField()
    corrected = pw.BooleanField(default=False)

    class Meta:
        primary_key = pw.CompositeKey("employee_id", "period")


class TalentRow(Base):
    employee_id = pw.UUIDField()
    period = pw.CharField()
    kinerja = pw.CharField()
    potensial = pw.CharField()
    box = pw.IntegerField(index=True)
    source = pw.CharField(null=True)  # where kinerja came from: "predikat SKP 2025: Baik"

    class Meta:
        primary_key = pw.CompositeKey("employee_id", "period")


class PeriodRow(Base):
    id = pw.UUIDField(primary_key=True)
    name = pw.CharField(unique=True)
    year = pw.IntegerField()
    starts = pw.DateField()
    ends = pw.DateField()
    is_open = pw.BooleanField()


class PlanRow(Base):
    """One row per draft plan: what the list of plans shows."""
    id = pw.UUIDField(primary_key=True)
    name = pw.CharField()
    status = pw.CharField()
    drafted_by = pw.CharField()
    drafted_at = pw.DateTimeField()
    revision = pw.IntegerField()
    moves = pw.IntegerField()
    solver_status = pw.CharField()
    objective = pw.FloatField(null=True)
    gap = pw.FloatField(null=True)
    log_position = pw.BigIntegerField()


class ProposalRow(Base):
    """One row per proposal: its state and who holds each step (the approval queues)."""
    id = pw.UUIDField(primary_key=True)
    employee_id = pw.UUIDField(index=True)
    nip = pw.CharField(index=True)
    name = pw.CharField()
    source = pw.CharField()
    from_post = pw.CharField()
    to_post = pw.CharField()
    to_unit = pw.CharField(index=True)
    from_unit = pw.CharField(null=True, index=True)
    plan_id = pw.UUIDField(null=True, index=True)
    state = pw.CharField(index=True)
    reason = pw.TextField()
    drafted_by = pw.CharField()
    submitted_by = pw.CharField(null=True)
    verified_by = pw.CharField(null=True)
    forwarded_by = pw.CharField(null=True)
    recommended_by = pw.CharField(null=True)
    opinion = pw.CharField(null=True)
    against_recommendation = pw.BooleanField(default=False)  # the PPK decided otherwise, with a reason
    route = pw.CharField(default="internal")  # internal | province | interprovince (domain.proposal.ROUTES)
    spmt_on = pw.DateField(null=True)
    pelantikan_on = pw.DateField(null=True)
    decided_by = pw.CharField(null=True)
    last_reason = pw.TextField(null=True)
    sk_number = pw.CharField(null=True)
    tmt = pw.DateField(null=True)
    documents_missing = pw.IntegerField()
    checklist = pw.TextField()                # JSON: document key → evidence or "tidak berlaku" (BKN 5/2019)
    waivers = pw.TextField()                  # JSON: the rules the PPK waived, in order
    planner_reasons = pw.TextField(null=True)  # JSON: the planner's explanation of a plan line
    updated_at = pw.DateTimeField()
    version = pw.IntegerField()


class StepRow(Base):
    """One row per event of a proposal or an investigation: the history shown on its page."""
    subject_id = pw.UUIDField()
    notification_id = pw.BigIntegerField()
    occurred_at = pw.DateTimeField()
    kind = pw.CharField()               # the event's name: Submitted, Decided, ActionRecorded …
    detail = pw.TextField(null=True)    # the opinion, decision, SK, rule waived or action kind
    actor = pw.CharField()
    role = pw.CharField()
    reason = pw.TextField(null=True)

    class Meta:
        primary_key = pw.CompositeKey("subject_id", "notification_id")


# --- appraisal cycle and talent map (events/appraisal_handlers.py) ----------------------------
class UnitAppraisalRow(Base):
    """One unit's submission of a period's ratings; no row means the unit is still a draft."""
    period = pw.CharField()
    unit_code = pw.CharField()
    state = pw.CharField()               # draf, diajukan, dikembalikan
    org_predikat = pw.CharField()
    submitted_by = pw.CharField(null=True)
    submitted_at = pw.DateTimeField(null=True)
    warnings = pw.TextField(null=True)   # the distribution warnings at submission, one per line
    returned_by = pw.CharField(null=True)
    return_reason = pw.TextField(null=True)

    class Meta:
        primary_key = pw.CompositeKey("period", "unit_code")


class AppraisalNoteRow(Base):
    """Who gave a person's current rating in a period, and why."""
    employee_id = pw.UUIDField()
    period = pw.CharField()
    justification = pw.TextField()
    actor = pw.CharField()
    role = pw.CharField()
    rated_at = pw.DateTimeField()

    class Meta:
        primary_key = pw.CompositeKey("employee_id", "period")


class TalentScoreRow(Base):
    """The potensial score behind a box, when it was scored from components."""
    employee_id = pw.UUIDField()
    period = pw.CharField()
    score = pw.FloatField()
    components = pw.TextField()          # JSON: component -> score
    actor = pw.CharField()
    role = pw.CharField()

    class Meta:
        primary_key = pw.CompositeKey("employee_id", "period")


class DevelopmentRow(Base):
    """A development action (training, coaching, mentoring) and, later, its outcome."""
    employee_id = pw.UUIDField()
    number = pw.IntegerField()
    kind = pw.CharField()
    description = pw.TextField()
    due = pw.DateField()
    reason = pw.TextField()
    planned_by = pw.CharField()
    planned_at = pw.DateTimeField()
    outcome = pw.CharField(null=True)
    note = pw.TextField(null=True)
    outcome_by = pw.CharField(null=True)

    class Meta:
        primary_key = pw.CompositeKey("employee_id", "number")


VIEW_TABLES = (Tracking, UnitRow, PositionRow, EmployeeRow, TimelineRow, AppraisalRow,
                     TalentRow, PeriodRow, PlanRow, ProposalRow, StepRow,
                     UnitAppraisalRow, AppraisalNoteRow, TalentScoreRow, DevelopmentRow)

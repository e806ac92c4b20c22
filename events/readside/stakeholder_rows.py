"""Read models of consultation and monitoring, built by the same pull projection (events/handlers.py
extends its handlers with events/stakeholder_handlers.py). Natural keys only, so a rebuild gives
the same rows and the same checksum."""
from __future__ import annotations

import peewee as pw

from events.readside.readmodels import Base


class ConsultationRow(Base):
    id = pw.UUIDField(primary_key=True)
    subject = pw.CharField()
    title = pw.CharField()
    description = pw.TextField()
    period = pw.CharField(null=True)
    plan_id = pw.UUIDField(null=True, index=True)
    status = pw.CharField(index=True)
    opened_by = pw.CharField()
    opened_at = pw.DateTimeField()
    closed_by = pw.CharField(null=True)
    closing_note = pw.TextField(null=True)


class ConsultationItemRow(Base):
    """One position consulted. `people` (JSON) is internal: only leadership posts have any."""
    consultation_id = pw.UUIDField()
    key = pw.CharField()
    number = pw.IntegerField()
    unit_code = pw.CharField(index=True)
    unit_name = pw.CharField()
    position_name = pw.CharField()
    change = pw.CharField()
    leadership = pw.BooleanField()
    people = pw.TextField()

    class Meta:
        primary_key = pw.CompositeKey("consultation_id", "key")


class CommentRow(Base):
    id = pw.UUIDField(primary_key=True)
    consultation_id = pw.UUIDField(null=True, index=True)
    item_key = pw.CharField(null=True, index=True)
    kind = pw.CharField()  # consultation | service
    category = pw.CharField()
    text = pw.TextField()
    author_name = pw.CharField(null=True)
    contact = pw.CharField(null=True)
    service_unit = pw.CharField(null=True, index=True)
    employee_name = pw.CharField(null=True)
    status = pw.CharField(index=True)
    hidden_reason = pw.TextField(null=True)
    moderated_by = pw.CharField(null=True)
    response = pw.TextField(null=True)
    responded_by = pw.CharField(null=True)
    employee_id = pw.UUIDField(null=True, index=True)
    submitted_at = pw.DateTimeField()


class SurveyRow(Base):
    id = pw.UUIDField(primary_key=True)
    unit_code = pw.CharField(index=True)
    period = pw.CharField()
    period_start = pw.DateField()
    respondents = pw.IntegerField()
    ikm = pw.FloatField()
    score = pw.FloatField()
    grade = pw.CharField()
    source = pw.CharField()
    recorded_by = pw.CharField()
    corrections = pw.IntegerField()
    nrr = pw.TextField(default="[]")        # JSON: NRR per element, u1 … u9
    elements = pw.TextField(default="[]")   # JSON: the elements' names as recorded (PermenPANRB 14/2017)
    population = pw.BigIntegerField(null=True)  # service users in the period, when known
    minimum = pw.IntegerField(null=True)    # fewest respondents for a representative result


class MovementRow(Base):
    """A transfer seen from the units: who moved from where to where, effective when."""
    employee_id = pw.UUIDField()
    notification_id = pw.BigIntegerField()
    nip = pw.CharField()
    name = pw.CharField()
    from_unit = pw.CharField(index=True)
    to_unit = pw.CharField(index=True)
    tmt = pw.DateField(index=True)

    class Meta:
        primary_key = pw.CompositeKey("employee_id", "notification_id")


class EvaluationRow(Base):
    """A post-move evaluation due (3 and 6 months after an executed proposal) and its result."""
    proposal_id = pw.UUIDField()
    months = pw.IntegerField()
    employee_id = pw.UUIDField(index=True)
    nip = pw.CharField()
    name = pw.CharField()
    unit_code = pw.CharField(index=True)
    from_unit = pw.CharField(null=True)
    to_post = pw.CharField()
    due = pw.DateField(index=True)
    done = pw.BooleanField(index=True)
    evaluated_on = pw.DateField(null=True)
    adaptation = pw.CharField(null=True)
    performance = pw.CharField(null=True)
    notes = pw.TextField(null=True)
    evaluated_by = pw.CharField(null=True)

    class Meta:
        primary_key = pw.CompositeKey("proposal_id", "months")


class InvestigationRow(Base):
    id = pw.UUIDField(primary_key=True)
    unit_code = pw.CharField(index=True)
    unit_name = pw.CharField()
    period = pw.CharField()
    previous_period = pw.CharField()
    previous_score = pw.FloatField()
    score = pw.FloatField()
    drop = pw.FloatField()
    status = pw.CharField(index=True)
    movements = pw.TextField()  # JSON: the mutations the drop followed
    flagged_at = pw.DateTimeField()
    opened_by = pw.CharField(null=True)
    findings = pw.TextField(null=True)
    actions = pw.IntegerField()
    closed_by = pw.CharField(null=True)
    summary = pw.TextField(null=True)


class ActionRow(Base):
    investigation_id = pw.UUIDField()
    number = pw.IntegerField()
    kind = pw.CharField()
    description = pw.TextField()
    nip = pw.CharField(null=True)
    name = pw.CharField(null=True)
    proposal_id = pw.UUIDField(null=True)
    actor = pw.CharField()
    recorded_at = pw.DateTimeField()

    class Meta:
        primary_key = pw.CompositeKey("investigation_id", "number")


class UnitHistoryRow(Base):
    """One row per event about a unit's service (surveys, flags, investigations, evaluations)."""
    unit_code = pw.CharField()
    notification_id = pw.BigIntegerField()
    occurred_at = pw.DateTimeField()
    kind = pw.CharField()
    summary = pw.TextField()
    actor = pw.CharField()
    role = pw.CharField()
    reason = pw.TextField(null=True)

    class Meta:
        primary_key = pw.CompositeKey("unit_code", "notification_id")


STAKEHOLDER_TABLES = (ConsultationRow, ConsultationItemRow, CommentRow, SurveyRow, MovementRow,
                      EvaluationRow, InvestigationRow, ActionRow, UnitHistoryRow)

"""The findings register's read model (built by the projection from `Finding` events), its queries
for the Inspektorat's page and export, and how far the check has read the log."""
from __future__ import annotations

from datetime import timedelta

import peewee as pw

from domain.finding import KINDS, SEVERITIES
from domain.formats import wib_day_start
from events.readside import installation
from events.readside.readmodels import Base

SCANNED = "findings_scanned"  # installation fact: the last position the check has read
SWEPT = "findings_swept_on"  # and the day it last looked for overdue evaluations
SEVERITY_ORDER = {key: n for n, key in enumerate(SEVERITIES)}
PER_PAGE = 50  # findings on one page of the register
EXPORT_FIELDS = ("severity", "kind", "subject", "unit_code", "nip", "evidence_position", "evidence_at",
                 "detail", "recorded_at", "status", "examined_by", "examined_at", "note")


class FindingRow(Base):
    id = pw.UUIDField(primary_key=True)
    kind = pw.CharField(index=True)
    severity = pw.CharField(index=True)
    subject = pw.CharField()
    detail = pw.TextField()
    unit_code = pw.CharField(null=True, index=True)
    nip = pw.CharField(null=True)
    evidence_position = pw.BigIntegerField()
    evidence_at = pw.DateTimeField(index=True)  # when the evidence was recorded (UTC)
    recorded_at = pw.DateTimeField()
    status = pw.CharField(default="baru")  # baru | diperiksa
    examined_by = pw.CharField(null=True)
    examined_at = pw.DateTimeField(null=True)
    note = pw.TextField(null=True)


FINDING_TABLES = (FindingRow,)


def on_recorded(e, s) -> None:
    s.upserts.setdefault(FindingRow, {})[e.originator_id] = {
        "id": e.originator_id, "kind": e.kind, "severity": e.severity, "subject": e.subject, "detail": e.detail,
        "unit_code": e.unit_code, "nip": e.nip, "evidence_position": e.evidence_position,
        "evidence_at": e.evidence_at.replace(tzinfo=None), "recorded_at": e.timestamp.replace(tzinfo=None),
        "status": "baru", "examined_by": None, "examined_at": None, "note": None}


def on_examined(e, s) -> None:
    rows = s.upserts.setdefault(FindingRow, {})
    row = rows.get(e.originator_id) or FindingRow.select().where(FindingRow.id == e.originator_id).dicts().first()
    rows[e.originator_id] = {**row, "status": "diperiksa", "examined_by": e.actor,
                             "examined_at": e.timestamp.replace(tzinfo=None), "note": e.note}


FINDING_HANDLERS = {"Finding.Recorded": on_recorded, "Finding.Examined": on_examined}


# --- how far the check has read ----------------------------------------------------------------
def scanned_position() -> int:
    row = installation.InstallationRow.get_or_none(installation.InstallationRow.key == SCANNED)
    return int(row.value) if row else 0


def mark_scanned(position: int) -> None:
    installation.mark(SCANNED, str(position))


def swept_on() -> str:
    row = installation.InstallationRow.get_or_none(installation.InstallationRow.key == SWEPT)
    return row.value if row else ""


def mark_swept(day: str) -> None:
    installation.mark(SWEPT, day)


def exists(finding_id) -> bool:
    return FindingRow.select().where(FindingRow.id == finding_id).exists()


# --- the Inspektorat's page ----------------------------------------------------------------------
def filtered(filters: dict):
    """The findings the filters select: a severity, unit, status, kind and a period (the evidence's
    recorded date, whole WIB days); most severe and newest first."""
    query = FindingRow.select()
    for key, column in (("severity", FindingRow.severity), ("unit", FindingRow.unit_code),
                        ("status", FindingRow.status), ("kind", FindingRow.kind)):
        if filters.get(key):
            query = query.where(column == filters[key])
    if filters.get("start"):
        query = query.where(FindingRow.evidence_at >= wib_day_start(filters["start"]))
    if filters.get("end"):
        query = query.where(FindingRow.evidence_at < wib_day_start(filters["end"] + timedelta(days=1)))
    severity_rank = pw.Case(FindingRow.severity, list(SEVERITY_ORDER.items()), len(SEVERITY_ORDER))
    return query.order_by(severity_rank, FindingRow.evidence_position.desc(), FindingRow.id)


def search(filters: dict, page: int = 1, per_page: int = PER_PAGE) -> dict:
    """One page of the filtered findings, with the counts per severity of the whole filtered set."""
    query = filtered(filters)
    counted = dict(query.clone().order_by().select(FindingRow.severity, pw.fn.COUNT(FindingRow.id))
                   .group_by(FindingRow.severity).tuples())
    counts = {key: counted.get(key, 0) for key in SEVERITIES}
    total = sum(counted.values())
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = [labelled(r) for r in query.paginate(page, per_page).dicts()]
    return {"rows": rows, "counts": counts, "total": total, "page": page, "pages": pages}


def labelled(row: dict) -> dict:
    return {**row, "kind_label": KINDS.get(row["kind"], (row["kind"],))[0],
            "severity_label": SEVERITIES.get(row["severity"], row["severity"])}


def unit_options() -> list[str]:
    return [r.unit_code for r in FindingRow.select(FindingRow.unit_code).distinct()
            .where(FindingRow.unit_code.is_null(False)).order_by(FindingRow.unit_code)]


def export_records(filters: dict):
    """Every filtered finding (no page), in the page's order."""
    for row in filtered(filters).dicts().iterator():
        yield {field: row[field] for field in EXPORT_FIELDS}




STATUSES = {"baru": "Belum diperiksa", "diperiksa": "Sudah diperiksa"}


def clean_filters(args) -> dict:
    """The page's filters as typed: a severity, kind or status of the lists, a unit code, and a
    period (dates of the evidence, TTTT-BB-HH). Anything else is refused with a message."""
    from domain.limits import clean_text, day
    from domain.rules import DomainError
    value = {key: (args.get(key) or "").strip() for key in ("severity", "kind", "status", "unit", "start", "end")}
    for key, allowed in (("severity", SEVERITIES), ("kind", KINDS), ("status", STATUSES)):
        if value[key] and value[key] not in allowed:
            raise DomainError(f"Pilihan '{value[key][:40]}' tidak dikenal.")
    value["unit"] = clean_text(value["unit"], "Kode unit", limit=40).upper()
    for key, label in (("start", "Dari tanggal"), ("end", "Sampai tanggal")):
        value[key] = day(value[key], label) if value[key] else None
    if value["start"] and value["end"] and value["end"] < value["start"]:
        raise DomainError("Sampai tanggal tidak boleh sebelum dari tanggal.")
    return value

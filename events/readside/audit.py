"""The inspector's audit trail: one row per event of the log (what, when, who, why, about whom),
searchable by NIP, unit, plan, actor, role, type and date, and exported with a hash chain.

The rows keep no event data, so a rebuild stays fast: the event page and the exports read and
decode the events from the event store itself. The chain and its verification: `audit_chain`.
"""
from __future__ import annotations

import operator
from datetime import timedelta
from typing import Iterator
from uuid import UUID

import peewee as pw

from domain.formats import wib_day_start

from events.files.audit_chain import CHECKPOINT_RECORD, as_csv, as_jsonl, chained, iso_utc, json_safe
from events.files.audit_chain import verify_export  # noqa: F401  (part of this module's interface)
from events.readside.audit_filters import (AGGREGATES, FILTERS, LABELS, AuditFilterError,  # noqa: F401
                                          clean_filters, event_types, label, type_options)
from events.readside.timeline import reason_of
from events.readside.ledger import last_checkpoint
from events.readside.readmodels import Base, EmployeeRow, PositionRow, ProposalRow, db
from events.links import head_link


class AuditRow(Base):
    """One row per event of the log, keyed by its notification id (position)."""
    position = pw.BigIntegerField(primary_key=True)
    occurred_at = pw.DateTimeField(index=True)  # UTC
    type = pw.CharField()  # "Employee.Transferred"
    aggregate_id = pw.UUIDField()
    aggregate_type = pw.CharField()
    actor = pw.CharField()
    role = pw.CharField()
    reason = pw.TextField(null=True)
    nip = pw.CharField(null=True)
    unit_code = pw.CharField(null=True)  # target unit for transfers and proposals
    plan_id = pw.UUIDField(null=True)

    class Meta:
        # (column, position): one index serves both the filter and "newest first"
        indexes = tuple(((c, "position"), False) for c in (
            "type", "aggregate_type", "aggregate_id", "actor", "role", "nip", "unit_code", "plan_id"))


def audit_row(event, notification_id: int, session) -> dict:
    """Cheap on purpose, it runs for every event of a rebuild: attribute lookups, no queries, and
    only atomic values (UUIDs as hex), so the garbage collector never has to track the dict."""
    name = type(event).__qualname__
    aggregate = name.partition(".")[0]
    nip, unit_code, plan_id = SUBJECTS.get(aggregate, own_subject)(event, session)
    data = event.__dict__
    return {"position": notification_id, "occurred_at": event.timestamp.replace(tzinfo=None),  # UTC
            "type": name, "aggregate_id": event.originator_id.hex, "aggregate_type": aggregate,
            "actor": data.get("actor") or "", "role": data.get("role") or "", "reason": reason_of(event),
            "nip": nip, "unit_code": unit_code, "plan_id": plan_id.hex if plan_id else None}




COLUMNS = ("position", "occurred_at", "type", "aggregate_id", "aggregate_type", "actor", "role", "reason",
           "nip", "unit_code", "plan_id")
row_values = operator.itemgetter(*COLUMNS)


INSERT_CHUNK = 500  # rows per INSERT statement (11 parameters each; SQLite allows 32766)


def insert_audit(rows: list[dict]) -> None:
    """Multi-row INSERTs of audit_row()s, values passed as they are: the hot path of a rebuild
    (one statement per 500 rows also spares PostgreSQL a round trip per row)."""
    cursor, row_sql = db.cursor(), f'({", ".join([db.param] * len(COLUMNS))})'
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start:start + INSERT_CHUNK]
        cursor.execute(f'INSERT INTO "{AuditRow._meta.table_name}" ({", ".join(COLUMNS)}) VALUES '
                       + ", ".join([row_sql] * len(chunk)), [v for r in chunk for v in row_values(r)])


def stored(model, row_id) -> dict | None:
    return model.select().where(model.id == row_id).dicts().first()


def unit_of_position(s, position_id) -> str | None:
    row = s.positions.get(position_id) or stored(PositionRow, position_id)
    return row["unit_code"] if row else None


def employee_subject(e, s) -> tuple:
    """Order-independent: Registered and Transferred read the event, not the employee row."""
    kind = type(e).__name__
    if kind == "Registered":
        return e.nip, unit_of_position(s, e.position_id), None
    row = s.employees.get(e.originator_id) or stored(EmployeeRow, e.originator_id) or {}
    unit = unit_of_position(s, e.to_position_id) if kind == "Transferred" else row.get("unit_code")
    return row.get("nip"), unit, None


def proposal_subject(e, s) -> tuple:
    if type(e).__name__ == "Proposed":
        return e.nip, e.to_unit, e.plan_id
    row = s.proposals.get(e.originator_id) or stored(ProposalRow, e.originator_id) or {}
    return row.get("nip"), row.get("to_unit"), row.get("plan_id")


def unit_subject(e, s) -> tuple:
    return None, getattr(e, "code", None) or (s.units.get(e.originator_id) or {}).get("code"), None


def position_subject(e, s) -> tuple:
    return None, getattr(e, "unit_code", None) or unit_of_position(s, e.originator_id), None


def plan_subject(e, s) -> tuple:
    return None, None, e.originator_id


def own_subject(e, s) -> tuple:
    """Any other event: its own nip, unit_code and plan_id, when it has them."""
    nip, unit, plan = (e.__dict__.get(k) for k in ("nip", "unit_code", "plan_id"))
    return (nip if isinstance(nip, str) else None, unit if isinstance(unit, str) else None,
            plan if isinstance(plan, UUID) else None)


SUBJECTS = {"Employee": employee_subject, "Proposal": proposal_subject, "Unit": unit_subject,
            "Position": position_subject, "Plan": plan_subject}


def type_condition(value: str):
    """An exact type, an aggregate ("Proposal." or "Proposal"), or the known types with a prefix."""
    if "." not in value and any(t.startswith(f"{value}.") for t in event_types()):
        value += "."
    if value.endswith("."):
        return AuditRow.aggregate_type == value[:-1]
    matching = [t for t in event_types() if t.startswith(value)]
    return AuditRow.type == value if value in matching or not matching else AuditRow.type.in_(matching)


def conditions(f: dict, listing: bool = False) -> list:
    exact = {"nip": AuditRow.nip, "unit": AuditRow.unit_code, "plan": AuditRow.plan_id,
             "actor": AuditRow.actor, "role": AuditRow.role}
    found = [exact[k] == v for k, v in f.items() if k in exact]
    if "type" in f:
        found.append(type_condition(f["type"]))
    return found + date_conditions(f, listing)


def date_conditions(f: dict, listing: bool = False) -> list:
    """Whole WIB days (domain/formats.py). A listing (ordered by position) walks a position span instead of sorting
    every match found through the date index: SQLite is kept off that index with a unary +."""
    when = AuditRow.occurred_at
    if listing and isinstance(db.obj, pw.SqliteDatabase):
        when = pw.NodeList((pw.SQL("+"), AuditRow.occurred_at), glue="")
    found = []
    if "date_from" in f:
        found.append(when >= wib_day_start(f["date_from"]))
    if "date_to" in f:
        found.append(when < wib_day_start(f["date_to"] + timedelta(days=1)))
    return found


def position_span(f: dict, upto: int | None = None) -> tuple[int, int]:
    """Positions to walk: those recorded within the dates (read from the date index), or all."""
    last = 2 ** 62 if upto is None else upto
    if "date_from" not in f and "date_to" not in f:
        return 1, last
    span = AuditRow.select(pw.fn.MIN(AuditRow.position), pw.fn.MAX(AuditRow.position)).where(
        *date_conditions(f)).tuples().first()
    return (span[0], min(span[1], last)) if span and span[0] is not None else (1, 0)


def filtered(query, f: dict, listing: bool = False):
    found = conditions(f, listing)
    return query.where(*found) if found else query


def listed(query, f: dict, upto: int | None = None):
    """The filtered rows in position order, as an index-friendly walk over positions."""
    return filtered(query, f, listing=True).where(AuditRow.position.between(*position_span(f, upto)))


# --- search ----------------------------------------------------------------------------------------
def search_audit(filters: dict, page: int = 1, per_page: int = 50) -> dict:
    """Newest first, paginated; rows are plain dicts."""
    f = clean_filters(filters)
    total = filtered(AuditRow.select(), f).count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = list(listed(AuditRow.select(), f).order_by(AuditRow.position.desc()).limit(per_page)
                .offset((page - 1) * per_page).dicts()) if total else []
    for r in rows:
        r["label"] = label(r["type"])
        r["aggregate_label"] = AGGREGATES.get(r["aggregate_type"], r["aggregate_type"])
        r["subject"] = r["nip"] or r["unit_code"] or r["aggregate_id"].hex[:8]
    return {"rows": rows, "total": total, "page": page, "pages": pages, "per_page": per_page, "filters": f}


# --- events read from the store --------------------------------------------------------------------
ENVELOPE = ("originator_id", "originator_version", "timestamp", "originator_topic")


def event_record(event, position: int, subject: tuple) -> dict:
    """One exported record: the envelope, the subject from the audit row, the event's own data."""
    nip, unit_code, plan_id = subject
    return {"position": position, "time": iso_utc(event.timestamp), "type": type(event).__qualname__,
            "aggregate": str(event.originator_id), "version": event.originator_version,
            "actor": getattr(event, "actor", None) or "", "role": getattr(event, "role", None) or "",
            "reason": reason_of(event), "nip": nip, "unit": unit_code,
            "plan": str(plan_id) if plan_id else None,
            "data": {k: json_safe(v) for k, v in vars(event).items() if k not in ENVELOPE}}


def get_event(app, position: int) -> dict | None:
    """One event as decoded from the store, with its neighbours in the audit trail."""
    found = app.recorder.select_notifications(position, 1, stop=position)
    if not found:
        return None
    row = AuditRow.select(AuditRow.nip, AuditRow.unit_code, AuditRow.plan_id).where(
        AuditRow.position == position).tuples().first() or (None, None, None)
    record = event_record(app.mapper.to_domain_event(found[0]), position, row)
    around = AuditRow.select(pw.fn.MAX(AuditRow.position)).where(AuditRow.position < position)
    after = AuditRow.select(pw.fn.MIN(AuditRow.position)).where(AuditRow.position > position)
    return {**record, "label": label(record["type"]), "previous": around.scalar(), "next": after.scalar(),
            "aggregate_label": AGGREGATES.get(record["type"].partition(".")[0], "")}


# --- export with a hash chain ----------------------------------------------------------------------
FORMATS = ("jsonl", "csv")
BATCH = 1000
GAP = 64  # matching positions closer than this are read with one range query


def export(app, filters: dict, fmt: str = "jsonl", summary: dict | None = None) -> Iterator[str]:
    """Validates now (AuditFilterError), then streams text in batches, oldest event first.

    `summary`, when given, receives the running `count` and last `hash`."""
    if fmt not in FORMATS:
        raise AuditFilterError({"format": "Format ekspor harus jsonl atau csv."})
    f = clean_filters(filters)
    upto = AuditRow.select(pw.fn.MAX(AuditRow.position)).scalar() or 0
    records = chained(with_checkpoint(app, read_records(app, f, upto)), {} if summary is None else summary)
    return as_csv(records) if fmt == "csv" else as_jsonl(records)


def with_checkpoint(app, records: Iterator[dict]) -> Iterator[dict]:
    """The records, then (once the log has a signed checkpoint) one `Log.Checkpoint` record with the
    log's head link at export time and the last checkpoint, so that the file can be held against
    the installation's signature (events.files.audit_chain checks it)."""
    head, last = head_link(app.recorder), last_checkpoint()
    yield from records
    if head and last:
        yield {"position": head[0], "time": iso_utc(last["signed_at"]), "type": CHECKPOINT_RECORD,
               "aggregate": "", "version": 0, "actor": last["actor"], "role": "", "reason": None, "nip": None,
               "unit": None, "plan": None,
               "data": {"head_position": head[0], "head_link": head[1], "public_key_sha256": last["fingerprint"],
                        "checkpoint": {k: last[k] for k in ("position", "link", "signature", "public_key")}}}


def read_records(app, f: dict, upto: int) -> Iterator[dict]:
    first, last = position_span(f, upto)
    done = first - 1
    while done < last:
        query = AuditRow.select(AuditRow.position, AuditRow.nip, AuditRow.unit_code, AuditRow.plan_id)
        rows = list(filtered(query, f, listing=True).where(AuditRow.position.between(done + 1, last))
                    .order_by(AuditRow.position).limit(BATCH).tuples())
        if not rows:
            return
        subjects = {r[0]: r[1:] for r in rows}
        found = 0
        for n in notifications(app, list(subjects)):
            found += 1
            yield event_record(app.mapper.to_domain_event(n), n.id, subjects[n.id])
        if found != len(rows):
            raise RuntimeError(f"{len(rows) - found} kejadian jejak audit tidak ditemukan di log "
                               f"(posisi {rows[0][0]}–{rows[-1][0]}).")
        done = rows[-1][0]


def notifications(app, positions: list[int]) -> Iterator:
    """The stored notifications at these (ascending) positions, with few range queries."""
    wanted = set(positions)
    for first, last in spans(positions):
        for n in app.recorder.select_notifications(first, last - first + 1, stop=last):
            if n.id in wanted:
                yield n


def spans(positions: list[int]) -> Iterator[tuple[int, int]]:
    first = previous = positions[0]
    for p in positions[1:]:
        if p - previous > GAP:
            yield first, previous
            first = p
        previous = p
    yield first, previous


def flagged_missing() -> set[UUID]:
    """The ASN (ids) whose last SIASN presence event in the log is `Employee.FlaggedMissing`, not
    lifted by an `Employee.FoundAgain` since: read from the stored event types, not from any label."""
    latest = dict(AuditRow.select(AuditRow.aggregate_id, AuditRow.type)
                  .where(AuditRow.type.in_(("Employee.FlaggedMissing", "Employee.FoundAgain")))
                  .order_by(AuditRow.position).tuples())
    return {employee_id for employee_id, kind in latest.items() if kind == "Employee.FlaggedMissing"}

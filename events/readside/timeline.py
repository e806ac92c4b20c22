"""How an event reads on a person's timeline (Bahasa Indonesia)."""
from __future__ import annotations

from datetime import date

from domain.formats import tanggal
from domain.labels import DECISIONS, EMPLOYEE_EVENTS, OPINIONS, PROPOSAL_EVENTS
from domain.plan_snapshot import BLOCK_KINDS
from domain.rules import RATING_LABELS
from events.readside import talent_timeline

KINDS = EMPLOYEE_EVENTS  # domain/labels.py


def where(positions: dict, position_id, units: dict | None = None) -> str:
    """A post as a sentence reads it: its name and its unit's name (the code when it is unknown)."""
    row = positions.get(position_id)
    if row is None:
        return str(position_id)
    unit = (units or {}).get(row["unit_id"])
    return f"{row['name']} ({unit['name'] if unit else row['unit_code']})"


def summarise(event, positions: dict, units: dict | None = None) -> tuple[str, date | None]:
    """(summary, effective date) of an Employee event."""
    kind = type(event).__name__
    if kind == "Registered":
        return (f"Terdaftar sebagai {event.status} {event.golongan}, {where(positions, event.position_id, units)}",
                event.in_post_since)
    if kind == "Promoted":
        return f"Naik pangkat {event.previous} → {event.golongan} (SK {event.sk_number})", event.tmt
    if kind == "Transferred":
        return (f"Mutasi dari {where(positions, event.from_position_id, units)} ke "
                f"{where(positions, event.to_position_id, units)} (SK {event.sk_number})", event.tmt)
    if kind in ("Appraised", "AppraisalCorrected"):
        prefix = "Koreksi penilaian" if kind == "AppraisalCorrected" else "Penilaian"
        return (f"{prefix} {event.period}: {event.predikat} (hasil kerja "
                f"{RATING_LABELS[event.hasil_kerja]}, perilaku {RATING_LABELS[event.perilaku]})",
                date(event.year, 12, 31))  # in effect for the appraisal year
    if kind == "TalentAssessed":
        return (f"Pemetaan talenta {event.period}: kotak {event.box} (kinerja "
                f"{RATING_LABELS[event.kinerja]}{talent_timeline.from_predikat(event)}, "
                f"potensial {event.potensial})", None)
    if kind == "Left":
        return f"Berhenti dari {where(positions, event.position_id, units)}: {event.reason}", event.on
    if kind == "CompetenceAssessed":
        return f"Asesmen kompetensi {event.on:%d-%m-%Y}: {len(event.levels)} kompetensi dinilai", event.on
    if kind == "BlockRecorded":
        until = f" s.d. {event.end:%d-%m-%Y}" if event.end else ""
        return (f"{BLOCK_KINDS[event.kind][0].capitalize()} mulai {event.start:%d-%m-%Y}{until}",
                event.start)
    if kind == "RecordCorrected":
        return "Koreksi " + ", ".join(f"{key}: {event.previous.get(key)} → {value}"
                                      for key, value in event.changes.items()), None
    if kind == "FlaggedMissing":
        return f"Tidak ada di {event.source}; BKD perlu mencatat alasannya", None
    if kind == "FoundAgain":
        return f"Ada lagi di {event.source}; tanda 'tidak ada di data SIASN' dicabut", None
    if kind in talent_timeline.SUMMARIES:
        return talent_timeline.SUMMARIES[kind](event)
    return kind, None


def reason_of(event) -> str | None:
    """The reason an actor gave for an event: the first non-empty of `reason`, `justification` and
    `note` (a plan revision keeps it in its `edit`). The one reading used by the timeline, the
    proposal history, the appraisal notes and the audit trail."""
    data = event.__dict__
    for field in ("reason", "justification", "note"):
        if data.get(field):
            return data[field]
    edit = data.get("edit")
    return (edit.get("reason") if isinstance(edit, dict) else None) or None


def timeline_row(event, notification_id: int, positions: dict, units: dict | None = None) -> dict:
    summary, effective = summarise(event, positions, units)
    kind = type(event).__name__
    return {"employee_id": event.originator_id, "notification_id": notification_id,
            "occurred_at": event.timestamp.replace(tzinfo=None), "effective": effective,
            "kind": KINDS.get(kind, kind), "summary": summary, "actor": event.actor,
            "role": event.role, "reason": reason_of(event)}


PROPOSAL_KINDS = PROPOSAL_EVENTS  # domain/labels.py


def proposal_summary(event, proposal: dict, named=str) -> tuple[str, date | None]:
    """(summary, effective date) of a Proposal event; `named` reads a post code as a sentence does
    (`where`), the code itself by default."""
    kind = type(event).__name__
    target = f"{named(proposal['from_post'])} → {named(proposal['to_post'])}"
    if kind == "Proposed":
        return f"Diusulkan mutasi {target}: {event.reason}", None
    if kind == "Recommended":
        return f"Tim Penilai Kinerja: {OPINIONS.get(event.opinion, event.opinion)} atas {target}", None
    if kind == "Decided":
        against = " (berbeda dengan rekomendasi Tim)" if getattr(event, "against_recommendation", False) else ""
        return f"PPK: usulan {target} {DECISIONS[event.decision]}{against}", None
    if kind == "EvidenceRecorded":
        status = "tidak berlaku" if event.evidence["status"] == "tidak_berlaku" else \
            f"nomor {event.evidence['number']}, {event.evidence['filename']}"
        return f"Berkas {event.item.replace('_', ' ')}: {status}", None
    if kind == "AfterDecreeRecorded":
        label = "SPMT" if event.kind == "spmt" else "Pelantikan"
        return f"{label} nomor {event.number} tanggal {event.on:%d-%m-%Y}: {target}", event.on
    if kind == "RuleWaived":
        return f"Pengecualian aturan: {event.rule}", None
    if kind == "Decreed":
        return (f"SK {event.sk_number} tanggal {tanggal(event.sk_date)}, TMT {tanggal(event.tmt)}: {target}",
                event.tmt)
    if kind == "Executed":
        due = ", ".join(tanggal(d) for d in event.evaluations_due)
        return f"Mutasi {target} dilaksanakan; evaluasi dijadwalkan {due}", event.on
    return f"{PROPOSAL_KINDS.get(kind, kind)}: {target}", None


def proposal_timeline_row(event, notification_id: int, proposal: dict, named=str) -> dict:
    summary, effective = proposal_summary(event, proposal, named)
    kind = type(event).__name__
    return {"employee_id": proposal["employee_id"], "notification_id": notification_id,
            "occurred_at": event.timestamp.replace(tzinfo=None), "effective": effective,
            "kind": PROPOSAL_KINDS.get(kind, kind), "summary": summary, "actor": event.actor,
            "role": event.role, "reason": reason_of(event)}

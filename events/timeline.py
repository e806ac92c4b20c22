"""How an event reads on a person's timeline (Bahasa Indonesia)."""
from __future__ import annotations

from datetime import date

from domain.rules import RATING_LABELS

KINDS = {
    "Registered": "Pendaftaran", "Promoted": "Kenaikan pangkat", "Transferred": "Mutasi",
    "Appraised": "Penilaian SKP", "AppraisalCorrected": "Koreksi SKP",
    "TalentAssessed": "Pemetaan talenta", "Left": "Berhenti",
}


def where(positions: dict, position_id) -> str:
    row = positions.get(position_id)
    return f"{row['name']} ({row['unit_code']})" if row else str(position_id)


def summarise(event, positions: dict) -> tuple[str, date | None]:
    """(summary, effective date) of an Employee event."""
    kind = type(event).__name__
    if kind == "Registered":
        return (f"Terdaftar sebagai {event.status} {event.golongan}, {where(positions, event.position_id)}",
                event.in_post_since)
    if kind == "Promoted":
        return f"Naik pangkat {event.previous} → {event.golongan} (SK {event.sk_number})", event.tmt
    if kind == "Transferred":
        return (f"Mutasi dari {where(positions, event.from_position_id)} ke "
                f"{where(positions, event.to_position_id)} (SK {event.sk_number})", event.tmt)
    if kind in ("Appraised", "AppraisalCorrected"):
        prefix = "Koreksi penilaian" if kind == "AppraisalCorrected" else "Penilaian"
        return (f"{prefix} {event.period}: {event.predikat} (hasil kerja "
                f"{RATING_LABELS[event.hasil_kerja]}, perilaku {RATING_LABELS[event.perilaku]})", None)
    if kind == "TalentAssessed":
        return (f"Pemetaan talenta {event.period}: kotak {event.box} (kinerja "
                f"{RATING_LABELS[event.kinerja]}, potensial {event.potensial})", None)
    if kind == "Left":
        return f"Berhenti dari {where(positions, event.position_id)}: {event.reason}", event.on
    return kind, None


def timeline_row(event, notification_id: int, positions: dict) -> dict:
    summary, effective = summarise(event, positions)
    kind = type(event).__name__
    return {"employee_id": event.originator_id, "notification_id": notification_id,
            "occurred_at": event.timestamp.replace(tzinfo=None), "effective": effective,
            "kind": KINDS.get(kind, kind), "summary": summary, "actor": event.actor,
            "role": event.role, "reason": getattr(event, "reason", None) or
            getattr(event, "justification", None) or None}

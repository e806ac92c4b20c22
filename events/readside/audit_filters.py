"""The audit trail's filters as an inspector types them (NIP, unit, plan, actor, role, event type,
dates), checked and turned into plain values; every bad field gets its own message."""
from __future__ import annotations

import functools
import re
from datetime import date, datetime
from uuid import UUID

from domain.access import ROLES
from domain.rules import DomainError
from events.readside.handlers import HANDLERS
from events.readside.timeline import KINDS, PROPOSAL_KINDS

AGGREGATES = {"Employee": "ASN", "Unit": "Unit", "Position": "Jabatan", "AppraisalPeriod": "Periode SKP",
              "Plan": "Rencana mutasi", "Proposal": "Usulan mutasi", "Decree": "SK mutasi",
              "Consultation": "Konsultasi publik", "Comment": "Komentar publik", "Survey": "Survei (SKM)",
              "Evaluation": "Evaluasi pasca-mutasi", "Investigation": "Pemeriksaan",
              "CommitteeSession": "Sidang Tim Penilai Kinerja",
              "Account": "Akun pengguna"}
LABELS = {
    **{f"Employee.{k}": v for k, v in KINDS.items()},
    **{f"Proposal.{k}": v for k, v in PROPOSAL_KINDS.items()},
    "Unit.Established": "Unit dibentuk", "Position.Created": "Jabatan dibuat",
    "Position.NeedChanged": "Kebutuhan ABK diubah", "Position.ActingAppointed": "Plt ditunjuk",
    "AppraisalPeriod.Opened": "Periode SKP dibuka",
    "AppraisalPeriod.Closed": "Periode SKP ditutup", "Plan.Drafted": "Draf rencana disusun",
    "Plan.Revised": "Draf rencana direvisi", "Plan.Submitted": "Rencana diajukan",
    "CommitteeSession.Convened": "Sidang Tim dibuka", "CommitteeSession.ViewRecorded": "Pendapat anggota Tim dicatat",
    "CommitteeSession.Concluded": "Sidang Tim ditutup dengan berita acara",
    "Account.Registered": "Akun dibuat", "Account.PasswordChanged": "Kata sandi diganti",
    "Account.Disabled": "Akun dinonaktifkan", "Account.Enabled": "Akun diaktifkan kembali",
}
TYPE = re.compile(r"[A-Z][A-Za-z0-9]*\.(?:[A-Z][A-Za-z0-9]*)?")  # "Employee.Transferred" or "Employee."


@functools.cache
def event_types() -> tuple[str, ...]:
    """The known types: the labelled ones and every type the projection handles. Any other type
    is recorded all the same, and found by its exact name or its aggregate ("Decree.")."""
    return tuple(dict.fromkeys([*LABELS, *HANDLERS]))


def label(event_type: str) -> str:
    return LABELS.get(event_type, event_type)


def type_options() -> list[dict]:
    """The type filter's choices, grouped by aggregate (value "Proposal." = every Proposal event)."""
    groups: dict = {}
    for t in event_types():
        groups.setdefault(t.partition(".")[0], []).append((t, label(t)))
    return [{"prefix": f"{a}.", "label": AGGREGATES.get(a, a), "types": types} for a, types in groups.items()]


# --- the row of one event (called by the projection for every notification) ----------------------
FILTERS = ("nip", "unit", "plan", "actor", "role", "type", "date_from", "date_to")


class AuditFilterError(DomainError):
    """Unusable filter input; `errors` maps each bad field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def shown(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def clean_nip(value) -> str:
    nip = re.sub(r"\s+", "", str(value))
    if not re.fullmatch(r"\d{18}", nip):
        raise ValueError(f"NIP harus 18 digit angka, bukan “{shown(value)}”.")
    return nip


def clean_unit(value) -> str:
    code = str(value).upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9._-]{0,39}", code):
        raise ValueError(f"Kode unit “{shown(value)}” tidak sah: hanya huruf, angka, titik, garis bawah "
                         "dan tanda hubung (mis. DINKES).")
    return code


def clean_plan(value) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise ValueError(f"ID rencana “{shown(value)}” bukan UUID yang sah "
                         "(contoh: 1b4e28ba-2fa1-41d2-883f-0016d3cca427).") from None


def clean_actor(value) -> str:
    if len(str(value)) > 100:
        raise ValueError("Nama pengguna (pelaku) paling panjang 100 karakter.")
    return str(value)


def clean_role(value) -> str:
    if value not in ROLES:
        raise ValueError(f"Peran “{shown(value)}” tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    return value


def clean_type(value) -> str:
    value = str(value)
    if TYPE.fullmatch(value) or any(t.startswith(value) for t in event_types()):
        return value
    raise ValueError(f"Jenis kejadian “{shown(value)}” tidak dikenal (mis. Employee.Transferred, "
                     "atau Proposal. untuk semua kejadian usulan).")


def clean_date(value) -> date:
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(str(value), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Tanggal “{shown(value)}” tidak valid; tulis TTTT-BB-HH (mis. 2026-02-28) "
                     "atau HH-BB-TTTT.")


CLEANERS = {"nip": clean_nip, "unit": clean_unit, "plan": clean_plan, "actor": clean_actor,
            "role": clean_role, "type": clean_type, "date_from": clean_date, "date_to": clean_date}


def clean_filters(raw: dict) -> dict:
    """Typed filters without the empty ones; AuditFilterError (Indonesian messages) otherwise."""
    clean, errors = {}, {}
    for field in FILTERS:
        value = raw.get(field)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            continue
        try:
            clean[field] = CLEANERS[field](value)
        except ValueError as error:
            errors[field] = str(error)
    if not errors and clean.get("date_from", date.min) > clean.get("date_to", date.max):
        errors["date_to"] = (f"Tanggal akhir ({clean['date_to']:%d-%m-%Y}) sebelum tanggal awal "
                             f"({clean['date_from']:%d-%m-%Y}).")
    if errors:
        raise AuditFilterError(errors)
    return clean

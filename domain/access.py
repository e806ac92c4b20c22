"""Who may do what. Checked by every use case on the server, not only by hidden buttons."""
from __future__ import annotations

from dataclasses import dataclass

from domain.rules import DomainError

ROLES = {
    "perencana": "Perencana BKD",
    "verifikator": "Verifikator Bidang Mutasi BKD",
    "kepala_bkd": "Kepala BKD",
    "kepala_opd": "Kepala OPD",
    "tim_penilai": "Tim Penilai Kinerja",
    "ppk": "PPK (Wali Kota)",
    "inspektur": "Inspektorat",
    "admin": "Administrator",
}

PERMISSIONS = {
    "manage_structure": {"admin", "perencana"},       # units, positions, ABK
    "manage_employees": {"admin", "perencana"},       # register, promote, transfer, leave
    "manage_periods": {"admin", "perencana"},
    "appraise": {"admin", "perencana", "kepala_opd"},
    "assess_talent": {"admin", "perencana", "tim_penilai"},
    "assess_competence": {"perencana", "verifikator", "kepala_bkd"},  # results of Peraturan BKN 26/2019
    "view_all_employees": {"admin", "perencana", "verifikator", "kepala_bkd", "tim_penilai", "ppk", "inspektur"},
    "manage_users": {"admin"},
    "execute_moves": {"perencana", "verifikator"},  # SPMT, pelantikan and execution after the SK
    "see_projection_faults": {"admin", "perencana"},  # the banner naming events the views could not apply
    "plan": {"admin", "perencana"},
    "export_records": {"perencana", "verifikator", "kepala_bkd"},  # employee and position exports
    "import_records": {"admin", "perencana", "verifikator"},  # peta jabatan and SIASN staff lists
    "audit": {"inspektur", "admin", "ppk", "perencana", "kepala_bkd"},
    "findings": {"inspektur"},  # the findings register: the Inspektorat's own, not the server's people
    "examine_findings": {"inspektur"},
    "countersign": {"inspektur"},  # register an inspector's own key, countersign a log checkpoint
    "view_plans": {"admin", "perencana", "verifikator", "kepala_bkd", "tim_penilai", "ppk", "inspektur"},
    # stakeholders and monitoring (consultation, surveys, evaluations, investigations)
    "consult": {"admin", "perencana"},                # open/close consultations, moderate, respond
    "record_surveys": {"admin", "perencana"},
    "investigate": {"admin", "perencana"},            # open investigations, corrective actions
    "view_feedback": {"admin", "perencana", "verifikator", "kepala_bkd", "tim_penilai", "ppk",
                      "inspektur"},  # about named ASN
    "evaluate_moves": {"kepala_opd"},                 # post-move evaluation by the new unit head
    "develop": {"admin", "perencana", "kepala_opd"},  # development actions after appraisal / 9-box
    # the Tim Penilai Kinerja's sessions: recorded by its members, read by the PPK, the Kepala BKD and
    # the Inspektorat; the berita acara also for BKD's planners
    "view_committee": {"tim_penilai", "ppk", "kepala_bkd", "inspektur"},
    "convene": {"tim_penilai"},
    "read_minutes": {"tim_penilai", "kepala_bkd", "perencana", "ppk", "inspektur"},
    # the signed SK; also the committee if it recommended a line, and the Kepala OPD of a unit on it
    "read_decrees": {"perencana", "ppk", "inspektur"},
}


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    unit_code: str | None = None

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise ForbiddenError(f"Peran {ROLES.get(self.role, self.role)} tidak berwenang untuk tindakan ini.")

    def may_see_unit(self, unit_code: str | None, parent_code: str | None) -> bool:
        """The unit-scope rule: a unit head sees their own unit and its sub-units (puskesmas,
        schools, kelurahan); BKD, the committee, the PPK and inspectors see every unit. Callers that
        know only a code use `events.readside.queries.may_see_unit_code`."""
        if self.can("view_all_employees"):
            return True
        return self.role == "kepala_opd" and self.unit_code in (unit_code, parent_code)


class ForbiddenError(DomainError):
    """The actor's role does not allow the action."""


SYSTEM = Actor("sistem", "admin")

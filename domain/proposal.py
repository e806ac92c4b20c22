"""One proposed mutation of one ASN and its way through review, decision, decree and execution.

USULAN → VERIFIKASI BERKAS (BKD) → PERTIMBANGAN TIM PENILAI KINERJA → PERSETUJUAN PPK → SK → PELAKSANAAN
A proposal can be returned (back to the planner with reasons), rejected or withdrawn: ends or loops,
never deletions. Whoever drafted or submitted an item may not recommend or decide it, and one user
holds at most one step of an item.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.rules import DomainError, add_months

SOURCES = {"plan": "baris rencana", "unit_head": "usulan Kepala OPD", "own_request": "permohonan ASN",
           "corrective": "tindakan korektif investigasi layanan"}  # BKD, events/investigations.py
CHECKLIST = {  # Peraturan BKN 5/2019 Pasal 3
    "status_pns": "Status PNS",
    "anjab_abk": "Anjab dan ABK jabatan tujuan",
    "surat_permohonan": "Surat permohonan",
    "usul_ppk_penerima": "Surat usul PPK penerima",
    "persetujuan_ppk_asal": "Persetujuan PPK asal",
    "bebas_hukuman": "Pernyataan tidak sedang dijatuhi hukuman disiplin / proses pidana",
    "sk_terakhir": "Fotokopi SK pangkat/jabatan terakhir",
    "skp_baik_2_tahun": "SKP minimal Baik 2 tahun terakhir",
    "bebas_tugas_belajar": "Pernyataan tidak sedang tugas belajar / ikatan dinas",
    "bebas_temuan": "Surat keterangan bebas temuan Inspektorat",
}
STATES = {
    "draft": "Usulan", "submitted": "Diajukan", "verified": "Berkas terverifikasi",
    "recommended": "Pertimbangan Tim Penilai", "approved": "Disetujui PPK", "rejected": "Ditolak PPK",
    "returned": "Dikembalikan", "withdrawn": "Ditarik", "decreed": "SK terbit", "executed": "Dilaksanakan",
}
STEP_ROLES = {  # the step, who may take it
    "submit": {"perencana", "admin"}, "verify": {"perencana", "admin"},
    "recommend": {"tim_penilai"}, "decide": {"ppk"}, "decree": {"perencana", "admin"},
    "execute": {"perencana", "admin"}, "waive": {"ppk", "admin"},
}
EVALUATION_MONTHS = (3, 6)




class Proposal(Aggregate):
    @classmethod
    def propose(cls, *, source: str, nip: str, employee_id: UUID, name: str, from_post: str,
                to_post: str, to_unit: str, reason: str, plan_id: UUID | None, line: dict | None,
                actor: str, role: str) -> "Proposal":
        if source not in SOURCES:
            raise DomainError(f"Sumber usulan '{source}' tidak dikenal.")
        if from_post == to_post:
            raise DomainError("Jabatan tujuan sama dengan jabatan saat ini.")
        if not (reason or "").strip():
            raise DomainError("Alasan usulan wajib diisi.")
        return cls(source=source, nip=nip, employee_id=employee_id, name=name, from_post=from_post,
                   to_post=to_post, to_unit=to_unit, reason=reason.strip(), plan_id=plan_id, line=line,
                   actor=actor, role=role)

    @event("Proposed")
    def __init__(self, source: str, nip: str, employee_id: UUID, name: str, from_post: str,
                 to_post: str, to_unit: str, reason: str, plan_id: UUID | None, line: dict | None,
                 actor: str, role: str) -> None:
        self.source, self.nip, self.employee_id, self.name = source, nip, employee_id, name
        self.from_post, self.to_post, self.to_unit = from_post, to_post, to_unit
        self.plan_id, self.line = plan_id, line
        self.state = "draft"
        self.holders: dict[str, str] = {"draft": actor}  # step -> username
        self.checklist: dict[str, bool] = {}
        self.waivers: list[str] = []
        self.decree: dict | None = None

    # --- guards ---------------------------------------------------------------------------
    def check_step(self, step: str, actor: str, role: str, allowed_states: tuple) -> None:
        if role not in STEP_ROLES[step]:
            raise DomainError(f"Langkah ini bukan wewenang peran {role}.")
        if self.state not in allowed_states:
            raise DomainError(f"Usulan berstatus '{STATES[self.state]}': langkah ini tidak dapat dilakukan.")
        if step in ("recommend", "decide") and actor in (self.holders.get("draft"), self.holders.get("submit")):
            raise DomainError("Pemisahan tugas: penyusun atau pengaju usulan tidak boleh memberi "
                              "pertimbangan atau keputusan atas usulan yang sama.")
        held = {s for s, user in self.holders.items() if user == actor and s not in ("draft", step)}
        if step in ("recommend", "decide") and held:
            raise DomainError("Pemisahan tugas: satu pengguna hanya memegang satu langkah pada usulan yang sama.")

    def missing_documents(self) -> list[str]:
        return [label for key, label in CHECKLIST.items() if not self.checklist.get(key)]

    # --- commands -------------------------------------------------------------------------------
    def submit(self, *, violations: list[str], actor: str, role: str) -> None:
        self.check_step("submit", actor, role, ("draft", "returned"))
        unwaived = [v for v in violations if v not in self.waivers]
        if unwaived:
            raise DomainError("Usulan melanggar aturan (perlu pengecualian resmi): " + "; ".join(unwaived))
        self._submitted(actor=actor, role=role)

    def record_documents(self, *, checklist: dict, actor: str, role: str) -> None:
        self.check_step("verify", actor, role, ("draft", "submitted", "returned"))
        unknown = set(checklist) - set(CHECKLIST)
        if unknown:
            raise DomainError(f"Butir berkas tidak dikenal: {', '.join(sorted(unknown))}.")
        self._documents_recorded(checklist={k: bool(checklist.get(k)) for k in CHECKLIST},
                                 actor=actor, role=role)

    def verify(self, *, actor: str, role: str) -> None:
        self.check_step("verify", actor, role, ("submitted",))
        missing = self.missing_documents()
        if missing:
            raise DomainError("Berkas belum lengkap: " + "; ".join(missing) + ".")
        self._verified(actor=actor, role=role)

    def recommend(self, *, opinion: str, note: str, actor: str, role: str) -> None:
        self.check_step("recommend", actor, role, ("verified",))
        if opinion not in ("setuju", "tidak_setuju"):
            raise DomainError("Pertimbangan harus 'setuju' atau 'tidak setuju'.")
        if opinion == "tidak_setuju" and not (note or "").strip():
            raise DomainError("Pertimbangan 'tidak setuju' wajib disertai catatan.")
        self._recommended(opinion=opinion, note=(note or "").strip(), actor=actor, role=role)

    def decide(self, *, decision: str, reason: str, actor: str, role: str) -> None:
        self.check_step("decide", actor, role, ("recommended",))
        if decision not in ("approve", "reject", "return"):
            raise DomainError("Keputusan harus setujui, tolak, atau kembalikan.")
        if decision != "approve" and not (reason or "").strip():
            raise DomainError("Alasan wajib diisi untuk menolak atau mengembalikan.")
        self._decided(decision=decision, reason=(reason or "").strip(), actor=actor, role=role)

    def return_to_planner(self, *, step: str, reason: str, actor: str, role: str) -> None:
        self.check_step(step, actor, role, ("submitted", "verified"))
        if not (reason or "").strip():
            raise DomainError("Alasan pengembalian wajib diisi.")
        self._decided(decision="return", reason=reason.strip(), actor=actor, role=role)

    def undo_decision(self, *, actor: str, role: str) -> None:
        """Take back one's own last decision while nobody upstream has acted on it."""
        if self.state not in ("approved", "rejected", "recommended") or self.holders.get(
                "decide" if self.state != "recommended" else "recommend") != actor:
            raise DomainError("Hanya keputusan terakhir Anda yang belum ditindaklanjuti yang dapat dibatalkan.")
        self._undone(previous=self.state, actor=actor, role=role)

    def withdraw(self, *, reason: str, actor: str, role: str) -> None:
        if self.state in ("decreed", "executed", "withdrawn", "rejected"):
            raise DomainError("Usulan ini tidak dapat ditarik lagi.")
        if role not in ("perencana", "admin", "kepala_opd"):
            raise DomainError(f"Peran {role} tidak dapat menarik usulan.")
        if not (reason or "").strip():
            raise DomainError("Alasan penarikan wajib diisi.")
        self._withdrawn(reason=reason.strip(), actor=actor, role=role)

    def waive(self, *, rule: str, reason: str, actor: str, role: str) -> None:
        if role not in STEP_ROLES["waive"]:
            raise DomainError("Hanya PPK atau administrator yang dapat memberi pengecualian aturan.")
        if not (reason or "").strip():
            raise DomainError("Alasan pengecualian wajib diisi.")
        self._waived(rule=rule, reason=reason.strip(), actor=actor, role=role)

    def issue_decree(self, *, sk_number: str, sk_date: date, tmt: date, actor: str, role: str) -> None:
        self.check_step("decree", actor, role, ("approved",))
        if not (sk_number or "").strip():
            raise DomainError("Nomor SK wajib diisi.")
        if tmt < sk_date:
            raise DomainError("TMT tidak boleh sebelum tanggal SK.")
        self._decreed(sk_number=sk_number.strip(), sk_date=sk_date, tmt=tmt, actor=actor, role=role)

    def mark_executed(self, *, on: date, actor: str, role: str) -> None:
        self.check_step("execute", actor, role, ("decreed",))
        if on < self.decree["tmt"]:
            raise DomainError(f"Mutasi baru dapat dilaksanakan pada TMT {self.decree['tmt']}.")
        due = [add_months(self.decree["tmt"], m) for m in EVALUATION_MONTHS]
        self._executed(on=on, evaluations_due=due, actor=actor, role=role)

    # --- events ---------------------------------------------------------------------------------
    @event("Submitted")
    def _submitted(self, actor: str, role: str) -> None:
        self.state, self.holders["submit"] = "submitted", actor

    @event("DocumentsRecorded")
    def _documents_recorded(self, checklist: dict, actor: str, role: str) -> None:
        self.checklist = checklist

    @event("Verified")
    def _verified(self, actor: str, role: str) -> None:
        self.state, self.holders["verify"] = "verified", actor

    @event("Recommended")
    def _recommended(self, opinion: str, note: str, actor: str, role: str) -> None:
        self.state, self.holders["recommend"] = "recommended", actor
        self.opinion = opinion

    @event("Decided")
    def _decided(self, decision: str, reason: str, actor: str, role: str) -> None:
        self.state = {"approve": "approved", "reject": "rejected", "return": "returned"}[decision]
        if decision == "return":
            self.holders = {"draft": self.holders["draft"]}
        else:
            self.holders["decide"] = actor

    @event("DecisionUndone")
    def _undone(self, previous: str, actor: str, role: str) -> None:
        if previous == "recommended":
            self.state = "verified"
            self.holders.pop("recommend", None)
        else:
            self.state = "recommended"
            self.holders.pop("decide", None)

    @event("Withdrawn")
    def _withdrawn(self, reason: str, actor: str, role: str) -> None:
        self.state = "withdrawn"

    @event("RuleWaived")
    def _waived(self, rule: str, reason: str, actor: str, role: str) -> None:
        self.waivers.append(rule)

    @event("Decreed")
    def _decreed(self, sk_number: str, sk_date: date, tmt: date, actor: str, role: str) -> None:
        self.state = "decreed"
        self.decree = {"sk_number": sk_number, "sk_date": sk_date, "tmt": tmt}

    @event("Executed")
    def _executed(self, on: date, evaluations_due: list, actor: str, role: str) -> None:
        self.state, self.evaluations_due = "executed", evaluations_due

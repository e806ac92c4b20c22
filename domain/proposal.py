"""One proposed mutation of one ASN and its way through review, decision, decree and execution.

USULAN → VERIFIKASI BERKAS (verifikator) → DITERUSKAN KE TIM (Kepala BKD) → PERTIMBANGAN TIM PENILAI
KINERJA → KEPUTUSAN PPK → SK (Kepala BKD) → PELANTIKAN (jabatan struktural) / SPMT → PELAKSANAAN (TMT)

A proposal can be returned (back to the planner with reasons), rejected or withdrawn: ends or loops,
never deletions. Separation of duties, enforced here: whoever drafted or submitted an item never
verifies, recommends or decides it; one user holds at most one of those steps of an item; the IT
administrator takes no step at all. The rules of DOMAIN.md are evaluated again by the use case on the
data of the moment before every later step (forward, recommend, approve, decree, execute) and passed
in: a rule that fails blocks the step unless the PPK has waived it (after verification, with a reason).
"""
from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.access import ROLES
from domain.labels import OPINIONS, PROPOSAL_STATES, STEPS
from domain.limits import clean_text, day
from domain.rules import DomainError, add_months

SOURCES = {"plan": "baris rencana", "unit_head": "usulan Kepala OPD", "own_request": "permohonan ASN",
           "corrective": "tindakan korektif investigasi layanan"}
ROUTES = {"internal": "dalam Pemerintah Kota Sibolga", "province": "antar kabupaten/kota dalam provinsi",
          "interprovince": "antarprovinsi"}
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
NOT_APPLICABLE_BY_ROUTE = {  # items a route never needs, with the reason shown on the checklist
    "internal": {"usul_ppk_penerima": "mutasi dalam satu PPK (Wali Kota Sibolga)",
                 "persetujuan_ppk_asal": "mutasi dalam satu PPK (Wali Kota Sibolga)"},
    "province": {}, "interprovince": {},
}
STATES = PROPOSAL_STATES  # domain/labels.py
OPEN_STATES = ("draft", "submitted", "verified", "forwarded", "recommended", "approved", "decreed",
               "returned")  # the person's one open move (domain/open_move.py)
STEP_ROLES = {  # the step, who may take it (the administrator takes none)
    "submit": {"perencana"}, "documents": {"perencana", "verifikator"}, "verify": {"verifikator"},
    "forward": {"kepala_bkd"}, "recommend": {"tim_penilai"}, "decide": {"ppk"}, "waive": {"ppk"},
    "decree": {"kepala_bkd"}, "after_decree": {"perencana", "verifikator"},
    "execute": {"perencana", "verifikator"}, "withdraw": {"perencana", "kepala_opd"},
}
DECISION_STEPS = ("verify", "recommend", "decide")  # one user holds at most one of these per item
PREPARATION_STEPS = ("draft", "submit")  # their holders hold no decision step
WAIVABLE_STATES = ("verified", "forwarded", "recommended", "approved", "decreed")
EVALUATION_MONTHS = (3, 6)
DECISIONS = {"approve": "approved", "reject": "rejected", "return": "returned"}
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def rule_shape(rule: str) -> str:
    """A rule's sentence without its figures and dates: what a waiver is matched on."""
    return re.sub(r"\d+", "#", rule)


def required_documents(route: str) -> dict[str, str]:
    """The checklist items a file on this route must carry (evidence or "tidak berlaku")."""
    skipped = NOT_APPLICABLE_BY_ROUTE.get(route, {})
    return {key: label for key, label in CHECKLIST.items() if key not in skipped}


def against(opinion: str | None, decision: str) -> bool:
    """A PPK decision that goes against the committee's recommendation."""
    return (opinion == "setuju" and decision == "reject") or (opinion == "tidak_setuju" and decision == "approve")


class Proposal(Aggregate):
    @classmethod
    def propose(cls, *, source: str, nip: str, employee_id: UUID, name: str, from_post: str,
                to_post: str, to_unit: str, reason: str, plan_id: UUID | None, line: dict | None,
                actor: str, role: str, route: str = "internal", from_unit: str | None = None) -> "Proposal":
        if source not in SOURCES:
            raise DomainError(f"Sumber usulan '{source}' tidak dikenal.")
        if route not in ROUTES:
            raise DomainError(f"Jalur mutasi '{route}' tidak dikenal.")
        if role == "admin":
            raise DomainError("Pemisahan tugas: administrator TI tidak mengambil langkah dalam keputusan mutasi.")
        if from_post == to_post:
            raise DomainError("Jabatan tujuan sama dengan jabatan saat ini.")
        reason = clean_text(reason, "Alasan usulan", required=True)
        return cls(source=source, nip=nip, employee_id=employee_id, name=name, from_post=from_post,
                   to_post=to_post, to_unit=to_unit, reason=reason, plan_id=plan_id, line=line,
                   actor=actor, role=role, route=route, from_unit=from_unit)

    @event("Proposed")
    def __init__(self, source: str, nip: str, employee_id: UUID, name: str, from_post: str,
                 to_post: str, to_unit: str, reason: str, plan_id: UUID | None, line: dict | None,
                 actor: str, role: str, route: str = "internal", from_unit: str | None = None) -> None:
        self.source, self.nip, self.employee_id, self.name = source, nip, employee_id, name
        self.from_post, self.to_post, self.to_unit, self.from_unit = from_post, to_post, to_unit, from_unit
        self.plan_id, self.line, self.route = plan_id, line, route
        self.state = "draft"
        self.holders: dict[str, str] = {"draft": actor}  # step -> username
        self.checklist: dict[str, dict] = {}
        self.waivers: list[str] = []
        self.opinion: str | None = None
        self.decree: dict | None = None
        self.after_decree: dict[str, dict] = {}  # "pelantikan" / "spmt" -> {"on", "number"}

    # --- guards ---------------------------------------------------------------------------
    def check_step(self, step: str, actor: str, role: str, allowed_states: tuple) -> None:
        if role not in STEP_ROLES[step]:
            raise DomainError(f"Langkah {STEPS[step]} bukan wewenang peran {ROLES.get(role, role)}.")
        if self.state not in allowed_states:
            raise DomainError(f"Usulan berstatus '{STATES[self.state]}': langkah ini tidak dapat dilakukan.")
        if step not in DECISION_STEPS:
            return
        if actor in {self.holders.get(s) for s in PREPARATION_STEPS}:
            raise DomainError("Pemisahan tugas: penyusun atau pengaju usulan tidak boleh memverifikasi, "
                              "memberi pertimbangan atau memutuskan usulan yang sama.")
        if any(self.holders.get(s) == actor for s in DECISION_STEPS if s != step):
            raise DomainError("Pemisahan tugas: satu pengguna hanya memegang satu langkah "
                              "(verifikasi, pertimbangan atau keputusan) pada usulan yang sama.")

    def check_rules(self, violations: list[str], step: str) -> None:
        """The rules evaluated on today's data: any that fails and is not waived blocks the step. A
        waiver covers its rule while the figures in it change ("masa jabatan 10 bulan" waived still
        covers "masa jabatan 11 bulan" a month later), never another rule."""
        waived = {rule_shape(w) for w in self.waivers}
        unwaived = [v for v in violations if rule_shape(v) not in waived]
        if unwaived:
            raise DomainError(f"Langkah {step} ditahan: aturan tidak terpenuhi per hari ini (perlu "
                              "pengecualian PPK dengan alasan): " + "; ".join(unwaived))

    def check_in_post(self, current_post: str) -> None:
        if current_post != self.from_post:
            raise DomainError(f"{self.name} tidak lagi menduduki jabatan asal {self.from_post} "
                              f"(sekarang {current_post}); usulan ini tidak dapat dilanjutkan.")

    def required_documents(self) -> dict[str, str]:
        return required_documents(self.route)

    def missing_documents(self) -> list[str]:
        return [label for key, label in self.required_documents().items()
                if self.checklist.get(key, {}).get("status") not in ("ada", "tidak_berlaku")]

    # --- preparing the file ---------------------------------------------------------------
    def submit(self, *, violations: list[str], actor: str, role: str) -> None:
        """Submission records the rules the move breaks today; they block every later step until
        the PPK waives them after verification."""
        self.check_step("submit", actor, role, ("draft", "returned"))
        if self.source == "own_request" and self.checklist.get("surat_permohonan", {}).get("status") != "ada":
            raise DomainError("Permohonan ASN: lampirkan dahulu surat permohonan yang ditandatangani ASN "
                              "sebagai bukti.")
        self._submitted(violations=list(violations), actor=actor, role=role)

    def record_evidence(self, *, item: str, number: str, issued: date, sha256: str, filename: str,
                        size: int, media_type: str, actor: str, role: str) -> None:
        self.check_step("documents", actor, role, ("draft", "submitted", "returned"))
        if item not in CHECKLIST:
            raise DomainError(f"Butir berkas '{item}' tidak dikenal.")
        number = clean_text(number, "Nomor dokumen", required=True, limit=100)
        if media_type not in EVIDENCE_TYPES:
            raise DomainError("Berkas bukti harus PDF, JPEG atau PNG.")
        if not 0 < size <= MAX_EVIDENCE_BYTES:
            raise DomainError(f"Berkas bukti paling besar {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.")
        if len(sha256) != 64:
            raise DomainError("Sidik SHA-256 berkas tidak sah.")
        evidence = {"status": "ada", "number": number, "issued": day(issued, "Tanggal dokumen").isoformat(),
                    "sha256": sha256,
                    "filename": clean_text(filename, "Nama berkas", limit=200), "size": size,
                    "media_type": media_type}
        self._evidence_recorded(item=item, evidence=evidence, actor=actor, role=role)

    def mark_not_applicable(self, *, item: str, reason: str, actor: str, role: str) -> None:
        self.check_step("documents", actor, role, ("draft", "submitted", "returned"))
        if item not in CHECKLIST:
            raise DomainError(f"Butir berkas '{item}' tidak dikenal.")
        reason = clean_text(reason, "Alasan 'tidak berlaku'", required=True)
        self._evidence_recorded(item=item, evidence={"status": "tidak_berlaku", "reason": reason},
                                actor=actor, role=role)

    def verify(self, *, actor: str, role: str) -> None:
        self.check_step("verify", actor, role, ("submitted",))
        missing = self.missing_documents()
        if missing:
            raise DomainError("Berkas belum lengkap (setiap butir perlu bukti atau 'tidak berlaku' "
                              "dengan alasan): " + "; ".join(missing) + ".")
        self._verified(actor=actor, role=role)

    # --- deciding --------------------------------------------------------------------------
    def forward(self, *, violations: list[str], actor: str, role: str) -> None:
        self.check_step("forward", actor, role, ("verified",))
        self.check_rules(violations, "penerusan ke Tim Penilai")
        self._forwarded(actor=actor, role=role)

    def recommend(self, *, opinion: str, note: str, violations: list[str], actor: str, role: str,
                  session_id: UUID | None) -> None:
        """The Tim Penilai Kinerja's recommendation, only as the outcome of a session concluded with
        its berita acara (domain/committee.py)."""
        self.check_step("recommend", actor, role, ("forwarded",))
        if session_id is None:
            raise DomainError("Pertimbangan Tim Penilai Kinerja hanya diberikan melalui sidang Tim yang "
                              "ditutup dengan berita acara.")
        if opinion not in ("setuju", "tidak_setuju"):
            raise DomainError("Pertimbangan harus 'setuju' atau 'tidak setuju'.")
        note = clean_text(note, "Catatan pertimbangan", required=opinion == "tidak_setuju")
        if opinion == "setuju":
            self.check_rules(violations, "pertimbangan")
        self._recommended(opinion=opinion, note=note, session_id=session_id, actor=actor, role=role)

    def decide(self, *, decision: str, reason: str, violations: list[str], actor: str, role: str,
               against_recommendation: bool = False) -> None:
        """The PPK decides. Deciding against the committee needs the explicit choice "berbeda
        dengan rekomendasi Tim" and a reason; it is never implied (nor done in bulk)."""
        self.check_step("decide", actor, role, ("recommended",))
        if decision not in DECISIONS:
            raise DomainError("Keputusan harus setujui, tolak, atau kembalikan.")
        reason = clean_text(reason, "Alasan keputusan", required=decision != "approve" or against_recommendation)
        if against(self.opinion, decision) and not against_recommendation:
            raise DomainError("Keputusan ini berbeda dengan rekomendasi Tim Penilai Kinerja "
                              f"({OPINIONS[self.opinion]}): pilih 'berbeda dengan rekomendasi Tim' "
                              "dan tulis alasannya.")
        if against_recommendation and not against(self.opinion, decision):
            raise DomainError("Keputusan ini tidak berbeda dengan rekomendasi Tim Penilai Kinerja.")
        if decision == "approve":
            self.check_rules(violations, "persetujuan")
        self._decided(decision=decision, reason=reason, against_recommendation=against_recommendation,
                      actor=actor, role=role)

    def return_to_planner(self, *, step: str, reason: str, actor: str, role: str) -> None:
        self.check_step(step, actor, role, ("submitted", "verified"))
        reason = clean_text(reason, "Alasan pengembalian", required=True)
        self._decided(decision="return", reason=reason, against_recommendation=False, actor=actor, role=role)

    def undo_decision(self, *, actor: str, role: str) -> None:
        """Take back one's own last decision while nobody downstream has acted on it. A committee's
        recommendation is the outcome of a session with its berita acara: never taken back."""
        if self.state not in ("approved", "rejected") or self.holders.get("decide") != actor:
            raise DomainError("Hanya keputusan terakhir Anda yang belum ditindaklanjuti yang dapat dibatalkan "
                              "(rekomendasi Tim tercatat dalam berita acara sidang dan tidak dibatalkan).")
        self._undone(previous=self.state, actor=actor, role=role)

    def withdraw(self, *, reason: str, actor: str, role: str) -> None:
        """The planner withdraws until the SK; a unit head only their unit's proposal before a
        decision (the unit scope is checked by the use case)."""
        self.check_step("withdraw", actor, role, ("draft", "submitted", "verified", "forwarded",
                                                  "recommended", "approved", "returned"))
        if role == "kepala_opd" and self.state in ("recommended", "approved"):
            raise DomainError("Usulan yang sudah dipertimbangkan atau diputuskan hanya dapat ditarik oleh BKD.")
        reason = clean_text(reason, "Alasan penarikan", required=True)
        self._withdrawn(reason=reason, actor=actor, role=role)

    def waive(self, *, rule: str, reason: str, actor: str, role: str) -> None:
        if role not in STEP_ROLES["waive"]:
            raise DomainError("Hanya PPK yang dapat memberi pengecualian aturan.")
        if self.state not in WAIVABLE_STATES:
            raise DomainError("Pengecualian aturan hanya setelah berkas diverifikasi dan sebelum "
                              f"pelaksanaan (status sekarang: {STATES[self.state]}).")
        rule = clean_text(rule, "Aturan", required=True)
        reason = clean_text(reason, "Alasan pengecualian", required=True)
        self._waived(rule=rule, reason=reason, actor=actor, role=role)

    # --- after the decision ------------------------------------------------------------------
    def issue_decree(self, *, sk_number: str, sk_date: date, tmt: date, violations: list[str],
                     current_post: str, actor: str, role: str) -> None:
        self.check_step("decree", actor, role, ("approved",))
        sk_number = clean_text(sk_number, "Nomor SK", required=True, limit=100)
        sk_date, tmt = day(sk_date, "Tanggal SK"), day(tmt, "TMT")
        if tmt < sk_date:
            raise DomainError("TMT tidak boleh sebelum tanggal SK.")
        self.check_in_post(current_post)
        self.check_rules(violations, "penerbitan SK")
        self._decreed(sk_number=sk_number, sk_date=sk_date, tmt=tmt, actor=actor, role=role)

    def record_after_decree(self, *, kind: str, on: date, number: str, actor: str, role: str,
                            structural: bool) -> None:
        """Pelantikan (structural posts only) or the new unit's SPMT (statement of starting)."""
        self.check_step("after_decree", actor, role, ("decreed",))
        if kind not in ("pelantikan", "spmt"):
            raise DomainError("Jenis catatan harus pelantikan atau SPMT.")
        if kind == "pelantikan" and not structural:
            raise DomainError("Pelantikan hanya untuk jabatan struktural.")
        on = day(on, f"Tanggal {kind}")
        if on < self.decree["sk_date"]:
            raise DomainError(f"Tanggal {kind} tidak boleh sebelum tanggal SK.")
        if kind in self.after_decree:
            raise DomainError(f"{kind.upper()} sudah dicatat.")
        number = clean_text(number, f"Nomor {kind}", required=True, limit=100)
        self._after_decree(kind=kind, on=on, number=number, actor=actor, role=role)

    def mark_executed(self, *, on: date, violations: list[str], current_post: str, structural: bool,
                      actor: str, role: str) -> None:
        self.check_step("execute", actor, role, ("decreed",))
        if on < self.decree["tmt"]:
            raise DomainError(f"Mutasi baru dapat dilaksanakan pada TMT {self.decree['tmt']:%d-%m-%Y}.")
        if "spmt" not in self.after_decree:
            raise DomainError("SPMT dari unit baru belum dicatat: penempatan berlaku setelah SPMT.")
        if structural and "pelantikan" not in self.after_decree:
            raise DomainError("Pelantikan belum dicatat untuk jabatan struktural ini.")
        self.check_in_post(current_post)
        self.check_rules(violations, "pelaksanaan")
        due = [add_months(self.decree["tmt"], m) for m in EVALUATION_MONTHS]
        self._executed(on=on, evaluations_due=due, actor=actor, role=role)

    # --- events ---------------------------------------------------------------------------------
    @event("Submitted")
    def _submitted(self, actor: str, role: str, violations: list | None = None) -> None:
        self.state, self.holders["submit"] = "submitted", actor
        self.violations_at_submission = violations or []

    @event("DocumentsRecorded")  # earlier stores: a ticked checklist without files
    def _documents_recorded(self, checklist: dict, actor: str, role: str) -> None:
        self.checklist = {k: {"status": "dicentang"} for k, ticked in checklist.items() if ticked}

    @event("EvidenceRecorded")
    def _evidence_recorded(self, item: str, evidence: dict, actor: str, role: str) -> None:
        self.checklist[item] = evidence

    @event("Verified")
    def _verified(self, actor: str, role: str) -> None:
        self.state, self.holders["verify"] = "verified", actor

    @event("Forwarded")
    def _forwarded(self, actor: str, role: str) -> None:
        self.state = "forwarded"

    @event("Recommended")
    def _recommended(self, opinion: str, note: str, actor: str, role: str,
                     session_id: UUID | None = None) -> None:
        self.state, self.holders["recommend"] = "recommended", actor
        self.opinion = opinion
        self.session_id = session_id  # the Tim's session whose berita acara gave this recommendation

    @event("Decided")
    def _decided(self, decision: str, reason: str, actor: str, role: str,
                 against_recommendation: bool = False) -> None:
        self.state = DECISIONS[decision]
        if decision == "return":
            self.holders = {"draft": self.holders["draft"]}
            self.opinion = None
        else:
            self.holders["decide"] = actor

    @event("DecisionUndone")
    def _undone(self, previous: str, actor: str, role: str) -> None:
        if previous == "recommended":
            self.state = "forwarded"
            self.holders.pop("recommend", None)
            self.opinion = None
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

    @event("AfterDecreeRecorded")
    def _after_decree(self, kind: str, on: date, number: str, actor: str, role: str) -> None:
        self.after_decree[kind] = {"on": on, "number": number}

    @event("Executed")
    def _executed(self, on: date, evaluations_due: list, actor: str, role: str) -> None:
        self.state, self.evaluations_due = "executed", evaluations_due

"""The one catalogue of what a user reads for an internal name: event types, states, steps, actions,
score parts, binding constraints, settings, solver states. Pure data and `label(kind, key)`; pages
use it through the Jinja filter `label` (webapp/filters.py), the CLI where it prints for people.
Code identifiers stay English; a key without a label shows as "⟨key⟩", visible on the page and
caught by tests/test_crawl_language.py, never silently as the bare English key."""
from __future__ import annotations

from domain.access import ROLES

EMPLOYEE_EVENTS = {
    "Registered": "Pendaftaran", "Promoted": "Kenaikan pangkat", "Transferred": "Mutasi",
    "Appraised": "Penilaian SKP", "AppraisalCorrected": "Koreksi SKP",
    "TalentAssessed": "Pemetaan talenta", "Left": "Berhenti",
    "CompetenceAssessed": "Asesmen kompetensi", "BlockRecorded": "Hukuman disiplin atau cuti",
    "PotentialScored": "Pemetaan talenta (skor)", "DevelopmentPlanned": "Rencana pengembangan",
    "DevelopmentOutcomeRecorded": "Hasil pengembangan",
    "RecordCorrected": "Koreksi data", "FlaggedMissing": "Tidak ada di data SIASN", "FoundAgain": "Ada lagi di data SIASN",
}
PROPOSAL_EVENTS = {
    "Proposed": "Usulan mutasi", "Submitted": "Usulan diajukan", "DocumentsRecorded": "Berkas dicatat",
    "EvidenceRecorded": "Bukti berkas dicatat", "Forwarded": "Diteruskan ke Tim Penilai",
    "AfterDecreeRecorded": "Pelantikan/SPMT dicatat",
    "Verified": "Berkas terverifikasi", "Recommended": "Pertimbangan Tim Penilai",
    "Decided": "Keputusan PPK", "DecisionUndone": "Keputusan dibatalkan", "Withdrawn": "Usulan ditarik",
    "RuleWaived": "Pengecualian aturan", "Decreed": "SK mutasi terbit", "Executed": "Mutasi dilaksanakan",
}
EVENTS = {  # "Aggregate.Event" as stored in the log
    **{f"Employee.{k}": v for k, v in EMPLOYEE_EVENTS.items()},
    **{f"Proposal.{k}": v for k, v in PROPOSAL_EVENTS.items()},
    "Unit.Established": "Unit dibentuk", "Position.Created": "Jabatan dibuat",
    "Position.NeedChanged": "Kebutuhan ABK diubah", "Position.ActingAppointed": "Plt ditunjuk",
    "AppraisalPeriod.Opened": "Periode SKP dibuka", "AppraisalPeriod.Closed": "Periode SKP ditutup",
    "AppraisalPeriod.UnitSubmitted": "Penilaian SKP unit diajukan",
    "AppraisalPeriod.UnitReturned": "Penilaian SKP unit dikembalikan",
    "AppraisalPeriod.UnitPredikatSet": "Predikat kinerja unit ditetapkan",
    "Plan.Drafted": "Draf rencana disusun", "Plan.Revised": "Draf rencana direvisi",
    "Plan.Submitted": "Rencana diajukan", "Plan.Decided": "Rencana diputuskan PPK",
    "Plan.Decreed": "SK rencana terbit", "Plan.Closed": "Rencana selesai",
    "Decree.Issued": "SK mutasi diterbitkan",
    "OpenMove.Created": "Catatan mutasi terbuka dibuat", "OpenMove.Claimed": "Mutasi terbuka dipakai usulan",
    "OpenMove.Released": "Mutasi terbuka dilepas",
    "CommitteeSession.Convened": "Sidang Tim dibuka",
    "CommitteeSession.ViewRecorded": "Pendapat anggota Tim dicatat",
    "CommitteeSession.Concluded": "Sidang Tim ditutup dengan berita acara",
    "Consultation.Opened": "Konsultasi publik dibuka", "Consultation.Closed": "Konsultasi publik ditutup",
    "Comment.Submitted": "Komentar publik masuk", "Comment.Published": "Komentar diterbitkan",
    "Comment.Hidden": "Komentar disembunyikan", "Comment.Responded": "Komentar ditanggapi",
    "Comment.AttachedToEmployee": "Komentar dikaitkan dengan ASN",
    "Survey.Recorded": "Hasil SKM dicatat", "Survey.Corrected": "Hasil SKM dikoreksi",
    "Evaluation.Recorded": "Evaluasi pasca-mutasi dicatat",
    "Investigation.Flagged": "Penurunan layanan ditandai", "Investigation.Opened": "Pemeriksaan dibuka",
    "Investigation.FindingsRecorded": "Temuan pemeriksaan dicatat",
    "Investigation.ActionRecorded": "Tindakan perbaikan dicatat", "Investigation.Closed": "Pemeriksaan ditutup",
    "Account.Registered": "Akun dibuat", "Account.PasswordChanged": "Kata sandi diganti",
    "Account.Disabled": "Akun dinonaktifkan", "Account.Enabled": "Akun diaktifkan kembali",
    "ImportRecord.Recorded": "Berkas diimpor (nama, SHA-256, jumlah baris)",
    "Finding.Recorded": "Temuan dicatat", "Finding.Examined": "Temuan diperiksa",
    "Checkpoint.Created": "Checkpoint log ditandatangani",
    "Checkpoint.Countersigned": "Checkpoint ditandatangani pemeriksa",
    "InspectorKey.Registered": "Kunci pemeriksa didaftarkan",
    "LogVerification.Recorded": "Log tersimpan diverifikasi",
}
AGGREGATES = {"Employee": "ASN", "Unit": "Unit", "Position": "Jabatan", "AppraisalPeriod": "Periode SKP",
              "Plan": "Rencana mutasi", "Proposal": "Usulan mutasi", "Decree": "SK mutasi",
              "OpenMove": "Mutasi terbuka",
              "Consultation": "Konsultasi publik", "Comment": "Komentar publik", "Survey": "Survei (SKM)",
              "Evaluation": "Evaluasi pasca-mutasi", "Investigation": "Pemeriksaan",
              "CommitteeSession": "Sidang Tim Penilai Kinerja", "Account": "Akun pengguna",
              "ImportRecord": "Impor data (peta jabatan, SIASN)", "Finding": "Temuan Inspektorat",
              "Checkpoint": "Checkpoint log", "InspectorKey": "Kunci pemeriksa", "LogVerification": "Verifikasi log"}
PLAN_STATES = {"draft": "Draf", "submitted": "Diajukan", "decided": "Diputuskan", "decreed": "SK terbit",
               "closed": "Selesai"}
PROPOSAL_STATES = {
    "draft": "Usulan", "submitted": "Diajukan", "verified": "Berkas terverifikasi",
    "forwarded": "Diteruskan ke Tim Penilai", "recommended": "Pertimbangan Tim Penilai",
    "approved": "Disetujui PPK", "rejected": "Ditolak PPK", "returned": "Dikembalikan",
    "withdrawn": "Ditarik", "decreed": "SK terbit", "executed": "Dilaksanakan",
}
DECISIONS = {"approve": "disetujui", "reject": "ditolak", "return": "dikembalikan ke perencana"}
STEPS = {  # a proposal's steps (domain/proposal.py STEP_ROLES)
    "draft": "penyusunan", "submit": "pengajuan", "documents": "kelengkapan berkas",
    "verify": "verifikasi", "forward": "penerusan ke Tim Penilai", "recommend": "pertimbangan Tim Penilai",
    "decide": "keputusan PPK", "waive": "pengecualian aturan", "decree": "penerbitan SK",
    "after_decree": "SPMT/pelantikan", "execute": "pelaksanaan", "withdraw": "penarikan usulan",
}
ACTIONS = {  # what the confirmation says after each action of the step view
    "submit": "usulan diajukan", "waive": "pengecualian aturan dicatat", "evidence": "bukti berkas dicatat",
    "not_applicable": "butir dicatat tidak berlaku", "verify": "berkas terverifikasi",
    "return": "usulan dikembalikan ke perencana", "forward": "diteruskan ke Tim Penilai Kinerja",
    "agree": "pertimbangan setuju dicatat", "disagree": "pertimbangan tidak setuju dicatat",
    "approve": "usulan disetujui", "reject": "usulan ditolak", "send_back": "usulan dikembalikan",
    "undo": "keputusan Anda dibatalkan", "withdraw": "usulan ditarik", "spmt": "SPMT dicatat",
    "pelantikan": "pelantikan dicatat", "execute": "mutasi dilaksanakan",
}
OPINIONS = {"setuju": "setuju", "tidak_setuju": "tidak setuju"}
INVESTIGATION_STATES = {"flagged": "ditandai", "open": "diinvestigasi", "closed": "ditutup"}
CONSULTATION_STATES = {"open": "dibuka", "closed": "ditutup"}
COMMENT_STATES = {"submitted": "menunggu moderasi", "published": "diterbitkan", "hidden": "disembunyikan"}
COMMITTEE_STATES = {"open": "berlangsung", "concluded": "ditutup"}
SCORE_PARTS = {
    "kekurangan": "perubahan kekurangan pegawai (berbobot)",
    "relief": "mengurangi kelebihan pegawai", "fit": "kesesuaian kompetensi (JPM) / pendidikan",
    "talent": "talenta (kotak 7–9) ke jabatan strategis",
    "box4_rotation": "kotak 4: rotasi disarankan", "rotation_due": "rotasi jatuh tempo",
    "move_cost": "biaya mutasi", "total": "total",
}
CONSTRAINTS = {"moves": "batas jumlah mutasi", "unit_budgets": "anggaran unit",
               "unit_leaving": "batas pegawai keluar per unit", "posts_full": "jabatan penuh"}
SOLVER_STATUSES = {"optimal": "optimal", "feasible": "layak", "infeasible": "tidak ada rencana sah",
                   "no_solution": "tanpa hasil dalam batas waktu", "not_solved": "belum dihitung",
                   "unbounded": "tak terbatas"}
SETTINGS = {  # domain/plan_settings.py PlanSettings, as the planner's forms and messages name them
    "min_months_in_post": "masa minimal di jabatan (bulan)", "max_months_in_post": "masa rotasi jatuh tempo (bulan)",
    "horizon_months": "jarak minimal ke BUP (bulan)", "min_predikat": "predikat SKP minimal",
    "predikat_years": "jumlah tahun SKP yang diperiksa", "appraisal_month": "bulan SKP tahun lalu tercatat",
    "pppk_may_move": "PPPK boleh dimutasi", "election_freeze_start": "awal larangan mutasi pilkada",
    "election_freeze_end": "akhir larangan mutasi pilkada",
    "structural_same_eselon_only": "struktural hanya ke eselon yang sama",
    "enforce_band": "golongan harus dalam rentang pangkat jabatan",
    "enforce_education": "pendidikan harus sesuai jabatan",
    "hold_units_under_investigation": "tahan unit yang sedang diperiksa",
    "allow_jf_transfer": "perpindahan antar-JF diizinkan", "allow_leave_jf": "keluar dari JF diizinkan",
    "same_jf_level": "JF hanya ke jenjang yang sama", "transfer_max_age": "usia maksimal perpindahan ke JF",
    "transfer_max_age_madya": "usia maksimal perpindahan ke JF Ahli Madya",
    "transfer_education_keahlian": "pendidikan minimal JF keahlian",
    "transfer_education_keterampilan": "pendidikan minimal JF keterampilan",
    "enforce_education_field": "bidang pendidikan harus sesuai", "enforce_credentials": "STR/SIP wajib",
    "min_holders_per_jf": "pemangku minimal per JF", "protect_principals": "lindungi kepala sekolah/puskesmas",
    "hold_blocked_people": "tahan ASN yang sedang dihukum/cuti", "jpm_memenuhi": "JPM memenuhi (%)",
    "jpm_masih_memenuhi": "JPM masih memenuhi (%)", "jpm_cap_at_required": "JPM dibatasi pada standar",
    "jpm_weighted": "JPM berbobot", "jpm_teknis_weights": "bobot kompetensi teknis",
    "jpm_default_jpt": "standar kompetensi JPT", "jpm_default_administrator": "standar kompetensi administrator",
    "jpm_default_pengawas": "standar kompetensi pengawas", "jpm_default_madya": "standar kompetensi Ahli Madya",
    "jpm_default_muda_pertama": "standar kompetensi Ahli Muda/Pertama",
    "jpm_default_other": "standar kompetensi jabatan lain",
    "structural_needs_jpm": "jabatan struktural memerlukan JPM", "max_moves": "batas jumlah mutasi",
    "max_leaving_share": "bagian pegawai keluar per unit", "unit_budgets": "anggaran unit",
    "tpp_cost": "biaya TPP", "candidates_per_person": "kandidat per ASN",
    "min_candidate_score": "skor minimal kandidat", "price_all_pairs": "evaluasi semua pasangan",
    "max_pricing_rounds": "putaran evaluasi maksimal", "w_fill": "bobot pengisian kekurangan",
    "priority_factors": "faktor prioritas layanan", "shortage_breaks": "titik patah kekurangan",
    "shortage_slopes": "kemiringan penalti kekurangan", "w_relief": "bobot pengurangan kelebihan",
    "w_fit": "bobot kesesuaian", "w_jpm": "bobot JPM", "w_talent": "bobot talenta",
    "w_box4_rotation": "bobot rotasi kotak 4", "w_rotation_due": "bobot rotasi jatuh tempo",
    "move_cost": "biaya mutasi", "solver": "solver", "time_limit": "batas waktu solver (detik)",
    "gap": "gap optimalitas", "lp_first": "mulai dari relaksasi LP",
}
PROPOSAL_SUMMARY = {**PROPOSAL_STATES, "open": "dalam proses"}  # `mutasi proposals` groups the open ones
STATS = {"employees": "ASN aktif", "employees_all": "ASN tercatat (termasuk yang berhenti)",
         "positions": "jabatan", "units": "unit", "events": "kejadian di log", "surveys": "survei SKM",
         "consultations": "konsultasi publik", "comments": "komentar publik",
         "evaluations": "evaluasi pasca-mutasi", "investigations": "pemeriksaan",
         "development_actions": "tindakan pengembangan", "proposals": "usulan mutasi",
         "plans": "rencana mutasi", "users": "akun pengguna", "as_of": "per tanggal"}
IMPORT_CHANGES = {  # events/usecases/imports.py: what a row of an imported file changes
    "established": "unor baru", "created": "jabatan baru", "need_changed": "kebutuhan ABK berubah",
    "registered": "ASN baru", "corrected": "koreksi data", "promoted": "naik pangkat/golongan",
    "transferred": "pindah jabatan", "missing": "tidak ada di berkas (ditandai untuk BKD)",
    "found_again": "ada lagi di berkas (tanda 'tidak ada' dicabut)"}
RECORD_FIELDS = {"name": "nama", "education_level": "jenjang pendidikan", "education_field": "bidang pendidikan",
                 "golongan": "golongan"}  # what an import (or BKD) may correct in a person's record
CATALOGUE = {
    "event": EVENTS, "aggregate": AGGREGATES, "plan_state": PLAN_STATES, "proposal_state": PROPOSAL_STATES,
    "decision": DECISIONS, "step": STEPS, "action": ACTIONS, "opinion": OPINIONS, "score_part": SCORE_PARTS,
    "constraint": CONSTRAINTS, "solver_status": SOLVER_STATUSES, "setting": SETTINGS, "role": ROLES,
    "proposal_summary": PROPOSAL_SUMMARY, "stat": STATS, "investigation_state": INVESTIGATION_STATES,
    "consultation_state": CONSULTATION_STATES, "comment_state": COMMENT_STATES,
    "committee_state": COMMITTEE_STATES, "import_change": IMPORT_CHANGES, "record_field": RECORD_FIELDS,
}


def label(kind: str, key) -> str:
    """The Indonesian words for `key` of `kind` ("⟨key⟩" when the catalogue has none: visible)."""
    if key is None:
        return "—"
    return CATALOGUE[kind].get(key) or f"⟨{key}⟩"

"""The demo fills every module, not only the approval workflow: public consultations (one closed on
the demo plan, one still open on posts of the next semester) with moderated comments and responses
and a service feedback attached to a civil servant; SKM surveys of several units over three
semesters, one unit declining after people moved into it, which opens an investigation with findings
and corrective actions; moves executed half a year ago with their 3- and 6-month evaluations done
or still due; development actions on the talent map. Everything through the use cases, as a user's
clicks would do it; nothing is written to a table directly."""
from __future__ import annotations

from datetime import date, timedelta
from random import Random

from domain.access import Actor
from domain.evaluation import opens_on
from domain.proposal import OPEN_STATES
from domain.rules import DomainError
from domain.stakeholder_settings import DEFAULT_STAKEHOLDER_SETTINGS
from events.readside import monitoring_queries, talent_queries
from events.readside.queries import visible_unit_codes
from events.readside.readmodels import EmployeeRow, PositionRow, ProposalRow, UnitRow
from events.usecases import approvals, committee, decrees, monitoring, stakeholders, talent

PLANNER = Actor("perencana", "perencana")  # BKD: consultations, surveys, investigations
HEAD_BKD = Actor("kepala.bkd", "kepala_bkd")
VERIFIER = Actor("verifikator", "verifikator")
MAYOR = Actor("walikota", "ppk")
HEADS = (Actor("kadis.kesehatan", "kepala_opd", "DINKES"), Actor("kadis.pendidikan", "kepala_opd", "DISDIK"))
COMMITTEE = Actor("tim.penilai", "tim_penilai")
MEMBERS = ("tim.penilai", "tim.anggota1", "tim.anggota2")
EARLIER_DAYS = 190  # TMT of the moves decreed earlier: both evaluations have fallen due (the 6-month a week ago)
SURVEY_UNITS = ("DISDUKCAPIL", "DPMPPTSP", "RSUD", "DINKES", "DISDIK")  # those that exist are surveyed
DAYS_BEFORE = DEFAULT_STAKEHOLDER_SETTINGS.evaluation_opens_days_before


# --- consultations ----------------------------------------------------------------------------------
PLAN_COMMENTS = (  # category, author, text, decision, hide reason, response
    ("masyarakat", "Rahmat Pasaribu",
     "Sekolah dasar di Sibolga Selatan sudah lama kekurangan tenaga administrasi; penambahan ini kami dukung.",
     "publish", "", "Terima kasih; kebutuhan SD negeri menjadi prioritas rencana ini."),
    ("organisasi_profesi", "PGRI Kota Sibolga",
     "Mohon mutasi tenaga administrasi sekolah tidak mengganggu layanan rapor di akhir semester.",
     "publish", "", "TMT diatur setelah pembagian rapor; kepala sekolah diberi tahu lebih dahulu."),
    ("dprd", "Komisi A DPRD Kota Sibolga",
     "Apakah unit asal yang ditinggalkan mendapat pengganti dari formasi tahun depan?",
     "publish", "", "Unit asal yang kehilangan pegawai dicatat pada usulan formasi tahun depan."),
    ("lainnya", "",
     "Promosi jasa pengetikan murah, hubungi kami untuk segala urusan administrasi kantor Anda.",
     "hide", "promosi, tidak berkaitan dengan rencana mutasi", "Disembunyikan karena berisi promosi."),
)
OPEN_COMMENTS = (  # category, author, text, decision ("" waits for moderation), response
    ("masyarakat", "Siti Hutagalung",
     "Puskesmas di kelurahan kami sering tutup siang hari; mohon jabatan ini segera diisi.",
     "publish", "Terima kasih; masukan ini dibahas bersama Dinas Kesehatan."),
    ("organisasi_profesi", "PPNI Kota Sibolga",
     "Pengisian jabatan ini sebaiknya mengutamakan pegawai yang sudah bertugas di puskesmas.",
     "publish", ""),
    ("masyarakat", "Anonim warga Pancuran Gerobak",
     "Kami berharap pejabat yang baru lebih sering hadir di puskesmas pembantu di kelurahan kami.", "", ""),
)


def plan_consultation(app, plan_id) -> dict:
    """Opened on the submitted demo plan, commented, every comment moderated and answered, closed."""
    consultation_id = stakeholders.open_plan_consultation(
        app, PLANNER, plan_id, "Konsultasi publik rencana mutasi semester II (demo)",
        "Rencana mutasi dibuka untuk masukan masyarakat, organisasi profesi dan DPRD sebelum diputuskan.")
    items = stakeholders.load_consultation(app, consultation_id).items
    for n, (category, author, text, decision, reason, response) in enumerate(PLAN_COMMENTS):
        comment_id = stakeholders.submit_comment(app, consultation_id, item_key=items[n % len(items)]["key"],
                                                 category=category, text=text, author_name=author)
        stakeholders.moderate(app, PLANNER, comment_id, decision, reason, response)
    stakeholders.close_consultation(app, PLANNER, consultation_id,
                                    "Semua masukan telah ditanggapi; rencana diteruskan ke verifikasi.")
    return {"closed": str(consultation_id), "closed_comments": len(PLAN_COMMENTS)}


def open_consultation(app, today: date) -> dict:
    """Posts of Dinas Kesehatan to be filled next semester: one comment answered, one published and
    waiting for its response, one waiting for moderation."""
    units = sorted(visible_unit_codes(HEADS[0]) or [])
    codes = [p.code for p in PositionRow.select(PositionRow.code).where(PositionRow.unit_code.in_(units))
             .order_by(PositionRow.unit_code, PositionRow.code).limit(3)]
    consultation_id = stakeholders.open_positions_consultation(
        app, PLANNER, codes, next_semester(today), "pengisian",
        "Pengisian jabatan Dinas Kesehatan dan puskesmas (demo)",
        "Jabatan yang akan diisi semester depan; sampaikan masukan Anda sebelum penetapan.")
    items = stakeholders.load_consultation(app, consultation_id).items
    for n, (category, author, text, decision, response) in enumerate(OPEN_COMMENTS):
        comment_id = stakeholders.submit_comment(app, consultation_id, item_key=items[n % len(items)]["key"],
                                                 category=category, text=text, author_name=author)
        if decision:
            stakeholders.moderate(app, PLANNER, comment_id, decision, "", response)
    return {"open": str(consultation_id), "open_comments": len(OPEN_COMMENTS) + service_feedback(app)}


def service_feedback(app) -> int:
    """A citizen's feedback on a named officer of a puskesmas, published, answered and attached to
    that officer's record (never public)."""
    units = sorted(u for u in visible_unit_codes(HEADS[0]) or [] if u != HEADS[0].unit_code)
    person = (EmployeeRow.select().where(EmployeeRow.unit_code.in_(units), EmployeeRow.active)
              .order_by(EmployeeRow.unit_code, EmployeeRow.nip).first())
    if person is None:
        return 0
    comment_id = stakeholders.submit_comment(
        app, None, category="masyarakat", service_unit=person.unit_code, employee_name=person.name,
        author_name="Warga Kelurahan Aek Habil",
        text="Petugas pendaftaran melayani dengan ramah dan menjelaskan alur rujukan dengan jelas.")
    stakeholders.moderate(app, PLANNER, comment_id, "publish", "",
                          "Terima kasih; apresiasi disampaikan kepada pegawai dan atasannya.")
    stakeholders.attach_feedback(app, PLANNER, comment_id, person.nip)
    return 1


def next_semester(today: date) -> str:
    return f"{today.year}-S2" if today.month <= 6 else f"{today.year + 1}-S1"


def semester(day: date, back: int = 0) -> str:
    """The semester of `day`, or the one `back` semesters before it."""
    index = day.year * 2 + (day.month > 6) - back
    return f"{index // 2}-S{index % 2 + 1}"


# --- moves decreed half a year ago, and their evaluations -------------------------------------------
def head_of(unit_code: str) -> Actor | None:
    return next((head for head in HEADS if unit_code in (visible_unit_codes(head) or ())), None)


def earlier_moves(app, today: date, sk_number: str, prepare_file) -> list:
    """Half a year ago the Kepala Dinas Pendidikan proposed moving administrators of the dinas to
    schools with an empty post; the file went its whole way (a session of the Tim Penilai Kinerja of
    its own, the PPK's approval, one SK, SPMT, execution on the TMT). Returns the executed ids."""
    head = HEADS[1]
    tmt = today - timedelta(days=EARLIER_DAYS)
    schools = sorted((visible_unit_codes(head) or set()) - {head.unit_code})
    in_process = ProposalRow.select(ProposalRow.nip).where(ProposalRow.state.in_(OPEN_STATES))
    people = (EmployeeRow.select(EmployeeRow.nip)
              .join(PositionRow, on=(EmployeeRow.position_id == PositionRow.id))
              .where(EmployeeRow.unit_code == head.unit_code, EmployeeRow.active,
                     PositionRow.jabatan_type == "pelaksana", EmployeeRow.nip.not_in(in_process))
              .order_by(EmployeeRow.nip).limit(2))
    posts = (PositionRow.select(PositionRow.code)
             .where(PositionRow.unit_code.in_(schools), PositionRow.jabatan_type == "pelaksana",
                    PositionRow.actual < PositionRow.abk_need)
             .order_by(PositionRow.actual - PositionRow.abk_need, PositionRow.code).limit(2))
    ids = [file_to_committee(app, head, person.nip, post.code, tmt, prepare_file)
           for person, post in zip(people, posts)]
    if ids:
        session_to_execution(app, ids, tmt, sk_number)
    return ids


def file_to_committee(app, head: Actor, nip: str, post_code: str, tmt: date, prepare_file):
    """The head proposes; BKD prepares the file, verifies, the PPK waives what the rules say at the
    TMT, the Kepala BKD forwards it to the Tim Penilai Kinerja."""
    proposal_id = approvals.propose(app, head, nip, post_code,
                                    "tenaga administrasi sekolah kosong sejak awal tahun ajaran")
    prepare_file(app, proposal_id, tmt - timedelta(days=60))
    approvals.submit(app, PLANNER, proposal_id)
    approvals.verify(app, VERIFIER, proposal_id)
    for rule in approvals.rules_now(app, approvals.load_proposal(app, proposal_id), tmt, tmt):
        approvals.waive_rule(app, MAYOR, proposal_id, rule=rule,
                             reason="layanan administrasi sekolah tidak boleh kosong (data demo)")
    approvals.forward(app, HEAD_BKD, proposal_id)
    return proposal_id


def session_to_execution(app, ids: list, tmt: date, sk_number: str) -> None:
    """A session of its own (every member agrees), the PPK's approval, one SK, SPMT and execution."""
    number = f"02/TPK/{tmt.year}"
    committee.convene(app, COMMITTEE, number, tmt - timedelta(days=30), ids, list(MEMBERS))
    for proposal_id in ids:
        for member in MEMBERS:
            committee.record_view(app, COMMITTEE, number, proposal_id, member, "setuju", "")
    committee.conclude(app, COMMITTEE, number)
    for proposal_id in ids:
        approvals.decide(app, MAYOR, proposal_id, "approve", "")
    decrees.issue_decree(app, HEAD_BKD, ids, sk_number, tmt, tmt)
    for proposal_id in ids:
        decrees.record_after_decree(app, VERIFIER, proposal_id, "spmt", tmt, f"SPMT/{str(proposal_id)[:4]}")
    result = decrees.execute_due(app, VERIFIER, ids, tmt)
    if result["refused"]:
        raise DomainError(f"Demo: mutasi terdahulu tidak dapat dilaksanakan: {result['refused']}")


EVALUATIONS = (  # per earlier move: the months recorded, with adaptation, performance and notes
    {3: ("baik", "sesuai", "Cepat menguasai administrasi sekolah."),
     6: ("baik", "di_atas", "Menata arsip dan data pokok pendidikan tanpa tunggakan.")},
    {3: ("cukup", "sesuai", "Masih belajar aplikasi kepegawaian sekolah.")},  # the 6-month one is due
)


def evaluations(app, proposal_ids: list, today: date) -> int:
    """The new unit's head records them on the day they fall due (never later than today)."""
    done = 0
    for proposal_id, recorded in zip(proposal_ids, EVALUATIONS):
        row = ProposalRow.get_by_id(proposal_id)
        head = head_of(row.to_unit)
        for months, (adaptation, performance, notes) in recorded.items():
            due = monitoring_queries.get_evaluation(proposal_id, months)["due"]
            on = min(due, today)
            if on < opens_on(due, DAYS_BEFORE):
                continue  # not open yet: stays due
            monitoring.record_evaluation(app, head, proposal_id, months, adaptation, performance, notes, on)
            done += 1
    return done


# --- SKM surveys and the investigation of a decline -------------------------------------------------
def answers(rng: Random, mean: float, respondents: int) -> list[list[int]]:
    """Respondents' answers (1–4 on nine elements) averaging about `mean`."""
    base, share = int(mean), mean - int(mean)
    return [[min(4, base + (rng.random() < share)) for _ in range(9)] for _ in range(respondents)]


def surveys(app, today: date, declining: str | None) -> dict:
    """Three semesters of SKM for several units; scores steady or rising, except the declining unit's
    last one, which falls after people moved into it and so is flagged."""
    units = [code for code in (*SURVEY_UNITS, declining) if code and UnitRow.get_or_none(UnitRow.code == code)]
    units = list(dict.fromkeys(units))
    periods = [semester(today - timedelta(days=EARLIER_DAYS), back) for back in (2, 1, 0)]
    recorded, flags = 0, []
    for n, code in enumerate(units):
        means = (3.45, 3.5, 3.05) if code == declining else (3.0 + n * 0.05, 3.1 + n * 0.05, 3.2 + n * 0.05)
        for period, mean in zip(periods, means):
            rng = Random(f"skm:{code}:{period}")
            result = monitoring.record_survey(app, PLANNER, code, period, answers(rng, mean, 30 + rng.randrange(30)))
            recorded += 1
            if result["flag"]:
                flags.append(result["flag"])
    return {"surveys": recorded, "flags": flags}


def investigate(app, investigation_id) -> None:
    """BKD opens the flagged decline, records what it found and two corrective actions."""
    case = monitoring_queries.get_investigation(investigation_id)
    arrived = next((m for m in case["movements"] if m["direction"] == "masuk"), None)
    monitoring.open_investigation(app, PLANNER, investigation_id,
                                  "Penurunan nilai SKM setelah mutasi masuk; ditelaah bersama kepala unit.")
    monitoring.record_findings(app, PLANNER, investigation_id,
                               "Pegawai yang baru dimutasi belum dilatih aplikasi layanan; antrean pelayanan "
                               "memanjang pada jam sibuk dan informasi persyaratan tidak dipasang.")
    if arrived:
        monitoring.record_action(app, PLANNER, investigation_id, "pelatihan",
                                 "Pelatihan aplikasi layanan dan standar pelayanan bagi pegawai baru.",
                                 arrived["nip"])
    monitoring.record_action(app, PLANNER, investigation_id, "pembinaan",
                             "Pembinaan unit: maklumat pelayanan dipasang dan jam layanan diumumkan.")


# --- development actions on the talent map ----------------------------------------------------------
DEVELOPMENTS = (("pelatihan", "Pelatihan teknis sesuai jabatan", 90, "tercapai", ""),
                ("coaching", "Coaching oleh atasan langsung tiap bulan", 120, "sebagian",
                 "Target kinerja triwulan baru tercapai sebagian."),
                ("mentoring", "Mentoring oleh pejabat fungsional senior", 180, None, ""))


def developments(app, today: date) -> int:
    """Each demo head plans actions for the first people of their "perlu pengembangan" list; the
    first two have an outcome already."""
    periods = talent_queries.talent_periods()
    if not periods:
        return 0
    planned = 0
    for head in HEADS:
        listed = talent_queries.development_list(head, talent_queries.TalentFilter(period=periods[0]), limit=3)
        for row, (kind, description, days, outcome, note) in zip(listed["rows"], DEVELOPMENTS):
            number = talent.plan_development(app, head, row["nip"], kind, description, today + timedelta(days=days),
                                             "; ".join(row["reasons"]), today)
            planned += 1
            if outcome:
                talent.record_development_outcome(app, head, row["nip"], number, outcome, note)
    return planned


def fill_modules(app, today: date, prepare_file) -> dict:
    """Everything after the approval workflow (the plan's consultation is held before its decisions);
    `prepare_file` attaches the demo's documents to a proposal (events/demo/workflow.py)."""
    moved = earlier_moves(app, today, f"821.2/118/BKD/{(today - timedelta(days=EARLIER_DAYS)).year}",
                          prepare_file)
    declining = ProposalRow.get_by_id(moved[0]).to_unit if moved else None
    survey = surveys(app, today, declining)
    for investigation_id in survey["flags"]:
        investigate(app, investigation_id)
    return {"earlier_moves": len(moved), "evaluations": evaluations(app, moved, today), "surveys": survey["surveys"],
            "investigations": len(survey["flags"]), "development_actions": developments(app, today),
            "consultation": open_consultation(app, today)}

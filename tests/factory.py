"""A tiny city for use-case and projection tests: two units, three positions, three ASN."""
from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.access import Actor
from domain.rules import make_nip
from events.usecases import appraisal, approvals, committee, decrees, dossier, employees, organisation

PLANNER = Actor("rina.bkd", "perencana")
HEAD_DINKES = Actor("kadis.kes", "kepala_opd", "DINKES")
HEAD_DISDIK = Actor("kadis.dik", "kepala_opd", "DISDIK")

NURSE = make_nip(date(1990, 5, 4), date(2015, 3, 1), "P", 1)
TEACHER = make_nip(date(1985, 1, 20), date(2010, 1, 1), "L", 2)
CLERK = make_nip(date(1970, 7, 9), date(1995, 4, 1), "L", 3)


def position(app, code, unit, name, need, families=("kesehatan",), band=("III/a", "III/b")):
    organisation.create_position(app, PLANNER, unit, code=code, name=name, jabatan_type="fungsional_keahlian",
                        eselon=None, level="ahli_pertama", band_low=band[0], band_high=band[1],
                        education_families=families, track=families[0] if families else "umum",
                        abk_need=need, strategic=False)


def person(app, nip, name, sex, born, position_code, golongan="III/b", family="kesehatan"):
    employees.register_employee(app, PLANNER, position_code, nip=nip, name=name, sex=sex, birth_date=born,
                          status="PNS", golongan=golongan, education_level="S1",
                          education_field="Keperawatan", education_family=family,
                          in_post_since=date(2020, 1, 1), cpns_date=date(2010, 1, 1))


def build_small_city(app) -> None:
    organisation.establish_unit(app, PLANNER, code="DINKES", name="Dinas Kesehatan", kind="dinas", parent_code=None,
                       service_priority=1)
    organisation.establish_unit(app, PLANNER, code="PKM-SBK", name="Puskesmas Sibolga Kota", kind="puskesmas",
                       parent_code="DINKES", service_priority=1)
    organisation.establish_unit(app, PLANNER, code="DISDIK", name="Dinas Pendidikan", kind="dinas", parent_code=None,
                       service_priority=1)
    position(app, "PKM-PERAWAT", "PKM-SBK", "Perawat Ahli Pertama", 3)
    position(app, "DINKES-PERAWAT", "DINKES", "Perawat Ahli Pertama", 1)
    position(app, "DISDIK-GURU", "DISDIK", "Guru Ahli Pertama", 2, families=("pendidikan",))
    person(app, NURSE, "Rina Situmeang", "P", date(1990, 5, 4), "PKM-PERAWAT")
    person(app, TEACHER, "Budi Hutagalung", "L", date(1985, 1, 20), "DISDIK-GURU", family="pendidikan")
    person(app, CLERK, "Ahmad Nasution", "L", date(1970, 7, 9), "DINKES-PERAWAT")
    appraisal.open_period(app, PLANNER, "SKP 2025", 2025, date(2025, 1, 1), date(2025, 12, 31))


# --- the approval workflow as BKD works (tests/test_approvals.py and the web tests) ---------------
VERIFIER = Actor("vera.bkd", "verifikator")
HEAD_BKD = Actor("kaban.bkd", "kepala_bkd")
COMMITTEE = Actor("tim.penilai", "tim_penilai")  # keeps the sessions' minutes
MEMBERS = ("tim.penilai", "tim.anggota1", "tim.anggota2")  # domain.committee.CommitteeSettings' defaults
MAYOR = Actor("walikota", "ppk")
PDF = b"%PDF-1.4\n% dokumen uji\n"
TODAY = date.today()
SK = "821.2/55/BKD/2026"


NURSE_2 = make_nip(date(1992, 8, 17), date(2017, 3, 1), "P", 4)


def ready_city(app) -> None:
    """The small city with two years of SKP for the nurse, a second nurse at her puskesmas (she is
    not its only nurse) and room at Dinas Kesehatan."""
    build_small_city(app)
    person(app, NURSE_2, "Sari Hutapea", "P", date(1992, 8, 17), "PKM-PERAWAT")
    appraisal.open_period(app, PLANNER, "SKP 2024", 2024, date(2024, 1, 1), date(2024, 12, 31))
    for period in ("SKP 2024", "SKP 2025"):
        appraisal.appraise(app, PLANNER, NURSE, period, "sesuai", "sesuai")
    organisation.change_need(app, PLANNER, "DINKES-PERAWAT", 2, "tambah formasi perawat dinas")


def proposed(app, nip=NURSE, to_post="DINKES-PERAWAT") -> str:
    return approvals.propose(app, HEAD_DINKES, nip, to_post, "memperkuat dinas")


def with_file(app, proposal_id) -> None:
    for item in approvals.load_proposal(app, proposal_id).required_documents():
        dossier.record_evidence(app, PLANNER, proposal_id, item, "800/1/BKD/2026", TODAY, f"{item}.pdf", PDF)


def in_session(app, proposal_ids: list, objections: dict | None = None, notes: dict | None = None) -> str:
    """The proposals through one session of the three members: each agrees, except on the proposals
    in `objections` {id: note}, where all object; `notes` {id: note} go with the recommendation.
    Returns the session's number."""
    objections, notes = objections or {}, notes or {}
    number = f"{uuid4().hex[:6]}/TPK/uji"
    committee.convene(app, COMMITTEE, number, TODAY, proposal_ids, list(MEMBERS))
    for proposal_id in proposal_ids:
        for member in MEMBERS:
            objection = objections.get(proposal_id)
            committee.record_view(app, COMMITTEE, number, proposal_id, member,
                                  "tidak_setuju" if objection else "setuju", objection or "")
    committee.conclude(app, COMMITTEE, number, {pid: {"note": note} for pid, note in notes.items()})
    return number


STEPS = [
    ("file", lambda app, pid: with_file(app, pid)),
    ("submit", lambda app, pid: approvals.submit(app, PLANNER, pid)),
    ("verify", lambda app, pid: approvals.verify(app, VERIFIER, pid)),
    ("forward", lambda app, pid: approvals.forward(app, HEAD_BKD, pid)),
    ("recommend", lambda app, pid: in_session(app, [pid])),
    ("decide", lambda app, pid: approvals.decide(app, MAYOR, pid, "approve", "")),
    ("decree", lambda app, pid: decrees.issue_decree(app, HEAD_BKD, [pid], SK, TODAY, TODAY)),
    ("spmt", lambda app, pid: decrees.record_after_decree(app, VERIFIER, pid, "spmt", TODAY, "SPMT/1")),
]


def through(app, proposal_id, until: str):
    for name, step in STEPS:
        step(app, proposal_id)
        if name == until:
            break
    return approvals.load_proposal(app, proposal_id)


def waive_all(app, proposal_id, *days) -> None:
    """The PPK waives whatever the rules say on those days (tests whose people lack SKP history)."""
    proposal = approvals.load_proposal(app, proposal_id)
    for rule in approvals.rules_now(app, proposal, *days):
        approvals.waive_rule(app, MAYOR, proposal_id, rule, "kebutuhan mendesak (uji)")


def push_through(app, proposal_id, until: str = "execute", sk_date: date = TODAY, tmt: date = TODAY,
                 sk_number: str = SK):
    """Any proposal through the workflow up to `until`, the PPK waiving what the rules say."""
    with_file(app, proposal_id)
    approvals.submit(app, PLANNER, proposal_id)
    approvals.verify(app, VERIFIER, proposal_id)
    waive_all(app, proposal_id, TODAY, sk_date, tmt)
    steps = [("forward", lambda: approvals.forward(app, HEAD_BKD, proposal_id)),
             ("recommend", lambda: in_session(app, [proposal_id])),
             ("decide", lambda: approvals.decide(app, MAYOR, proposal_id, "approve", "")),
             ("decree", lambda: decrees.issue_decree(app, HEAD_BKD, [proposal_id], sk_number, sk_date, tmt)),
             ("spmt", lambda: decrees.record_after_decree(app, VERIFIER, proposal_id, "spmt", tmt, "SPMT/1")),
             ("execute", lambda: decrees.execute(app, PLANNER, proposal_id, tmt))]
    for name, step in steps:
        step()
        if name == until:
            break
    return approvals.load_proposal(app, proposal_id)

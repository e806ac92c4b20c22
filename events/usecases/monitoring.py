"""Monitoring use cases: BKD records a unit's satisfaction survey (SKM) from a form or a file, the
new unit's head evaluates a move 3 and 6 months after it, and BKD investigates a flagged service
decline up to its corrective actions and closing.

When a unit's score fell by the threshold since its previous survey and people moved into or out of
the unit in between, the decline is flagged (an Investigation in state 'flagged') in the same
transaction as the survey. The previous survey and the transfers are read from the views.
"""
from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from domain.access import Actor
from domain.evaluation import Evaluation
from domain.investigation import Investigation
from domain.organisation import Unit, unit_id
from domain.proposal import EVALUATION_MONTHS
from domain.rules import DEFAULT_SETTINGS, DomainError
from domain.service_decline import detect
from domain.stakeholder_settings import DEFAULT_STAKEHOLDER_SETTINGS, StakeholderSettings
from domain.survey import ELEMENT_CODES, Survey, convention_for_weight, indicative
from events.app import Mutasi
from events.files.survey_files import MAX_ROWS, FileError, FileErrors, parse_rows, read_answers
from events.readside import monitoring_queries
from events.usecases import approvals
from events.usecases.employees import require_unit_scope

RESULT_KEYS = ("respondents", "nrr", "ikm", "score", "grade")


# --- satisfaction surveys ---------------------------------------------------------------------
def record_survey(app: Mutasi, actor: Actor, unit_code: str, period: str,
                  answers: list[list[int]], source: str = "formulir",
                  settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS,
                  population: int | str | None = None) -> dict:
    """`population`: the unit's service users in the period (None: unknown), for the minimum
    number of respondents (Krejcie–Morgan, `settings.skm_sample_table`)."""
    actor.require("record_surveys")
    if population is None or str(population).strip() == "":
        population = settings.skm_default_population or None
    code = (unit_code or "").strip().upper()
    unit = app.load(Unit, unit_id(code), f"Unit {code or '(kosong)'}")
    survey = Survey.record(unit_code=unit.code, unit_id=unit.id, period=period, answers=answers,
                           source=source, weight_convention=convention_for_weight(DEFAULT_SETTINGS.ikm_weight),
                           actor=actor.username, role=actor.role, population=population,
                           sample_table=settings.skm_sample_table)
    flag = decline_flag(unit, survey, settings)
    app.store(survey, *([flag] if flag else []),
              conflict=f"Survei {unit.code} periode {survey.period} sudah tercatat; tidak ada yang diubah.")
    return {**{key: getattr(survey, key) for key in RESULT_KEYS}, "id": survey.id,
            "unit_code": unit.code, "period": survey.period, "flag": flag.id if flag else None,
            "elements": survey.elements, "population": survey.population, "minimum": survey.minimum,
            "indicative": indicative(survey.respondents, survey.minimum)}


def decline_flag(unit: Unit, survey: Survey, settings: StakeholderSettings) -> Investigation | None:
    found = detect(monitoring_queries.previous_survey(unit.code, survey.period), survey.period,
                   survey.score, monitoring_queries.unit_movements(unit.code), settings.decline_points)
    if found is None:
        return None
    return Investigation.flag(unit_code=unit.code, unit_name=unit.name, period=survey.period, **found)


def import_survey_file(app: Mutasi, actor: Actor, unit_code: str, period: str, filename: str,
                       data: bytes, settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS,
                       population: int | str | None = None) -> dict:
    """A CSV/XLSX of raw answers; a bad file raises FileErrors (row and column) and records nothing."""
    actor.require("record_surveys")
    answers, source = read_answers(filename, data)
    return record_survey(app, actor, unit_code, period, answers, source, settings, population)


def record_survey_form(app: Mutasi, actor: Actor, unit_code: str, period: str, answers: str,
                       settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS,
                       population: int | str | None = None) -> dict:
    """The answers as typed in the form: one respondent per line (see parse_form_answers)."""
    actor.require("record_surveys")
    return record_survey(app, actor, unit_code, period, parse_form_answers(answers), "formulir",
                         settings, population)


SEPARATORS = re.compile(r"[\s,;]+")


def parse_form_answers(text: str) -> list[list[int]]:
    """One respondent per line, nine answers 1–4 separated by spaces, commas or semicolons.
    Errors name the line ("baris") and the element column (u1 … u9)."""
    lines = [SEPARATORS.split(line.strip()) if line.strip() else [] for line in (text or "").splitlines()]
    if not any(lines):
        raise DomainError("Isi jawaban responden: satu baris per responden, 9 angka 1–4 (u1 … u9).")
    extra = [FileError(number, None, f"{len(cells)} jawaban; tepat 9 (u1 … u9)")
             for number, cells in enumerate(lines, 1) if len(cells) > len(ELEMENT_CODES)]
    if extra:
        raise FileErrors(extra)
    rows = iter([(0, list(ELEMENT_CODES)), *enumerate(lines, 1)])
    return parse_rows(rows, MAX_ROWS)


# --- post-move evaluation ---------------------------------------------------------------------
def record_evaluation(app: Mutasi, actor: Actor, proposal_id, months: int, adaptation: str,
                      performance: str, notes: str, today: date,
                      settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> UUID:
    actor.require("evaluate_moves")
    proposal = approvals.load_proposal(app, proposal_id)
    unit = require_unit_scope(app, actor, unit_id(proposal.to_unit),  # first: nothing of another unit shows
                              "Evaluasi ini diisi oleh kepala unit baru pegawai yang dimutasi.")
    if proposal.state != "executed":
        raise DomainError("Evaluasi hanya untuk mutasi yang sudah dilaksanakan.")
    due = dict(zip(EVALUATION_MONTHS, proposal.evaluations_due)).get(months)
    if due is None:
        raise DomainError(f"Evaluasi hanya pada bulan ke-{' dan ke-'.join(map(str, EVALUATION_MONTHS))}.")
    evaluation = Evaluation.record(
        proposal_id=proposal.id, employee_id=proposal.employee_id, nip=proposal.nip, name=proposal.name,
        unit_code=unit.code, months=months, due=due, on=today,
        days_before=settings.evaluation_opens_days_before, adaptation=adaptation,
        performance=performance, notes=notes, actor=actor.username, role=actor.role)
    app.store(evaluation, conflict=f"Evaluasi {months} bulan untuk {proposal.name} sudah diisi.")
    return evaluation.id


# --- investigations ---------------------------------------------------------------------------
def load_investigation(app: Mutasi, investigation_id) -> Investigation:
    try:
        return app.load(Investigation, UUID(str(investigation_id)), "Investigasi")
    except ValueError:
        raise DomainError("Investigasi tidak ditemukan.") from None


INVESTIGATION_CONFLICT = "Investigasi ini baru saja diubah pengguna lain; muat ulang."


def open_investigation(app: Mutasi, actor: Actor, investigation_id, note: str) -> None:
    actor.require("investigate")
    investigation = load_investigation(app, investigation_id)
    investigation.open(note=note, actor=actor.username, role=actor.role)
    app.store(investigation, conflict=INVESTIGATION_CONFLICT)


def record_findings(app: Mutasi, actor: Actor, investigation_id, findings: str) -> None:
    actor.require("investigate")
    investigation = load_investigation(app, investigation_id)
    investigation.record_findings(findings=findings, actor=actor.username, role=actor.role)
    app.store(investigation, conflict=INVESTIGATION_CONFLICT)


def close_investigation(app: Mutasi, actor: Actor, investigation_id, summary: str) -> None:
    actor.require("investigate")
    investigation = load_investigation(app, investigation_id)
    investigation.close(summary=summary, actor=actor.username, role=actor.role)
    app.store(investigation, conflict=INVESTIGATION_CONFLICT)


def record_action(app: Mutasi, actor: Actor, investigation_id, kind: str, description: str,
                  nip: str = "") -> None:
    """Training or coaching, for one person of the unit or for the unit as a whole."""
    actor.require("investigate")
    if kind == "usulan_korektif":
        raise DomainError("Usulan korektif memerlukan jabatan tujuan: gunakan formulir usulan korektif.")
    investigation = load_investigation(app, investigation_id)
    person = app.employee(nip) if (nip or "").strip() else None
    investigation.record_action(kind=kind, description=description, nip=person and person.nip,
                                name=person and person.name, employee_id=person and person.id,
                                proposal_id=None, actor=actor.username, role=actor.role)
    app.store(investigation, conflict=INVESTIGATION_CONFLICT)


def propose_correction(app: Mutasi, actor: Actor, investigation_id, nip: str, to_post: str,
                       description: str) -> UUID:
    """A corrective mutation that enters the approval workflow (source 'corrective'), recorded as
    the investigation's action. Everything is checked before the proposal is made."""
    actor.require("investigate")
    investigation = load_investigation(app, investigation_id)
    description = investigation.check_action("usulan_korektif", description)
    person = app.employee(nip)
    proposal_id = approvals.propose(
        app, actor, person.nip, (to_post or "").strip().upper(), source="corrective",
        reason=f"Tindakan korektif atas penurunan layanan {investigation.unit_code} "
               f"(SKM {investigation.period}): {description}")
    investigation.record_action(kind="usulan_korektif", description=description, nip=person.nip,
                                name=person.name, employee_id=person.id, proposal_id=proposal_id,
                                actor=actor.username, role=actor.role)
    app.store(investigation, conflict="Usulan korektif dibuat, tetapi investigasi baru saja diubah "
                                      "pengguna lain; muat ulang lalu catat tindakannya.")
    return proposal_id

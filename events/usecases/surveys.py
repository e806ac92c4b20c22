"""Survey use cases: BKD records a unit's SKM for a period from a form or an uploaded file. When the
score fell by the threshold since the unit's previous survey and people moved into or out of the
unit in between, the decline is flagged (an Investigation in state 'flagged') in the same
transaction. The previous survey and the transfers are read from the views (catch up first)."""
from __future__ import annotations

import re

from domain.access import Actor
from domain.investigation import Investigation
from domain.organisation import Unit, unit_id
from domain.rules import DEFAULT_SETTINGS, DomainError
from domain.service_decline import detect
from domain.stakeholder_settings import DEFAULT_STAKEHOLDER_SETTINGS, StakeholderSettings
from domain.survey import ELEMENT_CODES, Survey, convention_for_weight
from events.readside import monitoring_queries
from events.files.survey_files import MAX_ROWS, FileError, FileErrors, parse_rows, read_answers

RESULT_KEYS = ("respondents", "nrr", "ikm", "score", "grade")


def record_survey(app, actor: Actor, unit_code: str, period: str, answers: list[list[int]],
                  source: str = "formulir",
                  settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> dict:
    actor.require("record_surveys")
    code = (unit_code or "").strip().upper()
    unit = app.load(Unit, unit_id(code), f"Unit {code or '(kosong)'}")
    survey = Survey.record(unit_code=unit.code, unit_id=unit.id, period=period, answers=answers,
                           source=source, weight_convention=convention_for_weight(DEFAULT_SETTINGS.ikm_weight),
                           actor=actor.username, role=actor.role)
    flag = decline_flag(unit, survey, settings)
    app.store(survey, *([flag] if flag else []),
              conflict=f"Survei {unit.code} periode {survey.period} sudah tercatat; tidak ada yang diubah.")
    return {**{key: getattr(survey, key) for key in RESULT_KEYS}, "id": survey.id,
            "unit_code": unit.code, "period": survey.period, "flag": flag.id if flag else None}


def decline_flag(unit: Unit, survey: Survey, settings: StakeholderSettings) -> Investigation | None:
    found = detect(monitoring_queries.previous_survey(unit.code, survey.period), survey.period,
                   survey.score, monitoring_queries.unit_movements(unit.code), settings.decline_points)
    if found is None:
        return None
    return Investigation.flag(unit_code=unit.code, unit_name=unit.name, period=survey.period, **found)


def import_survey_file(app, actor: Actor, unit_code: str, period: str, filename: str, data: bytes,
                       settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> dict:
    """A CSV/XLSX of raw answers; a bad file raises FileErrors (row and column) and records nothing."""
    actor.require("record_surveys")
    answers, source = read_answers(filename, data)
    return record_survey(app, actor, unit_code, period, answers, source, settings)


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

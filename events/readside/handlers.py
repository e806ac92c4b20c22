"""Event handlers of the projection: each applies one event to the rows cached in the Session.

Handlers only read the event and the session; the Session writes the rows back in bulk.
"""
from __future__ import annotations

import json
from typing import Callable

from domain.formats import tanggal
from domain.proposal import CHECKLIST, required_documents
from domain.talent import kinerja_source

from events.readside.readmodels import (AppraisalRow, EmployeeRow, PeriodRow, PlanRow, PositionRow,
                               ProposalRow, TalentRow, UnitRow)
from events.readside import (appraisal_handlers, committee_handlers, findings, ledger,
                             monitoring_handlers, stakeholder_handlers)
from events.readside.timeline import proposal_timeline_row, timeline_row, where


def on_unit_established(e, s):
    s.touch(UnitRow, {"id": e.originator_id, "code": e.code, "name": e.name, "kind": e.kind,
                      "parent_code": e.parent_code, "service_priority": e.service_priority})


def on_position_created(e, s):
    s.touch(PositionRow, {
        "id": e.originator_id, "code": e.code, "unit_id": e.unit_id, "unit_code": e.unit_code,
        "name": e.name, "jabatan_type": e.jabatan_type, "eselon": e.eselon, "level": e.level,
        "band_low": e.band_low, "band_high": e.band_high,
        "education_families": ",".join(e.education_families), "track": e.track,
        "abk_need": e.abk_need, "strategic": e.strategic, "actual": 0,
        "jf": getattr(e, "jf", None),  # events stored before these facts lack them
        "education_levels": json.dumps(list(getattr(e, "education_levels", []))),
        "education_fields": json.dumps(list(getattr(e, "education_fields", []))),
        "credential": json.dumps(e.credential) if getattr(e, "credential", None) else None,
        "competence": json.dumps([list(c) for c in getattr(e, "competence", [])]),
        "is_principal": bool(getattr(e, "is_principal", False)), "acting": None})


def on_acting_appointed(e, s):
    s.touch(PositionRow, {**s.positions[e.originator_id], "acting": e.nip})


def on_need_changed(e, s):
    s.touch(PositionRow, {**s.positions[e.originator_id], "abk_need": e.abk_need})


def on_period_opened(e, s):
    s.touch(PeriodRow, {"id": e.originator_id, "name": e.name, "year": e.year, "starts": e.starts,
                        "ends": e.ends, "is_open": True})


def on_period_closed(e, s):
    s.touch(PeriodRow, {**s.periods[e.originator_id], "is_open": False})


def move_holder(s, position_id, delta: int) -> None:
    row = s.positions[position_id]
    s.touch(PositionRow, {**row, "actual": row["actual"] + delta})


def on_registered(e, s):
    unit_code = s.positions[e.position_id]["unit_code"]
    s.touch(EmployeeRow, {
        "id": e.originator_id, "nip": e.nip, "name": e.name,
        "search": f"{e.name.lower()} {e.nip}", "sex": e.sex, "birth_date": e.birth_date,
        "status": e.status, "golongan": e.golongan, "education_level": e.education_level,
        "education_field": e.education_field, "education_family": e.education_family,
        "position_id": e.position_id, "unit_id": e.unit_id, "unit_code": unit_code,
        "in_post_since": e.in_post_since, "cpns_date": e.cpns_date, "active": True,
        "left_on": None, "last_predikat": None, "last_box": None, "version": 1,
        "jf": getattr(e, "jf", None), "jf_level": getattr(e, "jf_level", None),
        "credentials": json.dumps(list(getattr(e, "credentials", []))), "assessed_on": None,
        "assessment": "[]", "blocks": "[]", "part_time": bool(getattr(e, "part_time", False))})
    move_holder(s, e.position_id, +1)


def on_transferred(e, s):
    move_holder(s, e.from_position_id, -1)
    move_holder(s, e.to_position_id, +1)
    update_employee(e, s, position_id=e.to_position_id, unit_id=e.to_unit_id,
                    unit_code=s.positions[e.to_position_id]["unit_code"], in_post_since=e.tmt)


def on_promoted(e, s):
    update_employee(e, s, golongan=e.golongan)


def on_appraised(e, s):
    s.upsert(AppraisalRow, (e.originator_id, e.period), {
        "employee_id": e.originator_id, "period": e.period, "year": e.year,
        "hasil_kerja": e.hasil_kerja, "perilaku": e.perilaku, "predikat": e.predikat,
        "corrected": type(e).__name__ == "AppraisalCorrected"})
    update_employee(e, s, last_predikat=e.predikat)


def on_talent_assessed(e, s):
    s.upsert(TalentRow, (e.originator_id, e.period), {
        "employee_id": e.originator_id, "period": e.period, "kinerja": e.kinerja,
        "potensial": e.potensial, "box": e.box,
        "source": kinerja_source(e.period, getattr(e, "predikat", None))})
    update_employee(e, s, last_box=e.box)


def on_left(e, s):
    move_holder(s, e.position_id, -1)
    update_employee(e, s, active=False, left_on=e.on)


def on_competence_assessed(e, s):
    update_employee(e, s, assessed_on=e.on, assessment=json.dumps([list(x) for x in e.levels]))


def on_block_recorded(e, s):
    blocks = json.loads(s.employees[e.originator_id]["blocks"])
    blocks.append({"kind": e.kind, "start": e.start.isoformat(),
                   "end": e.end.isoformat() if e.end else None, "reason": e.reason})
    update_employee(e, s, blocks=json.dumps(blocks))


def on_record_corrected(e, s):
    changes = dict(e.changes)
    if "name" in changes:
        changes["search"] = f"{changes['name'].lower()} {s.employees[e.originator_id]['nip']}"
    update_employee(e, s, **changes)


def on_flagged_missing(e, s):  # flagged or found again: a row on the timeline; BKD records why with a leaving
    update_employee(e, s)


def update_employee(e, s, **changes) -> None:
    s.touch(EmployeeRow, {**s.employees[e.originator_id], **changes, "version": e.originator_version})


def on_plan_drafted(e, s):
    s.upsert(PlanRow, e.originator_id, {
        "id": e.originator_id, "name": e.name, "status": "draft", "drafted_by": e.actor,
        "drafted_at": e.timestamp.replace(tzinfo=None), "revision": 0, **plan_figures(e)})


def on_plan_revised(e, s):
    row = s.upserts[PlanRow].get(e.originator_id) or PlanRow.select().where(
        PlanRow.id == e.originator_id).dicts().get()
    s.upsert(PlanRow, e.originator_id, {**row, "revision": e.revision, **plan_figures(e)})


def plan_figures(e) -> dict:
    f = e.figures
    return {"moves": len(e.lines), "solver_status": f.get("status", ""), "objective": f.get("objective"),
            "gap": f.get("gap"), "log_position": f.get("log_position", getattr(e, "log_position", 0))}


PLAN_STATUS = {"Submitted": "submitted", "Decided": "decided", "Decreed": "decreed", "Closed": "closed"}


def on_plan_status(e, s):
    row = s.upserts[PlanRow].get(e.originator_id) or PlanRow.select().where(
        PlanRow.id == e.originator_id).dicts().get()
    s.upsert(PlanRow, e.originator_id, {**row, "status": PLAN_STATUS[type(e).__name__]})


def on_proposed(e, s):
    from_unit = getattr(e, "from_unit", None) or next(
        (p["unit_code"] for p in s.positions.values() if p["code"] == e.from_post), None)
    s.touch(ProposalRow, {
        "id": e.originator_id, "employee_id": e.employee_id, "nip": e.nip, "name": e.name,
        "source": e.source, "from_post": e.from_post, "to_post": e.to_post, "to_unit": e.to_unit,
        "from_unit": from_unit, "plan_id": e.plan_id, "state": "draft", "reason": e.reason,
        "drafted_by": e.actor, "submitted_by": None, "verified_by": None, "recommended_by": None,
        "opinion": None, "decided_by": None, "last_reason": None, "sk_number": None, "tmt": None,
        "documents_missing": len(required_documents(getattr(e, "route", "internal"))), "checklist": "{}",
        "waivers": "[]", "route": getattr(e, "route", "internal"), "forwarded_by": None,
        "against_recommendation": False, "spmt_on": None, "pelantikan_on": None,
        "planner_reasons": json.dumps(e.line["reasons"]) if "breakdown" in (e.line or {}) else None,
        "updated_at": e.timestamp.replace(tzinfo=None), "version": 1})


DECISION_STATES = {"approve": "approved", "reject": "rejected", "return": "returned"}
DECISION_WORDS = {"approve": "disetujui", "reject": "ditolak", "return": "dikembalikan"}
RESET_ON_RETURN = {"submitted_by": None, "verified_by": None, "forwarded_by": None, "recommended_by": None,
                   "opinion": None, "decided_by": None}


def proposal_changes(e, row: dict) -> dict:
    kind = type(e).__name__
    if kind == "Submitted":
        return {"state": "submitted", "submitted_by": e.actor}
    if kind == "DocumentsRecorded":  # earlier stores: a ticked checklist without files
        checklist = {k: {"status": "dicentang"} for k, ticked in e.checklist.items() if ticked}
        return {"documents_missing": sum(1 for v in e.checklist.values() if not v),
                "checklist": json.dumps(checklist, sort_keys=True)}
    if kind == "EvidenceRecorded":
        checklist = {**json.loads(row["checklist"]), e.item: e.evidence}
        missing = [k for k in required_documents(row["route"]) if checklist.get(k, {}).get("status") not in
                   ("ada", "tidak_berlaku")]
        return {"documents_missing": len(missing), "checklist": json.dumps(checklist, sort_keys=True)}
    if kind == "Forwarded":
        return {"state": "forwarded", "forwarded_by": e.actor}
    if kind == "AfterDecreeRecorded":
        return {f"{e.kind}_on": e.on}
    if kind == "RuleWaived":
        return {"waivers": json.dumps([*json.loads(row["waivers"]), e.rule])}
    if kind == "Verified":
        return {"state": "verified", "verified_by": e.actor}
    if kind == "Recommended":
        return {"state": "recommended", "recommended_by": e.actor, "opinion": e.opinion,
                "last_reason": e.note or None}
    if kind == "Decided":
        extra = RESET_ON_RETURN if e.decision == "return" else {"decided_by": e.actor}
        return {"state": DECISION_STATES[e.decision], "last_reason": e.reason or None,
                "against_recommendation": bool(getattr(e, "against_recommendation", False)), **extra}
    if kind == "DecisionUndone":
        if e.previous == "recommended":
            return {"state": "forwarded", "recommended_by": None, "opinion": None}
        return {"state": "recommended", "decided_by": None, "against_recommendation": False}
    if kind == "Withdrawn":
        return {"state": "withdrawn", "last_reason": e.reason}
    if kind == "Decreed":
        return {"state": "decreed", "sk_number": e.sk_number, "tmt": e.tmt}
    if kind == "Executed":
        return {"state": "executed"}
    return {}


def on_proposal_event(e, s):
    row = s.proposals[e.originator_id]
    s.touch(ProposalRow, {**row, **proposal_changes(e, row), "updated_at": e.timestamp.replace(tzinfo=None),
                          "version": e.originator_version})


def proposal_timeline(handler: Callable) -> Callable:
    """A Proposal event also shows on the timeline of the ASN it concerns, and as a step on the
    proposal's own page."""
    def apply(e, s):
        handler(e, s)
        row = proposal_timeline_row(e, s.position, s.proposals[e.originator_id], lambda code: post_named(s, code))
        s.timeline.append(row)
        stakeholder_handlers.step(e, s, step_detail(e), row["reason"])
    return apply


def post_named(s, code: str) -> str:
    """The post `code` as a timeline sentence reads it (`timeline.where`), through an index code → id
    kept on the session (rebuilt when a code is new to it)."""
    index = getattr(s, "post_ids", None)
    if index is None or code not in index:
        index = s.post_ids = {row["code"]: row_id for row_id, row in s.positions.items()}
    return where(s.positions, index[code], s.units) if code in index else code


def step_detail(e) -> str | None:
    """What the step decided, as the proposal's page shows it next to the step's name."""
    kind = type(e).__name__
    if kind == "Recommended":
        return e.opinion.replace("_", " ")
    if kind == "Decided":
        against = " — berbeda dengan rekomendasi Tim" if getattr(e, "against_recommendation", False) else ""
        return DECISION_WORDS[e.decision] + against
    if kind == "AfterDecreeRecorded":
        return f"{'SPMT' if e.kind == 'spmt' else 'Pelantikan'} {e.number}, {e.on:%d-%m-%Y}"
    if kind == "EvidenceRecorded":
        return CHECKLIST[e.item] + (" — tidak berlaku" if e.evidence["status"] == "tidak_berlaku" else "")
    if kind == "Decreed":
        return f"SK {e.sk_number}, TMT {tanggal(e.tmt)}"
    if kind == "RuleWaived":
        return e.rule
    return None


def employee_timeline(handler: Callable) -> Callable:
    """An Employee event also becomes a row on that person's timeline."""
    def apply(e, s):
        handler(e, s)
        s.timeline.append(timeline_row(e, s.position, s.positions, s.units))
    return apply


HANDLERS: dict[str, Callable] = {
    "Plan.Drafted": on_plan_drafted,
    "Plan.Revised": on_plan_revised,
    **{f"Plan.{kind}": on_plan_status for kind in PLAN_STATUS},
    "Proposal.Proposed": proposal_timeline(on_proposed),
    **{f"Proposal.{kind}": proposal_timeline(on_proposal_event) for kind in (
        "Submitted", "DocumentsRecorded", "EvidenceRecorded", "Verified", "Forwarded", "Recommended",
        "Decided", "DecisionUndone", "AfterDecreeRecorded",
        "Withdrawn", "RuleWaived", "Decreed", "Executed")},
    "Unit.Established": on_unit_established,
    "Position.Created": on_position_created,
    "Position.NeedChanged": on_need_changed,
    "Position.ActingAppointed": on_acting_appointed,
    "AppraisalPeriod.Opened": on_period_opened,
    "AppraisalPeriod.Closed": on_period_closed,
    "Employee.Registered": employee_timeline(on_registered),
    "Employee.Transferred": employee_timeline(on_transferred),
    "Employee.Promoted": employee_timeline(on_promoted),
    "Employee.Appraised": employee_timeline(on_appraised),
    "Employee.AppraisalCorrected": employee_timeline(on_appraised),
    "Employee.TalentAssessed": employee_timeline(on_talent_assessed),
    "Employee.Left": employee_timeline(on_left),
    **committee_handlers.COMMITTEE_HANDLERS,  # the Tim Penilai Kinerja's sessions
    "Employee.CompetenceAssessed": employee_timeline(on_competence_assessed),
    "Employee.BlockRecorded": employee_timeline(on_block_recorded),
    "Employee.RecordCorrected": employee_timeline(on_record_corrected),  # imports (SIASN)
    "Employee.FlaggedMissing": employee_timeline(on_flagged_missing),
    "Employee.FoundAgain": employee_timeline(on_flagged_missing),
}

# appraisal cycle and talent map (events/appraisal_handlers.py)
HANDLERS.update(appraisal_handlers.PERIOD_HANDLERS)
HANDLERS.update(ledger.LEDGER_HANDLERS)  # checkpoints, inspectors' keys, verifications of the log
HANDLERS.update({name: employee_timeline(handler)
                 for name, handler in appraisal_handlers.EMPLOYEE_HANDLERS.items()})
for _name in ("Employee.Appraised", "Employee.AppraisalCorrected"):
    HANDLERS[_name] = appraisal_handlers.with_note(HANDLERS[_name])

def chain(first: Callable, then: Callable) -> Callable:
    def apply(e, s):
        first(e, s)
        then(e, s)
    return apply


# stakeholders and monitoring: consultations, comments, surveys, evaluations, investigations,
# chained after the handlers above where both apply to one event
for _name, _handler in {**stakeholder_handlers.CONSULTATION_HANDLERS,
                        **monitoring_handlers.MONITORING_HANDLERS}.items():
    HANDLERS[_name] = chain(HANDLERS[_name], _handler) if _name in HANDLERS else _handler

HANDLERS.update(findings.FINDING_HANDLERS)  # the Inspektorat's findings register (events/readside/findings.py)

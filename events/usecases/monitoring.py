"""Monitoring use cases: the post-move evaluation by the new unit's head, and BKD's investigation of
a flagged service decline up to its corrective actions and closing."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.evaluation import Evaluation
from domain.investigation import Investigation
from domain.organisation import Unit, unit_id
from domain.proposal import EVALUATION_MONTHS
from domain.rules import DomainError
from domain.stakeholder_settings import DEFAULT_STAKEHOLDER_SETTINGS, StakeholderSettings
from events.usecases import approvals


# --- post-move evaluation ---------------------------------------------------------------------
def record_evaluation(app, actor: Actor, proposal_id, months: int, adaptation: str, performance: str,
                      notes: str, today: date,
                      settings: StakeholderSettings = DEFAULT_STAKEHOLDER_SETTINGS) -> UUID:
    actor.require("evaluate_moves")
    proposal = approvals.load_proposal(app, proposal_id)
    if proposal.state != "executed":
        raise DomainError("Evaluasi hanya untuk mutasi yang sudah dilaksanakan.")
    due = dict(zip(EVALUATION_MONTHS, proposal.evaluations_due)).get(months)
    if due is None:
        raise DomainError(f"Evaluasi hanya pada bulan ke-{' dan ke-'.join(map(str, EVALUATION_MONTHS))}.")
    unit = app.load(Unit, unit_id(proposal.to_unit), f"Unit {proposal.to_unit}")
    if not actor.may_see_unit(unit.code, unit.parent_code):
        raise ForbiddenError(f"Evaluasi {proposal.name} diisi oleh kepala unit barunya ({unit.code}).")
    evaluation = Evaluation.record(
        proposal_id=proposal.id, employee_id=proposal.employee_id, nip=proposal.nip, name=proposal.name,
        unit_code=unit.code, months=months, due=due, on=today,
        days_before=settings.evaluation_opens_days_before, adaptation=adaptation,
        performance=performance, notes=notes, actor=actor.username, role=actor.role)
    app.store(evaluation, conflict=f"Evaluasi {months} bulan untuk {proposal.name} sudah diisi.")
    return evaluation.id


# --- investigations ---------------------------------------------------------------------------
def load_investigation(app, investigation_id) -> Investigation:
    try:
        return app.load(Investigation, UUID(str(investigation_id)), "Investigasi")
    except ValueError:
        raise DomainError("Investigasi tidak ditemukan.") from None


def investigation_step(app, actor: Actor, investigation_id, command: str, **kwargs) -> None:
    """open / record_findings / close: get → one command → store."""
    actor.require("investigate")
    investigation = load_investigation(app, investigation_id)
    getattr(investigation, command)(**kwargs, actor=actor.username, role=actor.role)
    app.store(investigation, conflict="Investigasi ini baru saja diubah pengguna lain; muat ulang.")


def record_action(app, actor: Actor, investigation_id, kind: str, description: str, nip: str = "") -> None:
    """Training or coaching, for one person of the unit or for the unit as a whole."""
    actor.require("investigate")
    if kind == "usulan_korektif":
        raise DomainError("Usulan korektif memerlukan jabatan tujuan: gunakan formulir usulan korektif.")
    investigation = load_investigation(app, investigation_id)
    person = app.employee(nip) if (nip or "").strip() else None
    investigation.record_action(kind=kind, description=description, nip=person and person.nip,
                                name=person and person.name, employee_id=person and person.id,
                                proposal_id=None, actor=actor.username, role=actor.role)
    app.store(investigation, conflict="Investigasi ini baru saja diubah pengguna lain; muat ulang.")


def propose_correction(app, actor: Actor, investigation_id, nip: str, to_post: str,
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

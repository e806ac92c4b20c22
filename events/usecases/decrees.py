"""Decree use cases: one SK for approved proposals, signed once at issuance (the generated PDF's and
the signed file's hashes recorded); the signed SK for those involved only; and execution on the
TMT, which records the mutation on the Employee in the same transaction as the proposal's Executed
event.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.decree import Decree, check_sk_number, decree_id
from domain.employee import Employee
from domain.limits import day
from domain.proposal import SOURCES
from domain.organisation import Unit, unit_id
from domain.rules import STRUCTURAL, DomainError, NotFoundError
from events.app import Mutasi
from events.files.decree_pdf import decree_pdf
from events.files.documents import content_hash
from events.readside import blobs
from events.readside.rule_checks import room_in
from events.usecases.approvals import (STEP_CONFLICT, bulk, load_proposal, plan_follows, proposal_at,
                                       release_move, rules_now)


def issue_decree(app: Mutasi, actor: Actor, proposal_ids: list, sk_number: str, sk_date: date, tmt: date,
                 plan_id=None) -> UUID:
    """One SK for the approved proposals, signed once, at issuance: the PDF generated from the event's
    data (its SHA-256 recorded) is signed with the installation's key and the signed file is kept by
    its SHA-256 (recorded too); every proposal gets its Decreed event in the same transaction."""
    if app.decree_signer is None:
        raise DomainError("Kunci tanda tangan elektronik SK belum disiapkan pada instalasi ini.")
    sk_number = check_sk_number(sk_number)  # before it is printed and signed
    sk_date, tmt = day(sk_date, "Tanggal SK"), day(tmt, "TMT")  # before the rules are evaluated on them
    def decree_one(proposal) -> None:
        proposal.issue_decree(sk_number=sk_number, sk_date=sk_date, tmt=tmt,
                              violations=rules_now(app, proposal, sk_date, tmt),
                              current_post=current_post(app, proposal), actor=actor.username, role=actor.role)
    proposals = bulk(app, proposal_ids, decree_one)  # the rules at the SK date and at the TMT
    lines = [decree_line(app, proposal) for proposal in proposals]
    wording = app.decree_settings.wording()
    unsigned = decree_pdf(sk_number, sk_date, tmt, lines, wording)
    signed = app.decree_signer.sign(unsigned, signer_name=wording["mayor_name"],
                                    reason=f"Keputusan Wali Kota Sibolga Nomor {sk_number}")
    decree = Decree.issue(sk_number=sk_number, sk_date=sk_date, tmt=tmt,
                          plan_id=UUID(str(plan_id)) if plan_id else None, lines=lines,
                          content_hash=content_hash(unsigned), signed_hash=content_hash(signed),
                          wording=wording, actor=actor.username, role=actor.role)
    blobs.put(signed, "application/pdf")  # first: an event never names a file that is not there
    app.store(decree, *proposals, *plan_follows(app, actor, proposals), conflict=f"Nomor SK {sk_number} sudah dipakai, atau salah satu usulan "
                                           "baru saja diubah; muat ulang.")
    return decree.id


def decree_line(app: Mutasi, proposal) -> dict:
    """One row of the Lampiran: the person and the post and unit they leave and join, by name."""
    employee = app.load(Employee, proposal.employee_id, "ASN")
    return {"proposal": str(proposal.id), "nip": proposal.nip, "name": proposal.name,
            "golongan": employee.golongan, **post_on_decree(app, "from", proposal.from_post),
            **post_on_decree(app, "to", proposal.to_post)}


def post_on_decree(app: Mutasi, side: str, code: str) -> dict:
    position = app.position(code)
    unit = app.load(Unit, unit_id(position.unit_code), f"Unit {position.unit_code}")
    return {f"{side}_post": code, f"{side}_post_name": position.name, f"{side}_unit": unit.code,
            f"{side}_unit_name": unit.name, f"{side}_parent": unit.parent_code}


def decree_document(app: Mutasi, actor: Actor, sk_number: str) -> tuple[bytes, str]:
    """The SK as signed at issuance, and its SHA-256, for those involved only."""
    try:
        decree = app.load(Decree, decree_id(sk_number), f"SK {sk_number}")
    except DomainError:
        raise NotFoundError(f"SK nomor {sk_number} tidak ditemukan.") from None
    if not may_read_decree(app, actor, decree):
        raise ForbiddenError(f"SK {decree.sk_number} hanya dapat diunduh oleh BKD, PPK, Inspektorat, "
                             "Tim Penilai Kinerja dan Kepala OPD dari unit yang tercantum di dalamnya.")
    if not decree.signed_hash:
        raise NotFoundError(f"SK {decree.sk_number} terbit sebelum SK ditandatangani secara elektronik; "
                          "berkasnya tidak tersimpan.")
    return blobs.get(decree.signed_hash), decree.signed_hash


def may_read_decree(app: Mutasi, actor: Actor, decree) -> bool:
    """BKD's planners, the PPK and the Inspektorat; the committee when it recommended a line; the
    Kepala OPD of a unit (or parent unit) people leave or join."""
    if actor.can("read_decrees"):
        return True
    if actor.role == "kepala_opd":
        return decree.involves_unit(actor.unit_code)
    if actor.role == "tim_penilai":
        return any("recommend" in load_proposal(app, line["proposal"]).holders for line in decree.lines)
    return False


def current_post(app: Mutasi, proposal) -> str:
    return app.load_position_code(app.load(Employee, proposal.employee_id, "ASN").position_id)


def is_structural(app: Mutasi, post_code: str) -> bool:
    return app.position(post_code).jabatan_type in STRUCTURAL


def record_after_decree(app: Mutasi, actor: Actor, proposal_id, kind: str, on: date, number: str,
                        expected_version: int | None = None) -> None:
    """The pelantikan (structural posts) or the new unit's SPMT, after the SK."""
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.record_after_decree(kind=kind, on=on, number=number, structural=is_structural(app, proposal.to_post),
                                 actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def execute(app: Mutasi, actor: Actor, proposal_id, on: date) -> None:
    """On the TMT, once the SPMT is recorded: the mutation is recorded on the ASN, the proposal and
    the person's open move close, atomically. The rules, the person's post and the target post's
    room are checked once more on that day."""
    proposal = load_proposal(app, proposal_id)
    employee = app.load(Employee, proposal.employee_id, "ASN")
    proposal.mark_executed(on=on, violations=rules_now(app, proposal, on) + room_in(proposal.to_post),
                           current_post=app.load_position_code(employee.position_id),
                           structural=is_structural(app, proposal.to_post), actor=actor.username, role=actor.role)
    decree = proposal.decree
    employee.transfer(to=app.position(proposal.to_post), sk_number=decree["sk_number"],
                      sk_date=decree["sk_date"], tmt=decree["tmt"],
                      reason=f"Pelaksanaan usulan {proposal.id} ({SOURCES.get(proposal.source, proposal.source)})",
                      actor=actor.username, role=actor.role)
    app.store(proposal, employee, release_move(app, actor, proposal), *plan_follows(app, actor, [proposal]),
              conflict=STEP_CONFLICT)


def execute_due(app: Mutasi, actor: Actor, proposal_ids: list, on: date) -> dict:
    """Executes each decreed proposal whose TMT has come, each on its own, in rounds, so a move that
    frees a seat lets the move into that seat follow; returns how many were executed and the
    refused ones, id → message."""
    waiting, done, refused = list(proposal_ids), 0, {}
    while waiting:
        refused, progressed = {}, False
        for proposal_id in waiting:
            try:
                execute(app, actor, proposal_id, on)
                done, progressed = done + 1, True
            except DomainError as error:
                refused[proposal_id] = str(error)
        if not progressed:
            break
        waiting = list(refused)
    return {"done": done, "refused": refused}

"""The Tim Penilai Kinerja's sessions (sidang): convened on proposals the Kepala BKD forwarded, with
the members present (quorum: `CommitteeSettings`, read once by System from MUTASI_COMMITTEE_SETTINGS);
each present member's view per item; and the conclusion: the *berita acara* PDF (generated from the
session's events, kept in the blob store by its SHA-256, recorded in the event) and each proposal's
recommendation, stored with the session in one transaction. A recommendation comes from nowhere else.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.access import Actor, ForbiddenError
from domain.committee import CommitteeSession, session_id
from domain.proposal import STATES
from domain.rules import DomainError, NotFoundError
from events.app import Mutasi
from events.files.documents import content_hash
from events.files.minutes_pdf import minutes_pdf
from events.readside import blobs, committee_queries
from events.usecases.approvals import bulk, load_proposal, recommend
from events.usecases.decrees import decree_line

SESSION_CONFLICT = "Sidang ini baru saja diubah pengguna lain; muat ulang halaman dan periksa kembali."


def load_session(app: Mutasi, number: str) -> CommitteeSession:
    try:
        return app.load(CommitteeSession, session_id(number or ""), f"Sidang {number}")
    except DomainError:
        raise NotFoundError(f"Sidang Tim Penilai Kinerja nomor {number} tidak ditemukan.") from None


def convene(app: Mutasi, actor: Actor, number: str, held_on: date, proposal_ids: list,
            present: list[str]) -> UUID:
    """Opens the minutes of a session on forwarded proposals with the members present."""
    if actor.role != "tim_penilai":
        raise ForbiddenError("Sidang dicatat oleh Tim Penilai Kinerja.")
    if held_on > date.today():
        raise DomainError("Tanggal sidang tidak boleh setelah hari ini: sidang dicatat saat atau sesudah "
                          "berlangsung.")
    items = [session_item(app, proposal_id) for proposal_id in dict.fromkeys(map(str, proposal_ids))]
    session = CommitteeSession.convene(number=number, held_on=held_on, items=items, present=list(present),
                                       settings=app.committee_settings, actor=actor.username, role=actor.role)
    app.store(session, conflict=f"Nomor sidang {session.number} sudah dipakai; gunakan nomor lain.")
    return session.id


def session_item(app: Mutasi, proposal_id: str) -> dict:
    """One item of the agenda: a forwarded proposal not on another open session's agenda, with the
    names the berita acara prints (so it is generated from the session's events alone)."""
    proposal = load_proposal(app, proposal_id)
    if proposal.state != "forwarded":
        raise DomainError(f"Usulan {proposal.name} berstatus '{STATES[proposal.state]}': sidang hanya "
                          "membahas usulan yang diteruskan Kepala BKD ke Tim Penilai Kinerja.")
    other = committee_queries.open_session_of(proposal.id)
    if other:
        raise DomainError(f"Usulan {proposal.name} sedang dibahas dalam sidang {other} yang belum ditutup.")
    line = decree_line(app, proposal)
    return {"proposal_id": line.pop("proposal"), **line}


def record_view(app: Mutasi, actor: Actor, session_number: str, proposal_id, member: str, opinion: str,
                note: str) -> None:
    """One present member's view on one item ('setuju', or 'tidak_setuju' with a note)."""
    session = load_session(app, session_number)
    session.record_view(proposal_id=str(proposal_id), member=member, opinion=opinion, note=note,
                        actor=actor.username, role=actor.role)
    app.store(session, conflict=SESSION_CONFLICT)


def conclude(app: Mutasi, actor: Actor, session_number: str, recommendations: dict | None = None) -> str:
    """Closes the session: the recommendation per item (the members' majority unless the recorder
    chose otherwise with a note: {proposal id: {"opinion", "note"}}), the berita acara, and every
    proposal's recommendation with the rules of today, all in one transaction; when one item is
    refused nothing is written. Returns the berita acara's SHA-256."""
    session = load_session(app, session_number)
    chosen = {str(k): v for k, v in (recommendations or {}).items()}
    settled = session.settle(chosen, actor=actor.username, role=actor.role)
    proposals = bulk(app, session.item_ids(), lambda proposal: recommend(
        app, actor, proposal, **settled[str(proposal.id)], session_id=session.id))
    minutes = minutes_pdf(session.number, session.held_on, session.members, session.items, session.views,
                          settled)
    session.conclude(recommendations=settled, minutes_sha256=content_hash(minutes), actor=actor.username,
                     role=actor.role)
    blobs.put(minutes, "application/pdf")  # first: an event never names a file that is not there
    app.store(session, *proposals, conflict="Sidang ini atau salah satu usulannya baru saja diubah pengguna "
                                            "lain; muat ulang.")
    return session.minutes_sha256


def minutes_document(app: Mutasi, actor: Actor, session_number: str) -> tuple[bytes, str]:
    """The berita acara of a concluded session, and its SHA-256, for the roles that work with it."""
    if not actor.can("read_minutes"):
        raise ForbiddenError("Berita acara sidang Tim Penilai Kinerja hanya dapat diunduh oleh Tim Penilai, "
                             "Kepala BKD, perencana BKD, PPK dan Inspektorat.")
    session = load_session(app, session_number)
    if not session.concluded:
        raise NotFoundError(f"Sidang {session.number} belum ditutup: berita acaranya belum terbit.")
    return blobs.get(session.minutes_sha256), session.minutes_sha256

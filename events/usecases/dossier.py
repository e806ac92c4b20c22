"""The mutation file as evidence (Peraturan BKN 5/2019 Pasal 3): each item of the checklist is a
document (number, date, the scanned PDF/JPEG/PNG, kept by its SHA-256) or "tidak berlaku" with a
reason. The bytes go to the blob store; the event records their hash."""
from __future__ import annotations

from datetime import date

from domain.access import Actor, ForbiddenError
from domain.proposal import EVIDENCE_TYPES, MAX_EVIDENCE_BYTES
from domain.rules import DomainError
from events.app import Mutasi
from events.files.documents import content_hash
from events.readside import blobs
from events.usecases.approvals import STEP_CONFLICT, proposal_at

SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def media_type_of(content: bytes) -> str:
    """The file's real type from its first bytes (a renamed .exe is not a PDF)."""
    for signature, media_type in SIGNATURES.items():
        if content.startswith(signature):
            return media_type
    raise DomainError("Berkas bukti harus PDF, JPEG atau PNG (isi berkas tidak dikenali).")


def record_evidence(app: Mutasi, actor: Actor, proposal_id, item: str, number: str, issued: date,
                    filename: str, content: bytes, expected_version: int | None = None) -> str:
    """Attaches one document to one checklist item; returns its SHA-256."""
    if not content:
        raise DomainError("Pilih berkas bukti (PDF, JPEG atau PNG).")
    if len(content) > MAX_EVIDENCE_BYTES:
        raise DomainError(f"Berkas bukti paling besar {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.")
    proposal = proposal_at(app, proposal_id, expected_version)
    media_type = media_type_of(content)
    proposal.record_evidence(item=item, number=number, issued=issued, sha256=content_hash(content),
                             filename=filename, size=len(content), media_type=media_type,
                             actor=actor.username, role=actor.role)
    digest = blobs.put(content, media_type)  # first: an event never names a file that is not there
    app.store(proposal, conflict=STEP_CONFLICT)
    return digest


def mark_not_applicable(app: Mutasi, actor: Actor, proposal_id, item: str, reason: str,
                        expected_version: int | None = None) -> None:
    proposal = proposal_at(app, proposal_id, expected_version)
    proposal.mark_not_applicable(item=item, reason=reason, actor=actor.username, role=actor.role)
    app.store(proposal, conflict=STEP_CONFLICT)


def evidence_file(app: Mutasi, actor: Actor, proposal_id, item: str) -> tuple[bytes, str, str]:
    """The document of one item, for those who work on the file (BKD, committee, PPK, inspectors)."""
    if actor.role in ("kepala_opd", "admin"):
        raise ForbiddenError("Berkas bukti hanya dibuka oleh BKD, Tim Penilai, PPK dan Inspektorat.")
    proposal = proposal_at(app, proposal_id, None)
    evidence = proposal.checklist.get(item, {})
    if evidence.get("status") != "ada":
        raise DomainError("Butir ini tidak memiliki berkas bukti.")
    return blobs.get(evidence["sha256"]), evidence["media_type"], evidence["filename"]

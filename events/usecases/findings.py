"""The check over the log (the findings register): every event after the last one checked is read
once, and what it shows is recorded once as a `Finding` event naming the position of its evidence:
- a mutation executed with rules that failed at the TMT (they were waived, so it went ahead);
- a separation-of-duties breach (one user in two steps of an item, or the administrator in one);
- a decision against the Tim Penilai's recommendation without a reason;
- every waiver: who waived which rule and why;
- an SK whose stored file or regenerated PDF no longer matches the hashes in its event (the stored
  signed files are checked again every day: a file can be damaged long after its SK was issued);
- a post-move evaluation past its due date (checked every day, not per event);
- a verification of the stored log (links and signed checkpoints) that failed.
`EXTRA_CHECKS` takes more checks of one event.
The domain refuses most of these when a user tries them; the check is for the log as stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from domain.access import SYSTEM, Actor
from domain.finding import Finding, finding_id
from domain.proposal import DECISION_STEPS, PREPARATION_STEPS
from domain.rules import ConflictError, DomainError
from events.app import Mutasi
from events.files.decree_pdf import decree_pdf
from events.files.documents import content_hash
from events.readside import blobs
from events.readside import finding_checks, findings as register

BATCH = 1000
STEPS = {"Verified": "verify", "Recommended": "recommend", "Decided": "decide"}


@dataclass(frozen=True)
class Found:
    kind: str
    subject: str
    detail: str
    unit_code: str | None = None
    nip: str | None = None


EXTRA_CHECKS: list[Callable[[Mutasi, object, int], list[Found]]] = []  # (app, event, position)


def scan(app: Mutasi, today: date, actor: Actor = SYSTEM) -> dict:
    """Checks the events after the last position checked, then the overdue evaluations (when there
    were new events, or not yet on `today`: `mutasi serve` calls this every second) and, once on
    `today`, every stored signed SK file. Returns
    {"from", "to", "recorded"}: the positions read and how many findings were new."""
    start = position = register.scanned_position()
    head, recorded = app.recorder.max_notification_id() or 0, 0
    while position < head:
        batch = app.recorder.select_notifications(position + 1, BATCH, stop=head)
        if not batch:
            break
        for notification in batch:
            event = app.mapper.to_domain_event(notification)
            for found in check(app, event, notification.id):
                recorded += record(app, actor, found, notification.id, event.timestamp)
        position = batch[-1].id
        register.mark_scanned(position)
    new_day = register.swept_on() != today.isoformat()
    if position == start and not new_day:
        return {"from": start, "to": position, "recorded": recorded}  # nothing new since today's sweep
    register.mark_swept(today.isoformat())
    for row in finding_checks.overdue_evaluations(today):
        found = Found("evaluasi_terlambat", f"Evaluasi {row['months']} bulan {row['nip']}",
                      f"Evaluasi {row['months']} bulan atas {row['name']} ({row['nip']}) di {row['unit_code']} "
                      f"jatuh tempo {row['due']:%d-%m-%Y} dan belum diisi per {today:%d-%m-%Y}.",
                      row["unit_code"], row["nip"])
        recorded += record(app, actor, found, row["position"], datetime.combine(row["due"], datetime.min.time()))
    for decree_position in finding_checks.decree_positions() if new_day else ():  # once a day
        [notification] = app.recorder.select_notifications(decree_position, 1, stop=decree_position)
        event = app.mapper.to_domain_event(notification)
        for found in decree_checks(event, regenerate=False):  # the event is linked; its stored file is not
            recorded += record(app, actor, found, decree_position, event.timestamp)
    return {"from": start, "to": position, "recorded": recorded}


def record(app: Mutasi, actor: Actor, found: Found, position: int, evidence_at: datetime) -> int:
    """1 when the finding is new, 0 when it was recorded before (here or by another process)."""
    if register.exists(finding_id(found.kind, position, found.subject)):
        return 0
    finding = Finding.record(kind=found.kind, evidence_position=position, subject=found.subject,
                             detail=found.detail, evidence_at=evidence_at, unit_code=found.unit_code,
                             nip=found.nip, actor=actor.username, role=actor.role)
    try:
        app.store(finding)
    except ConflictError:
        return 0
    return 1


def check(app: Mutasi, event, position: int) -> list[Found]:
    aggregate, _, kind = type(event).__qualname__.partition(".")
    found = []
    if aggregate == "Proposal":
        found += proposal_checks(app, event, kind)
    elif aggregate == "Decree" and kind == "Issued":
        found += decree_checks(event)
    elif aggregate == "LogVerification" and not event.ok:
        found.append(Found("checkpoint", f"Verifikasi log {event.run}",
                           f"Verifikasi log tersimpan oleh {event.actor} gagal pada posisi "
                           f"{event.first_bad_position}: {event.message or event.problem}."))
    for extra in EXTRA_CHECKS:
        found += extra(app, event, position)
    return found


def proposal_checks(app: Mutasi, event, kind: str) -> list[Found]:
    person = finding_checks.proposal_subject(event.originator_id)
    who = f"{person['name']} ({person['nip']})" if person["nip"] else f"usulan {event.originator_id}"
    at = {"unit_code": person["to_unit"], "nip": person["nip"]}
    found = []
    if kind == "RuleWaived":
        found.append(Found("pengecualian_aturan", f"Aturan {event.rule}: {who}",
                           f"{event.actor} ({event.role}) mengecualikan aturan '{event.rule}' untuk {who}. "
                           f"Alasan: {event.reason or '(tanpa alasan)'}", **at))
    if kind == "Decided" and getattr(event, "against_recommendation", False) and not (event.reason or "").strip():
        found.append(Found("keputusan_tanpa_alasan", f"Keputusan {who}",
                           f"{event.actor} memutuskan '{event.decision}' berbeda dengan rekomendasi Tim tanpa alasan.",
                           **at))
    if kind in STEPS:
        before = app.repository.get(event.originator_id, version=event.originator_version - 1)
        step, holders = STEPS[kind], dict(before.holders)
        others = {holders.get(s) for s in (*PREPARATION_STEPS, *DECISION_STEPS) if s != step} - {None}
        if event.role == "admin" or event.actor in others:
            found.append(Found("pemisahan_tugas", f"Langkah {step} {who}",
                               f"{event.actor} ({event.role}) mengambil langkah '{step}' pada {who}, padahal "
                               f"memegang langkah lain pada usulan yang sama ({holders}) atau berperan administrator.",
                               **at))
    if kind == "Executed":
        proposal = app.repository.get(event.originator_id, version=event.originator_version)
        if proposal.waivers:
            tmt = proposal.decree.get("tmt") if proposal.decree else None
            found.append(Found("mutasi_melanggar_aturan", f"Pelaksanaan {who}",
                               f"Mutasi {who} dilaksanakan {event.on:%d-%m-%Y} (TMT {tmt:%d-%m-%Y}) dengan aturan "
                               f"yang tidak terpenuhi dan dikecualikan PPK: {', '.join(proposal.waivers)}.", **at))
    return found


def decree_checks(event, regenerate: bool = True) -> list[Found]:
    """The SK regenerated from its event against the hash it recorded (`regenerate`: once, when the
    event is first read), and its stored signed file against its hash (then again every day)."""
    problems = []
    wording = getattr(event, "wording", None)  # SKs of early stores did not record their wording
    regenerated = content_hash(decree_pdf(event.sk_number, event.sk_date, event.tmt, event.lines, wording)) \
        if wording and regenerate else event.content_hash
    if regenerated != event.content_hash:
        problems.append(f"SK yang dibangkitkan ulang dari kejadiannya bersidik {regenerated[:12]}…, "
                        f"bukan {event.content_hash[:12]}… seperti tercatat")
    if event.signed_hash:
        try:
            blobs.get(event.signed_hash)
        except DomainError as error:
            problems.append(f"berkas SK bertanda tangan: {error}")
    return [Found("sk_tidak_cocok", f"SK {event.sk_number}", "; ".join(problems) + ".")] if problems else []


def examine(app: Mutasi, actor: Actor, finding_uuid, note: str) -> None:
    """The Inspektorat marks a finding examined, with a note (an event)."""
    actor.require("examine_findings")
    finding = app.load(Finding, finding_uuid, "Temuan")
    finding.examine(note=note, actor=actor.username, role=actor.role)
    app.store(finding)

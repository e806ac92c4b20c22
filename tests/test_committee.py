"""The Tim Penilai Kinerja's sessions at the use-case level, on real persistence: quorum and
membership, the agenda (forwarded proposals only, one open session each), the members' views, and
the conclusion that writes the session, its berita acara and every proposal's recommendation in one
transaction, or nothing."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from domain.access import Actor, ForbiddenError
from domain.rules import DomainError, NotFoundError
from events.files.documents import content_hash
from events.files.minutes_pdf import minutes_pdf
from events.readside import projections
from events.readside.blobs import BlobRow
from events.readside.committee_rows import CommitteeItemRow, CommitteeSessionRow, CommitteeViewRow
from events.readside.readmodels import ProposalRow, StepRow, db
from events.usecases import appraisal, approvals, committee
from tests.factory import (CLERK, COMMITTEE, HEAD_BKD, MEMBERS, NURSE, PLANNER, TEACHER, TODAY, VERIFIER,
                           proposed, ready_city, through, waive_all, with_file)

NUMBER = "07/TPK/2026"


@pytest.fixture
def city(system):
    """The small city with two forwarded proposals: the nurse (every rule met) and the clerk (the
    PPK waived what the rules say)."""
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    nurse = proposed(system.app)
    through(system.app, nurse, "forward")
    clerk = approvals.propose(system.app, PLANNER, CLERK, "PKM-PERAWAT", "permohonan sendiri", source="own_request")
    with_file(system.app, clerk)
    approvals.submit(system.app, PLANNER, clerk)
    approvals.verify(system.app, VERIFIER, clerk)
    waive_all(system.app, clerk)
    approvals.forward(system.app, HEAD_BKD, clerk)
    system.nurse, system.clerk = nurse, clerk
    return system


def views(app, proposal_ids, objections=None) -> None:
    """Each present member's view, recorded by the one who keeps the minutes."""
    for proposal_id in proposal_ids:
        for member in MEMBERS:
            note = (objections or {}).get((proposal_id, member), "")
            committee.record_view(app, COMMITTEE, NUMBER, proposal_id, member,
                                  "tidak_setuju" if note else "setuju", note)


def test_a_session_without_quorum_or_with_a_non_member_is_refused_and_writes_nothing(city):
    app, before = city.app, city.event_count()
    ids = [city.nurse, city.clerk]
    with pytest.raises(DomainError, match="tidak kuorum: hadir 1 dari 3 anggota, paling sedikit 2"):
        committee.convene(app, COMMITTEE, NUMBER, TODAY, ids, ["tim.penilai"])
    with pytest.raises(DomainError, match="Bukan anggota Tim .*: tamu"):
        committee.convene(app, COMMITTEE, NUMBER, TODAY, ids, ["tim.penilai", "tim.anggota1", "tamu"])
    with pytest.raises(DomainError, match="Pencatat sidang harus anggota yang hadir"):
        committee.convene(app, Actor("tamu", "tim_penilai"), NUMBER, TODAY, ids, ["tim.penilai", "tim.anggota1"])
    with pytest.raises(ForbiddenError):
        committee.convene(app, Actor("walikota", "ppk"), NUMBER, TODAY, ids, list(MEMBERS))
    with pytest.raises(DomainError, match="setelah hari ini"):
        committee.convene(app, COMMITTEE, NUMBER, TODAY + timedelta(days=1), ids, list(MEMBERS))
    assert city.event_count() == before and CommitteeSessionRow.select().count() == 0


def test_the_agenda_holds_forwarded_proposals_each_on_one_open_session(city):
    app = city.app
    draft = approvals.propose(app, PLANNER, TEACHER, "DINKES-PERAWAT", "permohonan sendiri", source="own_request")
    with pytest.raises(DomainError, match="Budi Hutagalung berstatus 'Usulan': sidang hanya membahas usulan yang "
                                          "diteruskan"):
        committee.convene(app, COMMITTEE, NUMBER, TODAY, [city.nurse, draft], list(MEMBERS))
    with pytest.raises(DomainError, match="Usulan tidak ditemukan"):
        committee.convene(app, COMMITTEE, NUMBER, TODAY, ["bukan-uuid"], list(MEMBERS))
    committee.convene(app, COMMITTEE, NUMBER, TODAY, [city.nurse], ["tim.penilai", "tim.anggota1"])
    with pytest.raises(DomainError, match="Rina Situmeang sedang dibahas dalam sidang 07/TPK/2026"):
        committee.convene(app, COMMITTEE, "08/TPK/2026", TODAY, [city.nurse, city.clerk], list(MEMBERS))
    with pytest.raises(DomainError, match="Nomor sidang 07/tpk/2026 sudah dipakai"):
        committee.convene(app, COMMITTEE, NUMBER.lower(), TODAY, [city.clerk], list(MEMBERS))
    assert [r.number for r in CommitteeSessionRow.select()] == [NUMBER]
    item = CommitteeItemRow.get()
    assert (item.nip, item.from_post_name, item.to_unit_name) == (NURSE, "Perawat Ahli Pertama", "Dinas Kesehatan")


def test_views_are_recorded_by_the_minutes_keeper_or_the_member_only_while_the_session_is_open(city):
    app = city.app
    committee.convene(app, COMMITTEE, NUMBER, TODAY, [city.nurse], ["tim.penilai", "tim.anggota1"])
    with pytest.raises(DomainError, match="tim.anggota2 tidak hadir"):
        committee.record_view(app, COMMITTEE, NUMBER, city.nurse, "tim.anggota2", "setuju", "")
    with pytest.raises(DomainError, match="Catatan wajib diisi"):
        committee.record_view(app, COMMITTEE, NUMBER, city.nurse, "tim.anggota1", "tidak_setuju", "")
    with pytest.raises(DomainError, match="dicatat oleh tim.penilai sendiri"):
        committee.record_view(app, Actor("tim.anggota1", "tim_penilai"), NUMBER, city.nurse, "tim.penilai",
                              "setuju", "")
    with pytest.raises(DomainError, match="tidak dibahas dalam sidang ini"):
        committee.record_view(app, COMMITTEE, NUMBER, city.clerk, "tim.penilai", "setuju", "")
    with pytest.raises(NotFoundError, match="99/TPK"):
        committee.record_view(app, COMMITTEE, "99/TPK/2026", city.nurse, "tim.penilai", "setuju", "")
    committee.record_view(app, Actor("tim.anggota1", "tim_penilai"), NUMBER, city.nurse, "tim.anggota1",
                          "tidak_setuju", "unit asal kekurangan perawat")
    committee.record_view(app, COMMITTEE, NUMBER, city.nurse, "tim.penilai", "setuju", "")
    rows = {r.member: (r.opinion, r.note, r.recorded_by) for r in CommitteeViewRow.select()}
    assert rows == {"tim.anggota1": ("tidak_setuju", "unit asal kekurangan perawat", "tim.anggota1"),
                    "tim.penilai": ("setuju", "", "tim.penilai")}
    with pytest.raises(DomainError, match="berbeda dengan suara terbanyak anggota \\(tidak setuju\\)"):
        committee.conclude(app, COMMITTEE, NUMBER, {city.nurse: {"opinion": "setuju"}})


def test_concluding_writes_the_session_its_berita_acara_and_every_recommendation_or_nothing(city):
    app = city.app
    ids = [city.nurse, city.clerk]
    committee.convene(app, COMMITTEE, NUMBER, TODAY, ids, list(MEMBERS))
    views(app, ids[:1])
    with pytest.raises(DomainError, match="Pendapat belum lengkap untuk Ahmad Nasution: tim.anggota1, tim.anggota2, "
                                          "tim.penilai"):
        committee.conclude(app, COMMITTEE, NUMBER)
    views(app, ids[1:], {(city.clerk, "tim.anggota2"): "perlu pembinaan dahulu"})
    # the nurse's SKP is corrected after the file was forwarded: "setuju" now breaks a rule
    appraisal.correct_appraisal(app, PLANNER, NURSE, "SKP 2025", "di_bawah", "sesuai", "koreksi atasan")
    before, blobs_before = city.event_count(), BlobRow.select().count()
    with pytest.raises(DomainError, match="Tidak ada yang disimpan; 1 dari 2 usulan ditolak: Rina Situmeang: "
                                          "Langkah pertimbangan ditahan"):
        committee.conclude(app, COMMITTEE, NUMBER)
    assert city.event_count() == before and BlobRow.select().count() == blobs_before
    assert {r.state for r in ProposalRow.select()} == {"forwarded"}
    assert CommitteeSessionRow.get().state == "open"

    digest = committee.conclude(app, COMMITTEE, NUMBER, {city.nurse: {
        "opinion": "tidak_setuju", "note": "SKP 2025 di bawah ekspektasi setelah koreksi"}})
    rows = {r.id: r for r in ProposalRow.select()}
    assert (rows[city.nurse].state, rows[city.nurse].opinion, rows[city.nurse].recommended_by) == (
        "recommended", "tidak_setuju", "tim.penilai")
    assert (rows[city.clerk].opinion, rows[city.clerk].last_reason) == ("setuju", None)
    session = CommitteeSessionRow.get()
    assert (session.state, session.minutes_sha256, session.concluded_by) == ("concluded", digest, "tim.penilai")
    assert {i.proposal_id: i.recommendation for i in CommitteeItemRow.select()} == {
        city.nurse: "tidak_setuju", city.clerk: "setuju"}
    recommended = [s for s in StepRow.select().where(StepRow.kind == "Recommended")]
    assert len(recommended) == 2 and all(s.actor == "tim.penilai" for s in recommended)
    with pytest.raises(DomainError, match="sudah ditutup"):
        committee.record_view(app, COMMITTEE, NUMBER, city.nurse, "tim.penilai", "setuju", "")

    data, sha = committee.minutes_document(app, Actor("rina.bkd", "perencana"), NUMBER)
    assert sha == digest == content_hash(data)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for expected in ("BERITA ACARA SIDANG TIM PENILAI KINERJA", f"NOMOR {NUMBER}", "Sekretaris Daerah (akun demo)",
                     "Asisten Pemerintahan (akun demo)", "Inspektur Pembantu (akun demo)", "Rina Situmeang",
                     f"NIP {NURSE}", "Ahmad Nasution", f"NIP {CLERK}", "Puskesmas Sibolga Kota", "perlu pembinaan dahulu",
                     "Rekomendasi Tim: TIDAK SETUJU", "Rekomendasi Tim: SETUJU", "SKP 2025 di bawah ekspektasi"):
        assert expected in text, expected
    stored = committee.load_session(app, NUMBER)  # the same events give the same bytes
    assert minutes_pdf(stored.number, stored.held_on, stored.members, stored.items, stored.views,
                       stored.recommendations) == data


def test_the_berita_acara_is_for_the_roles_that_work_with_it_and_only_once_concluded(city):
    app = city.app
    committee.convene(app, COMMITTEE, NUMBER, TODAY, [city.clerk], ["tim.penilai", "tim.anggota1"])
    with pytest.raises(NotFoundError, match="belum ditutup"):
        committee.minutes_document(app, COMMITTEE, NUMBER)
    for member in ("tim.penilai", "tim.anggota1"):
        committee.record_view(app, COMMITTEE, NUMBER, city.clerk, member, "setuju", "")
    committee.conclude(app, COMMITTEE, NUMBER)
    for role in ("tim_penilai", "kepala_bkd", "perencana", "ppk", "inspektur"):
        assert committee.minutes_document(app, Actor("x", role), NUMBER)[0].startswith(b"%PDF")
    for actor in (Actor("kadis.kes", "kepala_opd", "DINKES"), Actor("admin", "admin"), Actor("v", "verifikator")):
        with pytest.raises(ForbiddenError):
            committee.minutes_document(app, actor, NUMBER)


def test_a_rebuild_gives_the_same_session_rows(city):
    app = city.app
    committee.convene(app, COMMITTEE, NUMBER, TODAY, [city.nurse, city.clerk], list(MEMBERS))
    views(app, [city.nurse, city.clerk], {(city.nurse, "tim.anggota1"): "belum mendesak"})
    committee.conclude(app, COMMITTEE, NUMBER)
    incremental = projections.checksum()
    counts = [m.select().count() for m in (CommitteeSessionRow, CommitteeItemRow, CommitteeViewRow)]
    city.rebuild_views()
    assert projections.checksum() == incremental and counts == [1, 2, 6]
    assert [m.select().count() for m in (CommitteeSessionRow, CommitteeItemRow, CommitteeViewRow)] == counts

"""The Proposal aggregate on its own: separation of duties, re-checked rules, waivers, the file as
evidence, decisions against the committee, the steps after the SK, and one open move per person."""
from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.open_move import OpenMove
from domain.proposal import CHECKLIST, Proposal
from domain.rules import DomainError

RULE = "Masa jabatan 10 bulan < minimal 24 bulan (PP 11/2017 Pasal 190 ayat 3)"
SHA = "a" * 64
SESSION = uuid4()  # the committee's session a recommendation comes from


def proposal(route="internal") -> Proposal:
    return Proposal.propose(source="unit_head", nip="199005042015032001", employee_id=uuid4(), name="Rina",
                            from_post="PKM-PERAWAT", to_post="DINKES-PERAWAT", to_unit="DINKES",
                            reason="memperkuat dinas", plan_id=None, line=None, actor="kadis", role="kepala_opd",
                            route=route)


def with_file(p: Proposal, actor="vera", role="verifikator") -> Proposal:
    for item in p.required_documents():
        p.record_evidence(item=item, number=f"800/{item}", issued=date(2026, 1, 5), sha256=SHA,
                          filename=f"{item}.pdf", size=1000, media_type="application/pdf", actor=actor, role=role)
    return p


def verified(violations=()) -> Proposal:
    p = proposal()
    p.submit(violations=list(violations), actor="rena", role="perencana")
    with_file(p).verify(actor="vera", role="verifikator")
    return p


def recommended(opinion="setuju", violations=()) -> Proposal:
    p = verified(violations)
    p.forward(violations=[], actor="kabkd", role="kepala_bkd")
    p.recommend(opinion=opinion, note="" if opinion == "setuju" else "belum perlu", violations=[],
                actor="sekda", role="tim_penilai", session_id=SESSION)
    return p


def refused(call, text: str) -> None:
    with pytest.raises(DomainError, match=text):
        call()


def test_the_drafter_or_submitter_never_verifies_recommends_or_decides():
    p = proposal()
    p.submit(violations=[], actor="rena", role="perencana")
    with_file(p)
    refused(lambda: p.verify(actor="rena", role="verifikator"), "Pemisahan tugas")
    refused(lambda: p.verify(actor="kadis", role="verifikator"), "Pemisahan tugas")
    p.verify(actor="vera", role="verifikator")
    p.forward(violations=[], actor="kabkd", role="kepala_bkd")
    refused(lambda: p.recommend(opinion="setuju", note="", violations=[], actor="vera", role="tim_penilai",
                                session_id=SESSION), "satu langkah")
    p.recommend(opinion="setuju", note="", violations=[], actor="sekda", role="tim_penilai", session_id=SESSION)
    refused(lambda: p.decide(decision="approve", reason="", violations=[], actor="sekda", role="ppk"), "satu langkah")


def test_the_administrator_takes_no_step():
    refused(lambda: Proposal.propose(source="own_request", nip="1", employee_id=uuid4(), name="X", from_post="A",
                                     to_post="B", to_unit="U", reason="r", plan_id=None, line=None,
                                     actor="admin", role="admin"), "administrator")
    p = proposal()
    for call in (lambda: p.submit(violations=[], actor="admin", role="admin"),
                 lambda: p.waive(rule=RULE, reason="x", actor="admin", role="admin")):
        refused(call, "bukan wewenang|Hanya PPK")


def test_a_file_is_verified_only_when_every_required_item_has_evidence_or_is_not_applicable():
    p = proposal()
    p.submit(violations=[], actor="rena", role="perencana")
    refused(lambda: p.verify(actor="vera", role="verifikator"), "Berkas belum lengkap")
    items = list(p.required_documents())
    assert "usul_ppk_penerima" not in items and "usul_ppk_penerima" in proposal("province").required_documents()
    for item in items[:-1]:
        p.record_evidence(item=item, number="1", issued=date(2026, 1, 1), sha256=SHA, filename="a.pdf",
                          size=10, media_type="application/pdf", actor="rena", role="perencana")
    refused(lambda: p.mark_not_applicable(item=items[-1], reason="  ", actor="rena", role="perencana"), "wajib")
    refused(lambda: p.record_evidence(item=items[-1], number="1", issued=date(2026, 1, 1), sha256=SHA,
                                      filename="a.exe", size=10, media_type="application/x-msdownload",
                                      actor="rena", role="perencana"), "PDF, JPEG atau PNG")
    refused(lambda: p.record_evidence(item=items[-1], number="1", issued=date(2026, 1, 1), sha256=SHA,
                                      filename="a.pdf", size=50_000_000, media_type="application/pdf",
                                      actor="rena", role="perencana"), "paling besar")
    p.mark_not_applicable(item=items[-1], reason="permohonan dari PPK sendiri", actor="rena", role="perencana")
    p.verify(actor="vera", role="verifikator")
    assert p.state == "verified" and set(CHECKLIST) >= set(p.checklist)


def test_a_rule_that_fails_today_blocks_every_later_step_until_the_ppk_waives_it_after_verification():
    p = proposal()
    p.submit(violations=[RULE], actor="rena", role="perencana")  # recorded, not blocking yet
    refused(lambda: p.waive(rule=RULE, reason="kebutuhan mendesak", actor="wali", role="ppk"),
            "setelah berkas diverifikasi")
    with_file(p).verify(actor="vera", role="verifikator")
    refused(lambda: p.forward(violations=[RULE], actor="kabkd", role="kepala_bkd"), "ditahan.*Masa jabatan")
    p.waive(rule=RULE, reason="kebutuhan mendesak", actor="wali", role="ppk")
    p.forward(violations=[RULE], actor="kabkd", role="kepala_bkd")
    other = "Pensiun (BUP 58) dalam 6 bulan"
    refused(lambda: p.recommend(opinion="setuju", note="", violations=[other], actor="sekda", role="tim_penilai",
                                session_id=SESSION), "Pensiun")


def test_the_ppk_decides_against_the_committee_only_explicitly_and_with_a_reason():
    p = recommended("tidak_setuju")
    refused(lambda: p.decide(decision="approve", reason="", violations=[], actor="wali", role="ppk"),
            "berbeda dengan rekomendasi")
    refused(lambda: p.decide(decision="approve", reason="", violations=[], actor="wali", role="ppk",
                             against_recommendation=True), "wajib diisi")
    p.decide(decision="approve", reason="pelayanan puskesmas mendesak", violations=[], actor="wali", role="ppk",
             against_recommendation=True)
    assert p.state == "approved"
    q = recommended("setuju")
    refused(lambda: q.decide(decision="approve", reason="x", violations=[], actor="wali", role="ppk",
                             against_recommendation=True), "tidak berbeda")


def test_after_the_sk_the_move_needs_the_person_in_the_from_post_an_spmt_and_the_tmt():
    p = recommended()
    p.decide(decision="approve", reason="", violations=[], actor="wali", role="ppk")
    refused(lambda: p.issue_decree(sk_number="821/1", sk_date=date(2026, 3, 1), tmt=date(2026, 4, 1),
                                   violations=[], current_post="RSUD-PERAWAT", actor="kabkd", role="kepala_bkd"),
            "tidak lagi menduduki")
    p.issue_decree(sk_number="821/1", sk_date=date(2026, 3, 1), tmt=date(2026, 4, 1), violations=[],
                   current_post="PKM-PERAWAT", actor="kabkd", role="kepala_bkd")
    execute = lambda on: p.mark_executed(on=on, violations=[], current_post="PKM-PERAWAT",  # noqa: E731
                                         structural=False, actor="rena", role="perencana")
    refused(lambda: execute(date(2026, 4, 1)), "SPMT")
    refused(lambda: p.record_after_decree(kind="pelantikan", on=date(2026, 4, 1), number="1", actor="rena",
                                          role="perencana", structural=False), "struktural")
    p.record_after_decree(kind="spmt", on=date(2026, 4, 1), number="SPMT/7", actor="rena", role="perencana",
                          structural=False)
    refused(lambda: execute(date(2026, 3, 31)), "TMT")
    execute(date(2026, 4, 1))
    assert p.state == "executed" and p.evaluations_due == [date(2026, 7, 1), date(2026, 10, 1)]


def test_a_unit_head_withdraws_only_before_the_decision_and_nobody_after_the_sk():
    p = recommended()
    refused(lambda: p.withdraw(reason="batal", actor="kadis", role="kepala_opd"), "hanya dapat ditarik oleh BKD")
    p.decide(decision="approve", reason="", violations=[], actor="wali", role="ppk")
    p.issue_decree(sk_number="821/2", sk_date=date(2026, 3, 1), tmt=date(2026, 4, 1), violations=[],
                   current_post="PKM-PERAWAT", actor="kabkd", role="kepala_bkd")
    refused(lambda: p.withdraw(reason="batal", actor="rena", role="perencana"), "SK terbit")


def test_one_open_move_per_person():
    first, second = uuid4(), uuid4()
    move = OpenMove.for_person(nip="199005042015032001", actor="kadis", role="kepala_opd")
    move.claim(proposal_id=first, name="Rina", actor="kadis", role="kepala_opd")
    refused(lambda: move.claim(proposal_id=second, name="Rina", actor="rena", role="perencana"),
            "sedang dalam proses usulan")
    move.release(proposal_id=second, outcome="withdrawn", actor="rena", role="perencana")  # not the holder
    assert move.proposal_id == first
    move.release(proposal_id=first, outcome="rejected", actor="wali", role="ppk")
    move.claim(proposal_id=second, name="Rina", actor="rena", role="perencana")
    assert move.proposal_id == second


def test_texts_have_limits():
    p = verified()
    refused(lambda: p.waive(rule=RULE, reason="x" * 2001, actor="wali", role="ppk"), "paling panjang 2.000")


# --- the committee ------------------------------------------------------------------------------
from domain.committee import CommitteeSession, CommitteeSettings, Member  # noqa: E402

MEMBERS = CommitteeSettings(quorum=0.5, members=(
    Member("sekda", "Sekda", "ketua", date(2024, 1, 1)), Member("asisten", "Asisten", "anggota", date(2024, 1, 1)),
    Member("irban", "Irban", "anggota", date(2024, 1, 1), until=date(2025, 12, 31)),
    Member("kaban", "Kaban", "anggota", date(2026, 1, 1))))
ITEMS = [{"proposal_id": "p1"}, {"proposal_id": "p2"}]


def test_a_session_needs_a_quorum_of_the_members_serving_that_day():
    convene = lambda present, day=date(2026, 3, 2): CommitteeSession.convene(  # noqa: E731
        number="01/TPK/2026", held_on=day, items=ITEMS, present=present, settings=MEMBERS, actor="sekda",
        role="tim_penilai")
    refused(lambda: convene(["sekda"]), "tidak kuorum: hadir 1 dari 3")
    refused(lambda: convene(["sekda", "irban"]), "Bukan anggota Tim pada 02-03-2026: irban")
    session = convene(["sekda", "kaban"])
    assert [m["username"] for m in session.members] == ["sekda", "kaban"]


def test_a_session_concludes_one_recommendation_per_item_after_every_present_member_spoke():
    session = CommitteeSession.convene(number="02/TPK/2026", held_on=date(2026, 3, 2), items=ITEMS,
                                       present=["sekda", "asisten"], settings=MEMBERS, actor="sekda",
                                       role="tim_penilai")
    view = lambda pid, member, opinion, note="": session.record_view(  # noqa: E731
        proposal_id=pid, member=member, opinion=opinion, note=note, actor="sekda", role="tim_penilai")
    refused(lambda: view("p1", "kaban", "setuju"), "tidak hadir")
    refused(lambda: view("p1", "asisten", "tidak_setuju"), "wajib")
    view("p1", "sekda", "setuju")
    view("p1", "asisten", "tidak_setuju", "masa kerja kurang")
    view("p2", "sekda", "setuju")
    recommendations = {"p1": {"opinion": "tidak_setuju", "note": "seri"}, "p2": {"opinion": "setuju", "note": ""}}
    refused(lambda: session.conclude(recommendations=recommendations, minutes_sha256=SHA, actor="sekda",
                                     role="tim_penilai"), "belum lengkap untuk usulan p2: asisten")
    view("p2", "asisten", "setuju")
    assert (session.majority("p1"), session.majority("p2")) == ("tidak_setuju", "setuju")
    session.conclude(recommendations=recommendations, minutes_sha256=SHA, actor="sekda", role="tim_penilai")
    refused(lambda: view("p2", "sekda", "setuju"), "sudah ditutup")


def full_session() -> CommitteeSession:
    """Sekda, asisten and kaban present (irban's term ended), sekda keeps the minutes."""
    return CommitteeSession.convene(number="03/TPK/2026", held_on=date(2026, 3, 2), items=ITEMS,
                                    present=["sekda", "asisten", "kaban"], settings=MEMBERS, actor="sekda",
                                    role="tim_penilai")


def test_the_recommendation_is_the_majority_unless_the_recorder_writes_why():
    session = full_session()
    for pid, member, opinion, note in (("p1", "sekda", "setuju", ""), ("p1", "asisten", "setuju", ""),
                                       ("p1", "kaban", "tidak_setuju", "unit asal kekurangan"),
                                       ("p2", "sekda", "tidak_setuju", "masa kerja kurang"),
                                       ("p2", "asisten", "tidak_setuju", "SKP belum ada"),
                                       ("p2", "kaban", "setuju", "")):
        session.record_view(proposal_id=pid, member=member, opinion=opinion, note=note, actor="sekda",
                            role="tim_penilai")
    settled = session.settle({}, actor="sekda", role="tim_penilai")
    assert settled == {"p1": {"opinion": "setuju", "note": ""},
                       "p2": {"opinion": "tidak_setuju", "note": "sekda: masa kerja kurang; asisten: SKP belum ada"}}
    refused(lambda: session.settle({"p1": {"opinion": "tidak_setuju"}}, actor="sekda", role="tim_penilai"),
            "berbeda dengan suara terbanyak anggota \\(setuju\\): tulis catatan")
    against = {**settled, "p1": {"opinion": "tidak_setuju", "note": ""}}
    refused(lambda: session.conclude(recommendations=against, minutes_sha256=SHA, actor="sekda", role="tim_penilai"),
            "suara terbanyak")
    chosen = session.settle({"p1": {"opinion": "tidak_setuju", "note": "formasi dikaji ulang"}}, actor="sekda",
                            role="tim_penilai")
    assert chosen["p1"] == {"opinion": "tidak_setuju", "note": "formasi dikaji ulang"}


def test_only_members_present_keep_the_minutes_and_each_records_only_their_own_view():
    session = full_session()
    refused(lambda: session.record_view(proposal_id="p1", member="kaban", opinion="setuju", note="",
                                        actor="asisten", role="tim_penilai"), "dicatat oleh kaban sendiri")
    session.record_view(proposal_id="p1", member="asisten", opinion="setuju", note="", actor="asisten",
                        role="tim_penilai")
    for actor, role in (("irban", "tim_penilai"), ("walikota", "ppk")):
        refused(lambda: session.record_view(proposal_id="p1", member=actor, opinion="setuju", note="",
                                            actor=actor, role=role), "yang hadir dalam sidang ini")
        refused(lambda: session.settle({}, actor=actor, role=role), "yang hadir dalam sidang ini")


def test_a_recommendation_comes_only_from_a_session_and_is_never_undone():
    p = verified()
    p.forward(violations=[], actor="kabkd", role="kepala_bkd")
    refused(lambda: p.recommend(opinion="setuju", note="", violations=[], actor="sekda", role="tim_penilai",
                                session_id=None), "hanya diberikan melalui sidang")
    p.recommend(opinion="setuju", note="", violations=[], actor="sekda", role="tim_penilai", session_id=SESSION)
    refused(lambda: p.undo_decision(actor="sekda", role="tim_penilai"), "berita acara")


def test_the_committee_settings_come_from_json_with_seats_and_a_quorum():
    settings = CommitteeSettings.from_json('{"quorum": 0.6, "members": [{"username": "sekda", "name": "Sekda", '
                                           '"seat": "ketua", "since": "2025-01-01", "until": "2029-12-31"}]}')
    assert settings.quorum == 0.6 and settings.members[0].until == date(2029, 12, 31)
    assert CommitteeSettings.from_json("") == CommitteeSettings()
    for text in ('{"quorum": 1.5}', '{"members": [{"username": "x", "name": "X", "seat": "tamu", '
                                    '"since": "2025-01-01"}]}', '{"members": [{"username": "x"}]}'):
        refused(lambda: CommitteeSettings.from_json(text), "MUTASI_COMMITTEE_SETTINGS tidak sah")
    for text in ("[1", "[]", '"quorum"'):  # not a JSON object: the one settings reader's message
        refused(lambda: CommitteeSettings.from_json(text), "MUTASI_COMMITTEE_SETTINGS harus berupa objek JSON")

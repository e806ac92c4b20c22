"""The findings register (issue #15): a check over every new event records each finding once, with
the position of its evidence; the Inspektorat examines them (an event), filters and exports them."""
from __future__ import annotations

from datetime import timedelta

import pytest

from domain.access import SYSTEM, Actor, ForbiddenError
from events.readside import findings as register
from events.readside.blobs import BlobRow
from events.readside.findings import FindingRow
from events.readside.readmodels import db
from events.usecases import accounts, approvals, decrees, findings
from tests.factory import (HEAD_BKD, MAYOR, NURSE, NURSE_2, PLANNER, SK, TODAY, VERIFIER, in_session, proposed,
                           ready_city, with_file)
from tests.test_web import PASSWORD, login

INSPECTOR = Actor("ins.pektur", "inspektur")


def position_of(system, event_type: str, nth: int = -1) -> int:
    from events.readside.audit import AuditRow
    rows = AuditRow.select(AuditRow.position).where(AuditRow.type == event_type).order_by(AuditRow.position)
    return [r.position for r in rows][nth]


@pytest.fixture
def city(intact_city):
    """The city below with the SK's stored file damaged."""
    BlobRow.update(content=b"%PDF-1.4 diganti").execute()
    return intact_city


@pytest.fixture
def intact_city(system):
    """One proposal executed with a waived rule; another whose log holds a verification by its own
    submitter and a decision against the Tim without a reason (written past the domain's checks,
    as a forged or buggy log would hold them)."""
    app = system.app
    ready_city(app)
    waived = proposed(app)
    with_file(app, waived)
    approvals.submit(app, PLANNER, waived)
    approvals.verify(app, VERIFIER, waived)
    approvals.waive_rule(app, MAYOR, waived, "masa_kerja_minimum", "puskesmas kekurangan perawat")
    approvals.forward(app, HEAD_BKD, waived)
    in_session(app, [waived])
    approvals.decide(app, MAYOR, waived, "approve", "")
    decrees.issue_decree(app, HEAD_BKD, [waived], SK, TODAY, TODAY)
    decrees.record_after_decree(app, VERIFIER, waived, "spmt", TODAY, "SPMT/1")
    decrees.execute(app, PLANNER, waived, TODAY)
    forged = proposed(app, NURSE_2, "DINKES-PERAWAT")
    with_file(app, forged)
    approvals.submit(app, PLANNER, forged)
    proposal = approvals.load_proposal(app, forged)
    proposal._verified(actor=PLANNER.username, role="verifikator")
    proposal._decided(decision="approve", reason=" ", actor=MAYOR.username, role=MAYOR.role,
                      against_recommendation=True)
    app.save(proposal)
    db.connect(reuse_if_open=True)
    system.catch_up()
    return system


def kinds() -> list[str]:
    return sorted(r.kind for r in FindingRow.select())


def test_every_finding_is_recorded_once_with_the_position_of_its_evidence(city):
    first = findings.scan(city.app, TODAY)
    assert (first["from"], first["to"], first["recorded"]) == (0, city.event_count() - 5, 5)  # head, then 5 new
    assert kinds() == ["keputusan_tanpa_alasan", "mutasi_melanggar_aturan", "pemisahan_tugas",
                       "pengecualian_aturan", "sk_tidak_cocok"]
    rows = {r.kind: r for r in FindingRow.select()}
    assert rows["pengecualian_aturan"].evidence_position == position_of(city, "Proposal.RuleWaived")
    assert "puskesmas kekurangan perawat" in rows["pengecualian_aturan"].detail
    assert rows["mutasi_melanggar_aturan"].evidence_position == position_of(city, "Proposal.Executed")
    assert rows["pemisahan_tugas"].evidence_position == position_of(city, "Proposal.Verified")
    assert rows["sk_tidak_cocok"].evidence_position == position_of(city, "Decree.Issued")
    assert rows["pengecualian_aturan"].nip == NURSE and rows["pengecualian_aturan"].unit_code == "DINKES"
    again = findings.scan(city.app, TODAY)
    assert (again["from"], again["recorded"]) == (first["to"], 0)
    assert FindingRow.select().count() == 5


def test_overdue_evaluations_become_findings_once(city):
    findings.scan(city.app, TODAY)
    later = TODAY + timedelta(days=200)
    assert findings.scan(city.app, later)["recorded"] == 2  # the 3- and 6-month evaluations
    assert findings.scan(city.app, later)["recorded"] == 0
    overdue = FindingRow.select().where(FindingRow.kind == "evaluasi_terlambat")
    assert {r.evidence_position for r in overdue} == {position_of(city, "Proposal.Executed")}


def test_only_the_inspektorat_examines_a_finding_with_a_note(city):
    findings.scan(city.app, TODAY)
    row = FindingRow.get(FindingRow.kind == "pemisahan_tugas")
    with pytest.raises(ForbiddenError):
        findings.examine(city.app, SYSTEM, row.id, "dilihat")
    with pytest.raises(Exception, match="wajib diisi"):
        findings.examine(city.app, INSPECTOR, row.id, "  ")
    findings.examine(city.app, INSPECTOR, row.id, "dikonfirmasi ke BKD; verifikator pengganti ditunjuk")
    row = FindingRow.get(FindingRow.id == row.id)
    assert (row.status, row.examined_by) == ("diperiksa", "ins.pektur") and "verifikator" in row.note
    assert sorted(r["kind"] for r in register.search({"status": "baru", "severity": "tinggi"})["rows"]) == \
        ["keputusan_tanpa_alasan", "mutasi_melanggar_aturan", "sk_tidak_cocok"]
    assert register.search({"severity": "sedang"})["total"] == 1


def test_the_inspektorat_filters_examines_and_exports_on_the_page(city):
    from webapp import create_app
    findings.scan(city.app, TODAY)
    accounts.add_user(city.app, SYSTEM, "inspektur", PASSWORD, "inspektur")
    db.close()
    client = create_app(city, TESTING=True).test_client()
    assert login(client, "inspektur").status_code == 302
    page = client.get("/temuan/?severity=tinggi").get_data(as_text=True)
    table = page.split('id="findings"')[1]
    assert "4 temuan" in page and "Pelanggaran pemisahan tugas" in table and "Pengecualian aturan oleh PPK" not in table
    assert client.get("/temuan/?start=2026-13-01").status_code == 422
    row = FindingRow.get(FindingRow.kind == "pengecualian_aturan")
    from tests.test_web import csrf_from
    response = client.post(f"/temuan/{row.id}/periksa", data={"note": "alasan PPK wajar",
                                                               "csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert "alasan PPK wajar" in client.get("/temuan/?status=diperiksa").get_data(as_text=True)
    exported = client.get("/temuan/ekspor.csv?kind=pengecualian_aturan").get_data(as_text=True)
    assert exported.splitlines()[0].startswith("severity,kind,subject") and "masa_kerja_minimum" in exported
    assert len(exported.strip().splitlines()) == 2


def test_the_register_pages_the_findings_and_counts_the_whole_set(city):
    findings.scan(city.app, TODAY)
    everything = register.search({}, per_page=1000)
    assert everything["total"] >= 5 and everything["pages"] == 1
    order = [r["id"] for r in everything["rows"]]  # most severe first, then newest evidence
    ranks = [list(register.SEVERITIES).index(r["severity"]) for r in everything["rows"]]
    assert ranks == sorted(ranks)
    pages = [register.search({}, page, per_page=2) for page in range(1, everything["total"] // 2 + 2)]
    assert [r["id"] for p in pages for r in p["rows"]] == order  # every finding once, in the same order
    assert all(p["total"] == everything["total"] and p["counts"] == everything["counts"] for p in pages)
    assert register.search({}, 999, per_page=2)["page"] == pages[-1]["page"]  # past the end: the last page
    assert [r["evidence_position"] for r in register.export_records({})] == \
        [r["evidence_position"] for r in everything["rows"]]  # the export: every finding, no page


def test_a_stored_sk_file_damaged_after_its_first_check_is_found_the_next_day(intact_city):
    first = findings.scan(intact_city.app, TODAY)
    assert "sk_tidak_cocok" not in kinds() and first["recorded"] == 4
    assert findings.scan(intact_city.app, TODAY)["recorded"] == 0  # reads the findings' own events
    BlobRow.update(content=b"%PDF-1.4 diganti kemudian").execute()
    assert findings.scan(intact_city.app, TODAY)["recorded"] == 0  # nothing new, swept today already
    later = findings.scan(intact_city.app, TODAY + timedelta(days=1))
    assert later["recorded"] == 1
    row = FindingRow.get(FindingRow.kind == "sk_tidak_cocok")
    assert row.evidence_position == position_of(intact_city, "Decree.Issued") and "rusak" in row.detail
    assert findings.scan(intact_city.app, TODAY + timedelta(days=2))["recorded"] == 0  # recorded once

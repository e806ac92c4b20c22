"""The inspector's audit trail: every event has a row; filters narrow; exports carry the events' own
data, a hash chain that detects tampering, and CSV cells that cannot become formulas."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import eventsourcing.domain
import pytest
from eventsourcing.domain import Aggregate, event

from conftest import mutasi
from domain.access import SYSTEM
from domain.organisation import position_id
from domain.plan import Plan
from events.usecases import accounts, appraisal, approvals, employees
from events.readside import audit, projections
from events.readside.audit import AuditFilterError, AuditRow, search_audit, verify_export
from events.readside.handlers import HANDLERS
from events.readside.readmodels import db
from tests.factory import (CLERK, HEAD_DINKES, MAYOR, NURSE, PLANNER, TEACHER, build_small_city, in_session,
                           push_through)

PASSWORD = "kata-sandi-rahasia"
FORMULA = re.compile(r"^[=+\-@\t\r]")


class Clock:
    """Event timestamps the test chooses: each event one second after the previous one."""

    def __init__(self):
        self.now = datetime(2026, 1, 10, 8, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def set(self, *when) -> None:
        self.now = datetime(*when, tzinfo=timezone.utc) - timedelta(seconds=1)


@pytest.fixture
def city(system, monkeypatch):
    """The small city, a transfer late on 28 February, appraisals and a decided proposal from
    1 March, and a submitted plan; caught up in several batches."""
    clock = Clock()
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
    app = system.app
    build_small_city(app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    clock.set(2026, 2, 28, 23, 59, 59)
    employees.transfer(app, PLANNER, CLERK, "PKM-PERAWAT", "821/1/BKD/2026", date(2026, 2, 1), date(2026, 3, 1), "=1+1")
    clock.set(2026, 3, 1)
    appraisal.appraise(app, PLANNER, NURSE, "SKP 2025", "di_atas", "di_atas", "+5 target terlampaui")
    appraisal.correct_appraisal(app, PLANNER, NURSE, "SKP 2025", "sesuai", "di_atas",
                          '-koreksi =HYPERLINK("http://contoh.invalid","klik")')
    proposal = approvals.propose(app, HEAD_DINKES, NURSE, "DINKES-PERAWAT", "memperkuat dinas")
    system.catch_up()  # the later proposal events find the proposal in the views, not in the batch
    push_through(app, proposal, until="forward")
    in_session(app, [proposal], notes={proposal: "@SUM(A1:A9)"})
    approvals.decide(app, MAYOR, proposal, "approve", "")
    clock.set(2026, 3, 5)
    line = {"nip": TEACHER, "name": "Budi Hutagalung", "from_post": "DISDIK-GURU", "to_post": "PKM-PERAWAT",
            "to_unit": "PKM-SBK", "reasons": ["mengisi kekurangan"]}
    plan = Plan.draft(name="Draf uji", settings={}, log_position=0, figures={}, lines=[line],
                      actor=PLANNER.username, role=PLANNER.role)
    app.store(plan)
    approvals.submit_plan(app, PLANNER, plan.id)
    system.catch_up()
    return SimpleNamespace(system=system, app=app, plan_id=plan.id, events=system.event_count())


def rows(**filters) -> list[dict]:
    return search_audit(filters, per_page=1000)["rows"]


def types(**filters) -> list[str]:
    return sorted(r["type"] for r in rows(**filters))


def transfer_position() -> int:
    return rows(type="Employee.Transferred")[0]["position"]


def export_lines(app, filters=None, fmt="jsonl") -> list[str]:
    text = "".join(audit.export(app, filters or {}, fmt))
    return io.StringIO(text, newline="").readlines()


# --- the rows ------------------------------------------------------------------------------------
def test_every_event_has_one_row_with_who_why_and_whom(city):
    assert AuditRow.select().count() == city.events
    transfer = rows(type="Employee.Transferred")[0]
    assert (transfer["nip"], transfer["unit_code"], transfer["reason"]) == (CLERK, "PKM-SBK", "=1+1")
    assert (transfer["actor"], transfer["role"]) == ("rina.bkd", "perencana")
    registered = {r["nip"]: r["unit_code"] for r in rows(type="Employee.Registered")}
    assert registered == {NURSE: "PKM-SBK", TEACHER: "DISDIK", CLERK: "DINKES"}
    decided = rows(type="Proposal.Decided")[0]  # its Proposed event was in an earlier catch-up
    assert (decided["nip"], decided["unit_code"], decided["role"]) == (NURSE, "DINKES", "ppk")
    assert rows(type="Proposal.Recommended")[0]["reason"] == "@SUM(A1:A9)"
    assert rows(type="Employee.Appraised")[0]["reason"] == "+5 target terlampaui"


def test_each_filter_narrows_to_the_matching_events(city):
    assert types(nip=CLERK) == ["Employee.Registered", "Employee.Transferred"]
    assert {r["nip"] for r in rows(nip=NURSE)} == {NURSE} and "Proposal.Decided" in types(nip=NURSE)
    assert types(unit="pkm-sbk") == [  # the nurse's unit, the clerk's new unit, the plan line's target
        "Employee.AppraisalCorrected", "Employee.Appraised", "Employee.Registered", "Employee.Transferred",
        "Position.Created", "Proposal.Proposed", "Proposal.Submitted", "Unit.Established"]
    assert types(actor="kadis.kes") == ["OpenMove.Claimed", "OpenMove.Created", "Proposal.Proposed"]
    assert types(role="ppk") == ["Proposal.Decided", "Proposal.RuleWaived"]
    assert types(role="tim_penilai", nip=NURSE) == ["Proposal.Recommended"]
    assert types(type="Employee.Transferred") == ["Employee.Transferred"]
    assert set(types(type="Proposal.")) == {"Proposal.Proposed", "Proposal.Submitted", "Proposal.Verified",
                                            "Proposal.EvidenceRecorded", "Proposal.RuleWaived",
                                            "Proposal.Forwarded", "Proposal.Recommended", "Proposal.Decided"}
    assert types(type="Employee.Appr") == ["Employee.AppraisalCorrected", "Employee.Appraised"]
    assert types(type="Proposal") == types(type="Proposal.") and rows(type="Gaji.Naik") == []
    assert types(plan=str(city.plan_id)) == ["Plan.Drafted", "Plan.Submitted", "Proposal.Proposed",
                                             "Proposal.Submitted"]
    assert {r["nip"] for r in rows(plan=city.plan_id) if r["type"].startswith("Proposal.")} == {TEACHER}


def test_dates_are_whole_wib_days_inclusive(city):
    """The transfer stored at 28-02-2026 23:59:59 UTC happened on 1 March in Sibolga (06:59:59 WIB)."""
    assert "Employee.Transferred" not in types(date_to="2026-02-28")
    assert "Employee.Transferred" in types(date_from="2026-03-01", date_to="2026-03-01")
    assert sorted(set(types(date_from="01-03-2026", date_to="01-03-2026", nip=NURSE))) == [
        "Employee.AppraisalCorrected", "Employee.Appraised", "OpenMove.Claimed", "OpenMove.Created",
        "Proposal.Decided", "Proposal.EvidenceRecorded", "Proposal.Forwarded", "Proposal.Proposed",
        "Proposal.Recommended", "Proposal.RuleWaived", "Proposal.Submitted", "Proposal.Verified"]
    assert len(rows(date_from=date(2026, 1, 1))) == city.events
    assert rows(date_from="2026-03-06") == []


def test_a_day_filter_covers_28_11_17_00_utc_up_to_29_11_17_00_utc(city, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
    clock.set(2026, 11, 28, 16, 59, 59)  # 23:59:59 WIB on 28 November, then 00:00:00 WIB on the 29th
    for note in ("28 November WIB", "29 November WIB, first second"):
        appraisal.correct_appraisal(city.app, PLANNER, NURSE, "SKP 2025", "sesuai", "di_atas", note)
    clock.set(2026, 11, 29, 16, 59, 59)  # 23:59:59 WIB on the 29th, then the 30th begins
    for note in ("29 November WIB, last second", "30 November WIB"):
        appraisal.correct_appraisal(city.app, PLANNER, NURSE, "SKP 2025", "sesuai", "di_atas", note)
    city.system.catch_up()
    found = rows(date_from="29-11-2026", date_to="29-11-2026")
    assert [r["reason"] for r in found] == ["29 November WIB, last second", "29 November WIB, first second"]
    assert [r["occurred_at"] for r in found] == [datetime(2026, 11, 29, 16, 59, 59), datetime(2026, 11, 28, 17)]
    assert [r["reason"] for r in rows(date_from="2026-11-30")] == ["30 November WIB"]


def test_pages_are_newest_first_without_overlap(city):
    first, second = search_audit({}, 1, 5), search_audit({}, 2, 5)
    positions = [r["position"] for r in first["rows"] + second["rows"]]
    assert positions == sorted(positions, reverse=True) and len(set(positions)) == 10
    assert first["total"] == city.events and first["pages"] == -(-city.events // 5)
    last = search_audit({}, 999, 5)
    assert last["page"] == last["pages"] and last["rows"][-1]["position"] == 1


@pytest.mark.parametrize("filters,field,message", [
    ({"date_from": "31-02-2026"}, "date_from", "tidak valid"),
    ({"plan": "bukan-uuid"}, "plan", "bukan UUID"),
    ({"role": "raja"}, "role", "tidak dikenal"),
    ({"nip": "12345"}, "nip", "18 digit"),
    ({"type": "mutasi pegawai"}, "type", "tidak dikenal"),
    ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_to", "sebelum tanggal awal"),
])
def test_bad_filters_are_refused_in_indonesian(filters, field, message):
    with pytest.raises(AuditFilterError, match=message) as refused:
        search_audit(filters, 1)
    assert field in refused.value.errors


# --- export and the hash chain ------------------------------------------------------------------------
def test_the_export_has_one_record_per_event_with_its_own_data(city):
    records = [json.loads(line) for line in export_lines(city.app)]
    assert [r["position"] for r in records] == list(range(1, city.events + 1))
    assert {"position", "time", "type", "aggregate", "actor", "role", "reason", "data", "prev_hash",
            "hash"} <= set(records[0])
    transfer = next(r for r in records if r["type"] == "Employee.Transferred")
    assert transfer["time"] == "2026-02-28T23:59:59.000000Z" and transfer["reason"] == "=1+1"
    assert transfer["data"]["tmt"] == "2026-03-01" and transfer["data"]["sk_number"] == "821/1/BKD/2026"
    assert transfer["data"]["to_position_id"] == str(position_id("PKM-PERAWAT"))
    assert next(r for r in records if r["type"] == "Employee.Registered")["reason"] is None
    only_clerk = [json.loads(line) for line in export_lines(city.app, {"nip": CLERK})]
    assert [r["type"] for r in only_clerk] == ["Employee.Registered", "Employee.Transferred"]


def test_the_hash_chain_verifies_and_finds_a_changed_removed_or_cut_record(city):
    summary: dict = {}
    lines = list(io.StringIO("".join(audit.export(city.app, {}, "jsonl", summary)), newline=""))
    ok, message = verify_export(lines, last_hash=summary["hash"])
    assert ok and f"{city.events} catatan" in message and summary["count"] == city.events
    changed = json.loads(lines[10])
    changed["reason"] = "diubah diam-diam"
    ok, message = verify_export(lines[:10] + [json.dumps(changed) + "\n"] + lines[11:])
    assert not ok and f"#{changed['position']} " in message
    ok, message = verify_export(lines[:10] + lines[11:])
    assert not ok and f"#{json.loads(lines[11])['position']} " in message
    assert verify_export(lines[:-1])[0] and not verify_export(lines[:-1], last_hash=summary["hash"])[0]


def test_csv_cells_cannot_become_formulas_and_the_csv_verifies(city):
    lines = export_lines(city.app, fmt="csv")
    assert lines[0].startswith("\ufeffposition,time,type")
    table = list(csv.reader(io.StringIO("".join(lines)[1:], newline="")))
    assert len(table) == city.events + 1
    assert not [cell for row in table for cell in row if FORMULA.match(cell)]
    reasons = {row[2]: row[7] for row in table[1:]}
    assert reasons["Employee.Transferred"] == "'=1+1" and reasons["Proposal.Recommended"] == "'@SUM(A1:A9)"
    assert reasons["Employee.Appraised"] == "'+5 target terlampaui"
    assert reasons["Employee.AppraisalCorrected"].startswith("'-koreksi =HYPERLINK(")
    transfer = next(row for row in table if row[2] == "Employee.Transferred")
    assert json.loads(transfer[11])["reason"] == "=1+1"
    assert verify_export(lines)[0]
    tampered = [line.replace("'=1+1", "'=2+2") for line in lines]
    ok, message = verify_export(tampered)
    assert not ok and f"#{transfer[0]} " in message


class Inspection(Aggregate):
    """An aggregate the audit trail knows nothing about."""

    @event("Noted")
    def __init__(self, nip: str, unit_code: str, finding: str, actor: str, role: str):
        self.finding = finding


def test_events_of_any_aggregate_are_recorded_with_their_own_nip_and_unit(city):
    city.app.save(Inspection(nip=CLERK, unit_code="PKM-SBK", finding="=cek", actor="insp.satu",
                             role="inspektur"))
    city.system.catch_up()
    assert types(nip=CLERK) == ["Employee.Registered", "Employee.Transferred", "Inspection.Noted"]
    assert types(type="Inspection.") == types(role="inspektur") == ["Inspection.Noted"]
    noted = json.loads(export_lines(city.app, {"type": "Inspection.Noted"})[0])
    assert noted["data"]["finding"] == "=cek" and noted["unit"] == "PKM-SBK"


def test_the_type_choices_cover_every_event_the_projection_handles():
    offered = {t for group in audit.type_options() for t, _ in group["types"]}
    assert set(HANDLERS) <= offered and "Employee.Transferred" in offered


def test_one_event_is_read_and_decoded_from_the_store(city):
    event = audit.get_event(city.app, transfer_position())
    assert event["label"] == "Mutasi" and event["nip"] == CLERK and event["unit"] == "PKM-SBK"
    assert event["data"]["sk_date"] == "2026-02-01" and event["previous"] == transfer_position() - 1
    assert audit.get_event(city.app, 10 ** 9) is None


def test_rebuilding_gives_the_same_audit_trail_as_catching_up_batch_by_batch(city):
    incremental = projections.checksum()
    assert projections.rebuild(city.app) == city.events
    assert projections.checksum() == incremental and AuditRow.select().count() == city.events


# --- web ------------------------------------------------------------------------------------------------
@pytest.fixture
def client(city):
    from webapp import create_app
    accounts.add_user(city.system.app, SYSTEM, "inspektur", PASSWORD, "inspektur")
    city.events = city.system.event_count()  # the account's registration is an event too
    db.close()
    client = create_app(city.system, TESTING=True).test_client()
    login(client, "inspektur")
    return client


def login(client, username: str) -> None:
    form = client.get("/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.post("/masuk", data={"username": username, "password": PASSWORD, "csrf_token": token})


def test_the_page_filters_with_htmx_and_links_every_event(client, monkeypatch):
    page = client.get("/audit/").get_data(as_text=True)
    assert page.startswith("<!doctype html>") and 'id="audit-filter"' in page
    assert "Draf rencana disusun" in page and "Jejak audit</a>" in page
    fragment = client.get(f"/audit/?nip={CLERK}", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="audit-results">')
    assert "HX-Request" in fragment.headers["Vary"]
    assert "=1+1" in html and html.count('<tr id="audit-') == 2
    assert f'href="/audit/kejadian/{transfer_position()}"' in html
    monkeypatch.setattr("webapp.audit.PER_PAGE", 3)
    second = client.get("/audit/?type=Proposal.&page=2", headers={"HX-Request": "true"})
    second = second.get_data(as_text=True)
    assert "Halaman 2 dari 6" in second and second.count('<tr id="audit-') == 3
    assert 'hx-get="/audit/?page=3&amp;type=Proposal."' in second and 'hx-push-url="true"' in second
    event = client.get(f"/audit/kejadian/{transfer_position()}").get_data(as_text=True)
    assert "to_position_id" in event and "821/1/BKD/2026" in event and "=1+1" in event


def test_bad_filter_input_gets_a_422_message_and_changes_nothing(client, city):
    for query, message in (("date_from=31-02-2026", "tidak valid"), ("plan=bukan-uuid", "bukan UUID")):
        page = client.get(f"/audit/?{query}")
        assert page.status_code == 422 and message in page.get_data(as_text=True)
        fragment = client.get(f"/audit/?{query}", headers={"HX-Request": "true"})
        assert fragment.status_code == 422 and 'id="filter-error"' in fragment.get_data(as_text=True)
        export = client.get(f"/audit/ekspor.csv?{query}")
        assert export.status_code == 422 and message in export.get_data(as_text=True)
    assert city.system.event_count() == city.events


def test_exports_are_attachments_that_follow_the_filters(client):
    response = client.get(f"/audit/ekspor.csv?nip={CLERK}")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment;")
    lines = io.StringIO(response.get_data(as_text=True), newline="").readlines()
    assert len(lines) == 3 and verify_export(lines)[0]
    jsonl = client.get("/audit/ekspor.jsonl?type=Plan.").get_data(as_text=True).splitlines()
    assert [json.loads(line)["type"] for line in jsonl] == ["Plan.Drafted", "Plan.Submitted"]


def test_views_built_before_the_audit_trail_existed_ask_for_one_rebuild(client):
    db.connect(reuse_if_open=True)
    AuditRow.delete().execute()  # as after upgrading: the log is read, the audit table still empty
    assert 'id="audit-unbuilt"' in client.get("/audit/").get_data(as_text=True)


def test_a_unit_head_cannot_open_the_audit_trail(client, city):
    db.connect(reuse_if_open=True)
    accounts.add_user(city.system.app, SYSTEM, "kadis.dik", PASSWORD, "kepala_opd", "DISDIK")
    login(client, "kadis.dik")
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/ekspor.jsonl").status_code == 403


# --- command line (the shared demo city) ----------------------------------------------------------------
def test_the_cli_exports_verifies_and_names_the_first_broken_record(demo_env, tmp_path):
    target = tmp_path / "mutasi.jsonl"
    done = mutasi("audit", "export", "--format", "jsonl", "--type", "Employee.Transferred", "--output",
                  str(target), env=demo_env)
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 100 and f"{len(lines)} kejadian diekspor" in done.stderr
    assert "Rantai hash utuh" in mutasi("audit", "verify", str(target), env=demo_env).stdout
    record = json.loads(lines[7])
    record["data"]["tmt"] = "2000-01-01"
    target.write_text("".join(lines[:7] + [json.dumps(record) + "\n"] + lines[8:]), encoding="utf-8")
    broken = mutasi("audit", "verify", str(target), env=demo_env, check=False)
    assert broken.returncode == 1 and f"#{record['position']} " in broken.stderr


def test_the_cli_writes_csv_to_stdout_and_refuses_bad_filters(demo_env, tmp_path):
    done = mutasi("audit", "export", "--format", "csv", "--type", "Employee.Left", "--from", "2000-01-01",
                  env=demo_env)
    table = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert len(table) > 100 and {row["type"] for row in table} == {"Employee.Left"}
    (tmp_path / "berhenti.csv").write_text(done.stdout, encoding="utf-8", newline="")
    verified = mutasi("audit", "verify", str(tmp_path / "berhenti.csv"), env=demo_env)
    assert "Rantai hash utuh" in verified.stdout
    refused = mutasi("audit", "export", "--from", "31-02-2026", "--plan", "x", env=demo_env, check=False)
    assert refused.returncode == 1 and "tidak valid" in refused.stderr and "bukan UUID" in refused.stderr

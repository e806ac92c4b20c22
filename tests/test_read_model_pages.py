"""The step page of a proposal and the page of an investigation read only the read model: they
answer in full while the event store cannot be read (the aggregate and its history are not needed)."""
from __future__ import annotations

import pytest
from markupsafe import escape

from domain.access import SYSTEM
from domain.plan import Plan
from events.readside.readmodels import db
from events.usecases import accounts, approvals, monitoring
from tests.factory import (CLERK, HEAD_BKD, MAYOR, NURSE, PLANNER, TEACHER, VERIFIER, in_session, waive_all,
                           with_file)
from tests.stakeholder_city import answers, build_stakeholder_city, execute_move
from tests.test_web import PASSWORD, login



@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    build_stakeholder_city(system.app)  # every write is projected by Mutasi.store()
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    db.close()
    return create_app(system, TESTING=True)


def event_store_unreachable(system, monkeypatch) -> None:
    def unreachable(*_args, **_kwargs):
        raise ConnectionError("event store unreachable")
    monkeypatch.setattr(system.app.repository, "get", unreachable)
    monkeypatch.setattr(system.app.events, "get", unreachable)


def test_the_step_page_shows_checklist_waivers_and_steps_with_the_event_store_unreachable(
        web, system, monkeypatch):
    app = system.app
    proposal_id = approvals.propose(app, PLANNER, NURSE, "DINKES-KABID", "memperkuat dinas",
                                    source="own_request")
    with_file(app, proposal_id)
    approvals.submit(app, PLANNER, proposal_id)
    approvals.verify(app, VERIFIER, proposal_id)
    rules = approvals.rules_now(app, approvals.load_proposal(app, proposal_id))
    assert rules  # the nurse has no SKP for the last two years, and more
    for rule in rules:
        approvals.waive_rule(app, MAYOR, proposal_id, rule, "kebutuhan mendesak akreditasi")
    version = approvals.load_proposal(app, proposal_id).version
    event_store_unreachable(system, monkeypatch)

    client = web.test_client()
    login(client, "perencana")
    response = client.get(f"/persetujuan/{proposal_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    status_row = html.split('id="doc-status_pns"')[1].split("</tr>")[0]
    assert "800/1/BKD/2026" in status_row and "status_pns.pdf" in status_row
    assert "tidak diperlukan" in html.split('id="doc-usul_ppk_penerima"')[1].split("</tr>")[0]
    assert f'name="version" value="{version}"' in html
    assert "Pengecualian aturan:</strong> " + str(escape("; ".join(rules))) in html
    history = html.split('id="proposal-history"')[1]
    shown = ("Usulan mutasi", "Bukti berkas dicatat", "Usulan diajukan", "Berkas terverifikasi",
             "Pengecualian aturan")  # Proposed, EvidenceRecorded, Submitted, Verified, RuleWaived
    assert [kind for kind in shown if f'<span class="tag">{kind}</span>' in history] == list(shown)
    assert history.count('<span class="tag">Pengecualian aturan</span>') == len(rules)
    assert escape(rules[0]) in history
    assert "oleh walikota (PPK (Wali Kota)) — kebutuhan mendesak akreditasi" in history
    assert "oleh rina.bkd (Perencana BKD) — memperkuat dinas" in history
    fragment = client.get(f"/persetujuan/{proposal_id}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and fragment.get_data(as_text=True).startswith('<section id="step"')


def test_a_plan_line_shows_the_planners_explanation_and_the_decision_from_the_read_model(
        web, system, monkeypatch):
    app = system.app
    line = {"nip": TEACHER, "name": "Budi Hutagalung", "from_post": "DISDIK-GURU", "to_post": "PKM-PERAWAT",
            "to_unit": "PKM-SBK", "reasons": ["mengisi kekurangan perawat", "pendidikan sesuai"],
            "breakdown": {"need": 1.0}}
    plan = Plan.draft(name="Draf uji", settings={}, log_position=0, figures={}, lines=[line],
                      actor=PLANNER.username, role=PLANNER.role)
    app.store(plan)
    [proposal_id] = approvals.submit_plan(app, PLANNER, plan.id)
    with_file(app, proposal_id)
    approvals.bulk_verify(app, VERIFIER, [proposal_id])
    waive_all(app, proposal_id)
    approvals.forward(app, HEAD_BKD, proposal_id)
    in_session(app, [proposal_id], objections={proposal_id: "unit asal kurang"})
    event_store_unreachable(system, monkeypatch)

    client = web.test_client()
    login(client, "perencana")
    html = client.get(f"/persetujuan/{proposal_id}").get_data(as_text=True)
    assert "Penjelasan perencana" in html
    assert "<li>mengisi kekurangan perawat</li><li>pendidikan sesuai</li>" in html
    history = html.split('id="proposal-history"')[1]
    assert "tidak setuju" in history and "unit asal kurang" in history


def test_the_investigation_page_shows_its_history_with_the_event_store_unreachable(web, system, monkeypatch):
    app = system.app
    monitoring.record_survey(app, PLANNER, "PKM-SBK", "2025-S2", answers(4))
    execute_move(app)
    case = monitoring.record_survey(app, PLANNER, "PKM-SBK", "2026-S1", answers(3))["flag"]
    monitoring.open_investigation(app, PLANNER, case, "segera ditangani")
    monitoring.record_findings(app, PLANNER, case, "Perawat baru belum dilatih triase.")
    monitoring.record_action(app, PLANNER, case, "pelatihan", "Pelatihan triase dua minggu.", CLERK)
    event_store_unreachable(system, monkeypatch)

    client = web.test_client()
    login(client, "perencana")
    response = client.get(f"/pemantauan/investigasi/{case}")
    history = response.get_data(as_text=True).split('id="investigation-history"')[1]
    assert response.status_code == 200
    for shown in ("Penurunan layanan ditandai", "Pemeriksaan dibuka", "segera ditangani",
                  "Temuan pemeriksaan dicatat", "belum dilatih triase", "Tindakan perbaikan dicatat",
                  "Pelatihan triase dua minggu"):
        assert shown in history

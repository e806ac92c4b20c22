"""The decision dossier (issue #15): what the PPK saw when deciding, reconstructed from the log, the
rules as they stood at that moment (not as they stand today), exportable as a PDF."""
from __future__ import annotations

import pytest

from domain.access import SYSTEM, Actor
from domain.rules import DomainError
from events.readside.readmodels import db
from events.usecases import accounts, appraisal, approvals
from events.usecases.decision_dossier import decision_dossier
from tests.factory import MAYOR, NURSE, NURSE_2, PLANNER, proposed, ready_city, through
from tests.test_web import PASSWORD, login

INSPECTOR = Actor("ins.pektur", "inspektur")


@pytest.fixture
def decided(system):
    ready_city(system.app)
    proposal_id = proposed(system.app)
    through(system.app, proposal_id, "recommend")
    approvals.decide(system.app, MAYOR, proposal_id, "approve", "sesuai rekomendasi Tim")
    appraisal.correct_appraisal(system.app, PLANNER, NURSE, "SKP 2025", "di_bawah", "sesuai", "koreksi atasan")
    db.connect(reuse_if_open=True)
    system.catch_up()
    return system, proposal_id


def test_the_dossier_shows_the_rules_as_they_stood_when_the_ppk_decided(decided):
    system, proposal_id = decided
    today = approvals.rules_now(system.app, approvals.load_proposal(system.app, proposal_id))
    assert any("SKP 2025" in rule for rule in today)  # the correction made a rule fail since
    dossier = decision_dossier(system.app, INSPECTOR, proposal_id, system.as_of)
    assert dossier["rules"] == [] and (dossier["decision"], dossier["actor"]) == ("approve", "walikota")
    assert dossier["reason"] == "sesuai rekomendasi Tim" and dossier["state_before"] == "recommended"
    assert dossier["session"]["recommendation"] == "setuju" and dossier["session"]["session"]["minutes_sha256"]
    assert [s["kind"] for s in dossier["steps"]][-1] == "Recommended"  # the steps before the decision
    assert dossier["nip"] == NURSE and dossier["to_post"] == "DINKES-PERAWAT"


def test_a_dossier_needs_a_decision_and_an_auditor(decided):
    system, proposal_id = decided
    with pytest.raises(DomainError, match="tidak berwenang"):
        decision_dossier(system.app, Actor("kadis.kes", "kepala_opd", "DINKES"), proposal_id, system.as_of)
    undecided = proposed(system.app, NURSE_2, "DINKES-PERAWAT")
    with pytest.raises(DomainError, match="belum diputuskan"):
        decision_dossier(system.app, INSPECTOR, undecided, system.as_of)


def test_the_dossier_downloads_as_a_pdf(decided):
    from webapp import create_app
    system, proposal_id = decided
    accounts.add_user(system.app, SYSTEM, "inspektur", PASSWORD, "inspektur")
    db.close()
    client = create_app(system, TESTING=True).test_client()
    assert login(client, "inspektur").status_code == 302
    assert f"/persetujuan/{proposal_id}/dosier-keputusan.pdf" in client.get(f"/persetujuan/{proposal_id}").get_data(
        as_text=True)  # linked from the decided proposal's page
    response = client.get(f"/persetujuan/{proposal_id}/dosier-keputusan.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert NURSE in response.headers["Content-Disposition"]


def test_the_dossier_names_the_committee_as_its_session_recorded_it_not_as_set_today(decided):
    from dataclasses import replace

    from domain.committee import CommitteeSettings
    system, proposal_id = decided
    recorded = decision_dossier(system.app, INSPECTOR, proposal_id, system.as_of)["committee"]
    assert recorded["source"] == "sidang" and recorded["quorum"] == CommitteeSettings().quorum
    assert set(recorded["members"]) >= {"tim.penilai"}
    system.app.committee_settings = replace(CommitteeSettings(), quorum=0.75, members=())  # changed since
    assert decision_dossier(system.app, INSPECTOR, proposal_id, system.as_of)["committee"] == recorded

"""The step page decides well: what the committee and the PPK weigh on one screen, shortcuts that
do not clash, and no decision recorded without a confirmation that names it (checked on the server)."""
from __future__ import annotations

import re

import pytest

from domain.access import SYSTEM
from events.readside.readmodels import ProposalRow, db
from events.usecases import accounts
from tests.factory import proposed, ready_city, through
from tests.test_web import PASSWORD, csrf_from, login


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    system.proposal_id = proposed(system.app)
    through(system.app, system.proposal_id, "recommend")
    for username, role in (("walikota", "ppk"), ("tim.penilai", "tim_penilai")):
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role)
    db.close()
    return create_app(system, TESTING=True)


def client_for(web, username):
    client = web.test_client()
    login(client, username)
    client.token = csrf_from(client.get("/persetujuan/").get_data(as_text=True))
    return client


def state(system) -> str:
    return ProposalRow.get(ProposalRow.id == system.proposal_id).state


def test_the_step_page_shows_what_the_committee_and_the_ppk_decide_on(web, system):
    for username in ("walikota", "tim.penilai"):
        html = client_for(web, username).get(f"/persetujuan/{system.proposal_id}").get_data(as_text=True)
        file = html[html.index('id="decision-file"'):]
        assert "III/b" in file and "Penata Muda Tingkat I" in file  # golongan and pangkat
        assert "SKP 2024: Baik" in file and "SKP 2025: Baik" in file  # the SKP history
        assert re.search(r"\d+ tahun · BUP 58 tahun di jabatan tujuan, pensiun \d\d-\d\d-\d{4}", file)
        assert "S1 Keperawatan" in file and 'id="file-jpm"' in file and 'id="file-talent"' in file


def test_shortcuts_do_not_clash_and_are_listed(web, system):
    html = client_for(web, "walikota").get(f"/persetujuan/{system.proposal_id}").get_data(as_text=True)
    keys = re.findall(r'data-key="(\w)"', html)
    assert sorted(keys) == ["b", "s", "t"] and "j" not in keys and "k" not in keys  # j/k only move
    assert 'id="shortcut-help"' in html and 'id="decision-dialog"' in html
    assert all(f'data-confirm="{label}"' in html for label in ("Setujui usulan", "Tolak usulan", "Kembalikan usulan"))


def test_a_decision_without_its_confirmation_records_nothing(web, system):
    ppk = client_for(web, "walikota")
    url = f"/persetujuan/{system.proposal_id}/langkah"
    version = str(ProposalRow.get(ProposalRow.id == system.proposal_id).version)
    asked = ppk.post(url, data={"action": "approve", "reason": "formasi mendesak", "version": version,
                                "csrf_token": ppk.token})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Konfirmasi: Setujui usulan?" in html and "formasi mendesak" in html
    assert state(system) == "recommended"
    wrong = ppk.post(url, data={"action": "approve", "confirmed": "reject", "version": version, "csrf_token": ppk.token})
    assert wrong.status_code == 200 and state(system) == "recommended"  # the confirmation names another decision
    confirm_form = html[html.index('id="confirm-decision"'):].split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirm_form))
    done = ppk.post(url, data={**fields, "action": "approve"})
    assert done.status_code == 302 and fields["confirmed"] == "approve"
    system.catch_up()
    assert state(system) == "approved"

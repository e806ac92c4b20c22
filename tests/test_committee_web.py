"""The Tim Penilai Kinerja's pages through the Flask client: who sees and does what (role × page),
CSRF on every state change, refusals answered with the form and nothing written, views saved by
htmx, the berita acara's download, and the session on the proposal's step page for the PPK."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from domain.committee import session_id
from domain.access import SYSTEM
from domain.formats import tanggal
from events.readside.committee_rows import CommitteeSessionRow, CommitteeViewRow
from events.readside.readmodels import ProposalRow, db
from events.usecases import accounts
from tests.factory import TODAY, proposed, ready_city, through
from tests.test_web import PASSWORD, csrf_from, login

USERS = {"tim.penilai": ("tim_penilai", None), "tim.anggota1": ("tim_penilai", None),
         "tim.anggota2": ("tim_penilai", None), "walikota": ("ppk", None), "kepala.bkd": ("kepala_bkd", None),
         "inspektur": ("inspektur", None), "perencana": ("perencana", None), "verifikator": ("verifikator", None),
         "kadis.kes": ("kepala_opd", "DINKES"), "admin": ("admin", None)}
NUMBER = "11/TPK/2026"


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    system.proposal_id = proposed(system.app)
    through(system.app, system.proposal_id, "forward")
    for username, (role, unit) in USERS.items():
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role, unit)
    db.close()
    return create_app(system, TESTING=True)


def client_for(web, username: str):
    client = web.test_client()
    assert login(client, username).status_code == 302
    client.token = csrf_from(client.get("/persetujuan/").get_data(as_text=True))
    return client


def post(client, url: str, data: dict, htmx: bool = False):
    return client.post(url, data={**data, "csrf_token": client.token},
                       headers={"HX-Request": "true"} if htmx else {})


def convene(client, proposal_id, members=("tim.penilai", "tim.anggota1", "tim.anggota2")):
    return post(client, "/tim-penilai/baru", {"number": NUMBER, "held_on": TODAY.isoformat(),
                                              "proposal": str(proposal_id), "member": list(members)})


ACCESS = {  # user: (session list and page, new session form, berita acara)
    "tim.penilai": (200, 200, 200), "walikota": (200, 403, 200), "kepala.bkd": (200, 403, 200),
    "inspektur": (200, 403, 200), "perencana": (403, 403, 200), "verifikator": (403, 403, 403),
    "kadis.kes": (403, 403, 403), "admin": (403, 403, 403)}


def test_each_role_sees_the_committee_pages_it_works_with(web, system):
    chair = client_for(web, "tim.penilai")
    url = f"/tim-penilai/{session_id(NUMBER)}"
    assert convene(chair, system.proposal_id).status_code == 303
    for member in ("tim.penilai", "tim.anggota1", "tim.anggota2"):
        post(chair, f"{url}/pendapat", {"proposal_id": str(system.proposal_id), "member": member, "opinion": "setuju"})
    assert post(chair, f"{url}/tutup", {}).status_code == 303
    for username, (lists, convenes, downloads) in ACCESS.items():
        client = client_for(web, username)
        seen = (client.get("/tim-penilai/").status_code, client.get(url).status_code,
                client.get("/tim-penilai/baru").status_code, client.get(f"{url}/berita-acara.pdf").status_code)
        assert seen == (lists, lists, convenes, downloads), username
        assert ('id="nav-committee"' in client.get("/persetujuan/").get_data(as_text=True)) == (lists == 200)
    minutes = client_for(web, "perencana").get(f"{url}/berita-acara.pdf")
    assert minutes.mimetype == "application/pdf" and NUMBER in PdfReader(io.BytesIO(minutes.data)).pages[0].extract_text()
    assert client_for(web, "tim.penilai").get(f"/tim-penilai/{session_id('99/X')}").status_code == 404


def test_a_session_from_the_form_to_the_ppk_step_page(web, system):
    chair, mayor = client_for(web, "tim.penilai"), client_for(web, "walikota")
    pid = str(system.proposal_id)
    form = chair.get("/tim-penilai/baru").get_data(as_text=True)
    assert f'value="{pid}"' in form and 'value="tim.anggota2"' in form

    refused = convene(chair, pid, members=("tim.penilai",))
    assert refused.status_code == 422 and "tidak kuorum" in refused.get_data(as_text=True)
    assert 'id="new-session-error"' in refused.get_data(as_text=True) and CommitteeSessionRow.select().count() == 0
    assert mayor.post("/tim-penilai/baru", data={"number": NUMBER, "csrf_token": mayor.token}).status_code == 403
    no_csrf = chair.post("/tim-penilai/baru", data={"number": NUMBER, "held_on": TODAY.isoformat(), "proposal": pid,
                                                    "member": ["tim.penilai", "tim.anggota1"]})
    assert no_csrf.status_code == 400 and CommitteeSessionRow.select().count() == 0
    created = convene(chair, pid)
    url = f"/tim-penilai/{session_id(NUMBER)}"
    assert created.status_code == 303 and created.headers["Location"].endswith(url)

    page = chair.get(url).get_data(as_text=True)
    assert f'id="item-{pid}"' in page and 'id="conclude-form"' in page and "Riwayat SKP" in page
    assert "SKP 2025: Baik" in page and "BUP 58" in page and "Aturan per hari ini" in page
    objection = post(chair, f"{url}/pendapat", {"proposal_id": pid, "member": "tim.anggota2",
                                                "opinion": "tidak_setuju", "note": ""}, htmx=True)
    html = objection.get_data(as_text=True)
    assert objection.status_code == 422 and html.startswith(f'<section class="card committee-item" id="item-{pid}"')
    assert "Catatan wajib diisi" in html and CommitteeViewRow.select().count() == 0
    for member, opinion, note in (("tim.penilai", "setuju", ""), ("tim.anggota1", "setuju", ""),
                                  ("tim.anggota2", "tidak_setuju", "unit asal kekurangan perawat")):
        saved = post(chair, f"{url}/pendapat", {"proposal_id": pid, "member": member, "opinion": opinion,
                                                "note": note}, htmx=True)
        assert saved.status_code == 200 and saved.get_data(as_text=True).startswith('<section class="card committee-item"')
    assert "Suara terbanyak: <strong>setuju" in saved.get_data(as_text=True)

    read_only = mayor.get(url).get_data(as_text=True)
    assert "view-form" not in read_only and 'id="conclude-form"' not in read_only
    assert post(mayor, f"{url}/pendapat", {"proposal_id": pid, "member": "tim.penilai", "opinion": "setuju"}).status_code == 403
    assert post(mayor, f"{url}/tutup", {}).status_code == 403
    against = post(chair, f"{url}/tutup", {f"recommendation-{pid}": "tidak_setuju"})
    assert against.status_code == 422 and "berbeda dengan suara terbanyak" in against.get_data(as_text=True)
    assert ProposalRow.get(ProposalRow.id == pid).state == "forwarded"
    assert 'value="tidak_setuju" selected' in against.get_data(as_text=True)  # the choice comes back

    assert post(chair, f"{url}/tutup", {}).status_code == 303
    closed = chair.get(url).get_data(as_text=True)
    assert 'id="download-minutes"' in closed and "view-form" not in closed and "Aturan per hari ini" not in closed
    assert ProposalRow.get(ProposalRow.id == pid).opinion == "setuju"

    step = mayor.get(f"/persetujuan/{pid}").get_data(as_text=True)
    section = step.split('id="committee-session"')[1].split("</section>")[0]
    assert NUMBER in section and tanggal(TODAY) in section  # "29 November 2026"
    assert "unit asal kekurangan perawat" in section and "Inspektur Pembantu (akun demo)" in section
    assert 'id="committee-minutes"' in section and 'id="recommendation"' in step
    unit_head = client_for(web, "kadis.kes").get(f"/persetujuan/{pid}")  # the members' views stay inside
    assert unit_head.status_code == 200 and 'id="committee-session"' not in unit_head.get_data(as_text=True)


def test_the_direct_recommendation_paths_are_gone(web, system):
    chair = client_for(web, "tim.penilai")
    step = chair.get(f"/persetujuan/{system.proposal_id}").get_data(as_text=True)
    assert "do-agree" not in step and 'id="to-session"' in step
    version = ProposalRow.get(ProposalRow.id == system.proposal_id).version
    for action in ("agree", "disagree"):
        response = post(chair, f"/persetujuan/{system.proposal_id}/langkah", {"action": action, "version": str(version)})
        assert response.status_code == 422 and "tidak dikenal" in response.get_data(as_text=True)
    assert ProposalRow.get(ProposalRow.id == system.proposal_id).state == "forwarded"


def test_the_roster_follows_the_chosen_date(web):
    chair = client_for(web, "tim.penilai")
    fragment = chair.get("/tim-penilai/baru/anggota?held_on=2023-06-01", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert html.startswith('<fieldset id="members">') and "Tidak ada anggota Tim" in html
    today = chair.get(f"/tim-penilai/baru/anggota?held_on={TODAY.isoformat()}&member=tim.anggota1").get_data(as_text=True)
    assert re.search(r'value="tim.anggota1" checked', today) and not re.search(r'value="tim.penilai" checked', today)

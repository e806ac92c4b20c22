"""Each role's home on "/" (and after login): the Kepala OPD's unit, the BKD roles' work queue
above the city's counters, the committee's next session, the PPK's decisions, the inspector's trail."""
from __future__ import annotations

import pytest

from domain.access import SYSTEM
from events.readside.readmodels import db
from events.usecases import accounts, committee
from tests.factory import COMMITTEE, MEMBERS, NURSE, TODAY, proposed, ready_city, through
from tests.test_web import PASSWORD, login

USERS = {"tim.penilai": ("tim_penilai", None), "walikota": ("ppk", None), "kepala.bkd": ("kepala_bkd", None),
         "inspektur": ("inspektur", None), "perencana": ("perencana", None), "verifikator": ("verifikator", None),
         "kadis.kes": ("kepala_opd", "DINKES"), "admin": ("admin", None)}


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    system.forwarded = proposed(system.app)
    through(system.app, system.forwarded, "forward")
    committee.convene(system.app, COMMITTEE, "7/TPK/2026", TODAY, [system.forwarded], list(MEMBERS))
    for username, (role, unit) in USERS.items():
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role, unit)
    db.close()
    return create_app(system, TESTING=True)


def home_of(web, username: str) -> str:
    client = web.test_client()
    response = login(client, username)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    return client.get("/").get_data(as_text=True)


def test_a_unit_head_lands_on_their_unit_not_on_the_city(web):
    page = home_of(web, "kadis.kes")
    assert 'id="home-title">Dinas Kesehatan' in page and 'id="unit-figures"' in page
    assert "Puskesmas Sibolga Kota" in page and "Dinas Pendidikan" not in page  # their units only
    assert 'id="city-figures"' not in page and 'id="unit-skp"' in page and "SKP 2025" in page
    assert 'id="unit-evaluations"' in page and 'id="work-queue"' in page


def test_the_committee_lands_on_the_items_of_its_next_session(web):
    page = home_of(web, "tim.penilai")
    assert 'id="next-session"' in page and "Sidang 7/TPK/2026" in page
    assert "Rina Situmeang" in page and NURSE in page and "0 dari 3" in page


def test_the_ppk_lands_on_the_decisions_waiting(web, system):
    page = home_of(web, "walikota")
    assert 'id="home-title">Keputusan yang menunggu Anda' in page and 'id="work-queue"' in page
    assert "Tidak ada usulan yang menunggu langkah Anda" in page  # nothing recommended yet


def test_the_inspector_lands_on_the_trail(web):
    page = home_of(web, "inspektur")
    assert 'id="recent-trail"' in page and "/audit/kejadian/" in page and 'id="home-findings"' in page


def test_bkd_roles_see_their_queue_above_the_city_counters(web):
    page = home_of(web, "kepala.bkd")
    assert page.index('id="work-queue"') < page.index('id="city-figures"')
    admin = home_of(web, "admin")
    assert 'id="city-figures"' in admin and 'id="work-queue"' not in admin


def test_the_city_counters_stay_open_to_every_role(web):
    client = web.test_client()
    login(client, "kadis.kes")
    assert 'id="city-figures"' in client.get("/kebutuhan").get_data(as_text=True)

"""The Flask app through its test client: login, CSRF, roles, htmx fragments vs pages."""
from __future__ import annotations

import re

import pytest

from domain.access import SYSTEM
from events.usecases import accounts, appraisal
from events.readside.readmodels import db
from tests.factory import NURSE, PLANNER as PLANNER_ACTOR, TEACHER, build_small_city

PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def web(system):
    from webapp import create_app
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    accounts.add_user(system.app, SYSTEM, "kadis.dik", PASSWORD, "kepala_opd", "DISDIK")
    db.close()
    app = create_app(system, TESTING=True)
    return app


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_from(client.get("/masuk").get_data(as_text=True))
    return client.post("/masuk", data={"username": username, "password": password, "csrf_token": token})


def test_pages_need_a_login(web):
    client = web.test_client()
    response = client.get("/pegawai/")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    fragment = client.get("/pegawai/", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/pegawai/?q=a"})
    assert fragment.status_code == 401 and "/masuk?next=/pegawai/?q%3Da" in fragment.get_data(as_text=True)


def test_a_wrong_password_is_refused_with_a_message(web):
    response = login(web.test_client(), "perencana", "salah-sekali-ini")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused(web):
    client = web.test_client()
    response = client.post("/masuk", data={"username": "perencana", "password": PASSWORD})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


def test_the_dashboard_lists_shortages_first(web):
    client = web.test_client()
    assert login(client, "perencana").status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert "shortage-chart" in html
    assert html.index("Puskesmas Sibolga Kota") < html.index("Dinas Kesehatan</a>")


def test_search_returns_a_fragment_for_htmx_and_a_page_otherwise(web):
    client = web.test_client()
    login(client, "perencana")
    fragment = client.get("/pegawai/?q=situmeang", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<section id="search-results">')
    assert "Rina Situmeang" in fragment.get_data(as_text=True) and "Budi" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get("/pegawai/?q=situmeang").get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "Rina Situmeang" in page


def test_the_employee_page_shows_the_timeline_with_actor(web):
    client = web.test_client()
    login(client, "perencana")
    html = client.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    assert "Pendaftaran" in html and "rina.bkd" in html and "Perawat Ahli Pertama" in html


def test_a_unit_head_sees_only_their_units_people(web):
    client = web.test_client()
    login(client, "kadis.dik")
    results = client.get("/pegawai/?q=", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Budi Hutagalung" in results and "Rina Situmeang" not in results
    assert client.get(f"/pegawai/{TEACHER}").status_code == 200
    elsewhere, nobody = client.get(f"/pegawai/{NURSE}"), client.get("/pegawai/199901012020011999")
    assert elsewhere.status_code == 404 and "tidak ditemukan" in elsewhere.get_data(as_text=True)
    assert NURSE not in elsewhere.get_data(as_text=True)
    assert elsewhere.get_data() == nobody.get_data()  # another unit's NIP reads as one that does not exist


def test_output_is_escaped(web, system):
    from datetime import date

    from domain.rules import make_nip
    from tests.factory import person
    nip = make_nip(date(1992, 3, 3), date(2016, 1, 1), "L", 5)
    person(system.app, nip, "<script>alert(1)</script> Gulo", "L", date(1992, 3, 3), "PKM-PERAWAT")
    client = web.test_client()
    login(client, "perencana")
    html = client.get(f"/pegawai/{nip}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_repeated_wrong_passwords_slow_the_account_down_and_leave_other_accounts_alone(web):
    from domain.security_settings import SecuritySettings
    web.config["SECURITY_SETTINGS"] = SecuritySettings(login_backoff_seconds=600)  # no race with the clock
    client = web.test_client()
    for _ in range(5):
        assert login(client, "kadis.dik", "tebakan-salah-lagi").status_code == 401
    slowed = login(client, "kadis.dik")  # even the right password waits now: nothing is checked
    assert slowed.status_code == 429 and "Terlalu banyak percobaan" in slowed.get_data(as_text=True)
    assert login(client, "perencana").status_code == 302  # other accounts are not affected


def test_the_timeline_pages_through_older_events_as_a_fragment(web, system):
    from datetime import date
    for year in range(2000, 2025):  # 25 appraisals + the registration: two pages of 20
        appraisal.open_period(system.app, PLANNER_ACTOR, f"SKP {year}", year, date(year, 1, 1), date(year, 12, 31))
        appraisal.appraise(system.app, PLANNER_ACTOR, NURSE, f"SKP {year}", "sesuai", "sesuai")
    client = web.test_client()
    login(client, "perencana")
    page = client.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    first = page[page.index('<section id="timeline">'):]
    assert "Halaman 1 dari 2" in first and "SKP 2024" in first and "SKP 2004" not in first
    older = client.get(f"/pegawai/{NURSE}/riwayat?page=2", headers={"HX-Request": "true"})
    html = older.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="timeline">') and "Halaman 2 dari 2" in html
    assert "SKP 2004" in html and "Pendaftaran" in html and "SKP 2024" not in html


def test_a_kepala_dinas_opens_a_proposal_into_one_of_their_schools_from_their_queue(web, system):
    """One unit-scope rule for the queue and the step page: the step page used to ignore sub-units."""
    from events.usecases import approvals, organisation
    from tests.factory import position
    organisation.establish_unit(system.app, PLANNER_ACTOR, code="SDN-001", name="SD Negeri 001 Sibolga", kind="sekolah",
                              parent_code="DISDIK", service_priority=1)
    position(system.app, "SDN-001-GURU", "SDN-001", "Guru Ahli Pertama", 2, families=("pendidikan",))
    organisation.establish_unit(system.app, PLANNER_ACTOR, code="KOMINFO", name="Dinas Kominfo", kind="dinas",
                              parent_code=None, service_priority=3)
    proposal_id = approvals.propose(system.app, PLANNER_ACTOR, NURSE, "SDN-001-GURU", "permohonan sendiri",
                                    source="own_request")  # from a puskesmas (Dinas Kesehatan) into a school
    client = web.test_client()
    login(client, "kadis.dik")
    assert str(proposal_id) in client.get("/persetujuan/").get_data(as_text=True)
    assert client.get(f"/persetujuan/{proposal_id}").status_code == 200
    other = web.test_client()
    db.connect(reuse_if_open=True)
    accounts.add_user(system.app, SYSTEM, "kadis.kominfo", PASSWORD, "kepala_opd", "KOMINFO")
    login(other, "kadis.kominfo")
    assert other.get(f"/persetujuan/{proposal_id}").status_code == 403


@pytest.mark.parametrize("page", ["9223372036854775807", "-5", "abc", "1e9", "0"])
def test_any_page_argument_gives_a_page_never_an_error(web, page):
    client = web.test_client()
    login(client, "perencana")
    assert client.get(f"/pegawai/?page={page}").status_code == 200
    assert client.get(f"/pegawai/{NURSE}?page={page}").status_code == 200
    assert client.get(f"/audit/?page={page}").status_code == 200

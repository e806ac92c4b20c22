"""Competence through the Flask client: the JPM block on the employee page, the assessment form
(htmx and plain), the CSV/XLSX upload, bad input, CSRF and roles; a refusal changes nothing."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from domain.access import SYSTEM
from domain.competence import MANAJERIAL, SOSIAL_KULTURAL
from events.readside.readmodels import EmployeeRow, db
from events.usecases import accounts, competence, organisation
from tests.factory import CLERK, NURSE, PLANNER, build_small_city
from tests.test_web import PASSWORD, csrf_from, login

HTMX = {"HX-Request": "true"}
NAMES = MANAJERIAL + SOSIAL_KULTURAL


@pytest.fixture
def web(system):
    from webapp import create_app
    build_small_city(system.app)
    organisation.create_position(  # a vacant post the nurse may take, with its own standard
        system.app, PLANNER, "DINKES", code="DINKES-PERAWAT-2", name="Perawat Ahli Pertama",
        jabatan_type="fungsional_keahlian", eselon=None, level="ahli_pertama", band_low="III/a",
        band_high="III/b", education_families=("kesehatan",), track="kesehatan", abk_need=2,
        strategic=False, competence=tuple((n, "manajerial", 2) for n in MANAJERIAL) +
        (("perekat bangsa", "sosial_kultural", 2), ("asuhan keperawatan", "teknis", 3)))
    db.connect(reuse_if_open=True)
    system.catch_up()
    for user, role, unit in (("perencana", "perencana", None), ("verif", "verifikator", None),
                             ("kadis.kes", "kepala_opd", "DINKES"), ("admin", "admin", None)):
        accounts.add_user(system.app, SYSTEM, user, PASSWORD, role, unit)
    db.close()
    return create_app(system, TESTING=True)


def client_for(web, username: str):
    client = web.test_client()
    login(client, username)
    client.token = csrf_from(client.get(f"/pegawai/{NURSE}").get_data(as_text=True))
    return client


def form(level: int = 3, on: str = "2025-06-01", **more) -> dict:
    return {"tanggal": on, **{f"level:{name}": str(level) for name in NAMES}, **more}


def assessment_of(nip: str):
    db.connect(reuse_if_open=True)
    row = EmployeeRow.get(EmployeeRow.nip == nip)
    return row.assessed_on, row.assessment


def test_the_employee_page_shows_jpm_its_category_its_date_and_the_best_fitting_posts(web, system):
    client = client_for(web, "perencana")
    html = client.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    assert 'id="competence"' in html and "Belum ada hasil asesmen kompetensi" in html
    competence.assess_competence(system.app, PLANNER, NURSE, date(2025, 6, 1),
                                 dict.fromkeys(NAMES, 2) | {"asuhan keperawatan": 3})
    html = client.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    # the nurse's own post has the default standard (level 2 for ahli pertama): all met
    assert "JPM untuk jabatan saat ini: <strong>100,0%</strong>" in html
    assert '<span class="tag" id="jpm-category">Memenuhi Syarat</span>' in html
    assert '<span id="jpm-assessed-on">01-06-2025</span>' in html
    best = html[html.index('id="best-posts"'):]
    assert "DINKES-PERAWAT-2" in best and "Dinas Kesehatan" in best and "100,0%" in best
    assert "DINKES-PERAWAT<" not in best  # full: no free seat
    assert "Guru Ahli Pertama" not in best  # the education rule of the planner refuses it
    organisation.change_need(system.app, PLANNER, "DINKES-PERAWAT", 2, "tambah formasi")
    best = client.get(f"/pegawai/{NURSE}").get_data(as_text=True).split('id="best-posts"')[1]
    assert "DINKES-PERAWAT<" in best  # a seat opened: the next page sees it


def test_bkd_records_an_assessment_with_the_form_and_the_block_is_re_rendered(web, system):
    client = client_for(web, "verif")
    response = client.post(f"/pegawai/{NURSE}/kompetensi", data=form(2), headers={
        **HTMX, "X-CSRFToken": client.token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<section class="card" id="competence">')
    assert "100,0%" in html and "Memenuhi Syarat" in html
    assert assessment_of(NURSE)[0] == date(2025, 6, 1)
    plain = client.post(f"/pegawai/{NURSE}/kompetensi", data={**form(1, "2025-07-01"),
                                                              "csrf_token": client.token})
    assert plain.status_code == 303 and plain.headers["Location"].endswith("#competence")
    html = client.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    assert "50,0%" in html and "Kurang Memenuhi Syarat" in html and "01-07-2025" in html


@pytest.mark.parametrize("changes,message", [
    ({"level:integritas": "7"}, "harus 1–5, bukan 7"),
    ({"level:integritas": "x"}, "bukan bilangan bulat"),
    ({"tanggal": (date.today() + timedelta(days=1)).isoformat()}, "tidak boleh setelah hari ini"),
    ({"tanggal": "31-02-2025"}, "tidak sah"),
    ({"level:bernyanyi": "3"}, "Kompetensi tidak dikenal"),
])
def test_bad_input_re_renders_the_form_with_the_reason_and_records_nothing(web, system, changes, message):
    client = client_for(web, "perencana")
    before = system.event_count()
    response = client.post(f"/pegawai/{NURSE}/kompetensi", data=form(3, **changes),
                           headers={**HTMX, "X-CSRFToken": client.token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="competence-error"' in html and message in html
    assert 'value="2025-06-01"' in html or "tanggal" in changes  # what was typed comes back
    plain = client.post(f"/pegawai/{NURSE}/kompetensi", data={**form(3, **changes),
                                                              "csrf_token": client.token})
    assert plain.status_code == 422 and message in plain.get_data(as_text=True)
    assert "<h1" in plain.get_data(as_text=True)  # the whole page, without htmx
    assert system.event_count() == before and assessment_of(NURSE) == (None, "[]")


def test_the_form_needs_csrf_and_a_bkd_role(web, system):
    client = client_for(web, "perencana")
    before = system.event_count()
    assert client.post(f"/pegawai/{NURSE}/kompetensi", data=form()).status_code == 400
    head = client_for(web, "kadis.kes")
    assert 'id="competence-form"' in head.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    assert 'name="level:integritas"' not in head.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    refused = head.post(f"/pegawai/{NURSE}/kompetensi", data={**form(), "csrf_token": head.token})
    assert refused.status_code == 403
    admin = client_for(web, "admin")
    assert admin.post(f"/pegawai/{NURSE}/kompetensi",
                      data={**form(), "csrf_token": admin.token}).status_code == 403
    assert admin.get("/kompetensi/impor").status_code == 403
    assert system.event_count() == before


def upload(client, text: str, name: str = "hasil.csv", token: bool = True):
    data = {"berkas": (io.BytesIO(text.encode()), name)}
    if token:
        data["csrf_token"] = client.token
    return client.post("/kompetensi/impor", data=data, content_type="multipart/form-data")


def test_an_upload_records_every_row_or_refuses_the_file_naming_each_row(web, system):
    client = client_for(web, "perencana")
    page = client.get("/kompetensi/impor").get_data(as_text=True)
    assert "asuhan keperawatan" in page and "perekat bangsa" in page
    template = client.get("/kompetensi/templat.csv").get_data(as_text=True)
    assert template.startswith("NIP,Tanggal,") and "asuhan keperawatan" in template
    before = system.event_count()
    bad = upload(client, f"NIP,Tanggal,Integritas\n{NURSE},2025-06-01,3\n{CLERK},2025-06-01,9\n")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "tidak ada data yang disimpan" in html
    assert "baris 3, kolom integritas: Level integritas harus 1–5, bukan 9" in html
    assert upload(client, "NIP,Tanggal,Integritas\n", token=False).status_code == 400
    assert upload(client, "x", name="hasil.pdf").status_code == 422
    assert system.event_count() == before and assessment_of(NURSE) == (None, "[]")
    good = upload(client, f"NIP,Tanggal,Integritas,Asuhan Keperawatan\n{NURSE},2025-06-01,3,2\n"
                          f"{CLERK},2025-05-01,4,\n")
    assert good.status_code == 303 and "diimpor=2" in good.headers["Location"]
    assert "2 hasil asesmen tercatat" in client.get(good.headers["Location"]).get_data(as_text=True)
    assert system.event_count() == before + 2
    assert assessment_of(CLERK) == (date(2025, 5, 1), '[["integritas", 4]]')

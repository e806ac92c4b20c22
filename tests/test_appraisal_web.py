"""The SKP sheet, BKD's progress and the talent map through the Flask test client: htmx fragments
versus pages, CSRF, roles, and refusals that change nothing."""
from __future__ import annotations

import io
import re

import pytest

from domain.access import SYSTEM
from events.usecases import accounts, appraisal, talent
from events.readside.readmodels import db
from tests.factory import CLERK, NURSE, TEACHER, build_small_city
from tests.test_web import PASSWORD, csrf_from, login

SHEET = "/penilaian/SKP 2025/unit/DINKES"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def web(system):
    from webapp import create_app
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    for user, role, unit in (("perencana", "perencana", None), ("kadis.kes", "kepala_opd", "DINKES"),
                             ("inspektur", "inspektur", None), ("tim", "tim_penilai", None)):
        accounts.add_user(system.app, SYSTEM, user, PASSWORD, role, unit)
    db.close()
    return create_app(system, TESTING=True)


def client_for(web, username: str):
    client = web.test_client()
    login(client, username)
    page = client.get("/penilaian/").get_data(as_text=True)
    client.token = csrf_from(page)
    return client


def post(client, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
    headers = {**HTMX, "X-CSRFToken": client.token} if htmx else {}
    body = data or {}
    if not htmx:
        body = {**body, "csrf_token": client.token}
    return client.post(url, data=body, headers=headers, **kwargs)


def rate(client, nip: str, hasil: str, perilaku: str, why: str = "", htmx: bool = True):
    return post(client, f"{SHEET}/nilai/{nip}", {"hasil": hasil, "perilaku": perilaku,
                                                  "justification": why}, htmx=htmx)


def events(system) -> int:
    return system.event_count()


def test_a_unit_head_opens_only_their_own_sheet(web):
    head = client_for(web, "kadis.kes")
    html = head.get(SHEET).get_data(as_text=True)
    assert "Rina Situmeang" in html and "Ahmad Nasution" in html and "Budi Hutagalung" not in html
    assert 'src="/static/skp.js"' in html and "<script>" not in html
    other = head.get("/penilaian/SKP 2025/unit/DISDIK")
    assert other.status_code == 403 and "hanya dapat membuka" in other.get_data(as_text=True)
    assert head.get("/penilaian/SKP 2025/progres").status_code == 403
    assert client_for(web, "perencana").get("/penilaian/SKP 2025/unit/DISDIK").status_code == 200


def test_a_row_change_returns_the_row_partial_with_the_predikat_and_refreshes_the_summary(web, system):
    head = client_for(web, "kadis.kes")
    response = rate(head, NURSE, "di_atas", "di_atas", "melampaui target")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith(f'<tr id="skp-{NURSE}"')
    assert f'<td class="predikat" id="predikat-{NURSE}">Sangat Baik</td>' in html
    assert response.headers["HX-Trigger"] == "sheet-changed"
    summary = head.get(f"{SHEET}/ringkasan", headers=HTMX).get_data(as_text=True)
    assert summary.lstrip().startswith('<section class="card" id="sheet-summary">')
    assert "1 dari 2" in summary
    assert head.get(f"{SHEET}/ringkasan").status_code == 302  # without htmx: the whole sheet
    assert rate(head, NURSE, "di_atas", "di_atas", "melampaui target", htmx=False).status_code == 302


def test_an_incomplete_row_is_refused_inline_and_writes_nothing(web, system):
    head, before = client_for(web, "kadis.kes"), events(system)
    response = rate(head, NURSE, "sesuai", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Pilih hasil kerja dan perilaku kerja" in html
    assert '<option value="sesuai" selected>' in html  # the choice made is kept on screen
    assert events(system) == before


def test_posts_need_the_csrf_token_and_the_right_role(web, system):
    head, before = client_for(web, "kadis.kes"), events(system)
    no_token = head.post(f"{SHEET}/nilai/{NURSE}", data={"hasil": "sesuai", "perilaku": "sesuai"})
    assert no_token.status_code == 400
    assert post(client_for(web, "inspektur"), f"{SHEET}/nilai/{NURSE}",
                {"hasil": "sesuai", "perilaku": "sesuai"}).status_code == 403
    assert post(head, f"{SHEET}/kembalikan", {"reason": "x"}).status_code == 403
    assert post(head, "/penilaian/SKP 2025/unit/DISDIK/ajukan").status_code == 403
    assert events(system) == before


def test_submitting_with_people_unrated_names_how_many_then_bkd_returns_with_a_reason(web, system):
    head = client_for(web, "kadis.kes")
    refused = post(head, f"{SHEET}/ajukan")
    assert refused.status_code == 422 and "Masih ada 2 pegawai yang belum dinilai" in refused.get_data(as_text=True)
    rate(head, NURSE, "sesuai", "sesuai")
    rate(head, CLERK, "di_bawah", "sesuai")
    assert post(head, f"{SHEET}/ajukan").status_code == 302
    html = head.get(SHEET).get_data(as_text=True)
    assert 'data-state="diajukan"' in html and f'id="hasil-{NURSE}" name="hasil-{NURSE}" form="skp-bulk" data-col="hasil" aria-label="Hasil kerja Rina Situmeang" disabled' in html
    assert "sudah diajukan ke BKD" in rate(head, NURSE, "di_atas", "sesuai").get_data(as_text=True)

    bkd = client_for(web, "perencana")
    no_reason = post(bkd, f"{SHEET}/kembalikan", {"reason": " "})
    assert no_reason.status_code == 422 and "Alasan pengembalian wajib diisi" in no_reason.get_data(as_text=True)
    assert post(bkd, f"{SHEET}/kembalikan", {"reason": "lengkapi <b>alasan</b>"}).status_code == 302
    html = head.get(SHEET).get_data(as_text=True)
    assert 'data-state="dikembalikan"' in html and "lengkapi &lt;b&gt;alasan&lt;/b&gt;" in html
    assert rate(head, NURSE, "di_atas", "sesuai").status_code == 200
    assert post(head, f"{SHEET}/ajukan").status_code == 302


def test_bkd_sees_progress_and_sets_the_unit_predikat(web):
    bkd = client_for(web, "perencana")
    page = bkd.get("/penilaian/SKP 2025/progres").get_data(as_text=True)
    assert 'id="progress-DINKES"' in page and "Sebaran predikat se-kota" in page
    assert post(bkd, f"{SHEET}/predikat-unit", {"predikat": "Istimewa"}).status_code == 302
    assert 'id="org-predikat">Istimewa<' in bkd.get(SHEET).get_data(as_text=True)
    assert post(bkd, f"{SHEET}/predikat-unit", {"predikat": "Hebat"}).status_code == 422


def test_the_bulk_form_saves_every_filled_row_without_javascript(web, system):
    head = client_for(web, "kadis.kes")
    response = post(head, f"{SHEET}/simpan", {f"hasil-{NURSE}": "sesuai", f"perilaku-{NURSE}": "di_atas",
                                              f"alasan-{NURSE}": "rajin", f"hasil-{CLERK}": "",
                                              f"perilaku-{CLERK}": ""})
    assert response.status_code == 302 and "tersimpan=1" in response.headers["Location"]
    partial = post(head, f"{SHEET}/simpan", {f"hasil-{CLERK}": "sesuai", f"perilaku-{CLERK}": ""})
    assert partial.status_code == 422 and "Ahmad Nasution" in partial.get_data(as_text=True)


def upload(client, name: str, text: str):
    return post(client, f"{SHEET}/impor", {"berkas": (io.BytesIO(text.encode()), name)},
                content_type="multipart/form-data")


def test_an_e_kinerja_import_records_everything_or_nothing(web, system):
    head, before = client_for(web, "kadis.kes"), events(system)
    bad = upload(head, "ekinerja.csv", f"NIP,Hasil Kerja,Perilaku\n{NURSE},sesuai,sesuai\n{TEACHER},sesuai,sesuai\n")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Berkas ditolak" in html and f"baris 3: NIP {TEACHER} tidak ditemukan di unit Anda" in html
    assert "Budi Hutagalung" not in html  # a person of another unit is never named
    assert events(system) == before
    assert upload(head, "ekinerja.xls", "x").status_code == 422
    good = upload(head, "ekinerja.csv", f"NIP,Hasil Kerja,Perilaku\n{NURSE},sesuai,sesuai\n{CLERK},di atas,sesuai\n")
    assert good.status_code == 302 and "diimpor=2" in good.headers["Location"]
    assert events(system) == before + 2


def test_the_talent_map_is_a_page_or_a_fragment_and_a_box_lists_its_people(web, system):
    from domain.access import Actor
    appraisal.appraise(system.app, Actor("x", "perencana"), NURSE, "SKP 2025", "di_atas", "di_atas")
    talent.assess_talent(system.app, Actor("tim", "tim_penilai"), NURSE, "SKP 2025", "di_atas", "tinggi")
    appraisal.appraise(system.app, Actor("x", "perencana"), TEACHER, "SKP 2025", "sesuai", "sesuai")
    talent.assess_talent(system.app, Actor("tim", "tim_penilai"), TEACHER, "SKP 2025", "sesuai", "menengah")
    bkd = client_for(web, "perencana")
    page = bkd.get("/talenta/").get_data(as_text=True)
    assert page.startswith("<!doctype html>") and 'id="box-9"' in page and "2 ASN aktif" in page
    fragment = bkd.get("/talenta/?jenis=fungsional_keahlian&golongan=III", headers=HTMX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="talent-map">')
    people = bkd.get("/talenta/kotak/9?periode=SKP 2025", headers=HTMX).get_data(as_text=True)
    assert people.lstrip().startswith('<section id="box-people"') and "Rina Situmeang" in people
    assert bkd.get("/talenta/kotak/9").status_code == 302
    head = client_for(web, "kadis.kes").get("/talenta/?unit=DISDIK").get_data(as_text=True)
    assert "1 ASN aktif" in head and "DINKES dan sub-unitnya" in head  # a unit head sees only their own
    assert "jalur disiplin" in bkd.get("/talenta/kotak/1", headers=HTMX).get_data(as_text=True)
    assert bkd.get("/talenta/suksesi").status_code == 200


def test_development_actions_and_the_potential_score_from_the_pages(web, system):
    from domain.access import Actor
    appraisal.appraise(system.app, Actor("x", "perencana"), NURSE, "SKP 2025", "di_bawah", "sesuai")
    head = client_for(web, "kadis.kes")
    assert "Rina Situmeang" in head.get("/talenta/pengembangan").get_data(as_text=True)
    url = f"/talenta/pengembangan/{NURSE}"
    refused = post(head, url, {"kind": "coaching", "description": "coaching", "due": "2020-01-01"}, htmx=True)
    assert refused.status_code == 422 and "tidak boleh sebelum hari ini" in refused.get_data(as_text=True)
    done = post(head, url, {"kind": "coaching", "description": "coaching <i>triase</i>", "due": "2099-01-01"},
                htmx=True).get_data(as_text=True)
    assert done.lstrip().startswith(f'<div class="dev-actions" id="dev-{NURSE}">')
    assert "coaching &lt;i&gt;triase&lt;/i&gt;" in done
    assert post(head, f"{url}/1/hasil", {"outcome": "tercapai"}, htmx=True).status_code == 200
    assert post(head, f"/talenta/pengembangan/{TEACHER}", {"kind": "coaching", "description": "x",
                                                            "due": "2099-01-01"}, htmx=True).status_code == 404

    assert head.get(f"/talenta/potensial/{NURSE}").status_code == 403
    appraisal.close_period(system.app, Actor("x", "perencana"), "SKP 2025")  # kinerja: its predikat
    committee = client_for(web, "tim")
    form = {"period": "SKP 2025", "kompetensi": "90", "potensi": "80", "kualifikasi": "70,0", "integritas": "100"}
    assert post(committee, f"/talenta/potensial/{NURSE}", {**form, "integritas": "120"}).status_code == 422
    assert post(committee, f"/talenta/potensial/{NURSE}", form).status_code == 302
    profile = committee.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    assert re.search(r'id="talent-boxes".*<td>6</td>.*<td class="num">85</td>', profile, re.S)
    assert "Coaching: coaching &lt;i&gt;triase&lt;/i&gt;" in profile and "Tercapai" in profile

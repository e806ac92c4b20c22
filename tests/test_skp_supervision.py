"""SKP entry by atasan langsung: the OPD head rates their office and the sub-units' heads; a
sub-unit's head rates their sub-unit; the sheet is paged and shows the progress of each group."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import SYSTEM
from domain.rules import make_nip
from domain.supervision import head_post
from events.readside.readmodels import db
from events.usecases import accounts, organisation
from tests.factory import CLERK, NURSE, NURSE_2, PLANNER, build_small_city, person
from tests.test_web import PASSWORD, csrf_from, login

SHEET = "/penilaian/SKP 2025/unit/DINKES"
KADIS = make_nip(date(1968, 2, 2), date(1992, 3, 1), "L", 5)
KAPUS = make_nip(date(1978, 6, 6), date(2002, 3, 1), "P", 6)


def head_position(app, code, unit, name, jabatan_type, eselon, band):
    organisation.create_position(app, PLANNER, unit, code=code, name=name, jabatan_type=jabatan_type,
                                 eselon=eselon, level=None, band_low=band[0], band_high=band[1],
                                 education_families=("kesehatan",), track="kesehatan", abk_need=1, strategic=True)


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    head_position(system.app, "DINKES-KADIS", "DINKES", "Kepala Dinas Kesehatan", "jpt", "II.b", ("IV/b", "IV/c"))
    head_position(system.app, "PKM-KAPUS", "PKM-SBK", "Kepala Puskesmas", "pengawas", "IV.a", ("III/c", "III/d"))
    person(system.app, KADIS, "Darwin Simanjuntak", "L", date(1968, 2, 2), "DINKES-KADIS", golongan="IV/b")
    person(system.app, KAPUS, "Lely Pasaribu", "P", date(1978, 6, 6), "PKM-KAPUS", golongan="III/c")
    person(system.app, NURSE_2, "Sari Hutapea", "P", date(1992, 8, 17), "PKM-PERAWAT")
    for user, role, unit in (("kadis.kes", "kepala_opd", "DINKES"), ("kapus.sbk", "kepala_opd", "PKM-SBK"),
                             ("perencana", "perencana", None)):
        accounts.add_user(system.app, SYSTEM, user, PASSWORD, role, unit)
    db.close()
    return create_app(system, TESTING=True)


def client_for(web, username):
    client = web.test_client()
    login(client, username)
    client.token = csrf_from(client.get("/penilaian/").get_data(as_text=True))
    return client


def row_nips(html: str) -> set[str]:
    return {nip for nip in (NURSE, NURSE_2, CLERK, KADIS, KAPUS) if f'id="skp-{nip}"' in html}


def test_the_head_post_is_the_highest_eselon_or_the_principal():
    assert head_post([("A", None, False), ("B", "III.a", False), ("C", "II.b", False)]) == "C"
    assert head_post([("GURU", None, False), ("KEPSEK", None, True)]) == "KEPSEK"
    assert head_post([("GURU", None, False)]) is None


def test_the_opd_head_rates_their_office_and_the_sub_units_heads(web):
    html = client_for(web, "kadis.kes").get(SHEET).get_data(as_text=True)
    assert row_nips(html) == {CLERK, KAPUS}  # not themselves, not the puskesmas' nurses
    assert 'id="group-progress"' in html and "Bawahan langsung Kepala Dinas Kesehatan" in html
    assert 'id="group-PKM-SBK"' in html and "Lely Pasaribu" in html  # the puskesmas' group and its rater
    own = client_for(web, "kadis.kes").get(SHEET + "?sub=kepala").get_data(as_text=True)
    assert row_nips(own) == {KADIS} and f'id="hasil-{KADIS}" name="hasil-{KADIS}" form="skp-bulk" data-col="hasil" aria-label' in own
    assert "disabled" in own.split(f'id="hasil-{KADIS}"')[1].split(">")[0]  # their own SKP is their atasan's
    bkd = client_for(web, "perencana").get(SHEET + "?sub=kepala").get_data(as_text=True)
    assert "disabled" not in bkd.split(f'id="hasil-{KADIS}"')[1].split(">")[0]
    puskesmas = client_for(web, "kadis.kes").get(SHEET + "?sub=PKM-SBK").get_data(as_text=True)
    assert row_nips(puskesmas) == {NURSE, NURSE_2}


def test_a_sub_unit_head_rates_their_own_staff_and_sees_only_their_group(web, system):
    client = client_for(web, "kapus.sbk")
    assert 'href="/penilaian/SKP%202025/unit/DINKES"' in client.get("/").get_data(as_text=True)  # from their home
    html = client.get(SHEET).get_data(as_text=True)
    assert row_nips(html) == {NURSE, NURSE_2} and "Bawahan langsung" not in html
    rated = client.post(f"{SHEET}/nilai/{NURSE}", data={"hasil": "sesuai", "perilaku": "di_atas",
                                                       "csrf_token": client.token}, headers={"HX-Request": "true"})
    assert rated.status_code == 200 and "Baik" in rated.get_data(as_text=True)
    system.catch_up()
    progress = client_for(web, "kadis.kes").get(SHEET).get_data(as_text=True)
    group = progress[progress.index('id="group-PKM-SBK"'):]
    assert '<td class="num">1</td><td class="num">2</td>' in group[:group.index("</tr>")]
    refused = client.post(f"{SHEET}/ajukan", data={"csrf_token": client.token})  # only the OPD head submits
    assert refused.status_code in (403, 422)


def test_the_sheet_is_paged(web, monkeypatch):
    from webapp import appraisals
    monkeypatch.setattr(appraisals, "PER_PAGE", 1)
    client = client_for(web, "kadis.kes")
    first = client.get(SHEET + "?sub=PKM-SBK").get_data(as_text=True)
    second = client.get(SHEET + "?sub=PKM-SBK&page=2").get_data(as_text=True)
    assert 'id="sheet-pager"' in first and "halaman 1 dari 2" in first
    assert len(row_nips(first)) == len(row_nips(second)) == 1 and row_nips(first) != row_nips(second)


def test_a_unit_head_cannot_rate_their_own_skp_even_past_the_page(web, system):
    """The disabled field is not the guard: a crafted POST of the head's own rating is refused by
    the use case, and nothing is recorded; BKD records it."""
    from events.readside.readmodels import AppraisalRow
    client = client_for(web, "kadis.kes")
    refused = client.post(f"{SHEET}/nilai/{KADIS}", data={"hasil": "di_atas", "perilaku": "di_atas",
                                                          "csrf_token": client.token}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "dinilai oleh atasannya" in refused.get_data(as_text=True)
    system.catch_up()
    assert AppraisalRow.select().count() == 0
    bkd = client_for(web, "perencana")
    recorded = bkd.post(f"{SHEET}/nilai/{KADIS}", data={"hasil": "sesuai", "perilaku": "sesuai",
                                                        "csrf_token": bkd.token}, headers={"HX-Request": "true"})
    assert recorded.status_code == 200

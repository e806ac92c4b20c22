"""Names, not codes: posts and units shown by name (the code as secondary text) on the queue, the
step page and the plan; the position picker's active search (only posts in the actor's scope, each
with its rule result; a bounded query); the refused proposal form keeps what was typed."""
from __future__ import annotations

import re

import pytest

from domain.access import SYSTEM
from events.readside.readmodels import ProposalRow, db
from events.usecases import accounts
from tests.factory import NURSE, TEACHER, proposed, ready_city
from tests.test_web import PASSWORD, csrf_from, login


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    ready_city(system.app)
    system.proposal_id = proposed(system.app)
    for username, role, unit in (("perencana", "perencana", None), ("kadis.kes", "kepala_opd", "DINKES"),
                                 ("kadis.dik", "kepala_opd", "DISDIK")):
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role, unit)
    system.catch_up()
    db.close()
    return create_app(system, TESTING=True)


def client_for(web, username):
    client = web.test_client()
    login(client, username)
    return client


def text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_the_queue_and_the_step_page_show_posts_and_units_by_name(web, system):
    client = client_for(web, "perencana")
    queue = text(client.get("/persetujuan/"))
    assert 'Perawat Ahli Pertama <small class="muted">PKM-PERAWAT</small>' in queue
    assert "Puskesmas Sibolga Kota" in queue and "Dinas Kesehatan" in queue
    assert "PKM-PERAWAT (PKM-SBK)" not in queue and "DINKES-PERAWAT (DINKES)" not in queue
    step = text(client.get(f"/persetujuan/{system.proposal_id}"))
    to = step[step.index('id="step-to"'):].split("</dd>")[0]
    assert 'Perawat Ahli Pertama <small class="muted">DINKES-PERAWAT</small>' in to
    assert 'Dinas Kesehatan <small class="muted">DINKES</small>' in to
    home = text(client_for(web, "kadis.kes").get("/persetujuan/"))
    assert "Puskesmas Sibolga Kota" in home


def test_a_plan_line_shows_posts_and_units_by_name(web, system):
    from events.usecases import appraisal, planning
    from tests.factory import NURSE_2, PLANNER
    db.connect(reuse_if_open=True)
    for period in ("SKP 2024", "SKP 2025"):
        appraisal.appraise(system.app, PLANNER, NURSE_2, period, "sesuai", "sesuai")
    plan_id = planning.draft_from_views(system.app, PLANNER, "Uji nama", {})
    planning.revise(system.app, PLANNER, plan_id, "force", NURSE_2, "DINKES-PERAWAT")
    system.catch_up()
    db.close()
    page = text(client_for(web, "perencana").get(f"/rencana/{plan_id}"))
    line = page[page.index(f'id="line-{NURSE_2}"'):].split("</tr>")[0]
    assert 'Perawat Ahli Pertama <small class="muted">PKM-PERAWAT</small>' in line
    assert 'Perawat Ahli Pertama <small class="muted">DINKES-PERAWAT</small>' in line
    assert "Puskesmas Sibolga Kota" in line and "Dinas Kesehatan" in line
    assert 'id="pair-post-picker"' in page and 'id="why-post-picker"' in page  # the pickers, not a code field


def search(client, nip, typed, picker="propose-post", field="to_post"):
    return client.get("/persetujuan/jabatan", query_string={"picker": picker, "nip": nip, field: typed},
                      headers={"HX-Request": "true"})


def test_the_picker_lists_only_posts_in_the_unit_heads_scope_with_their_rule_results(web, system):
    head = client_for(web, "kadis.kes")
    found = text(search(head, TEACHER, "ahli pertama"))  # a NIP of another unit: posts, no rule results
    assert "DISDIK-GURU" not in found and "DINKES-PERAWAT" in found and "hasil aturan" in found
    found = text(search(head, NURSE_2_NIP(), "perawat"))
    assert "DINKES-PERAWAT" in found and "PKM-PERAWAT" not in found  # her own post is not a move
    item = found[found.index('id="pick-DINKES-PERAWAT"'):].split("</li>")[0]
    assert "Perawat Ahli Pertama" in item and "Dinas Kesehatan" in item
    assert "tidak memenuhi aturan" in item and "SKP" in item  # she has no SKP: the rule says so
    assert "DISDIK-GURU" not in text(search(head, NURSE_2_NIP(), "guru"))  # another unit's post
    by_unit = text(search(client_for(web, "perencana"), TEACHER, "dinas pendidikan"))
    assert "DISDIK-GURU" not in by_unit  # the teacher's own post; BKD sees every unit
    assert "DINKES-PERAWAT" in text(search(client_for(web, "perencana"), TEACHER, "kesehatan"))


def test_a_person_who_meets_every_rule_is_told_so_and_can_choose_the_post(web, system):
    from tests.factory import CLERK
    db.connect(reuse_if_open=True)
    ProposalRow.delete().where(ProposalRow.id == system.proposal_id).execute()  # the nurse's own proposal aside
    db.close()
    head = client_for(web, "kadis.kes")
    found = text(search(head, NURSE, "dinas kesehatan"))
    item = found[found.index('id="pick-DINKES-PERAWAT"'):].split("</li>")[0]
    assert "memenuhi aturan" in item and "tidak memenuhi" not in item
    chosen = text(head.get("/persetujuan/jabatan", query_string={"picker": "propose-post", "nip": NURSE,
                                                                   "chosen": "DINKES-PERAWAT"}))
    assert '<input type="hidden" id="propose-post" name="to_post" value="DINKES-PERAWAT">' in chosen
    assert "memenuhi aturan" in chosen
    outside = text(head.get("/persetujuan/jabatan", query_string={"picker": "propose-post", "nip": CLERK,
                                                                    "chosen": "DISDIK-GURU"}))
    assert 'type="hidden"' not in outside  # a post outside the unit cannot be chosen


def test_a_search_longer_than_80_characters_is_refused(web):
    response = search(client_for(web, "kadis.kes"), NURSE, "perawat " * 11)
    assert response.status_code == 422 and "80 karakter" in response.get_data(as_text=True)


def test_a_refused_proposal_keeps_the_reason_and_the_post_typed(web, system):
    head = client_for(web, "kadis.kes")
    page = text(head.get(f"/pegawai/{NURSE_2_NIP()}"))
    assert "Kode jabatan tujuan" not in page and 'id="propose-post-picker"' in page
    token = csrf_from(page)
    typed = "Memperkuat layanan keperawatan di dinas karena beban kerja bertambah"
    refused = head.post("/persetujuan/usul", data={"nip": NURSE_2_NIP(), "to_post": "PERAWAT-YANG-TAK-ADA",
                                                  "reason": typed, "csrf_token": token})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="propose-error"' in html
    assert typed in html and 'value="PERAWAT-YANG-TAK-ADA"' in html
    again = head.post("/persetujuan/usul", data={"nip": NURSE_2_NIP(), "to_post": "DINKES-PERAWAT",
                                                "reason": typed, "csrf_token": token})
    assert again.status_code == 302  # the code typed without JavaScript still makes the proposal


def NURSE_2_NIP():
    from tests.factory import NURSE_2
    return NURSE_2


def test_the_timeline_names_the_posts_and_units_of_a_proposal_and_a_registration(web, system):
    page = text(client_for(web, "perencana").get(f"/pegawai/{NURSE}"))
    timeline = page[page.index("Riwayat lengkap"):]
    assert "Diusulkan mutasi Perawat Ahli Pertama (Puskesmas Sibolga Kota) → Perawat Ahli Pertama " \
           "(Dinas Kesehatan)" in timeline
    assert "Perawat Ahli Pertama (Puskesmas Sibolga Kota)" in timeline.split("Terdaftar sebagai")[1]
    assert "DINKES-PERAWAT" not in timeline and "(PKM-SBK)" not in timeline


def test_on_a_plans_page_the_picker_checks_the_rules_with_that_plans_settings(web, system):
    from events.usecases import planning
    from tests.factory import PLANNER
    db.connect(reuse_if_open=True)
    ProposalRow.delete().where(ProposalRow.id == system.proposal_id).execute()  # the nurse's own proposal aside
    plan_id = planning.draft_from_views(system.app, PLANNER, "Uji masa jabatan", {"min_months_in_post": "1200"})
    system.catch_up()
    db.close()
    planner = client_for(web, "perencana")
    page = text(planner.get(f"/rencana/{plan_id}"))
    assert f"rencana={plan_id}" in page  # the plan's pickers name their plan

    def item(**extra):
        found = text(planner.get("/persetujuan/jabatan", headers={"HX-Request": "true"}, query_string={
            "picker": "why-post", "nip": NURSE, "post": "dinas kesehatan", **extra}))
        return found[found.index('id="pick-DINKES-PERAWAT"'):].split("</li>")[0]
    assert "memenuhi aturan" in item() and "tidak memenuhi" not in item()  # the defaults: 24 months
    in_plan = item(rencana=str(plan_id))
    assert "tidak memenuhi aturan" in in_plan and "1200 bulan" in in_plan  # the plan's 1200 months
    chosen = text(planner.get("/persetujuan/jabatan", query_string={
        "picker": "why-post", "nip": NURSE, "chosen": "DINKES-PERAWAT", "rencana": str(plan_id)}))
    assert "1200 bulan" in chosen and f"rencana={plan_id}" in chosen  # "Ganti jabatan" stays in the plan
    for bad, status in (("bukan-rencana", 422), ("00000000-0000-4000-8000-000000000000", 422)):
        refused = planner.get("/persetujuan/jabatan", query_string={
            "picker": "why-post", "nip": NURSE, "post": "dinas", "rencana": bad})
        assert refused.status_code == status and "Rencana" in refused.get_data(as_text=True)
    head = text(client_for(web, "kadis.kes").get("/persetujuan/jabatan", headers={"HX-Request": "true"},
                query_string={"picker": "propose-post", "nip": NURSE, "to_post": "dinas kesehatan",
                              "rencana": str(plan_id)}))
    assert "1200 bulan" not in head  # a unit head sees no plan: the defaults

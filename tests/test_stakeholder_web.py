"""Public consultation and monitoring through the Flask client: no login for the public, never a NIP
or a hidden comment on the public pages, CSRF, refusals, rate limit, uploads, roles, reviewers."""
from __future__ import annotations

import io

import openpyxl
import pytest

from domain.access import SYSTEM
from events.usecases import accounts, stakeholders
from events.readside.readmodels import EmployeeRow, db
from events.readside.stakeholder_rows import CommentRow, SurveyRow
from tests.factory import CLERK, NURSE, PLANNER
from tests.stakeholder_city import (answers, build_stakeholder_city, csv_bytes, draft_plan,
                                    execute_move)
from tests.test_survey import EXAMPLE
from tests.test_web import PASSWORD, csrf_from, login

HIDDEN = "Komentar tersembunyi berisi tuduhan pribadi"


@pytest.fixture
def site(tmp_path):
    from events.store import Storage
    from events.system import System
    from webapp import create_app
    system = System(Storage(tmp_path))
    build_stakeholder_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    for username, role, unit in (("perencana", "perencana", None), ("tim.penilai", "tim_penilai", None),
                                 ("kapus.sbk", "kepala_opd", "PKM-SBK"), ("kadis.dik", "kepala_opd", "DISDIK")):
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role, unit)
    db.close()
    app = create_app(system, TESTING=True, STAKEHOLDER_SETTINGS={"public_rate_limit": 3})
    yield app, system
    system.close()


def consultation(system) -> str:
    plan = draft_plan(system.app)
    consultation_id = str(stakeholders.open_plan_consultation(
        system.app, PLANNER, plan.id, "Rencana mutasi tenaga kesehatan", "Mohon masukan.", "2026-S2"))
    shown = stakeholders.submit_comment(system.app, consultation_id, category="dprd", item_key="PKM-PERAWAT",
                                         text="Nilai 3 < 4 & perawat malam perlu ditambah.", contact="0812-555")
    hidden = stakeholders.submit_comment(system.app, consultation_id, category="lainnya", text=HIDDEN)
    stakeholders.moderate(system.app, PLANNER, shown, "publish", response="Terima kasih, dipertimbangkan.")
    stakeholders.moderate(system.app, PLANNER, hidden, "hide", reason="menuduh tanpa bukti")
    system.catch_up()
    return consultation_id


def public_form(client, consultation_id: str, **fields) -> dict:
    html = client.get(f"/publik/konsultasi/{consultation_id}").get_data(as_text=True)
    return {"csrf_token": csrf_from(html), "category": "masyarakat",
            "text": "Mohon perawat puskesmas ditambah.", **fields}


def test_the_public_pages_need_no_login_and_never_show_a_nip_or_a_hidden_comment(site):
    app, system = site
    consultation_id = consultation(system)
    client = app.test_client()
    index = client.get("/publik/")
    page = client.get(f"/publik/konsultasi/{consultation_id}")
    assert index.status_code == page.status_code == 200
    html = index.get_data(as_text=True) + page.get_data(as_text=True)
    nips = [row.nip for row in EmployeeRow.select(EmployeeRow.nip)]
    assert len(nips) == 4 and not [nip for nip in nips if nip in html]
    assert HIDDEN not in html and "menuduh tanpa bukti" not in html and "0812-555" not in html
    assert "Sari Gultom" not in html and "Kepala Bidang Pelayanan Kesehatan" in html
    assert "Nilai 3 &lt; 4 &amp; perawat malam perlu ditambah." in html  # escaped, not markup
    assert "Terima kasih, dipertimbangkan." in html


def test_a_public_comment_needs_the_csrf_token_and_is_stored_for_moderation(site):
    app, system = site
    consultation_id = consultation(system)
    client = app.test_client()
    form = public_form(client, consultation_id)
    refused = client.post(f"/publik/konsultasi/{consultation_id}/komentar", data={**form, "csrf_token": ""})
    assert refused.status_code == 400 and CommentRow.select().count() == 2
    sent = client.post(f"/publik/konsultasi/{consultation_id}/komentar", data=form)
    assert sent.status_code == 303 and "terkirim=1" in sent.headers["Location"]
    assert CommentRow.select().where(CommentRow.status == "submitted").count() == 1
    assert "Terima kasih. Kiriman Anda tercatat" in client.get(sent.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("fields,message", [
    ({"text": "Promo http://a.example.com http://b.example.com"}, "paling banyak memuat 1 tautan"),
    ({"text": "<script>alert(1)</script> komentar"}, "kode HTML atau markup"),
    ({"text": f"NIP {NURSE} lambat melayani"}, "NIP, NIK"),
])
def test_a_refused_public_comment_says_why_keeps_the_form_and_stores_nothing(site, fields, message):
    app, system = site
    consultation_id = consultation(system)
    client = app.test_client()
    events = system.event_count()
    response = client.post(f"/publik/konsultasi/{consultation_id}/komentar",
                           data=public_form(client, consultation_id, **fields))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and 'id="comment-error"' in html
    assert system.event_count() == events
    assert NURSE not in html and "<script>alert" not in html


def test_public_posting_is_rate_limited_per_client(site):
    app, system = site
    consultation_id = consultation(system)
    client = app.test_client()
    url = f"/publik/konsultasi/{consultation_id}/komentar"
    statuses = [client.post(url, data=public_form(client, consultation_id)).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    limited = client.post(url, data=public_form(client, consultation_id)).get_data(as_text=True)
    assert "terlalu banyak kiriman" in limited
    other = app.test_client()
    response = other.post(url, data=public_form(other, consultation_id),
                          environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 303
    assert CommentRow.select().count() == 2 + 4


def test_an_oversized_public_post_is_refused_before_anything_is_stored(site):
    app, system = site
    consultation_id = consultation(system)
    client = app.test_client()
    events = system.event_count()
    response = client.post(f"/publik/konsultasi/{consultation_id}/komentar",
                           data=public_form(client, consultation_id, text="panjang " * 3000))
    assert response.status_code == 413 and "terlalu besar" in response.get_data(as_text=True)
    assert system.event_count() == events


def upload(client, filename: str, data: bytes, unit="DISDIK", period="2026"):
    token = csrf_from(client.get("/pemantauan/").get_data(as_text=True))
    return client.post("/pemantauan/survei/unggah", content_type="multipart/form-data",
                       data={"csrf_token": token, "unit_code": unit, "period": period,
                             "file": (io.BytesIO(data), filename)})


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["responden", *[f"U{n}" for n in range(1, 10)]])
    for number, row in enumerate(rows, 1):
        sheet.append([number, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_planner_uploads_good_and_bad_survey_files(site):
    app, system = site
    client = app.test_client()
    login(client, "perencana")
    bad = upload(client, "skm.csv", csv_bytes([[4] * 9, [4, 4, 7, 4, 4, 4, 4, 4, 4]]))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "baris 3, kolom u3: nilai 7 di luar rentang 1–4" in html
    assert SurveyRow.select().count() == 0
    good = upload(client, "skm.xlsx", xlsx_bytes(EXAMPLE))
    assert good.status_code == 303 and "/pemantauan/unit/DISDIK" in good.headers["Location"]
    page = client.get(good.headers["Location"]).get_data(as_text=True)
    assert "91,48" in page and 'id="trend-chart"' in page and "<svg" in page and "style=" not in page
    again = upload(client, "skm.csv", csv_bytes(EXAMPLE))
    assert again.status_code == 422 and "sudah tercatat" in again.get_data(as_text=True)


def test_a_survey_typed_into_the_form_that_drops_after_a_mutation_flags_the_unit(site):
    app, system = site
    client = app.test_client()
    login(client, "perencana")
    token = csrf_from(client.get("/pemantauan/").get_data(as_text=True))
    text = lambda level: "\n".join(" ".join([str(level)] * 9) for _ in range(5))  # noqa: E731
    first = client.post("/pemantauan/survei", data={"csrf_token": token, "unit_code": "PKM-SBK",
                                                    "period": "2025-S2", "answers": text(4)})
    assert first.status_code == 303 and "ditandai" not in first.headers["Location"]
    execute_move(system.app)
    second = client.post("/pemantauan/survei", data={"csrf_token": token, "unit_code": "PKM-SBK",
                                                     "period": "2026-S1", "answers": text(2)})
    assert "ditandai=1" in second.headers["Location"]
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert 'id="decline-flagged"' in page and "Penurunan layanan ditandai" in page
    assert 'class="move-masuk"' in page  # the mutation on the chart's time axis


def test_roles_are_enforced_on_the_server(site):
    app, system = site
    head, reviewer = app.test_client(), app.test_client()
    login(head, "kadis.dik")
    login(reviewer, "tim.penilai")
    token = csrf_from(head.get("/pemantauan/").get_data(as_text=True))
    survey = {"csrf_token": token, "unit_code": "DISDIK", "period": "2026", "answers": "4 4 4 4 4 4 4 4 4"}
    assert head.post("/pemantauan/survei", data=survey).status_code == 403
    assert reviewer.get("/konsultasi/").status_code == 403
    assert head.get("/pemantauan/investigasi/").status_code == 403
    assert reviewer.get("/pemantauan/investigasi/").status_code == 200
    assert SurveyRow.select().count() == 0


def test_a_reviewer_reads_the_published_comments_on_the_proposal_being_decided(site):
    app, system = site
    consultation(system)
    from events.usecases import approvals
    proposal_id = approvals.propose(system.app, PLANNER, NURSE, "DINKES-PERAWAT", "permohonan", "own_request")
    feedback = stakeholders.submit_comment(system.app, None, category="masyarakat", service_unit="PKM-SBK",
                                            employee_name="Rina", text="Perawat Rina cekatan menangani pasien.")
    stakeholders.moderate(system.app, PLANNER, feedback, "publish", response="Diteruskan.")
    stakeholders.attach_feedback(system.app, PLANNER, feedback, NURSE)
    client = app.test_client()
    login(client, "tim.penilai")
    html = client.get(f"/persetujuan/{proposal_id}").get_data(as_text=True)
    section = html[html.index('id="proposal-comments"'):html.index('id="proposal-history"')]
    assert "perawat malam perlu ditambah" in section and HIDDEN not in html
    assert 'id="proposal-feedback"' in section and "cekatan menangani pasien" in section


def test_service_feedback_shows_on_the_employee_page_for_planners_but_not_unit_heads(site):
    app, system = site
    feedback = stakeholders.submit_comment(system.app, None, category="masyarakat", service_unit="PKM-SBK",
                                            employee_name="Rina", text="Perawat Rina sangat sabar melayani.")
    stakeholders.moderate(system.app, PLANNER, feedback, "publish", response="Diteruskan.")
    stakeholders.attach_feedback(system.app, PLANNER, feedback, NURSE)
    planner, head = app.test_client(), app.test_client()
    login(planner, "perencana")
    login(head, "kapus.sbk")
    assert "sangat sabar melayani" in planner.get(f"/pegawai/{NURSE}").get_data(as_text=True)
    seen_by_head = head.get(f"/pegawai/{NURSE}")
    assert seen_by_head.status_code == 200 and "sangat sabar melayani" not in seen_by_head.get_data(as_text=True)
    assert "sangat sabar" not in app.test_client().get("/publik/").get_data(as_text=True)


def test_moderation_over_htmx_returns_the_comment_fragment(site):
    app, system = site
    consultation_id = consultation(system)
    comment_id = stakeholders.submit_comment(system.app, consultation_id, category="masyarakat",
                                              text="Komentar baru untuk dimoderasi.")
    client = app.test_client()
    login(client, "perencana")
    token = csrf_from(client.get(f"/konsultasi/{consultation_id}").get_data(as_text=True))
    url = f"/konsultasi/komentar/{comment_id}/moderate"
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    refused = client.post(url, data={"decision": "hide", "reason": ""}, headers=headers)
    assert refused.status_code == 422 and "Alasan menyembunyikan" in refused.get_data(as_text=True)
    done = client.post(url, data={"decision": "publish", "response": "Terima kasih."}, headers=headers)
    fragment = done.get_data(as_text=True)
    assert done.status_code == 200 and fragment.startswith(f'<article class="card comment" id="comment-{comment_id}"')
    assert 'data-status="published"' in fragment and "<html" not in fragment


def test_a_unit_head_records_the_evaluation_through_the_inbox(site):
    app, system = site
    from datetime import date, timedelta
    proposal_id = execute_move(system.app, tmt=date.today() - timedelta(days=100))
    client = app.test_client()
    login(client, "kapus.sbk")
    inbox = client.get("/pemantauan/evaluasi/").get_data(as_text=True)
    assert f"evaluation-{proposal_id}-3" in inbox and "terlambat" in inbox
    token = csrf_from(inbox)
    refused = client.post(f"/pemantauan/evaluasi/{proposal_id}/3", data={
        "csrf_token": token, "adaptation": "kurang", "performance": "sesuai", "notes": ""})
    assert refused.status_code == 422 and "Catatan wajib" in refused.get_data(as_text=True)
    saved = client.post(f"/pemantauan/evaluasi/{proposal_id}/3", data={
        "csrf_token": token, "adaptation": "baik", "performance": "di_atas", "notes": "Sigap."})
    assert saved.status_code == 303
    assert f"evaluation-{proposal_id}-3" not in client.get("/pemantauan/evaluasi/").get_data(as_text=True)
    planner = app.test_client()
    login(planner, "perencana")
    assert "Evaluasi 3 bulan pasca-mutasi di PKM-SBK" in planner.get(f"/pegawai/{CLERK}").get_data(as_text=True)


def test_a_corrective_proposal_is_made_from_the_investigation_page(site):
    app, system = site
    from events.usecases import monitoring
    from events.readside.readmodels import ProposalRow
    monitoring.record_survey(system.app, PLANNER, "PKM-SBK", "2025-S2", answers(4))
    execute_move(system.app)
    system.catch_up()
    case = monitoring.record_survey(system.app, PLANNER, "PKM-SBK", "2026-S1", answers(3))["flag"]
    client = app.test_client()
    login(client, "perencana")
    page = client.get(f"/pemantauan/investigasi/{case}").get_data(as_text=True)
    token = csrf_from(page)
    assert CLERK in page and "Penurunan layanan" in page
    assert client.post(f"/pemantauan/investigasi/{case}/buka", data={"csrf_token": token}).status_code == 303
    proposals = ProposalRow.select().count()
    form = {"csrf_token": token, "nip": CLERK, "to_post": "NOPE", "description": "Kembali ke dinas."}
    refused = client.post(f"/pemantauan/investigasi/{case}/usulan", data=form)
    assert refused.status_code == 422 and "Jabatan NOPE tidak ditemukan" in refused.get_data(as_text=True)
    assert ProposalRow.select().count() == proposals
    done = client.post(f"/pemantauan/investigasi/{case}/usulan", data={**form, "to_post": "dinkes-perawat"})
    assert done.status_code == 303
    assert ProposalRow.get(ProposalRow.source == "corrective").to_post == "DINKES-PERAWAT"
    assert "usulan mutasi korektif" in client.get(done.headers["Location"]).get_data(as_text=True)

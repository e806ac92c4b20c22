"""A whole plan through the browser's routes on the demo city: draft (solved in the background),
edit, why-not, submit, committee, PPK with one line rejected, SK PDF, Excel, execution."""
from __future__ import annotations

import hashlib
import io
import re
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from events.readside.readmodels import EmployeeRow, ProposalRow, db

PASSWORD = "sibolga-demo-2026"


@pytest.fixture(scope="module")
def web(demo_env):
    from events.store import Storage
    from events.system import System
    from webapp import create_app
    system = System(Storage(Path(demo_env["MUTASI_DATA_DIR"])))
    yield create_app(system, TESTING=True)
    system.close()


def client_for(web, username: str):
    client = web.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/masuk").get_data(as_text=True)).group(1)
    response = client.post("/masuk", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, username
    page = client.get("/").get_data(as_text=True)  # the session (and its CSRF token) is new after login
    client.token = re.search(r'X-CSRFToken&#34;: &#34;([^&]+)&#34;|X-CSRFToken": "([^"]+)"', page).group(0)
    client.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client


def post(client, url: str, **data):
    return client.post(url, data={**data, "csrf_token": client.token}, headers={"HX-Request": "true"})


def confirmed(client, url: str, **data):
    """A bulk step as a user takes it: the first request shows the lines (and changes nothing), the
    second carries the lines confirmed."""
    preview = post(client, url, **data)
    if preview.status_code != 200:
        return preview
    ids = re.findall(r'name="confirmed" value="([^"]+)"', preview.get_data(as_text=True))
    return post(client, url, **data, confirmed=ids)


def draft(client, max_moves: int) -> str:
    response = post(client, "/rencana/", name="Rencana uji", max_moves=str(max_moves), solver="cbc",
                    time_limit="60", gap="0.001")
    job = re.search(r'/rencana/tugas/([0-9a-f]+)', response.get_data(as_text=True)).group(1)
    for _ in range(240):
        polled = client.get(f"/rencana/tugas/{job}", headers={"HX-Request": "true"})
        if "HX-Redirect" in polled.headers:
            return polled.headers["HX-Redirect"].rsplit("/", 1)[-1]
        assert "alert-error" not in polled.get_data(as_text=True), polled.get_data(as_text=True)
        time.sleep(0.25)
    raise AssertionError("the draft did not finish")


def attach_file(client, row) -> None:
    """Every document the route needs, as a small PDF with its number and date."""
    from domain.proposal import required_documents
    for item in required_documents(row.route):
        version = ProposalRow.get(ProposalRow.id == row.id).version
        response = client.post(f"/persetujuan/{row.id}/langkah", data={
            "csrf_token": client.token, "action": "evidence", "item": item, "number": "800/1/BKD/2026",
            "issued": date.today().isoformat(), "version": str(version),
            "file": (io.BytesIO(b"%PDF-1.4 dokumen uji"), f"{item}.pdf")}, content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)


def line_nips(html: str) -> list[str]:
    return re.findall(r'<tr id="line-(\d{18})"', html)


def test_bad_plan_settings_are_refused_and_nothing_starts(web):
    planner = client_for(web, "perencana")
    response = post(planner, "/rencana/", name="x", max_moves="-3", solver="cbc", time_limit="60", gap="0.001")
    assert response.status_code == 422 and "new-plan-error" in response.get_data(as_text=True)
    assert "tugas" not in response.get_data(as_text=True)


def test_a_plan_goes_from_draft_to_executed_mutations(web):
    planner, verifier, head_bkd, committee, mayor = (client_for(web, u) for u in (
        "perencana", "verifikator", "kepala.bkd", "tim.penilai", "walikota"))
    plan_id = draft(planner, 12)
    html = planner.get(f"/rencana/{plan_id}").get_data(as_text=True)
    nips = line_nips(html)
    assert len(nips) == 12 and "optimal" in html

    rejected = nips[0]
    edited = post(planner, f"/rencana/{plan_id}/ubah", kind="reject", nip=rejected)
    assert edited.status_code == 200 and rejected not in line_nips(edited.get_data(as_text=True))
    assert 'class="changed' in edited.get_data(as_text=True)

    answer = planner.get(f"/rencana/{plan_id}/mengapa-tidak?nip={rejected}&post=NOPE",
                         headers={"HX-Request": "true"})
    assert answer.status_code == 422 and "NOPE" in answer.get_data(as_text=True)

    assert mayor.post(f"/rencana/{plan_id}/ajukan", data={"csrf_token": mayor.token}).status_code == 403
    assert planner.post(f"/rencana/{plan_id}/ajukan", data={"csrf_token": planner.token}).status_code == 302
    db.connect(reuse_if_open=True)
    rows = list(ProposalRow.select().where(ProposalRow.plan_id == plan_id).order_by(ProposalRow.nip))
    preview = post(verifier, f"/rencana/{plan_id}/keputusan", action="verify")  # a click without the preview
    assert preview.status_code == 200 and f"untuk {len(rows)} baris" in preview.get_data(as_text=True)
    assert {r.state for r in ProposalRow.select().where(ProposalRow.plan_id == plan_id)} == {"submitted"}
    incomplete = confirmed(verifier, f"/rencana/{plan_id}/keputusan", action="verify")
    assert incomplete.status_code == 422 and "Berkas belum lengkap" in incomplete.get_data(as_text=True)
    for row in rows:  # the perencana uploads every document of every file
        attach_file(planner, row)
    refused = confirmed(planner, f"/rencana/{plan_id}/keputusan", action="verify")
    assert refused.status_code == 422 and "bukan wewenang" in refused.get_data(as_text=True)
    assert confirmed(verifier, f"/rencana/{plan_id}/keputusan", action="verify").status_code == 302
    assert confirmed(head_bkd, f"/rencana/{plan_id}/keputusan", action="forward").status_code == 302
    assert {r.state for r in ProposalRow.select().where(ProposalRow.plan_id == plan_id)} == {"forwarded"}

    excluded = rows[0]  # the committee's session: every member objects to the first line
    assert post(committee, f"/rencana/{plan_id}/keputusan", action="recommend").status_code == 422  # no bulk path
    assert f"/tim-penilai/baru?rencana={plan_id}" in committee.get(f"/rencana/{plan_id}/keputusan").get_data(as_text=True)
    members = ["tim.penilai", "tim.anggota1", "tim.anggota2"]
    convened = post(committee, "/tim-penilai/baru", number="21/TPK/2026", held_on=date.today().isoformat(),
                    proposal=[str(r.id) for r in rows], member=members)
    assert convened.status_code == 303
    session_url = convened.headers["Location"]
    for row in rows:
        for member in members:
            note = "formasi ditinjau ulang" if row is excluded else ""
            assert post(committee, f"{session_url}/pendapat", proposal_id=str(row.id), member=member,
                        opinion="tidak_setuju" if note else "setuju", note=note).status_code == 200
    assert post(committee, f"{session_url}/tutup").status_code == 303
    decided = confirmed(mayor, f"/rencana/{plan_id}/keputusan", action="decide")
    assert decided.status_code == 302  # the bulk decision follows the committee
    states = {r.nip: r.state for r in ProposalRow.select().where(ProposalRow.plan_id == plan_id)}
    assert states[excluded.nip] == "rejected" and list(states.values()).count("approved") == len(rows) - 1

    today = date.today().isoformat()
    sk = "821.2/99/BKD/2026"
    assert post(planner, f"/rencana/{plan_id}/keputusan", action="decree", sk_number=sk, sk_date=today,
                tmt=today).status_code == 422  # the SK is the Kepala BKD's
    assert post(head_bkd, f"/rencana/{plan_id}/keputusan", action="decree", sk_number=sk, sk_date=today,
                tmt=today).status_code == 302
    pdf = planner.get(f"/persetujuan/sk/{sk}.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    moved = [r for r in rows if r.nip != excluded.nip]
    assert sk in text and moved[0].nip in text and excluded.nip not in text
    assert "MEMUTUSKAN" in text and pdf.headers["X-Content-SHA256"] == hashlib.sha256(pdf.data).hexdigest()
    assert confirmed(mayor, f"/rencana/{plan_id}/keputusan", action="decide").status_code == 422  # nothing waits

    sheet = load_workbook(io.BytesIO(planner.get(f"/rencana/{plan_id}/ekspor.xlsx").data)).active
    assert [c.value for c in sheet[1]][:2] == ["NIP", "Nama"] and sheet.max_row == len(rows) + 1

    waiting = confirmed(planner, "/persetujuan/laksanakan")
    assert "0 mutasi dilaksanakan" in waiting.get_data(as_text=True) and "SPMT" in waiting.get_data(as_text=True)
    for row in moved:  # the new units' SPMT, recorded by the verifikator
        version = ProposalRow.get(ProposalRow.id == row.id).version
        assert post(verifier, f"/persetujuan/{row.id}/langkah", action="spmt", on=today, number=f"SPMT/{row.nip[-3:]}",
                    version=str(version)).status_code == 302
    executed = confirmed(planner, "/persetujuan/laksanakan")
    assert f"{len(moved)} mutasi dilaksanakan" in executed.get_data(as_text=True)
    person = EmployeeRow.get(EmployeeRow.nip == moved[0].nip)
    assert person.unit_code == moved[0].to_unit
    timeline = planner.get(f"/pegawai/{moved[0].nip}").get_data(as_text=True)
    assert "Mutasi dilaksanakan" in timeline and "walikota" in timeline


def test_a_unit_head_proposes_a_move_and_sees_the_rule_checks(web):
    head = client_for(web, "kadis.kesehatan")
    db.connect(reuse_if_open=True)
    nurse = (EmployeeRow.select().where(EmployeeRow.unit_code.startswith("PKM-"), EmployeeRow.active)
             .order_by(EmployeeRow.nip.desc()).first())
    assert f'id="propose"' in head.get(f"/pegawai/{nurse.nip}").get_data(as_text=True)
    response = head.post("/persetujuan/usul", data={"csrf_token": head.token, "nip": nurse.nip,
                                                    "to_post": "DINKES-PENGEMUDI", "reason": "kebutuhan sopir ambulans"})
    assert response.status_code == 302
    page = head.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="rule-checks"' in page and "DINKES-PENGEMUDI" in page
    refused = head.post("/persetujuan/usul", data={"csrf_token": head.token, "nip": nurse.nip,
                                                   "to_post": "TIDAK-ADA", "reason": "x"})
    assert refused.status_code == 422 and "Jabatan TIDAK-ADA tidak ditemukan" in refused.get_data(as_text=True)
    outsider = client_for(web, "kadis.pendidikan")
    refused = outsider.post("/persetujuan/usul", data={"csrf_token": outsider.token, "nip": nurse.nip,
                                                       "to_post": "DINKES-PENGEMUDI", "reason": "x"})
    html = refused.get_data(as_text=True)  # another unit's NIP: as if it did not exist, and nameless
    assert refused.status_code == 404 and f"NIP {nurse.nip} tidak ditemukan di unit Anda" in html
    assert nurse.name not in html

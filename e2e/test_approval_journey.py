"""From a submitted plan to an executed mutation, as BKD works: the perencana prepares each file with
its evidence, the verifikator opens a document and verifies, the Kepala BKD forwards to the Tim
Penilai Kinerja, the committee's session objects to one line (every member's view, the berita acara),
the PPK decides that line against the committee with a reason and follows it for the others, the
Kepala BKD issues the SK, the verifikator records the SPMT, the perencana executes; and the planner
who tries to decide their own plan."""
from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from e2e.conftest import log_in
from e2e.test_planner_journey import draft_plan

PDF = b"%PDF-1.4\n% dokumen uji e2e\n"


def switch_user(page, username: str) -> None:
    page.goto("/")
    page.click(".whoami button")
    log_in(page, username)


def upload_every_document(page, step_url: str) -> None:
    """The perencana's file: the first document through the form, the others by the same POST."""
    page.goto(step_url)
    first = page.locator("#dossier form[enctype='multipart/form-data']").first
    first.locator("input[name=number]").fill("800/11/BKD/2026")
    first.locator("input[name=issued]").fill(date.today().isoformat())
    first.locator("input[name=file]").set_input_files({"name": "status.pdf", "mimeType": "application/pdf",
                                                        "buffer": PDF})
    first.locator("button[type=submit]").click()
    expect(page.locator("#dossier tbody tr").first).to_contain_text("status.pdf")
    for form in page.locator("#dossier form[enctype='multipart/form-data']").all()[1:]:
        item = form.locator("input[name=item]").get_attribute("value")
        version = page.locator("#step-form input[name=version]").get_attribute("value")
        token = form.locator("input[name=csrf_token]").get_attribute("value")
        response = page.request.post(step_url + "/langkah", multipart={
            "csrf_token": token, "action": "evidence", "item": item, "number": "800/12/BKD/2026",
            "issued": date.today().isoformat(), "version": version,
            "file": {"name": f"{item}.pdf", "mimeType": "application/pdf", "buffer": PDF}})
        assert response.ok, response.text()
        page.reload()


def record_views(page, n: int, opinion: str, note: str) -> None:
    """The minutes keeper records each present member's view on the n-th item (saved by htmx)."""
    for k in range(page.locator(".committee-item").nth(n).locator("form.view-form").count()):
        form = page.locator(".committee-item").nth(n).locator("form.view-form").nth(k)
        form.locator("select[name=opinion]").select_option(opinion)
        form.locator("input[name=note]").fill(note if opinion == "tidak_setuju" else "")
        form.locator("button[type=submit]").click()
        expect(page.locator(".committee-item").nth(n).locator("td.opinion").nth(k)).to_have_text(
            opinion.replace("_", " "))


def test_a_plan_goes_through_every_role_and_one_line_is_decided_against_the_committee(page):
    log_in(page, "perencana")
    draft_plan(page, "Rencana persetujuan e2e", 3)
    plan_url = page.url
    page.click("#submit-plan")
    expect(page.locator("#review-lines tbody tr")).to_have_count(3)
    links = [page.url.split("/rencana")[0] + a.get_attribute("href")
             for a in page.locator("#review-lines tbody tr a").all()]
    for link in links:
        upload_every_document(page, link)

    switch_user(page, "verifikator")
    page.goto(links[0])
    document = page.request.get(page.locator("#doc-status_pns a").get_attribute("href"))
    assert document.ok and document.headers["content-type"] == "application/pdf" and document.body() == PDF
    page.goto(plan_url + "/keputusan")
    page.click("#bulk-verify")
    expect(page.locator("#bulk-confirm")).to_contain_text("3 baris")  # the lines first, then the step
    page.click("#bulk-confirm-yes")
    expect(page.locator("#review-counts")).to_contain_text("Berkas terverifikasi")

    switch_user(page, "kepala.bkd")
    page.goto(plan_url + "/keputusan")
    page.click("#bulk-forward")
    page.click("#bulk-confirm-yes")
    expect(page.locator("#review-counts")).to_contain_text("Diteruskan ke Tim Penilai")

    switch_user(page, "tim.penilai")
    page.goto(plan_url + "/keputusan")
    objected_nip = page.locator("#review-lines tbody tr").first.get_attribute("id").removeprefix("proposal-")
    page.click("#new-session")  # the plan's forwarded lines, every member serving today
    page.fill("#session-number", "31/TPK/2026")
    page.click("#convene")
    expect(page.locator("#session-title")).to_have_text("31/TPK/2026")
    expect(page.locator(".committee-item")).to_have_count(3)
    for n in range(3):
        objects = page.locator(".committee-item").nth(n).locator("h2 small").inner_text() == objected_nip
        record_views(page, n, "tidak_setuju" if objects else "setuju", "formasi unit asal dikaji ulang")
    page.click("#conclude")
    expect(page.locator("#session-state")).to_have_text("ditutup")
    page.goto(plan_url + "/keputusan")
    expect(page.locator(f"#proposal-{objected_nip}")).to_contain_text("tidak setuju")

    switch_user(page, "walikota")
    page.goto(links[0])
    expect(page.locator("#recommendation")).to_contain_text("tidak setuju")
    expect(page.locator("#committee-session")).to_contain_text("31/TPK/2026")
    page.click("#do-approve")  # without the explicit choice: refused, nothing written
    expect(page.locator("#decision-question")).to_have_text("Setujui usulan?")
    page.click("#decision-yes")
    expect(page.locator("#step-error")).to_contain_text("berbeda dengan rekomendasi")
    page.check("#against")
    page.fill("#reason", "puskesmas tujuan tanpa perawat sejak Juli")
    page.click("#do-approve")  # saved, and on to the next item of the PPK's queue
    page.click("#decision-yes")
    expect(page.locator("#step-done")).to_be_visible()
    page.goto(links[0])
    expect(page.locator("#proposal-state")).to_have_text("Disetujui PPK")
    page.goto(plan_url + "/keputusan")
    expect(page.locator(f"#proposal-{objected_nip} .state")).to_have_text("Disetujui PPK")
    page.click("#bulk-decide")
    expect(page.locator("#bulk-counts")).to_contain_text("disetujui (Tim setuju)")
    page.click("#bulk-confirm-yes")
    expect(page.locator(f"#proposal-{objected_nip}")).to_contain_text("berbeda dengan rekomendasi Tim")
    expect(page.locator("#review-counts")).not_to_contain_text("Pertimbangan Tim Penilai")

    switch_user(page, "kepala.bkd")
    page.goto(plan_url + "/keputusan")
    moved_row = page.locator("#review-lines tbody tr").nth(1)
    moved_nip = moved_row.get_attribute("id").removeprefix("proposal-")
    target_unit = moved_row.locator("td").nth(3).locator("small").last.inner_text()  # the unit's code
    today = date.today().isoformat()
    page.fill("#sk-number", "821.2/77/BKD/2026")
    page.fill("#sk-date", today)
    page.fill("#tmt", today)
    page.click("#issue-decree")
    expect(page.locator(f"#proposal-{moved_nip} .state")).to_have_text("SK terbit")

    switch_user(page, "verifikator")
    page.goto(links[1])
    page.fill("#spmt-number", "SPMT/77/2026")
    page.fill("#spmt-on", today)
    page.click("#spmt-form button[type=submit]")
    expect(page.locator("#actions")).to_contain_text("SPMT unit baru")

    switch_user(page, "perencana")
    page.goto("/persetujuan/")
    page.click("#execute-due")
    page.click("#execute-confirm-yes")
    expect(page.locator("#executed")).to_contain_text("1 mutasi dilaksanakan")
    expect(page.locator("#executed")).to_contain_text("SPMT")  # the others wait for theirs

    page.goto(f"/pegawai/{moved_nip}")
    expect(page.locator("#placement")).to_contain_text(target_unit)
    expect(page.locator("#timeline")).to_contain_text("Mutasi dilaksanakan")
    expect(page.locator("#timeline")).to_contain_text("Pelantikan/SPMT dicatat")
    page.goto("/")
    expect(page.locator("#staffing-table")).to_contain_text(target_unit)


def test_a_planner_cannot_decide_their_own_plan(page):
    log_in(page, "perencana")
    draft_plan(page, "Rencana sendiri", 2)
    page.click("#submit-plan")
    proposal = page.locator("#review-lines tbody tr a").first
    proposal.click()
    expect(page.locator("#do-approve")).to_have_count(0)  # no button for a planner...
    # ...and the server refuses the request even when it is forged.
    url = page.url + "/langkah"
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    for action in ("verify", "approve"):
        response = page.request.post(url, form={"action": action, "confirmed": action, "csrf_token": token})
        assert response.status == 422
        assert "bukan wewenang" in response.text()

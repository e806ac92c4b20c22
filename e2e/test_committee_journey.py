"""A session of the Tim Penilai Kinerja in the browser, on a proposal the demo left forwarded:
tim.penilai opens it (first without quorum: refused, nothing written), records each member's view
(a "tidak setuju" without a note is refused in place, by htmx), closes it and downloads the berita
acara; the PPK then sees the session and the recommendation on the proposal's step page."""
from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.conftest import log_in
from e2e.test_approval_journey import switch_user

NUMBER = "41/TPK/2026"
VIEWS = (("tim.penilai", "setuju", ""), ("tim.anggota1", "tidak_setuju", "unit asal belum mendapat pengganti"),
         ("tim.anggota2", "tidak_setuju", "menunggu evaluasi semester"))


def test_a_session_recommends_with_a_berita_acara_and_the_ppk_sees_it(page):
    log_in(page, "tim.penilai")
    page.click("#nav-committee")
    page.click("#new-session")
    candidates = page.locator("#candidates tbody tr")
    expect(candidates.first.locator("input[type=checkbox]")).to_be_checked()
    nip = candidates.first.get_attribute("id").removeprefix("candidate-")
    for box in candidates.locator("input[type=checkbox]").all()[1:]:
        box.uncheck()
    page.fill("#session-number", NUMBER)
    for member in ("tim.anggota1", "tim.anggota2"):
        page.locator(f"#members input[value='{member}']").uncheck()
    page.click("#convene")
    expect(page.locator("#new-session-error")).to_contain_text("tidak kuorum")
    for member in ("tim.anggota1", "tim.anggota2"):
        page.locator(f"#members input[value='{member}']").check()
    page.click("#convene")
    expect(page.locator("#session-title")).to_have_text(NUMBER)

    item = page.locator(".committee-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(nip)
    expect(item.locator(".decision-file")).to_contain_text("Riwayat SKP")
    refused = item.locator("form.view-form").nth(1)
    refused.locator("select[name=opinion]").select_option("tidak_setuju")
    refused.locator("button[type=submit]").click()
    expect(page.locator("#item-error")).to_contain_text("Catatan wajib diisi")
    for k, (member, opinion, note) in enumerate(VIEWS):
        form = item.locator("form.view-form").nth(k)
        form.locator("select[name=opinion]").select_option(opinion)
        form.locator("input[name=note]").fill(note)
        form.locator("button[type=submit]").click()
        expect(item.locator("td.opinion").nth(k)).to_have_text(opinion.replace("_", " "))
    expect(item.locator(".majority")).to_contain_text("tidak setuju")
    step_url = item.locator("h2 a").get_attribute("href")

    page.click("#conclude")
    expect(page.locator("#session-state")).to_have_text("ditutup")
    expect(page.locator("#session-done")).to_be_visible()
    with page.expect_download() as download:
        page.click("#download-minutes")
    with open(download.value.path(), "rb") as minutes:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes.read())).pages)
    for expected in (f"NOMOR {NUMBER}", f"NIP {nip}", "Sekretaris Daerah (akun demo)", "Asisten Pemerintahan (akun demo)",
                     "Inspektur Pembantu (akun demo)", "unit asal belum mendapat pengganti", "Rekomendasi Tim: TIDAK SETUJU"):
        assert expected in text, expected

    switch_user(page, "walikota")
    page.goto(step_url)
    expect(page.locator("#recommendation")).to_contain_text("tidak setuju")
    expect(page.locator("#committee-session")).to_contain_text(NUMBER)
    expect(page.locator("#committee-views")).to_contain_text("menunggu evaluasi semester")
    expect(page.locator("#committee-minutes")).to_be_visible()

"""Stakeholders are heard and service is watched: a public comment goes through moderation to the
reviewer deciding the proposal it concerns; a survey drop after mutations flags a unit, BKD
investigates and closes the case with a corrective action visible on the unit's and people's history."""
from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from e2e.conftest import log_in
from e2e.test_approval_journey import switch_user

NIP = re.compile(r"\d{18}")


def first_proposal_for_review(page) -> tuple[str, str]:
    """The reviewer's first waiting proposal: its URL and its target position code."""
    page.goto("/persetujuan/")
    link = page.locator("#queue tbody tr a").first
    expect(link).to_be_visible()
    link.click()
    return page.url, page.locator("#step-to small").first.inner_text()  # the post's code


def test_a_public_comment_is_moderated_and_read_by_the_reviewer(page, browser, server):
    log_in(page, "tim.penilai")
    proposal_url, position = first_proposal_for_review(page)

    switch_user(page, "perencana")
    page.goto("/konsultasi/")
    page.fill("#positions-codes", position)
    page.fill("#positions-period", f"{date.today().year}-S2")
    page.fill("#positions-title", "Konsultasi pengisian jabatan (e2e)")
    page.click("#open-positions-consultation")
    public_url = page.locator("#public-link").get_attribute("href")

    visitor = browser.new_context(base_url=server, locale="id-ID").new_page()
    visitor.goto(public_url)
    assert NIP.search(visitor.content()) is None
    visitor.select_option("#comment-category", "organisasi_profesi")
    visitor.select_option("#comment-item", position)
    visitor.fill("#comment-text", "Lihat http://a.example.com dan http://b.example.com")
    visitor.click("#send-comment")
    expect(visitor.locator("#comment-error")).to_contain_text("tautan")
    visitor.fill("#comment-text", "Ikatan profesi mendukung pengisian jabatan ini segera.")
    visitor.click("#send-comment")
    expect(visitor.locator("#comment-sent")).to_be_visible()
    expect(visitor.locator("#public-comments")).not_to_contain_text("Ikatan profesi mendukung")

    page.reload()
    comment = page.locator("article.comment", has_text="Ikatan profesi mendukung")
    comment.locator("textarea[name=response]").fill("Terima kasih, menjadi bahan pertimbangan Tim Penilai.")
    comment.locator(".do-publish").click()
    expect(page.locator("article.comment[data-status=published]", has_text="Ikatan profesi")).to_be_visible()

    visitor.reload()
    expect(visitor.locator("#public-comments")).to_contain_text("Ikatan profesi mendukung")
    expect(visitor.locator("#public-comments")).to_contain_text("bahan pertimbangan Tim Penilai")
    assert NIP.search(visitor.content()) is None
    visitor.context.close()

    switch_user(page, "tim.penilai")
    page.goto(proposal_url)
    expect(page.locator("#proposal-comments")).to_contain_text("Ikatan profesi mendukung pengisian jabatan")


def test_a_survey_drop_flags_the_unit_and_an_investigation_closes_with_a_corrective_action(page):
    log_in(page, "perencana")
    page.goto("/pemantauan/")
    busiest = page.locator("#units-monitoring tbody tr").first
    unit = busiest.get_attribute("id").removeprefix("unit-")
    year = date.today().year

    page.select_option("#upload-unit", unit)
    page.fill("#upload-period", str(year - 1))
    rows = "\n".join(",".join(["4"] * 9) for _ in range(12))
    page.set_input_files("#upload-file", files=[{"name": "skm.csv", "mimeType": "text/csv",
                                                 "buffer": ("u1,u2,u3,u4,u5,u6,u7,u8,u9\n" + rows).encode()}])
    page.click("#upload-survey")
    expect(page.locator("#survey-recorded")).to_be_visible()

    page.goto("/pemantauan/")
    page.select_option("#form-unit", unit)
    page.fill("#form-period", str(year))
    page.fill("#form-answers", "\n".join(" ".join(["2"] * 9) for _ in range(12)))
    page.click("#record-survey")
    expect(page.locator("#decline-flagged")).to_be_visible()
    expect(page.locator("#trend-chart polyline.trend-line")).to_have_count(1)
    expect(page.locator("#unit-history")).to_contain_text("Penurunan layanan ditandai")

    page.locator("#unit-investigations a", has_text="rincian").first.click()
    page.click("#open-investigation")
    expect(page.locator("#investigation-status")).to_have_text("diinvestigasi")
    page.fill("#findings", "Pegawai yang baru masuk belum menguasai prosedur layanan loket.")
    page.click("#record-findings")
    page.fill("#close-summary", "Ditutup tanpa tindakan?")
    page.click("#close-investigation")  # refused: no corrective action yet
    expect(page.locator("#investigation-error")).to_contain_text("sedikitnya satu tindakan korektif")
    page.select_option("#action-kind", "pelatihan")
    person = page.locator("#action-nip option").nth(1).get_attribute("value")
    page.select_option("#action-nip", person)
    page.fill("#action-description", "Pelatihan prosedur layanan loket selama dua minggu.")
    page.click("#record-action")
    expect(page.locator("#investigation-actions")).to_contain_text("pelatihan")
    page.fill("#close-summary", "Pelatihan selesai; skor dipantau pada survei berikutnya.")
    page.click("#close-investigation")
    expect(page.locator("#investigation-status")).to_have_text("ditutup")

    page.goto(f"/pemantauan/unit/{unit}")
    expect(page.locator("#unit-history")).to_contain_text("Investigasi ditutup")
    expect(page.locator("#unit-history")).to_contain_text("Tindakan korektif")
    page.goto(f"/pegawai/{person}")
    expect(page.locator("#timeline")).to_contain_text("Tindakan korektif")

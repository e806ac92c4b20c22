"""A BKD planner records a competence assessment on an employee's page (htmx) and reads the JPM
for the current post, its category and date, and the best-fitting posts."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import log_in


def test_a_planner_records_an_assessment_and_reads_jpm_and_the_best_fitting_posts(page):
    log_in(page, "perencana")
    page.goto("/pegawai/?q=")
    page.locator("#search-results tbody tr td a").first.click()
    expect(page.locator("#competence h2")).to_have_text("Kompetensi dan JPM")
    levels = page.locator("#competence-standard input[type=number]")
    assert levels.count() >= 9  # 8 manajerial + perekat bangsa (+ teknis)
    for index in range(levels.count()):
        levels.nth(index).fill("3")
    page.fill("#competence-date", "2025-06-01")
    page.click("#competence-save")
    expect(page.locator("#jpm-assessed-on")).to_have_text("01-06-2025")
    expect(page.locator("#jpm-current")).to_contain_text(re.compile(r"JPM untuk jabatan saat ini: \d+,\d%"))
    expect(page.locator("#jpm-category")).to_have_text(
        re.compile(r"^(Memenuhi Syarat|Masih Memenuhi Syarat|Kurang Memenuhi Syarat)$"))
    expect(page.locator("#best-posts, #best-posts-none").first).to_be_visible()
    expect(page.locator("#competence-error")).to_have_count(0)
    page.reload()  # the block is the same on a fresh page: it was stored, not only swapped in
    expect(page.locator("#jpm-assessed-on")).to_have_text("01-06-2025")

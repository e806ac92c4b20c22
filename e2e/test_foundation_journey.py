"""A supervisor logs in, finds a person, reads their history, and sees the staffing dashboard."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import log_in


def test_a_planner_searches_a_person_and_reads_their_timeline(page):
    log_in(page, "perencana")
    expect(page.locator("#current-user")).to_contain_text("perencana")
    expect(page.locator("#shortage-chart svg")).to_be_visible()
    expect(page.locator("#staffing-table tbody tr").first).to_have_class(re.compile("short"))

    page.click("text=Pegawai")
    first_name = page.locator("#search-results tbody tr td a").first.inner_text()
    marga = first_name.split()[-1]
    page.fill("#search-box", marga)
    expect(page.locator("#result-count")).to_contain_text(f"untuk “{marga.lower()}”")
    expect(page).to_have_url(re.compile(r"q="))  # the active search pushes the URL
    for name in page.locator("#search-results tbody tr td a").all_inner_texts()[:10]:
        assert marga.lower() in name.lower()

    page.locator("#search-results tbody tr td a").first.click()
    expect(page.locator("#employee-name")).to_be_visible()
    expect(page.locator("#timeline .event").first).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Pendaftaran")
    expect(page.locator("#timeline .who").first).to_contain_text("oleh")


def test_a_wrong_password_and_a_forbidden_page_get_clear_messages(page):
    log_in(page, "perencana", "bukan-kata-sandinya")
    expect(page.locator("#login-error")).to_contain_text("Nama pengguna atau kata sandi salah")

    log_in(page, "perencana")
    page.goto("/unit/RSUD")
    nurse_page = page.locator("#positions-table a[href^='/pegawai/']").first.get_attribute("href")
    page.click(".whoami button")

    log_in(page, "kadis.pendidikan")
    expect(page.locator("#current-user")).to_contain_text("DISDIK")
    page.goto("/pegawai/?q=")
    units = set(page.locator("#search-results tbody tr td:nth-child(5) small").all_inner_texts())
    assert units and not units & {"RSUD", "DINKES", "BKD"}, units
    response = page.goto(nurse_page)
    assert response.status == 404  # another unit's person reads as one that does not exist
    expect(page.locator("#error-message")).to_contain_text("tidak ditemukan")
    expect(page.locator("body")).not_to_contain_text(nurse_page.rsplit("/", 1)[-1])

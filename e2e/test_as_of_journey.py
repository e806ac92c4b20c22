"""An inspector looks at the city per tanggal (30 June 2024), follows a link that keeps the date,
comes back to today, and opens the findings register."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import log_in


def test_an_inspector_sees_the_city_of_mid_2024_and_the_findings_register(page):
    log_in(page, "inspektur")
    page.goto("/kebutuhan")  # the city's counters (the inspector's home is the trail)
    today_employees = page.locator("#staffing-table").inner_text()
    page.fill("#as-of-date", "2024-06-30")
    page.click(".as-of-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"per=2024-06-30"))
    expect(page.locator("#as-of-banner")).to_contain_text("per tanggal 30-06-2024")
    expect(page.locator("#as-of-banner")).to_contain_text("waktu pencatatan")
    assert page.locator("#staffing-table").inner_text() != today_employees  # another city then
    page.locator("#staffing-table tbody tr td a").first.click()
    expect(page).to_have_url(re.compile(r"/unit/.+\?per=2024-06-30"))
    expect(page.locator("#as-of-banner")).to_be_visible()
    page.click("#as-of-banner a")
    expect(page.locator("#as-of-banner")).to_have_count(0)

    page.click("nav >> text=Temuan")
    expect(page.locator("h1")).to_contain_text("Register temuan")
    expect(page.locator("#findings-counts")).to_contain_text("temuan")

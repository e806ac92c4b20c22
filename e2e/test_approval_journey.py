"""From a submitted plan to an executed mutation visible on the employee's timeline and the
dashboard; and the planner who tries to decide their own plan."""
from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from e2e.conftest import log_in
from e2e.test_planner_journey import draft_plan


def switch_user(page, username: str) -> None:
    page.goto("/")
    page.click(".whoami button")
    log_in(page, username)


def test_a_plan_is_submitted_recommended_approved_with_one_rejection_decreed_and_executed(page):
    log_in(page, "perencana")
    draft_plan(page, "Rencana persetujuan e2e", 5)
    plan_url = page.url
    page.click("#submit-plan")
    expect(page.locator("#review-lines tbody tr")).to_have_count(5)
    page.click("#bulk-verify")
    expect(page.locator("#review-counts")).to_contain_text("Berkas terverifikasi")

    switch_user(page, "tim.penilai")
    page.goto(plan_url + "/keputusan")
    page.click("#bulk-recommend")
    expect(page.locator("#review-counts")).to_contain_text("Pertimbangan Tim Penilai")

    switch_user(page, "walikota")
    page.goto(plan_url + "/keputusan")
    rejected_row = page.locator("#review-lines tbody tr").first
    rejected_nip = rejected_row.get_attribute("id").removeprefix("proposal-")
    rejected_row.locator("input[type=checkbox]").check()
    page.fill("#bulk-reason", "formasi dikaji ulang")
    page.click("#bulk-decide")
    expect(page.locator(f"#proposal-{rejected_nip} .state")).to_have_text("Ditolak PPK")
    expect(page.locator("#review-counts")).to_contain_text("Disetujui PPK")

    switch_user(page, "perencana")
    page.goto(plan_url + "/keputusan")
    moved_row = page.locator("#review-lines tbody tr").nth(1)
    moved_nip = moved_row.get_attribute("id").removeprefix("proposal-")
    target_unit = re.search(r"\(([^)]+)\)$", moved_row.locator("td").nth(3).inner_text()).group(1)
    today = date.today().isoformat()
    page.fill("#sk-number", "821.2/77/BKD/2026")
    page.fill("#sk-date", today)
    page.fill("#tmt", today)
    page.click("#issue-decree")
    expect(page.locator(f"#proposal-{moved_nip} .state")).to_have_text("SK terbit")

    page.goto("/persetujuan/")
    page.click("#execute-due")
    expect(page.locator("#executed")).to_contain_text("mutasi dilaksanakan")

    page.goto(f"/pegawai/{moved_nip}")
    expect(page.locator("#placement")).to_contain_text(target_unit)
    expect(page.locator("#timeline")).to_contain_text("Mutasi dilaksanakan")
    expect(page.locator("#timeline")).to_contain_text("walikota")
    page.goto("/")
    expect(page.locator("#staffing-table")).to_contain_text(target_unit)


def test_a_planner_cannot_decide_their_own_plan(page):
    log_in(page, "perencana")
    draft_plan(page, "Rencana sendiri", 2)
    page.click("#submit-plan")
    page.click("#bulk-verify")
    proposal = page.locator("#review-lines tbody tr a").first
    proposal.click()
    expect(page.locator("#do-approve")).to_have_count(0)  # no button for a planner...
    # ...and the server refuses the request even when it is forged.
    url = page.url + "/langkah"
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(url, form={"action": "approve", "csrf_token": token})
    assert response.status == 422
    assert "bukan wewenang" in response.text()

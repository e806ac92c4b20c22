"""A planner drafts a city-wide plan, rejects a line, sees it re-optimised and asks "why not?"."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import log_in


def draft_plan(page, name: str, max_moves: int) -> None:
    page.goto("/rencana/")
    page.fill("#plan-name", name)
    page.fill("#max-moves", str(max_moves))
    page.click("#start-plan")
    expect(page.locator("#plan-progress")).to_be_visible()  # progress shows while it solves
    expect(page).to_have_url(re.compile(r"/rencana/[0-9a-f-]{36}$"), timeout=120_000)


def test_a_planner_drafts_rejects_a_line_and_asks_why_not(page):
    log_in(page, "perencana")
    draft_plan(page, "Rencana e2e", 20)
    expect(page.locator("#plan-figures")).to_contain_text("optimal")
    rows = page.locator("#plan-lines tbody tr")
    expect(rows).to_have_count(20)
    first = rows.first
    nip = first.get_attribute("id").removeprefix("line-")
    target = first.locator("td").nth(2).locator("small").inner_text()  # the post's code
    expect(first.locator(".reasons").first).not_to_be_empty()

    first.locator("button[value=reject]").click()
    expect(page.locator("#plan h1")).to_contain_text("revisi 1")
    expect(page.locator(f"#line-{nip}")).to_have_count(0)
    expect(page.locator("#plan-lines tr.changed").first).to_be_visible()
    expect(page.locator("#plan-edits")).to_contain_text("dilarang/ditolak: 1")

    page.fill("#why-nip", nip)
    page.fill("#why-post", target)
    page.click("#ask-why-not")
    expect(page.locator("#why-not-answer")).to_contain_text(re.compile(r"tidak diizinkan|poin|skor"))


def test_bad_settings_are_refused_with_a_message(page):
    log_in(page, "perencana")
    page.goto("/rencana/")
    page.fill("#plan-name", "   ")
    page.fill("#max-moves", "5")
    page.click("#start-plan")
    expect(page.locator("#new-plan-error")).to_contain_text("Nama draf wajib diisi")

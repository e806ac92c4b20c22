"""Names, not codes, in a real browser: a Kepala OPD proposes a move by typing part of a post's name,
sees the posts of their unit with the rule result of each, picks one that meets the rules and
submits; the step page names the post and its unit."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import log_in


def test_a_unit_head_finds_a_post_by_name_sees_its_rule_result_and_proposes(page):
    log_in(page, "kadis.kesehatan")
    page.goto("/pegawai/?q=")
    people = page.locator("#search-results tbody tr td a").evaluate_all("links => links.map(a => a.href)")
    for url in people[3:15]:  # somebody of the unit who meets the rules for a nurse's post with room
        page.goto(url)
        if page.locator("#propose-post").count() == 0:
            continue
        page.locator("#propose-post").press_sequentially("perawat", delay=30)
        results = page.locator("#propose-post-results li")
        expect(results.first).to_be_visible()
        assert "PKM-" in page.locator("#propose-post-results").inner_text()  # the unit's puskesmas
        assert "DISDIK" not in page.locator("#propose-post-results").inner_text()  # never another unit
        expect(page.locator("#propose-post-results .rule-result").first).to_contain_text("aturan")
        meeting = results.filter(has=page.locator(".rule-ok"))
        if meeting.count():
            break
    else:
        raise AssertionError("no one of the unit meets the rules for a nurse's post")

    choice = meeting.first
    name = choice.locator("strong").inner_text()
    code = choice.locator("small").inner_text()
    choice.get_by_role("button", name="Pilih").click()
    chosen = page.locator("#propose-post-chosen")
    expect(chosen).to_contain_text(name)
    expect(chosen.locator(".rule-ok")).to_have_text("memenuhi aturan")
    expect(page.locator("input[type=hidden][name=to_post]")).to_have_value(code)

    page.fill("#propose-reason", "penguatan layanan keperawatan puskesmas (uji peramban)")
    page.click("#propose-submit")
    expect(page).to_have_url(re.compile(r"/persetujuan/[0-9a-f-]{36}"))
    expect(page.locator("#step-to")).to_contain_text(name)
    expect(page.locator("#step-to")).to_contain_text(code)
    assert not re.search(r"\b[A-Z]+-[A-Z-]+ \(", page.locator("#step-to").inner_text())  # no "CODE (UNIT)"

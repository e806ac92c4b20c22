"""An inspector reads the stored log's checkpoint key on the audit page, checks the whole log from
the page, signs its head and sees both verdicts; a wrong countersignature is refused in Indonesian."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import log_in


def test_an_inspector_checks_the_stored_log_and_signs_its_head(page):
    log_in(page, "inspektur")
    page.goto("/audit/")
    expect(page.locator("#log-public-key-sha256")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    page.click("#log-verify")
    expect(page.locator("#log-last-verification")).to_contain_text("utuh —")
    expect(page.locator("#log-last-verification")).to_contain_text("kejadian")
    expect(page.locator("#log-tampered")).to_have_count(0)
    page.click("#log-checkpoint")
    expect(page.locator("#log-last-checkpoint")).to_contain_text("posisi")

    page.click("#log-countersign summary")
    page.fill("#countersign-inspector", "Belum Terdaftar")
    page.fill("#countersign-signature", "AAAA")
    page.click("#countersign-form button[type=submit]")
    expect(page.locator("#log-integrity-error")).to_contain_text("belum terdaftar")

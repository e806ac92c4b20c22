"""Every role at home, in a real browser: each lands on its own page; the step page's keys move or
ask (never decide alone); a form sent after the session ended elsewhere keeps what was typed."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import log_in


def test_each_role_lands_on_its_home(page):
    log_in(page, "kadis.pendidikan")
    expect(page.locator("#home-title")).to_contain_text("Dinas Pendidikan")
    expect(page.locator("#unit-figures")).to_be_visible()
    expect(page.locator("#city-figures")).to_have_count(0)
    page.click("#unit-skp a")  # SKP by atasan langsung: the direct reports, paged, progress per school
    expect(page.locator("#group-progress tbody tr").first).to_contain_text("Bawahan langsung")
    assert page.locator("#group-progress tbody tr").count() > 2
    assert 0 < page.locator("#skp-table tbody tr.skp-row").count() <= 50
    page.click(".whoami button")

    for username, shown in (("tim.penilai", "#waiting-session"), ("walikota", "#work-queue"),
                            ("inspektur", "#recent-trail"), ("perencana", "#work-queue")):
        log_in(page, username)
        expect(page.locator(shown)).to_be_visible()
        page.click(".whoami button")
    log_in(page, "perencana")
    expect(page.locator("#city-figures")).to_be_visible()  # BKD keeps the city's counters


def test_the_step_keys_move_or_ask_and_never_decide_alone(page):
    log_in(page, "walikota")
    page.click("#queue-start")
    page.wait_for_load_state("load")  # the keys' script is deferred
    state = page.locator("#proposal-state").inner_text()
    page.keyboard.press("?")
    expect(page.locator("#shortcut-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcut-help")).to_be_hidden()

    page.keyboard.press("s")  # Setujui: only a question naming the decision, the focus on "Batal"
    expect(page.locator("#decision-question")).to_have_text("Setujui usulan?")
    page.keyboard.press("Enter")
    expect(page.locator("#decision-dialog")).to_be_hidden()

    page.keyboard.press("t")  # Tolak needs a reason: the keyboard goes there, nothing is sent
    expect(page.locator("#reason")).to_be_focused()
    expect(page.locator("#reason-hint")).to_contain_text("alasan")
    page.keyboard.type("perlu kajian formasi")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the old trap (reason → Tab → Enter) now only asks
    expect(page.locator("#decision-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    page.reload()
    expect(page.locator("#proposal-state")).to_have_text(state)

    page.keyboard.press("s")
    page.click("#decision-yes")
    expect(page.locator("#step-done")).to_contain_text("usulan disetujui")


def test_a_form_sent_after_a_logout_elsewhere_keeps_what_was_typed(page):
    log_in(page, "kadis.kesehatan")
    page.goto("/pegawai/")
    page.locator("#search-results tbody tr td a").first.click()
    employee_url = page.url
    typed = "memperkuat administrasi dinas selama akreditasi puskesmas"
    page.fill("#propose-post", "DINKES-TIDAK-ADA")
    page.fill("#propose-reason", typed)

    # Another tab of the same browser logs out: the same cookies, the same form (its CSRF token), sent
    # through the context's request API. (A second tab that navigated and closed once hung Page.close in CI.)
    token = page.locator(".whoami input[name=csrf_token]").get_attribute("value")
    logout = page.request.post("/keluar", form={"csrf_token": token})
    assert logout.ok and "/masuk" in logout.url

    page.click("#propose-submit")
    expect(page.locator("#session-ended h1")).to_have_text("Sesi Anda telah berakhir")
    expect(page.locator("#kept-typed")).to_contain_text(typed)
    page.click("#login-again")
    expect(page.locator("#login-ended")).to_be_visible()
    page.fill("#username", "kadis.kesehatan")
    page.fill("#password", "sibolga-demo-2026")
    page.click("#login-form button[type=submit]")
    expect(page).to_have_url(employee_url)
    expect(page.locator("#typed-restored")).to_be_visible()
    expect(page.locator("#propose-reason")).to_have_value(typed)
    expect(page.locator("#propose-post")).to_have_value("DINKES-TIDAK-ADA")

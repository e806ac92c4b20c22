"""`make screenshots`: desktop and 390 px phone pictures of the main pages of a fresh demo city, into
docs/screenshots/ (linked from the README). Not a test (the file name keeps it out of `make test`);
run through pytest only to reuse the browser tests' server and Chromium."""
from __future__ import annotations

from conftest import ROOT
from e2e.a11y import PHONE
from e2e.conftest import log_in

OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": {"viewport": {"width": 1280, "height": 800}},
         "phone": {"viewport": PHONE, "is_mobile": True, "device_scale_factor": 2}}


def shots(page) -> dict:
    """name -> (user or None, how to reach the page)."""
    def step(page):  # an item waiting for the PPK's decision
        page.goto("/persetujuan/")
        page.goto(page.locator("main a[href^='/persetujuan/']").first.get_attribute("href"))

    def employee(page):  # someone on the development list, with a development action
        for listing in ("/talenta/pengembangan", "/pegawai/?q="):
            page.goto(listing)
            link = page.locator("main a[href^='/pegawai/']").first
            if link.count():
                page.goto(link.get_attribute("href"))
                return

    def public(page):
        page.goto("/publik/")
        page.goto(page.locator("main a[href^='/publik/konsultasi/']").first.get_attribute("href"))
    return {"dasbor": ("perencana", lambda p: p.goto("/")), "langkah": ("walikota", step),
            "pegawai": ("kadis.pendidikan", employee), "publik": (None, public)}


def test_take_screenshots(browser, server):
    OUT.mkdir(parents=True, exist_ok=True)
    for size, options in SIZES.items():
        context = browser.new_context(base_url=server, locale="id-ID", **options)
        page = context.new_page()
        page.set_default_timeout(15000)
        for name, (user, reach) in shots(page).items():
            context.clear_cookies()
            if user:
                log_in(page, user)
            reach(page)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}-{size}.png"))
            assert page.evaluate("document.scrollingElement.scrollWidth") <= options["viewport"]["width"]
        context.close()

"""The main pages with a screen reader's eyes (axe-core: no serious or critical violation) and on a
390 px phone (a menu that collapses behind a button, tables that scroll inside their own box, and
no page wider than the screen)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.a11y import PHONE, axe_violations, horizontal_overflow, use_axe
from e2e.conftest import log_in


def main_pages(page) -> dict:
    """As the perencana: the dashboard, a unit, a person, the demo plan and a step view."""
    log_in(page, "perencana")
    expect(page.locator("#current-user")).to_contain_text("perencana")
    page.goto("/pegawai/?q=")
    person = page.locator("#search-results tbody tr td a").first.get_attribute("href")
    page.goto("/rencana/")
    plan = page.locator("main a[href^='/rencana/']").filter(has_text="demo").first.get_attribute("href")
    page.goto("/persetujuan/")
    step = page.locator("main a[href^='/persetujuan/']").first.get_attribute("href")
    return {"dasbor": "/", "unit": "/unit/DINKES", "pegawai": person, "rencana": plan, "langkah": step}


def first_link(page, listing: str, prefix: str) -> str:
    page.goto(listing)
    return page.locator(f"main a[href^='{prefix}']").first.get_attribute("href")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_main_pages_pass_the_accessibility_check(browser, server, width):
    context = browser.new_context(base_url=server, locale="id-ID",
                                  **({"viewport": PHONE, "is_mobile": True} if width == "phone" else {}))
    use_axe(context)
    page = context.new_page()
    page.set_default_timeout(15000)
    found = {}
    for name, url in main_pages(page).items():
        page.goto(url)
        found[name] = axe_violations(page)
    page.goto(first_link(page, "/pemantauan/", "/pemantauan/investigasi/"))
    found["investigasi"] = axe_violations(page)
    for user, name, url in (("inspektur", "audit", "/audit/"), ("walikota", "keputusan PPK", None),
                            ("kadis.pendidikan", "evaluasi", "/pemantauan/evaluasi/")):
        context.clear_cookies()
        log_in(page, user)
        page.goto(url or first_link(page, "/persetujuan/", "/persetujuan/"))
        found[name] = axe_violations(page)
    context.clear_cookies()
    for name, url in (("publik", "/publik/"), ("masuk", "/masuk")):
        page.goto(url)
        found[name] = axe_violations(page)
    page.goto(first_link(page, "/publik/", "/publik/konsultasi/"))
    found["konsultasi publik"] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_the_keyboard_finds_a_skip_link_and_sees_where_it_is(page):
    log_in(page, "perencana")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.evaluate("e => e.getBoundingClientRect().left >= 0 && getComputedStyle(e).outlineStyle !== 'none'")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the first link of the page's content, with a visible outline
    assert page.evaluate("""() => { const e = document.activeElement;
        return e.closest('main') !== null && getComputedStyle(e).outlineStyle !== 'none'; }""")


def test_on_a_phone_the_menu_collapses_and_no_page_scrolls_sideways(browser, server):
    context = browser.new_context(base_url=server, locale="id-ID", viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    pages = main_pages(page)
    page.goto(pages["langkah"])
    menu, toggle = page.locator("#main-menu"), page.locator("#menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Pegawai")).to_be_visible()
    assert horizontal_overflow(page) <= 0  # the open menu fits too
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    wide, tables = {}, {}
    for name, url in pages.items():
        page.goto(url)
        wide[name] = page.evaluate("document.scrollingElement.scrollWidth")
        # a table wider than the phone scrolls inside its own box
        tables[name] = page.evaluate(
            "[...document.querySelectorAll('main table')].map(t => getComputedStyle(t).overflowX)")
    assert {name: px for name, px in wide.items() if px > 390} == {}
    assert all(tables.values())
    assert {name: kinds for name, kinds in tables.items() if set(kinds) != {"auto"}} == {}
    page.goto(pages["langkah"])
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    context.close()


def test_on_a_desktop_the_menu_is_always_there(page):
    log_in(page, "perencana")
    expect(page.locator("#menu-toggle")).to_be_hidden()
    expect(page.locator("#main-menu").get_by_role("link", name="Pegawai")).to_be_visible()


def test_without_javascript_the_phone_menu_stays_open(browser, server):
    context = browser.new_context(base_url=server, locale="id-ID", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, "perencana")
    expect(page.locator("#menu-toggle")).to_be_hidden()  # a button that could not work is not shown
    expect(page.locator("#main-menu").get_by_role("link", name="Pegawai")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    context.close()

"""Each role's main journey in Chromium, read as its user reads it: the landing page and every page
of the role's menu, after htmx has filled them, with no English event/state/key name, no raw Python
value, no UTC time or ISO date in the visible text (the detector of tests/test_crawl_language.py)."""
from __future__ import annotations

import pytest

from e2e.conftest import log_in
from tests.test_crawl_language import findings

ROLES = ("perencana", "verifikator", "kepala.bkd", "kadis.pendidikan", "tim.penilai", "walikota",
         "inspektur", "admin")


@pytest.mark.parametrize("username", ROLES)
def test_a_role_walks_its_menu_in_bahasa_indonesia_with_times_in_wib(page, username):
    log_in(page, username)
    page.wait_for_load_state("networkidle")
    menu = [page.locator("#main-menu nav a").nth(i).get_attribute("href")
            for i in range(page.locator("#main-menu nav a").count())]
    assert len(menu) >= 5, menu
    seen, bad, times = 0, {}, 0
    for url in ["/", *menu]:
        page.goto(url)
        page.wait_for_load_state("networkidle")  # htmx fragments loaded
        found, _ = findings(page.content())
        if found:
            bad[url] = found[:5]
        times += page.locator("body").inner_text().count(" WIB")
        seen += 1
    assert not bad, bad
    assert seen == len(menu) + 1 and "lang=\"id\"" in page.content()
    if username in ("inspektur", "admin", "perencana"):
        assert times > 0  # the trail, the queue or the users' last login show their times in WIB

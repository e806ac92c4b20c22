"""The automated accessibility check of the browser tests: axe-core (npm, installed by `make assets`)
injected into the page; what counts are its serious and critical violations."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
PHONE = {"width": 390, "height": 844}


def use_axe(page_or_context) -> None:
    """Every page loaded from now on carries axe-core (an init script: the Content-Security-Policy
    forbids injecting it as a script tag)."""
    if not Path(AXE).exists():
        pytest.fail(f"axe-core not found at {AXE}: run `make assets` (npm ci installs it)")
    page_or_context.add_init_script(path=str(AXE))


def axe_violations(page) -> list[dict]:
    """Serious and critical violations on the page as it is now (WCAG 2.x A and AA rules and axe's
    best practices). The page must have been loaded after `use_axe`."""
    assert page.evaluate("typeof window.axe !== 'undefined'"), "call use_axe() before loading the page"
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in BLOCKING]


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")

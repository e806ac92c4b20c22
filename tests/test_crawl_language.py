"""Every page every demo role can reach, read as a person reads it: no English event, state or key
name and no raw Python value in the visible text. Data shown as data (`<pre>`, `<code>`) is left
out: the inspector's view of a stored event may show its keys there, beside the Indonesian labels."""
from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from domain.passwords import DEMO_PASSWORD
from events.demo.loader import DEMO_USERS
from events.readside.readmodels import db
from events.store import Storage
from events.system import System
from tests.test_web import csrf_from

PAGES_PER_ROLE = 150  # bounded: the demo has thousands of employee pages of the same shape
SAME_SHAPE = 2       # /pegawai/<nip>: two of them tell as much as two thousand
SKIPPED = re.compile(r"^/(keluar|static/|sehat|siap)|/ekspor|\.(csv|jsonl|xlsx|pdf)(\?|$)|/unduh|/berkas"
                     r"|/mengapa-tidak")  # a question with no pair asked: seconds of planning, no page
HIDDEN_TAGS = {"script", "style", "pre", "code", "template", "textarea"}
EVENT_NAMES = {"Proposed", "Submitted", "Decided", "DocumentsRecorded", "EvidenceRecorded", "RuleWaived",
               "Verified", "Forwarded", "Recommended", "DecisionUndone", "Withdrawn", "Decreed",
               "AfterDecreeRecorded", "Executed", "Transferred", "Promoted", "Appraised", "Drafted",
               "Revised", "Convened", "Concluded", "Registered", "Opened", "Closed", "Flagged"}
ENGLISH_WORDS = {"draft", "submitted", "decided", "decreed", "approved", "rejected", "returned",
                 "approve", "reject", "send_back", "agree", "disagree", "pending", "infeasible", "fill", "relief", "move_cost", "moves", "none", "true", "false"}
FORBIDDEN = [
    ("nilai Python mentah", re.compile(r"\{'|\[\]|\bNone\b|\bTrue\b|\bFalse\b")),
    ("nama kejadian Inggris", re.compile(r"\b(?!JavaScript\b)[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")),
    ("jenis kejadian teknis", re.compile(r"\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+\b")),
    ("kunci snake_case", re.compile(r"\b[a-z]+_[a-z_]+\b")),
    ("label tanpa terjemahan", re.compile(r"⟨[^⟩]*⟩")),
    ("angka tanpa pemisah ribuan", re.compile(r"(?<![\w.,/:#-])\d{5,7}(?![\w.,/:-])")),
    ("waktu UTC", re.compile(r"\bUTC\b|\d{4}-\d\d-\d\d[T ]\d\d:\d\d")),
    ("tanggal ISO", re.compile(r"(?<![\w/-])\d{4}-\d\d-\d\d(?![\w/-])")),
    ("kata Inggris", re.compile(r"\b(?:%s)\b" % "|".join(sorted(ENGLISH_WORDS | EVENT_NAMES)), re.I)),
]


class VisibleText(HTMLParser):
    """The text a person sees (without data blocks) and the same-site links of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.texts, self.links = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        attributes = dict(attrs)
        for href in (attributes.get("href") if tag == "a" else None, attributes.get("hx-get")):
            if href and href.startswith("/") and not href.startswith("//"):
                self.links.append(urldefrag(href)[0])

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def findings(html: str) -> tuple[list[str], list[str]]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for what, pattern in FORBIDDEN:
            match = pattern.search(text)
            if match:
                found.append(f"{what}: “{match.group(0)}” in “{text[:120]}”")
    return found, parser.links


def shape(app, url: str) -> str:
    """The route a link leads to (one per kind of page), with its query's names."""
    parts = urlsplit(url)
    try:
        endpoint, _ = app.url_map.bind("localhost").match(parts.path)
    except Exception:  # noqa: BLE001 - a 404 or a redirect: fetched once, shows as what it is
        endpoint = parts.path
    return f"{endpoint}?{'&'.join(sorted(re.findall(r'([^&=]+)=', parts.query)))}"


def crawl(app, client) -> dict[str, list[str]]:
    """Breadth-first from the landing page: every same-site link, a bounded number per shape."""
    queue, seen, shapes, report = deque(["/"]), {"/"}, {}, {}
    while queue and len(report) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        found, links = findings(response.get_data(as_text=True))
        report[url] = found
        for link in links:
            if link in seen or SKIPPED.search(link):
                continue
            seen.add(link)
            key = shape(app, link)
            shapes[key] = shapes.get(key, 0) + 1
            if shapes[key] <= SAME_SHAPE:
                queue.append(link)
    return report


@pytest.fixture(scope="module")
def demo_app(demo_env):
    from webapp import create_app
    system = System.open(Storage.from_environment(demo_env))
    db.close()
    yield create_app(system, TESTING=True)
    system.close()


ONE_PER_ROLE = {role: username for username, role, *_ in reversed(DEMO_USERS)}  # the first of each role


@pytest.mark.parametrize("username", sorted(ONE_PER_ROLE.values()))
def test_every_page_a_role_reaches_reads_as_bahasa_indonesia(demo_app, username):
    client = demo_app.test_client()
    token = csrf_from(client.get("/masuk").get_data(as_text=True))
    assert client.post("/masuk", data={"username": username, "password": DEMO_PASSWORD,
                                       "csrf_token": token}).status_code == 302
    report = crawl(demo_app, client)
    assert len(report) > 5, f"{username} reached too few pages: {list(report)}"
    bad = {url: found for url, found in report.items() if found}
    assert not bad, "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in bad.items())


def test_the_crawler_sees_what_a_person_sees():
    found, links = findings('<p>Status: draft</p><pre>{"decision": "approve"}</pre>'
                            '<a href="/rencana/1#x">r</a><a href="https://example.org/">x</a>'
                            '<td>Proposal.Decided</td><code>move_cost</code><p>None</p>'
                            '<button hx-get="/pegawai/1/riwayat?halaman=2">lagi</button>')
    assert [f.split(":")[0] for f in found] == ["kata Inggris", "jenis kejadian teknis", "kata Inggris",
                                                "nilai Python mentah", "kata Inggris"]
    assert links == ["/rencana/1", "/pegawai/1/riwayat?halaman=2"]
    kinds = {f.split(":")[0] for f in findings(
        "<p>22035 kejadian</p><p>⟨Plan.Teleported⟩</p><p>2026-11-29 13:05 UTC</p><p>TMT 2026-12-01</p>"
        "<p>unit_budgets</p>")[0]}
    assert kinds >= {"angka tanpa pemisah ribuan", "label tanpa terjemahan", "waktu UTC", "tanggal ISO",
                     "kunci snake_case"}
    assert findings("<p>22.035 kejadian · NIP 198805242018072001 · kejadian #22035 · 29 November 2026 "
                    "07.15 WIB · 91,48 · JavaScript</p>")[0] == []

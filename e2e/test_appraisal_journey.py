"""A unit head rates with the keyboard and submits; BKD returns the unit with a reason; the head
corrects and resubmits; the talent map shows the boxes."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import log_in

SHEET = "/penilaian/SKP 2026/unit/DINKES"


def import_everyone_but(page, nips: list[str]) -> None:
    """The rest of the unit comes from an e-Kinerja export, uploaded through the page."""
    lines = [f"{nip};Sesuai Ekspektasi;Sesuai Ekspektasi;Baik" for nip in nips]
    data = ("NIP;Hasil Kerja;Perilaku;Predikat\n" + "\n".join(lines)).encode()
    page.set_input_files("#import-file", files=[{"name": "ekinerja.csv", "mimeType": "text/csv", "buffer": data}])
    page.click("#import-submit")
    expect(page.locator("#sheet-done")).to_contain_text(f"{len(nips)} penilaian dicatat")


def row_nips(page) -> list[str]:
    return [row_id.removeprefix("skp-") for row_id in
            page.locator("tr.skp-row").evaluate_all("rows => rows.map(r => r.id)")]


def every_nip_of_the_unit(page) -> list[str]:
    """The sheet shows one group (the head's direct reports, or a sub-unit under its head) 50 to a
    page: walk every group and page."""
    groups = page.locator("#group-progress tbody tr a").evaluate_all("links => links.map(a => a.href)")
    nips, urls = [], [page.url, *groups]
    for url in urls:
        page.goto(url)
        nips += row_nips(page)
        while page.locator("#next-page").count():
            page.click("#next-page")
            nips += row_nips(page)
    page.goto(urls[0])
    return nips


def rate_with_keys(page, first_nip: str, keys: str) -> None:
    page.focus(f"#hasil-{first_nip}")
    for key in keys:
        page.keyboard.press(key)


def log_out(page) -> None:
    page.click(".whoami button")


def head_rates_three_with_the_keyboard_and_submits(page) -> list[str]:
    log_in(page, "kadis.kesehatan")
    page.click("nav >> text=Penilaian SKP")
    page.locator("#periods a", has_text="Lembar penilaian DINKES").first.click()
    expect(page.locator("#sheet-title")).to_contain_text("SKP 2026")
    expect(page.locator("#import-submit")).to_be_visible()  # the whole table has arrived
    shown = row_nips(page)
    nips = every_nip_of_the_unit(page)
    three = shown[:3]
    import_everyone_but(page, [nip for nip in nips if nip not in three])
    expect(page.locator("#rated-count")).to_contain_text("3 belum dinilai")
    page.click("#submit-unit")  # three people still unrated: refused, naming how many
    expect(page.locator("#sheet-error")).to_contain_text("Masih ada 3 pegawai yang belum dinilai")

    rate_with_keys(page, three[0], "223312")  # Baik, Sangat Baik, Butuh Perbaikan
    for nip, grade in zip(three, ("Baik", "Sangat Baik", "Butuh Perbaikan")):
        expect(page.locator(f"#predikat-{nip}")).to_have_text(grade)
        expect(page.locator(f"#status-{nip}")).to_have_text("draf")
    expect(page.locator(f"#hasil-{shown[3]}")).to_be_focused()  # the cursor went on to the next row
    page.keyboard.press("ArrowUp")
    expect(page.locator(f"#hasil-{three[2]}")).to_be_focused()
    expect(page.locator("#rated-count")).to_have_text(f"{len(nips)} dari {len(nips)}")
    expect(page.locator("#distribution-warning")).to_contain_text("Baik paling banyak 70%")
    page.click("#submit-unit")  # the warning does not block
    expect(page.locator("#unit-state")).to_contain_text("diajukan")
    expect(page.locator(f"#hasil-{three[0]}")).to_be_disabled()
    log_out(page)
    return three


def bkd_returns_the_unit_with_a_reason(page) -> None:
    log_in(page, "perencana")
    page.goto("/penilaian/SKP 2026/progres")
    expect(page.locator("#progress-DINKES")).to_contain_text("diajukan")
    page.click("#progress-DINKES a")
    page.fill("#return-reason-input", "alasan untuk predikat Sangat Baik belum diisi")
    page.click("#return-unit")
    expect(page.locator("#unit-state")).to_contain_text("dikembalikan")
    log_out(page)


def head_corrects_and_resubmits(page, three: list[str]) -> None:
    log_in(page, "kadis.kesehatan")
    page.goto(SHEET)
    expect(page.locator("#return-reason")).to_contain_text("Sangat Baik belum diisi")
    page.fill(f"#alasan-{three[1]}", "melampaui target layanan imunisasi")
    with page.expect_response(lambda r: f"/nilai/{three[1]}" in r.url and r.status == 200):
        page.keyboard.press("Enter")
    rate_with_keys(page, three[2], "2")  # re-rate: hasil kerja sesuai → Baik
    expect(page.locator(f"#predikat-{three[2]}")).to_have_text("Baik")
    expect(page.locator(f"#alasan-{three[1]}")).to_have_value("melampaui target layanan imunisasi")
    page.click("#submit-unit")
    expect(page.locator("#unit-state")).to_contain_text("diajukan")


def the_talent_map_shows_the_boxes(page) -> None:
    page.click("nav >> text=Talenta")
    expect(page.locator("#f-unit-fixed")).to_contain_text("Dinas Kesehatan")
    expect(page.locator("#box-5 .count")).not_to_have_text("0")
    page.click("#box-8")
    expect(page.locator("#box-people h2")).to_contain_text("Kotak 8")
    expect(page.locator("#box-people-table tbody tr").first).to_be_visible()
    page.click("#box-1")
    expect(page.locator("#box-people")).to_contain_text("jalur disiplin")


def test_a_unit_head_rates_submits_gets_the_unit_back_and_resubmits(page):
    three = head_rates_three_with_the_keyboard_and_submits(page)
    bkd_returns_the_unit_with_a_reason(page)
    head_corrects_and_resubmits(page, three)
    the_talent_map_shows_the_boxes(page)

"""A peta jabatan imported in the browser by a verifikator: the upload is previewed with its counts
and its refused row (nothing written), the verifikator chooses the valid rows only and confirms,
and the new posts are on the unit's page; the confirmation imported exactly the previewed file."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import log_in

UNIT = "Badan Uji Impor Contoh"
PETA = ("unor,unor_induk,kode_unor,jabatan,jenis_jabatan,eselon,jf,jenjang,kelas_jabatan,kebutuhan\n"
        f"{UNIT},,UJI-IMPOR,Analis Uji Ahli Pertama,Fungsional,,Analis Uji,Ahli Pertama,8,3\n"
        f"{UNIT},,UJI-IMPOR,Pengadministrasi Uji,Pelaksana,,,,5,2\n"
        f"{UNIT},,UJI-IMPOR,Kepala Uji,Struktural,V.z,,,12,1\n")


def test_a_verifikator_previews_and_imports_the_valid_rows_of_a_peta_jabatan(page, tmp_path):
    path = tmp_path / "peta-uji.csv"
    path.write_text(PETA, encoding="utf-8")
    log_in(page, "verifikator")
    page.click("#nav-imports")
    page.select_option("#import-kind", "posts")
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview")
    expect(page.locator("#count-new")).to_have_text("2")
    expect(page.locator("#count-refused")).to_have_text("1")
    expect(page.locator("#refused-rows")).to_contain_text("eselon tidak dikenal")
    expect(page.locator("#import-changes")).to_contain_text("UJI-IMPOR-ANALIS-UJI-AHLI-PERTAMA")
    expect(page.locator("#import-changes")).to_contain_text("jabatan baru")  # each change named in Bahasa
    expect(page.locator("#import-changes")).not_to_contain_text("created")
    page.click("#import-confirm")  # without "valid rows only": the whole file is refused
    expect(page.locator("#import-error")).to_contain_text("Berkas ditolak")
    page.check("#only-valid")
    page.click("#import-confirm")
    expect(page.locator("#import-done")).to_contain_text("2 baru")
    expect(page.locator("#import-done")).to_contain_text("baris yang sah saja")
    page.goto("/unit/UJI-IMPOR")
    expect(page.locator("main")).to_contain_text("Analis Uji Ahli Pertama")

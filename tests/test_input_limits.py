"""Hostile input refused at the door, on SQLite and PostgreSQL: every number a user types has a range,
every text a maximum length, every body a ceiling read before the body is. Each refusal is a 4xx with
an Indonesian message, and the event log does not grow (issue #13)."""
from __future__ import annotations

import io
import json

import pytest

from domain.rules import DomainError
from domain.access import SYSTEM
from events.readside.readmodels import db
from events.usecases import accounts, approvals, stakeholders
from tests.conftest import drop_schema, postgres_reason, postgres_storage
from tests.factory import HEAD_DINKES, NURSE, PLANNER, TEACHER, ready_city
from tests.test_web import PASSWORD, csrf_from, login

LONG = "x" * 2_001          # one character over TEXT_LIMIT
HUGE = "x" * 2_000_000      # over the default body ceiling (1 MB)
YEAR_OVER_SQLITE = "9223372036854775808"   # 2**63: beyond SQLite's INTEGER
YEAR_OVER_POSTGRES = "2147483648"          # 2**31: beyond PostgreSQL's integer
PERIOD = {"name": "SKP Uji", "year": "2026", "starts": "2026-01-01", "ends": "2026-12-31"}
DRAFT = {"name": "Draf uji", "max_moves": "10", "solver": "cbc", "time_limit": "60", "gap": "0.001"}
DEVELOP = {"kind": "coaching", "description": "coaching triase", "due": "2099-01-01", "reason": ""}
CONSULT = {"subject": "positions", "period": "2026", "change_kind": "rotasi", "title": "Judul konsultasi",
           "description": "Mohon masukan."}


def build_site(storage):
    """The small city with SKP history, three accounts and an open consultation, served by the app."""
    from events.system import System
    from webapp import create_app
    system = System(storage)
    ready_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    for username, role, unit in (("perencana", "perencana", None), ("kadis.kes", "kepala_opd", "DINKES"),
                                 ("kadis.dik", "kepala_opd", "DISDIK")):
        accounts.add_user(system.app, SYSTEM, username, PASSWORD, role, unit)
    consultation = stakeholders.open_positions_consultation(system.app, PLANNER, ["PKM-PERAWAT"], "2026-S2",
                                                            "rotasi", "Konsultasi perawat", "Mohon masukan.")
    db.close()
    app = create_app(system, TESTING=True, STAKEHOLDER_SETTINGS={"public_rate_limit": 1000})
    app.consultation_id = str(consultation)
    return app, system


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def site(request, tmp_path_factory):
    from events.store import Storage
    schema = None
    if request.param == "sqlite":
        storage = Storage(tmp_path_factory.mktemp("limits"))
    else:
        if postgres_reason():
            pytest.skip(postgres_reason())
        storage, schema = postgres_storage(tmp_path_factory.mktemp("limits-pg"))
    app, system = build_site(storage)
    yield app, system
    system.close()
    if schema:
        drop_schema(schema)


def client_for(app, username: str | None):
    client = app.test_client()
    if username:
        login(client, username)
    client.token = csrf_from(client.get("/penilaian/" if username else "/publik/").get_data(as_text=True))
    return client


def text_of(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


# (who, address, form, status, what the message says)
REFUSED = [
    ("perencana", "/penilaian/", {**PERIOD, "year": YEAR_OVER_SQLITE}, 422,
     "Tahun periode harus antara 1900 dan 2100"),
    ("perencana", "/penilaian/", {**PERIOD, "year": YEAR_OVER_POSTGRES}, 422,
     "Tahun periode harus antara 1900 dan 2100"),
    ("perencana", "/penilaian/", {**PERIOD, "year": "1899"}, 422, "Tahun periode harus antara 1900 dan 2100"),
    ("perencana", "/penilaian/", {**PERIOD, "year": "²"}, 422, "Tahun periode harus bilangan bulat"),
    ("perencana", "/penilaian/", {**PERIOD, "starts": "9999-01-01"}, 422,
     "Tanggal mulai harus antara tahun 1900 dan 2100"),
    ("perencana", "/penilaian/", {**PERIOD, "ends": "2026-13-01"}, 422, "Tanggal akhir tidak sah"),
    ("perencana", "/penilaian/", {**PERIOD, "name": "S" * 201}, 422,
     "Nama periode penilaian paling panjang 200 karakter"),
    ("kadis.kes", "/persetujuan/usul", {"nip": NURSE, "to_post": "DINKES-PERAWAT", "reason": LONG}, 422,
     "Alasan usulan paling panjang 2.000 karakter"),
    ("kadis.kes", "/persetujuan/usul", {"nip": NURSE, "to_post": "DINKES-PERAWAT", "reason": HUGE}, 413,
     "Kiriman terlalu besar (batas 1 MB untuk formulir ini)"),
    ("kadis.kes", f"/penilaian/SKP 2025/unit/DINKES/nilai/{NURSE}",
     {"hasil": "sesuai", "perilaku": "sesuai", "justification": "x" * 501}, 422,
     "Alasan penilaian paling panjang 500 karakter"),
    ("perencana", "/rencana/", {**DRAFT, "max_moves": YEAR_OVER_SQLITE}, 422, "“batas jumlah mutasi” harus antara 0 dan 100.000"),
    ("perencana", "/rencana/", {**DRAFT, "max_moves": "9" * 5000}, 422, "bukan bilangan bulat"),
    ("perencana", "/rencana/", {**DRAFT, "time_limit": "1e300"}, 422, "“batas waktu solver (detik)” harus antara 0,1 dan 3.600"),
    ("perencana", "/rencana/", {**DRAFT, "gap": "nan"}, 422, "Pengaturan “gap optimalitas”"),
    ("perencana", "/rencana/", {**DRAFT, "name": "N" * 121}, 422, "Nama draf paling panjang 120 karakter"),
    ("kadis.kes", f"/talenta/pengembangan/{NURSE}", {**DEVELOP, "description": LONG}, 422,
     "Uraian pengembangan paling panjang 2.000 karakter"),
    ("kadis.kes", f"/talenta/pengembangan/{NURSE}", {**DEVELOP, "due": "9999-12-31"}, 422,
     "Tenggat harus antara tahun 1900 dan 2100"),
    ("kadis.kes", f"/talenta/pengembangan/{NURSE}", {**DEVELOP, "reason": LONG}, 422,
     "Alasan pengembangan paling panjang 2.000 karakter"),
    ("perencana", "/konsultasi/", {**CONSULT, "codes": " ".join(f"P{i}" for i in range(501))}, 422,
     "Satu konsultasi paling banyak 500 jabatan"),
    ("perencana", "/konsultasi/", {**CONSULT, "codes": "PKM-PERAWAT", "title": "T" * 151}, 422,
     "Judul konsultasi terlalu panjang"),
    ("perencana", "/pemantauan/survei",
     {"unit_code": "DINKES", "period": "2026", "answers": "\n".join(["1 2 3 4 1 2 3 4 1"] * 10_001)}, 422,
     "lebih dari 10.000 baris jawaban"),
    ("perencana", "/pemantauan/survei", {"unit_code": "X" * 5000, "period": "2026", "answers": "1 2 3 4 1 2 3 4 1"},
     422, "tidak ditemukan"),
]


@pytest.mark.parametrize("who, url, form, status, message", REFUSED,
                         ids=[f"{i}:{url}" for i, (_, url, *_) in enumerate(REFUSED)])
def test_out_of_range_and_oversized_input_is_refused_with_a_message_and_records_nothing(site, who, url, form,
                                                                                      status, message):
    app, system = site
    client, before = client_for(app, who), system.event_count()
    response = client.post(url, data={**form, "csrf_token": client.token})
    assert response.status_code == status and message in text_of(response)
    assert len(response.get_data()) < 200_000  # a refused value is never echoed whole
    assert system.event_count() == before


def test_the_app_keeps_serving_after_the_refused_years(site):
    app, system = site
    client = client_for(app, "perencana")
    for year in (YEAR_OVER_SQLITE, YEAR_OVER_POSTGRES):
        client.post("/penilaian/", data={**PERIOD, "year": year, "csrf_token": client.token})
    assert client.get("/penilaian/").status_code == 200 and client.get("/").status_code == 200
    accepted = client.post("/penilaian/", data={**PERIOD, "year": "2100", "csrf_token": client.token})
    assert accepted.status_code == 302  # the edge of the range is a year like any other


@pytest.mark.parametrize("url, status", [
    ("/pegawai/?page=9223372036854775807", 200), (f"/pegawai/{NURSE}?page=9223372036854775808", 200),
    (f"/pegawai/{NURSE}/riwayat?page=-9223372036854775809", 200), ("/audit/?page=9223372036854775807", 200),
    ("/talenta/pengembangan?dari=9223372036854775808", 200), ("/audit/kejadian/9223372036854775807", 404)])
def test_page_numbers_and_offsets_beyond_any_integer_column_are_held_in_range(site, url, status):
    app, _ = site
    assert client_for(app, "perencana").get(url).status_code == status


def test_a_two_million_character_reason_is_refused_by_the_use_case_too(site):
    """The CLI and imports reach the same command as the form: the limit is the aggregate's."""
    app, system = site
    before = system.event_count()
    db.connect(reuse_if_open=True)
    with pytest.raises(DomainError, match="Alasan usulan paling panjang 2.000 karakter"):
        approvals.propose(system.app, HEAD_DINKES, NURSE, "DINKES-PERAWAT", HUGE)
    db.close()
    assert system.event_count() == before


def test_a_body_over_its_ceiling_is_refused_before_it_is_read(site):
    """Before the CSRF check reads the form (a 413, not a 400 for the missing token), and for a
    chunked body without Content-Length while it is read."""
    app, system = site
    client, before = client_for(app, "kadis.kes"), system.event_count()
    assert client.post("/persetujuan/usul", data={"reason": HUGE}).status_code == 413
    response = client.post(f"/persetujuan/{'0' * 8}-0000-0000-0000-{'0' * 12}/langkah",
                           data={"action": "evidence", "file": (io.BytesIO(b"%PDF" + b"0" * (6 * 2**20)), "a.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "batas 5,1 MB" in text_of(response)
    chunked = app.test_client().post("/publik/masukan", input_stream=io.BytesIO(b"text=" + b"x" * 40_000),
                                     content_type="application/x-www-form-urlencoded",
                                     environ_overrides={"wsgi.input_terminated": True})
    assert chunked.status_code == 413 and "batas 16 KB" in text_of(chunked)
    assert system.event_count() == before


NIP_SPELLINGS = ["199005042015032001", "19900504 201503 2 001", "19900504-201503-2-001",
                 "19900504.201503.2.001", "1990/05/04/2015/03/2/001", "19900504,201503,2,001",
                 "19900504 - 201503 - 2 - 001", "19900504–201503–2–001", "1990 0504 2015 0320 01",
                 "19900504    201503    2    001", "19900504\u200b201503\u200b2\u200b001",
                 "１９９００５０４２０１５０３２００１", "3201012345678901"]


@pytest.mark.parametrize("spelling", NIP_SPELLINGS)
def test_a_nip_on_the_public_form_is_refused_in_any_spelling(site, spelling):
    app, system = site
    client, before = client_for(app, None), system.event_count()
    response = client.post(f"/publik/konsultasi/{app.consultation_id}/komentar", data={
        "csrf_token": client.token, "category": "masyarakat",
        "text": f"Pegawai dengan NIP {spelling} sering tidak di tempat."})
    assert response.status_code == 422 and "tidak boleh memuat NIP" in text_of(response)
    assert spelling not in response.get_data(as_text=True)  # not even shown back to its author
    assert system.event_count() == before


def test_two_dates_side_by_side_are_not_a_nip(site):
    app, system = site
    client, before = client_for(app, None), system.event_count()
    response = client.post(f"/publik/konsultasi/{app.consultation_id}/komentar", data={
        "csrf_token": client.token, "category": "masyarakat",
        "text": "Antrean tanggal 01/01/2026 02/02/2026 sangat panjang."})
    assert response.status_code == 303 and system.event_count() == before + 1


def test_a_unit_head_learns_nothing_about_a_nip_of_another_unit(site):
    app, system = site
    client, before = client_for(app, "kadis.kes"), system.event_count()
    answers = [client.post("/persetujuan/usul", data={"csrf_token": client.token, "nip": nip,
                                                      "to_post": "DINKES-PERAWAT", "reason": "kebutuhan unit"})
               for nip in (TEACHER, "199901012020011999")]  # another unit's, and nobody's
    assert [a.status_code for a in answers] == [404, 404]
    assert f"NIP {TEACHER} tidak ditemukan di unit Anda" in text_of(answers[0])
    assert "Budi Hutagalung" not in text_of(answers[0]) and "DISDIK" not in text_of(answers[0])
    assert text_of(answers[0]).replace(TEACHER, "N") == text_of(answers[1]).replace("199901012020011999", "N")
    assert system.event_count() == before


def test_the_cli_refuses_a_number_beyond_its_range_and_writes_nothing(demo_env):
    from conftest import mutasi  # noqa: PLC0415 - the root conftest, as tests/test_audit.py uses it
    before = json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"]
    for value in (YEAR_OVER_SQLITE, YEAR_OVER_POSTGRES):
        result = mutasi("plan", "--max-moves", value, env=demo_env, check=False)
        assert result.returncode == 1 and "“batas jumlah mutasi” harus antara 0 dan 100.000" in result.stderr
    assert json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"] == before

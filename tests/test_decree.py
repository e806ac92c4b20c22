"""The SK Wali Kota: its parts, generated from the events; its PAdES signature with the installation's
key, checked by pyHanko's validator; the signed file kept in the database; who may download it."""
from __future__ import annotations

import io
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from domain.access import SYSTEM, Actor, ForbiddenError
from domain.decree import Decree, decree_id
from domain.decree_settings import DecreeSettings
from domain.rules import ConflictError, DomainError
from events.files.decree_pdf import decree_pdf
from events.files.documents import content_hash
from events.files.signing import DecreeSigner
from events.readside import blobs
from events.readside.readmodels import db
from events.store import Storage
from events.usecases import accounts, approvals, decrees, organisation
from tests.factory import CLERK, HEAD_BKD, NURSE, PLANNER, build_small_city, position, push_through

SK = "821.2/77/BKD/2026"
MAYOR_NAME = "TIGOR CONTOH SIREGAR"
PASSWORD = "kata-sandi-rahasia"


def approved(app, to_post: str = "DINKES-PERAWAT", nip: str = NURSE) -> str:
    proposal_id = approvals.propose(app, Actor("kadis.kes", "kepala_opd", "DINKES"), nip, to_post,
                                    "memperkuat dinas")
    push_through(app, proposal_id, until="decide", sk_date=date(2026, 3, 2), tmt=date(2026, 4, 1))
    return proposal_id


@pytest.fixture
def decreed(system):
    """A small city whose nurse moves from a puskesmas to Dinas Kesehatan by one signed SK."""
    system.app.decree_settings = DecreeSettings(mayor_name=MAYOR_NAME)
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    decrees.issue_decree(system.app, HEAD_BKD, [approved(system.app)], SK, date(2026, 3, 2), date(2026, 4, 1))
    return system


def signature_status(pdf: bytes, cert_file: Path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    trust = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_file))])
    return validate_pdf_signature(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0], trust)


def test_the_sk_has_every_part_of_a_decree_and_names_people_posts_and_units(decreed):
    data, _ = decrees.decree_document(decreed.app, PLANNER, SK)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"\s+", " ", text)
    for part in ("PEMERINTAH KOTA SIBOLGA", f"KEPUTUSAN WALI KOTA SIBOLGA NOMOR {SK}",
                 "PEMINDAHAN PEGAWAI NEGERI SIPIL", "Menimbang", "Mengingat",
                 "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara", "MEMUTUSKAN",
                 "Menetapkan", "KESATU", "KEDUA", "1 April 2026", "KETIGA", "kekeliruan",
                 "Ditetapkan di Sibolga", "pada tanggal 2 Maret 2026", "WALI KOTA SIBOLGA", MAYOR_NAME,
                 "Tembusan", "Kantor Regional VI", "LAMPIRAN", "Rina Situmeang", NURSE,
                 "Penata Muda Tingkat I, III/b", "Perawat Ahli Pertama", "Puskesmas Sibolga Kota",
                 "Dinas Kesehatan"):
        assert part in text, part
    assert "PKM-SBK" not in text and "DINKES-PERAWAT" not in text  # names, not codes


def test_the_same_events_give_the_same_bytes_and_the_signed_file_extends_them(decreed):
    decree = decreed.app.load(Decree, decree_id(SK), "SK")
    unsigned = decree_pdf(decree.sk_number, decree.sk_date, decree.tmt, decree.lines, decree.wording)
    assert content_hash(unsigned) == decree.content_hash
    assert decree.wording["mayor_name"] == MAYOR_NAME  # recorded: a later change of settings changes nothing
    signed, digest = decrees.decree_document(decreed.app, PLANNER, SK)
    assert digest == decree.signed_hash == content_hash(signed)
    assert signed.startswith(unsigned) and len(signed) > len(unsigned)  # an incremental signature


def test_the_signature_validates_against_the_installation_certificate_and_fails_after_one_byte(decreed):
    signed, _ = decrees.decree_document(decreed.app, PLANNER, SK)
    cert_file = decreed.app.decree_signer.cert_file
    status = signature_status(signed, cert_file)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE" and status.docmdp_ok

    tampered = bytearray(signed)
    at = signed.index(b"(Pemerintah Kota Sibolga)") + 1  # the Author, inside the signed range
    assert at < sum(PdfReader(io.BytesIO(signed)).trailer["/Root"]["/AcroForm"]["/Fields"][0]
                    .get_object()["/V"]["/ByteRange"][:2])
    tampered[at] ^= 0x01
    broken = signature_status(bytes(tampered), cert_file)
    assert not broken.intact and not broken.bottom_line


def test_another_key_does_not_vouch_for_the_sk(decreed, tmp_path):
    signed, _ = decrees.decree_document(decreed.app, PLANNER, SK)
    stranger = DecreeSigner.at(tmp_path / "other" / "key.pem", tmp_path / "other" / "cert.pem")
    status = signature_status(signed, stranger.cert_file)
    assert status.intact and not status.trusted and not status.bottom_line


@pytest.mark.parametrize("actor, allowed", [
    (Actor("rina.bkd", "perencana"), True), (Actor("walikota", "ppk"), True),
    (Actor("inspektur", "inspektur"), True), (Actor("tim.satu", "tim_penilai"), True),
    (Actor("kadis.kes", "kepala_opd", "DINKES"), True), (Actor("ka.pkm", "kepala_opd", "PKM-SBK"), True),
    (Actor("kadis.dik", "kepala_opd", "DISDIK"), False), (Actor("admin", "admin"), False),
])
def test_only_those_involved_may_download_the_sk(decreed, actor, allowed):
    if allowed:
        assert decrees.decree_document(decreed.app, actor, SK)[0].startswith(b"%PDF")
    else:
        with pytest.raises(ForbiddenError, match="hanya dapat diunduh"):
            decrees.decree_document(decreed.app, actor, SK)


def test_an_unknown_sk_is_not_found_rather_than_forbidden(decreed):
    with pytest.raises(DomainError, match="tidak ditemukan") as refused:
        decrees.decree_document(decreed.app, Actor("kadis.dik", "kepala_opd", "DISDIK"), "999/XYZ")
    assert not isinstance(refused.value, ForbiddenError)


def test_the_head_of_a_parent_unit_may_download_a_move_between_its_sub_units(system):
    build_small_city(system.app)
    organisation.establish_unit(system.app, PLANNER, code="PKM-SBS", name="Puskesmas Sibolga Sambas", kind="puskesmas",
                              parent_code="DINKES", service_priority=1)
    position(system.app, "PKMS-PERAWAT", "PKM-SBS", "Perawat Ahli Pertama", 2)
    db.connect(reuse_if_open=True)
    decrees.issue_decree(system.app, HEAD_BKD, [approved(system.app, "PKMS-PERAWAT")], SK,
                           date(2026, 3, 2), date(2026, 4, 1))
    assert decrees.decree_document(system.app, Actor("kadis.kes", "kepala_opd", "DINKES"), SK)
    with pytest.raises(ForbiddenError):
        decrees.decree_document(system.app, Actor("kadis.dik", "kepala_opd", "DISDIK"), SK)


@pytest.mark.parametrize("number", ["", "   ", "8" * 61, "821/<b>/2026", "/821/BKD"])
def test_a_bad_sk_number_is_refused_before_anything_is_signed_or_stored(system, number):
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    proposal_id = approved(system.app)
    files = blobs.BlobRow.select().count()  # the file's evidence
    with pytest.raises(DomainError, match="Nomor SK"):
        decrees.issue_decree(system.app, HEAD_BKD, [proposal_id], number, date(2026, 3, 2), date(2026, 4, 1))
    assert blobs.BlobRow.select().count() == files
    assert approvals.load_proposal(system.app, proposal_id).state == "approved"


def test_a_number_already_used_is_refused_and_the_first_sk_stays_as_signed(decreed):
    first, digest = decrees.decree_document(decreed.app, PLANNER, SK)
    other = approved(decreed.app, "PKM-PERAWAT", CLERK)
    with pytest.raises(ConflictError, match="sudah dipakai"):
        decrees.issue_decree(decreed.app, HEAD_BKD, [other], SK, date(2026, 3, 9), date(2026, 4, 1))
    assert decrees.decree_document(decreed.app, PLANNER, SK) == (first, digest)
    assert approvals.load_proposal(decreed.app, other).state == "approved"


def test_a_decree_without_approved_proposals_is_refused_and_nothing_is_stored(system):
    build_small_city(system.app)
    db.connect(reuse_if_open=True)
    with pytest.raises(DomainError, match="Tidak ada usulan"):
        decrees.issue_decree(system.app, HEAD_BKD, [], SK, date(2026, 3, 2), date(2026, 4, 1))
    assert blobs.BlobRow.select().count() == 0
    with pytest.raises(DomainError, match="tidak ditemukan"):
        decrees.decree_document(system.app, PLANNER, SK)


def test_a_stored_file_is_kept_once_and_checked_against_its_address(system):
    db.connect(reuse_if_open=True)
    digest = blobs.put(b"%PDF-1.7 contoh", "application/pdf")
    assert blobs.put(b"%PDF-1.7 contoh", "application/pdf") == digest == content_hash(b"%PDF-1.7 contoh")
    assert blobs.get(digest) == b"%PDF-1.7 contoh" and blobs.BlobRow.select().count() == 1
    blobs.BlobRow.update(content=b"%PDF-1.7 diubah").execute()
    with pytest.raises(DomainError, match="rusak"):
        blobs.get(digest)
    with pytest.raises(DomainError, match="tidak tersimpan"):
        blobs.get("0" * 64)


def test_a_decree_event_recorded_before_signing_still_loads():
    decree = Decree.issue(sk_number="1/2025", sk_date=date(2025, 1, 2), tmt=date(2025, 2, 1), plan_id=None,
                          lines=[{"proposal": "x"}], content_hash="abc", signed_hash="def", wording={},
                          actor="rina.bkd", role="perencana")
    issued = decree.collect_events()[0]
    old = object.__new__(type(issued))  # what the store rebuilds from an event without the new fields
    old.__dict__.update({k: v for k, v in issued.__dict__.items() if k not in ("signed_hash", "wording")})
    restored = old.mutate(None)
    assert restored.content_hash == "abc" and restored.signed_hash == "" and restored.wording is None


# --- the installation's key ----------------------------------------------------------------------
def test_the_key_and_certificate_are_created_once_private_and_reused(tmp_path):
    first = DecreeSigner.at(*Storage(tmp_path).decree_key_files())
    for path in (first.key_file, first.cert_file):
        assert path.parent == tmp_path and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Pemerintah Kota Sibolga — Mutasi (uji/instalasi)" in first.certificate().subject.rfc4514_string()
    again = DecreeSigner.at(*Storage(tmp_path).decree_key_files())
    assert again.fingerprint() == first.fingerprint() and len(first.fingerprint()) == 95


def test_production_paths_come_from_the_environment_and_a_foreign_certificate_is_refused(tmp_path):
    storage = Storage.from_environment({"MUTASI_DATA_DIR": str(tmp_path / "data"),
                                        "MUTASI_SK_KEY": str(tmp_path / "secret" / "tte.key"),
                                        "MUTASI_SK_CERT": str(tmp_path / "secret" / "tte.crt")})
    assert storage.decree_key_files() == (tmp_path / "secret" / "tte.key", tmp_path / "secret" / "tte.crt")
    ours = DecreeSigner.at(*storage.decree_key_files())
    other = DecreeSigner.at(tmp_path / "other.key", tmp_path / "other.crt")
    ours.cert_file.write_bytes(other.cert_file.read_bytes())
    with pytest.raises(DomainError, match="bukan pasangan kunci"):
        DecreeSigner.at(*storage.decree_key_files())


# --- settings ------------------------------------------------------------------------------------
def test_the_decree_wording_comes_from_settings_with_synthetic_defaults():
    assert DecreeSettings.from_json("").mayor_name == DecreeSettings().mayor_name
    custom = DecreeSettings.from_json('{"mayor_name": "A. CONTOH", "copies_to": ["Arsip."]}')
    assert custom.mayor_name == "A. CONTOH" and custom.copies_to == ("Arsip.",)
    assert DecreeSettings.from_wording(custom.wording()) == custom


@pytest.mark.parametrize("text, message", [
    ("[1]", "objek JSON"), ("{", "objek JSON"), ('{"walikota": "X"}', "tidak dikenal"),
    ('{"mayor_name": ""}', "1–600 karakter"), ('{"considerations": []}', "tidak kosong"),
    ('{"legal_bases": ["' + "x" * 601 + '"]}', "1–600 karakter"),
    ('{"mayor_name": "\\u738b\\u5c0f\\u660e"}', "Latin-1"), ('{"copies_to": [3]}', "teks"),
])
def test_bad_decree_settings_are_refused_with_a_reason(text, message):
    with pytest.raises(DomainError, match=message):
        DecreeSettings.from_json(text)


# --- through the web -----------------------------------------------------------------------------
@pytest.fixture
def web(decreed):
    from webapp import create_app
    for username, role, unit in [("perencana", "perencana", None), ("walikota", "ppk", None),
                                 ("inspektur", "inspektur", None), ("tim.penilai", "tim_penilai", None),
                                 ("kadis.kes", "kepala_opd", "DINKES"), ("kadis.dik", "kepala_opd", "DISDIK"),
                                 ("admin", "admin", None)]:
        accounts.add_user(decreed.app, SYSTEM, username, PASSWORD, role, unit)
    db.close()
    return create_app(decreed, TESTING=True)


def logged_in(web, username: str):
    client = web.test_client()
    login_page = client.get("/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    assert client.post("/masuk", data={"username": username, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    return client


@pytest.mark.parametrize("username, status", [
    ("perencana", 200), ("walikota", 200), ("inspektur", 200), ("tim.penilai", 200), ("kadis.kes", 200),
    ("kadis.dik", 403), ("admin", 403),
])
def test_the_download_serves_the_signed_file_to_those_involved_only(web, username, status):
    response = logged_in(web, username).get(f"/persetujuan/sk/{SK}.pdf")
    assert response.status_code == status
    if status == 200:
        assert response.mimetype == "application/pdf"
        assert response.headers["X-Content-SHA256"] == content_hash(response.data)
        assert "/ByteRange" in response.data.decode("latin-1")
    else:
        assert "hanya dapat diunduh" in response.get_data(as_text=True)


def test_the_download_needs_a_login_and_an_unknown_number_is_not_found(web):
    anonymous = web.test_client().get(f"/persetujuan/sk/{SK}.pdf")
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    assert logged_in(web, "perencana").get("/persetujuan/sk/999/XYZ.pdf").status_code == 404


def test_an_unreadable_key_is_refused_with_its_path(tmp_path):
    (tmp_path / "sk-key.pem").write_text("bukan kunci")
    with pytest.raises(DomainError, match="sk-key.pem tidak dapat dibaca"):
        DecreeSigner.at(*Storage(tmp_path).decree_key_files())

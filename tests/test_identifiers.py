"""NIP and NI PPPK (DOMAIN.md "Identifiers"): one canonical form, every check refused by name."""
from __future__ import annotations

from datetime import date

import pytest

from domain.rules import (ConflictError, DomainError, canonical_nip, make_ni_pppk, make_nip,
                          parse_ni_pppk, parse_nip, validate_identifier, validate_ni_pppk,
                          validate_nip)
from events.usecases import employees
from tests.factory import NURSE, PLANNER, build_small_city

TODAY = date(2026, 11, 27)
BORN = date(1990, 5, 4)
NIP = make_nip(BORN, date(2015, 3, 1), "P", 7)  # 199005042015032007


@pytest.mark.parametrize("spelling", [
    "199005042015032007", "19900504 201503 2 007", " 19900504.201503.2.007 ",
    "19900504-201503-2-007", "19900504\u00a0201503\u20092\u200b007"])
def test_every_spelling_of_a_nip_has_one_canonical_form(spelling):
    assert canonical_nip(spelling) == NIP
    assert validate_nip(spelling, BORN, "P", today=TODAY) == NIP


NIP_CASES = [  # (nip, message)
    ("12345", "18 digit"),
    ("19900504201503200X", "18 digit"),
    ("١٩٩٠٠٥٠٤٢٠١٥٠٣٢٠٠٧", "ASCII"),  # Arabic-Indic digits
    ("１９９００５０４２０１５０３２００７", "ASCII"),  # full-width digits
    ("199013042015032007", "tanggal lahir"),
    ("199005042015132007", "TMT CPNS"),
    ("199005042015033007", "digit ke-15"),
    ("199005042015032000", "nomor urut"),
    ("199005042007032001", "kurang dari 18 tahun"),  # TMT at 16
    ("200811202026112001", "kurang dari 18 tahun"),  # born 2008, TMT 11-2026: 17 years old
    ("202701012045012001", "di masa depan"),  # born in the future
    ("199005042027012001", "TMT CPNS (digit 9–14) di masa depan"),
]


@pytest.mark.parametrize("nip,message", NIP_CASES)
def test_a_bad_nip_is_refused_with_the_reason(nip, message):
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_nip(nip, today=TODAY)


def test_eighteen_at_tmt_cpns_is_enough():
    nip = make_nip(date(1997, 3, 1), date(2015, 3, 1), "L", 1)
    assert parse_nip(nip, today=TODAY).birth_date == date(1997, 3, 1)


def test_a_nip_must_agree_with_the_record_including_the_tmt_cpns():
    assert validate_nip(NIP, BORN, "P", cpns_date=date(2015, 3, 1), today=TODAY) == NIP
    with pytest.raises(DomainError, match="TMT CPNS di NIP"):
        validate_nip(NIP, BORN, "P", cpns_date=date(2015, 4, 1), today=TODAY)
    with pytest.raises(DomainError, match="Tanggal lahir di NIP"):
        validate_nip(NIP, date(1990, 5, 5), "P", today=TODAY)
    with pytest.raises(DomainError, match="Jenis kelamin di NIP"):
        validate_nip(NIP, BORN, "L", today=TODAY)


# --- NI PPPK: its own format --------------------------------------------------------------------
NI = make_ni_pppk(BORN, 2022, 21, "P", 12)  # 199005042022212012


def test_a_ni_pppk_is_validated_as_its_own_format():
    parts = parse_ni_pppk(NI, today=TODAY)
    assert (parts.birth_date, parts.appointment_year, parts.contracts, parts.sex,
            parts.sequence) == (BORN, 2022, 21, "P", 12)
    with pytest.raises(DomainError, match="TMT CPNS"):
        parse_nip(NI, today=TODAY)  # "21" is no month: never read it as a NIP
    assert validate_identifier(NI, "PPPK", BORN, "P", date(2022, 3, 1), today=TODAY) == NI
    assert validate_identifier(NIP, "PNS", BORN, "P", date(2015, 3, 1), today=TODAY) == NIP


@pytest.mark.parametrize("number,message", [
    ("199005042017012001", "sebelum PPPK pertama"),
    ("199005042022002001", "jumlah kontrak"),
    ("199005042027012001", "di masa depan"),
    ("201001012022012001", "kurang dari 18 tahun"),
    ("199005042022013001", "digit ke-15"),
    ("199005042022012000", "nomor urut"),
    ("19900504 2022 01 2 00", "18 digit"),
])
def test_a_bad_ni_pppk_is_refused_with_the_reason(number, message):
    with pytest.raises(DomainError, match=message):
        parse_ni_pppk(number, today=TODAY)


def test_a_ni_pppk_must_agree_with_the_record():
    with pytest.raises(DomainError, match="Tahun pengangkatan di NI PPPK"):
        validate_ni_pppk(NI, BORN, "P", appointed=date(2023, 1, 1), today=TODAY)
    with pytest.raises(DomainError, match="Tanggal lahir di NI PPPK"):
        validate_ni_pppk(NI, date(1990, 5, 5), "P", today=TODAY)


def test_the_same_person_cannot_be_registered_twice_under_two_spellings(app):
    """Through the use case: the canonical NIP is the employee's identity."""
    build_small_city(app)
    spaced = f"{NURSE[:8]} {NURSE[8:14]} {NURSE[14]} {NURSE[15:]}"
    before = app.recorder.max_notification_id()
    with pytest.raises(ConflictError, match="sudah terdaftar"):
        employees.register_employee(app, PLANNER, "PKM-PERAWAT", nip=spaced, name="Rina S.", sex="P",
                                    birth_date=date(1990, 5, 4), status="PNS", golongan="III/b",
                              education_level="S1", education_field="Keperawatan",
                              education_family="kesehatan", in_post_since=date(2020, 1, 1),
                              cpns_date=date(2015, 3, 1))
    assert app.recorder.max_notification_id() == before
